import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from '../generated/api-types';

export type Schemas = components['schemas'];

/** What a failed call tells the user: the API's own message, and the status to branch on. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fields: { path: string; message: string }[] = [],
  ) {
    super(message);
  }
}

/**
 * Per-tab request context: which organization the console acts in (from the URL) and the
 * session's CSRF token. The session cookie itself is httpOnly: the browser sends it, we never see it.
 */
const context: { organization: string | null; csrfToken: string | null } = {
  organization: null,
  csrfToken: null,
};

export function actInOrganization(slug: string | null): void {
  context.organization = slug;
}

export function setCsrfToken(token: string | null): void {
  context.csrfToken = token;
}

const headers: Middleware = {
  onRequest({ request }) {
    if (context.organization)
      request.headers.set('X-Switchyard-Organization', context.organization);
    if (request.method !== 'GET' && context.csrfToken)
      request.headers.set('X-CSRF-Token', context.csrfToken);
    return request;
  },
};

/** The typed client: paths, parameters and bodies come from the same OpenAPI types as the CLI's. */
export const api = createClient<paths>({
  baseUrl: window.location.origin,
  credentials: 'same-origin',
});
api.use(headers);

interface Outcome<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The data of a successful call, or an ApiError carrying the API's message. */
export async function unwrap<T>(pending: Promise<Outcome<T>>): Promise<T> {
  const { data, error, response } = await pending;
  if (response.ok) return data as T;
  const body = error as
    { error?: { message?: string; fields?: { path: string; message: string }[] } } | undefined;
  throw new ApiError(
    response.status,
    body?.error?.message ?? `request failed (${response.status})`,
    body?.error?.fields ?? [],
  );
}
