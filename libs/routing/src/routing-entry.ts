import { z } from 'zod';

/**
 * The routing entry of one service: everything a gateway needs to route a request, and nothing
 * it would have to ask Postgres for. The control plane (worker, api) writes it; any number of
 * stateless gateways read it.
 *
 * Objects are parsed with `z.object` (unknown keys stripped, not rejected) on purpose: during an
 * upgrade of the control plane a newer worker may add a field that an older gateway does not
 * know yet, and that gateway must keep routing rather than drop the service.
 */

/** Same rule as the API's service/project names (`dnsLabel` in contracts): they form host labels. */
const dnsName = z
  .string()
  .min(1)
  .max(40)
  .regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/, 'lower-case letters, digits and inner hyphens only')
  .refine(
    (v) => !v.includes('--'),
    'may not contain "--" (it separates service and project in URLs)',
  );

const id = z.string().min(1).max(128);
const nonNegativeInt = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** The host label a service answers on: `<service>--<project>.<base domain>`. */
export function endpointSlugOf(project: string, service: string): string {
  return `${service}--${project}`;
}

export const routingReplicaSchema = z.object({
  replicaId: id,
  /** `http://host:port`; what the gateway's upstream pool connects to. */
  endpoint: z.url({ protocol: /^https?$/ }),
  /** Only ready replicas get new requests. */
  ready: z.boolean(),
  /** Draining replicas finish in-flight requests and get no new ones. */
  draining: z.boolean(),
});

export const routingDeploymentSchema = z.object({
  application: z.string().min(1).max(63),
  deployment: z.string().min(1).max(63),
  routePrefix: z.string().regex(/^\/[^\s?#]*$/, 'a path starting with "/"'),
  /** Per-replica cap for least-outstanding-requests; beyond it the gateway queues, then 503s. */
  maxOngoingRequests: z.number().int().min(1),
  replicas: z.array(routingReplicaSchema),
});

export const versionRoleSchema = z.enum(['primary', 'canary']);

export const routingVersionSchema = z
  .object({
    versionId: id,
    /** The user's `version_name`; `X-Switchyard-Version: <name>` pins to it. */
    name: z.string().min(1).max(128),
    role: versionRoleSchema,
    /** Percent of unpinned traffic. 0 is legal: a canary at 0 % is still reachable by pinning. */
    weight: z.number().int().min(0).max(100),
    deployments: z.array(routingDeploymentSchema),
  })
  .superRefine((version, ctx) => {
    // One route prefix per application, and no two applications on one prefix: otherwise the
    // gateway could not tell which application a path belongs to.
    const prefixOfApp = new Map<string, string>();
    const appOfPrefix = new Map<string, string>();
    const deployments = new Set<string>();
    const replicaIds = new Set<string>();
    version.deployments.forEach((d, i) => {
      const key = `${d.application}/${d.deployment}`;
      if (deployments.has(key)) {
        ctx.addIssue({
          code: 'custom',
          path: ['deployments', i, 'deployment'],
          message: `duplicate deployment ${key}`,
        });
      }
      deployments.add(key);
      const prefix = prefixOfApp.get(d.application);
      if (prefix !== undefined && prefix !== d.routePrefix) {
        ctx.addIssue({
          code: 'custom',
          path: ['deployments', i, 'routePrefix'],
          message: `application ${d.application} has two route prefixes (${prefix}, ${d.routePrefix})`,
        });
      }
      prefixOfApp.set(d.application, d.routePrefix);
      const app = appOfPrefix.get(d.routePrefix);
      if (app !== undefined && app !== d.application) {
        ctx.addIssue({
          code: 'custom',
          path: ['deployments', i, 'routePrefix'],
          message: `route prefix ${d.routePrefix} is used by applications ${app} and ${d.application}`,
        });
      }
      appOfPrefix.set(d.routePrefix, d.application);
      d.replicas.forEach((r, j) => {
        if (replicaIds.has(r.replicaId)) {
          ctx.addIssue({
            code: 'custom',
            path: ['deployments', i, 'replicas', j, 'replicaId'],
            message: `duplicate replica ${r.replicaId}`,
          });
        }
        replicaIds.add(r.replicaId);
      });
    });
  });

export const sha256HexSchema = z.string().regex(/^[0-9a-f]{64}$/, 'a lower-case sha256 hex digest');

export const routingAuthSchema = z
  .object({
    /** `query_auth_token_enabled`. Enabled with no hashes fails closed: every request gets 401. */
    enabled: z.boolean(),
    /** sha256 of the accepted bearer tokens: one, or two while a rotation is in progress. */
    tokenHashes: z.array(sha256HexSchema).max(2),
  })
  .refine((a) => new Set(a.tokenHashes).size === a.tokenHashes.length, {
    message: 'duplicate token hash',
    path: ['tokenHashes'],
  });

export const routingEntrySchema = z
  .object({
    serviceId: id,
    orgId: id,
    project: dnsName,
    service: dnsName,
    endpointSlug: z.string(),
    auth: routingAuthSchema,
    /** Empty: the service exists but has nothing to route to (the gateway answers 503). */
    versions: z.array(routingVersionSchema).max(2),
    /** Monotonic per service; a write with a revision not above the stored one is ignored. */
    revision: nonNegativeInt,
    /** Epoch ms of the change; informational (ordering is by `revision`). */
    updatedAt: nonNegativeInt,
    /**
     * Optional (added after the first gateways shipped; older writers omit it): the service's
     * deadline in seconds for a response to start (response headers), queueing and retries
     * included. Absent: the gateway's `GATEWAY_REQUEST_TIMEOUT_S`.
     */
    requestTimeoutS: z.number().positive().max(3600).optional(),
    /**
     * Optional: during a split, the gateway sets a cookie naming the version it chose, so one
     * caller stays on one version. Absent or false: no cookie is set (a cookie the caller sends
     * is still honoured).
     */
    stickyVersions: z.boolean().optional(),
  })
  .superRefine((entry, ctx) => {
    if (entry.endpointSlug !== endpointSlugOf(entry.project, entry.service)) {
      ctx.addIssue({
        code: 'custom',
        path: ['endpointSlug'],
        message: `must be "${endpointSlugOf(entry.project, entry.service)}"`,
      });
    }
    const versions = entry.versions;
    if (versions.length === 0) return;
    const sum = versions.reduce((total, v) => total + v.weight, 0);
    if (sum !== 100) {
      ctx.addIssue({
        code: 'custom',
        path: ['versions'],
        message: `weights sum to ${sum}, not 100`,
      });
    }
    for (const field of ['name', 'role', 'versionId'] as const) {
      const seen = new Set<string>();
      versions.forEach((v, i) => {
        if (seen.has(v[field])) {
          ctx.addIssue({
            code: 'custom',
            path: ['versions', i, field],
            message: `duplicate version ${field} "${v[field]}"`,
          });
        }
        seen.add(v[field]);
      });
    }
    // A canary is always measured against a primary; a lone canary means a writer bug.
    if (!versions.some((v) => v.role === 'primary')) {
      ctx.addIssue({
        code: 'custom',
        path: ['versions'],
        message: 'a service with versions needs a primary',
      });
    }
  });

export type RoutingReplica = z.infer<typeof routingReplicaSchema>;
export type RoutingDeployment = z.infer<typeof routingDeploymentSchema>;
export type RoutingVersion = z.infer<typeof routingVersionSchema>;
export type VersionRole = z.infer<typeof versionRoleSchema>;
export type RoutingAuth = z.infer<typeof routingAuthSchema>;
/** A validated entry. Entries held by a `RoutingTable` are deeply frozen. */
export type RoutingEntry = z.infer<typeof routingEntrySchema>;
