import { allRoutes, buildOpenApiDocument } from '@switchyard/contracts';

export const API_VERSION = '0.1.0';

let cached: Record<string, unknown> | undefined;

/** The document is a pure function of the route catalog: built once per process. */
export function openApiDocument(): Record<string, unknown> {
  cached ??= buildOpenApiDocument(allRoutes, { version: API_VERSION });
  return cached;
}
