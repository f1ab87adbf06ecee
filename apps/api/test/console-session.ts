import type { Role } from '@switchyard/contracts';
import { hashPassword } from '../src/sessions/password';
import type { ApiHarness, ApiResponse } from './harness';
import type { Tenant } from './tenant-factory';

/** A browser's view of the API: the session cookie it holds and the CSRF token its pages read. */
export class ConsoleSession {
  constructor(
    private readonly api: ApiHarness,
    readonly cookie: string,
    readonly csrfToken: string,
  ) {}

  /** `csrf: false` leaves the header out, as a forged cross-site request would. */
  request<T = any>(
    method: string,
    path: string,
    options: { body?: unknown; csrf?: boolean | string; organization?: string } = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { cookie: `sy_session=${this.cookie}` };
    if (options.csrf !== false)
      headers['x-csrf-token'] = typeof options.csrf === 'string' ? options.csrf : this.csrfToken;
    if (options.organization) headers['x-switchyard-organization'] = options.organization;
    return this.api.request<T>(method, path, { body: options.body, headers });
  }
}

/** The `sy_session` value a response set, or null. */
export function sessionCookieFrom(res: ApiResponse): string | null {
  const setCookie = res.headers.get('set-cookie');
  const match = setCookie ? /sy_session=([^;]*)/.exec(setCookie) : null;
  return match ? match[1]! : null;
}

export async function signIn(
  api: ApiHarness,
  email: string,
  password: string,
): Promise<ConsoleSession> {
  const res = await api.request('POST', '/v1/session', { body: { email, password } });
  if (res.status !== 201)
    throw new Error(`sign-in failed: ${res.status} ${JSON.stringify(res.body)}`);
  return new ConsoleSession(api, sessionCookieFrom(res)!, res.body.csrf_token);
}

/**
 * Gives one of a tenant's users a console password (what an accepted invite does), e.g.
 * `await consoleUserOf(api, t).withRole('VIEWER').withPassword('…').signIn()`.
 */
export function consoleUserOf(api: ApiHarness, t: Tenant) {
  let role: Role = 'OWNER';
  let password = 'correct horse battery staple';
  const builder = {
    withRole(value: Role) {
      role = value;
      return builder;
    },
    withPassword(value: string) {
      password = value;
      return builder;
    },
    async create(): Promise<{ email: string; password: string; userId: string }> {
      const userId = t.userIds[role];
      const user = await api.db.user.update({
        where: { id: userId },
        data: { passwordHash: await hashPassword(password) },
      });
      return { email: user.email, password, userId };
    },
    async signIn(): Promise<ConsoleSession> {
      const user = await builder.create();
      return signIn(api, user.email, user.password);
    },
  };
  return builder;
}
