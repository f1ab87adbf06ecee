import type {
  DeepReadonly,
  RoutingDeployment,
  RoutingTable,
  RoutingVersion,
  TableEntry,
} from '@switchyard/routing';
import { ingressDeployment } from './application-route';
import { checkBearer } from './auth';
import { GatewayError } from './errors';
import { ReplicaBalancer } from './replica-balancer';
import { lookupService, pathnameOf, type ServiceAddress } from './resolve-service';
import { stickyCookie, stickyVersionFrom } from './sticky-cookie';
import { chooseVersion, isSplit, VERSION_HEADER } from './version-choice';

export type ServiceRequestAddress = Exclude<ServiceAddress, { form: 'none' }>;

/** Where one request goes, decided from the routing table alone (no I/O). */
export interface RouteTarget {
  entry: TableEntry;
  version: DeepReadonly<RoutingVersion>;
  deployment: DeepReadonly<RoutingDeployment>;
  /** The balancer's key of that deployment. */
  deploymentKey: string;
  address: ServiceRequestAddress;
  /** A `Set-Cookie` to add to the response (sticky versions), if any. */
  setCookie: string | undefined;
  /** How the version was chosen; only a pin is binding when the version cannot be reached. */
  via: 'pin' | 'cookie' | 'weight' | 'failover';
}

/** What routing reads from a request. */
export interface RoutableRequest {
  headers: {
    authorization?: string | undefined;
    cookie?: string | undefined;
    [VERSION_HEADER]?: string | string[] | undefined;
  };
}

/**
 * Service → token → version → application → deployment, in that order: a caller without a
 * valid token learns nothing about versions. Returns the target or the error to answer with;
 * `service` is the entry when one was found (for metrics labels on errors).
 */
export function routeRequest(
  table: RoutingTable,
  address: ServiceRequestAddress,
  req: RoutableRequest,
  random: () => number,
): RouteTarget | { error: GatewayError; entry: TableEntry | undefined } {
  const entry = lookupService(table, address);
  if (!entry)
    return { error: new GatewayError('unknown_service', 'no service at this address'), entry };

  const auth = checkBearer(entry.auth, req.headers.authorization);
  if (auth === 'missing')
    return {
      error: new GatewayError('missing_token', 'this service needs a bearer token'),
      entry,
    };
  if (auth === 'invalid')
    return { error: new GatewayError('invalid_token', 'the bearer token is not valid'), entry };

  const pinHeader = req.headers[VERSION_HEADER];
  const choice = chooseVersion(
    entry.versions,
    {
      pin: Array.isArray(pinHeader) ? pinHeader[0] : pinHeader,
      stickyVersionId: stickyVersionFrom(req.headers.cookie),
    },
    random,
  );
  if (!choice.ok) {
    if (choice.reason === 'no_versions')
      return {
        error: new GatewayError('no_versions', 'the service has no version serving yet'),
        entry,
      };
    const valid = choice.valid.join(', ');
    return {
      error: new GatewayError(
        'unknown_version',
        `no version "${choice.pin}" in this service; valid: ${valid}`,
        [{ path: `headers.${VERSION_HEADER}`, message: `must be one of: ${valid}` }],
      ),
      entry,
    };
  }

  const { version } = choice;
  const deployment = ingressDeployment(version, pathnameOf(address.forwardPath));
  if (!deployment)
    return {
      error: new GatewayError('no_application', 'no application of this service serves this path'),
      entry,
    };

  const setCookie =
    entry.stickyVersions && choice.via === 'weight' && isSplit(entry.versions)
      ? stickyCookie(version.versionId, address.mountPath)
      : undefined;
  return {
    entry,
    version,
    deployment,
    deploymentKey: deploymentKeyOf(entry, version, deployment),
    address,
    setCookie,
    via: choice.via,
  };
}

/**
 * Where a request goes when no replica of its version could be reached (every one refused or
 * reset the connection before a byte was delivered): another version that carries traffic, the
 * heaviest first. This is the window between a version's replicas dying (a crashed or unhealthy
 * canary, a killed node) and the engine moving its weight away — without it, the weighted draw
 * keeps sending its share there and callers see 502s for that window. A pinned request is never
 * moved (the caller asked for that version); a version at 0 % is never a refuge (it is leaving).
 */
export function failoverTarget(target: RouteTarget): RouteTarget | undefined {
  if (target.via === 'pin') return undefined;
  let refuge: DeepReadonly<RoutingVersion> | undefined;
  for (const v of target.entry.versions) {
    if (v.versionId === target.version.versionId || v.weight <= 0) continue;
    if (!refuge || v.weight > refuge.weight) refuge = v;
  }
  if (!refuge) return undefined;
  const deployment = ingressDeployment(refuge, pathnameOf(target.address.forwardPath));
  if (!deployment) return undefined;
  return {
    entry: target.entry,
    version: refuge,
    deployment,
    deploymentKey: ReplicaBalancer.keyOf(
      target.entry.serviceId,
      refuge.versionId,
      deployment.application,
      deployment.deployment,
    ),
    address: target.address,
    // Not sticky: the caller's own version may come back; the cookie (if any) stays as it was.
    setCookie: undefined,
    via: 'failover',
  };
}

/**
 * The balancer's key of a deployment, made once per routing-table object rather than once per
 * request: table objects are immutable (a change swaps in new ones), so the key of a given
 * deployment object never changes, and the same string instance (its hash already computed)
 * is then looked up every time.
 */
const deploymentKeys = new WeakMap<object, { serviceId: string; versionId: string; key: string }>();

function deploymentKeyOf(
  entry: TableEntry,
  version: DeepReadonly<RoutingVersion>,
  deployment: DeepReadonly<RoutingDeployment>,
): string {
  const cached = deploymentKeys.get(deployment);
  // Checked, not assumed: a writer may share one deployment object between two versions.
  if (cached && cached.serviceId === entry.serviceId && cached.versionId === version.versionId)
    return cached.key;
  const key = ReplicaBalancer.keyOf(
    entry.serviceId,
    version.versionId,
    deployment.application,
    deployment.deployment,
  );
  deploymentKeys.set(deployment, { serviceId: entry.serviceId, versionId: version.versionId, key });
  return key;
}

export function isRouteError(
  routed: ReturnType<typeof routeRequest>,
): routed is { error: GatewayError; entry: TableEntry | undefined } {
  return 'error' in routed;
}
