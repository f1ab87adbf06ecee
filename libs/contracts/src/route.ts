import type { z } from 'zod';
import type { Access } from './permissions';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/**
 * One API route, declared once: the API binds its handler to it (path, status, validation,
 * access), the OpenAPI document is generated from it, and the CLI's types from that document.
 */
export interface RouteDef<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
  R extends z.ZodType = z.ZodType,
> {
  id: string;
  method: HttpMethod;
  /** OpenAPI style: `/v1/projects/{project}`. */
  path: string;
  summary: string;
  tag: string;
  access: Access;
  params?: P;
  query?: Q;
  body?: B;
  /** Success status; 204 has no response body. */
  status: 200 | 201 | 202 | 204;
  response?: R;
  /** Also answers `text/csv` (the handler decides when: `format=csv`, `Accept: text/csv`). */
  csv?: boolean;
  /** Headers the route reads, documented in OpenAPI (e.g. Idempotency-Key). */
  headers?: { name: string; description: string; required?: boolean }[];
}

export function defineRoute<
  P extends z.ZodType = z.ZodNever,
  Q extends z.ZodType = z.ZodNever,
  B extends z.ZodType = z.ZodNever,
  R extends z.ZodType = z.ZodNever,
>(route: RouteDef<P, Q, B, R>): RouteDef<P, Q, B, R> {
  return route;
}

/** What a handler receives: the validated params, query and body of its route. */
export interface RouteInput<Rt> {
  params: Rt extends RouteDef<infer P, z.ZodType, z.ZodType, z.ZodType> ? z.output<P> : never;
  query: Rt extends RouteDef<z.ZodType, infer Q, z.ZodType, z.ZodType> ? z.output<Q> : never;
  body: Rt extends RouteDef<z.ZodType, z.ZodType, infer B, z.ZodType> ? z.output<B> : never;
}

/** What a handler returns: the route's response (as serialised JSON, before validation). */
export type RouteOutput<Rt> =
  Rt extends RouteDef<z.ZodType, z.ZodType, z.ZodType, infer R> ? z.input<R> : never;

/** `/v1/projects/{project}` → `/v1/projects/:project` (Express). */
export function expressPath(path: string): string {
  return path.replace(/\{([a-z_]+)\}/g, ':$1');
}
