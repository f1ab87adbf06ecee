import { z } from 'zod';
import { errorBodySchema, httpStatusFor, type ErrorCode } from './errors';
import { PERMISSIONS } from './permissions';
import type { RouteDef } from './route';

type JsonSchema = Record<string, unknown>;

/**
 * Zod → JSON Schema 2020-12 (what OpenAPI 3.1 uses). Schemas registered with `.meta({ id })`
 * come back under `$defs`; they are hoisted into `components.schemas` and referenced from there.
 */
function toSchema(schema: z.ZodType, io: 'input' | 'output', components: Record<string, JsonSchema>): JsonSchema {
  const json = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as JsonSchema;
  delete json.$schema;
  const defs = (json.$defs ?? {}) as Record<string, JsonSchema>;
  delete json.$defs;
  for (const [id, def] of Object.entries(defs)) components[id] = rewriteRefs(def) as JsonSchema;
  return rewriteRefs(json) as JsonSchema;
}

function rewriteRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rewriteRefs);
  if (node && typeof node === 'object') {
    return Object.fromEntries(
      Object.entries(node).map(([k, v]) =>
        k === '$ref' && typeof v === 'string'
          ? [k, v.replace('#/$defs/', '#/components/schemas/')]
          : [k, rewriteRefs(v)],
      ),
    );
  }
  return node;
}

function errorsFor(route: RouteDef): ErrorCode[] {
  const codes: ErrorCode[] = ['internal'];
  if (route.params || route.query || route.body) codes.push('validation_failed');
  if (route.access !== 'public') codes.push('unauthenticated', 'rate_limited');
  if (route.access !== 'public' && route.access !== 'authenticated') codes.push('forbidden');
  if (route.params) codes.push('not_found');
  if (route.method !== 'GET' && route.method !== 'DELETE') codes.push('conflict');
  return codes;
}

export function buildOpenApiDocument(routes: RouteDef[], info: { version: string }): JsonSchema {
  const components: Record<string, JsonSchema> = {};
  const errorRef = { $ref: '#/components/schemas/Error' };
  toSchema(errorBodySchema, 'output', components);
  const paths: Record<string, Record<string, unknown>> = {};

  for (const route of routes) {
    const parameters: unknown[] = [];
    for (const [location, schema] of [['path', route.params], ['query', route.query]] as const) {
      if (!schema) continue;
      const json = toSchema(schema, 'input', components) as { properties?: Record<string, JsonSchema>; required?: string[] };
      for (const [name, prop] of Object.entries(json.properties ?? {})) {
        parameters.push({
          name,
          in: location,
          required: location === 'path' || (json.required ?? []).includes(name),
          schema: prop,
        });
      }
    }
    for (const header of route.headers ?? []) {
      parameters.push({ name: header.name, in: 'header', required: header.required ?? false, description: header.description, schema: { type: 'string' } });
    }
    const responses: Record<string, unknown> = {
      [String(route.status)]: route.response
        ? {
            description: 'Success',
            content: {
              'application/json': { schema: toSchema(route.response, 'output', components) },
              ...(route.csv ? { 'text/csv': { schema: { type: 'string' } } } : {}),
            },
          }
        : { description: 'Success (no body)' },
    };
    for (const code of errorsFor(route)) {
      responses[String(httpStatusFor(code))] = { description: code, content: { 'application/json': { schema: errorRef } } };
    }
    const permission = route.access in PERMISSIONS ? PERMISSIONS[route.access as keyof typeof PERMISSIONS] : undefined;
    paths[route.path] ??= {};
    paths[route.path]![route.method.toLowerCase()] = {
      operationId: route.id,
      summary: route.summary,
      tags: [route.tag],
      'x-switchyard-access': route.access,
      ...(permission ? { description: `Requires role ${permission.minRole} or higher and token scope ${permission.scope}.` } : {}),
      security: route.access === 'public' ? [] : route.access === 'platform-admin' ? [{ platformAdmin: [] }] : [{ bearer: [] }, { session: [] }],
      ...(parameters.length ? { parameters } : {}),
      ...(route.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: toSchema(route.body, 'input', components) } } } }
        : {}),
      responses,
    };
  }

  return {
    openapi: '3.1.0',
    info: {
      title: 'Switchyard API',
      version: info.version,
      description: 'Zero-downtime canary rollouts for ML and web services. Errors share one shape: `{ error: { code, message, fields }, requestId }`.',
    },
    servers: [{ url: '/' }],
    paths,
    components: {
      schemas: Object.fromEntries(Object.entries(components).sort(([a], [b]) => a.localeCompare(b))),
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'An organization API token (`sy_…`).' },
        platformAdmin: { type: 'http', scheme: 'bearer', description: 'The platform operator token (SWITCHYARD_ADMIN_TOKEN).' },
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: 'sy_session',
          description: 'A console sign-in (POST /v1/session). Mutations also need X-CSRF-Token from GET /v1/session.',
        },
      },
    },
  };
}
