import { Backend } from './support/backend';
import { GatewayHarness } from './support/harness';

describe('bearer token per service', () => {
  let h: GatewayHarness;
  let backend: Backend;
  const service = (tokens: string[], auth = true) => ({
    tokens,
    auth,
    versions: [{ name: 'v1', weight: 100, replicas: [{ id: 'r1', endpoint: backend.endpoint }] }],
  });
  const withToken = (token: string) => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    h = await GatewayHarness.start();
    backend = await Backend.start('b');
  });
  afterAll(async () => {
    await h.stop();
    await backend.close();
  });

  it('answers 401 with WWW-Authenticate without a token or with a wrong one', async () => {
    await h.publish(service(['old-token']));
    const missing = await h.call(h.url('/'));
    expect(missing.status).toBe(401);
    expect(missing.headers['www-authenticate']).toBe('Bearer realm="svc--proj"');
    expect(missing.json.error.code).toBe('unauthenticated');

    const wrong = await h.call(h.url('/'), { headers: withToken('nope') });
    expect(wrong.status).toBe(401);
    expect(wrong.headers['www-authenticate']).toBe(
      'Bearer realm="svc--proj", error="invalid_token"',
    );

    const basic = await h.call(h.url('/'), { headers: { authorization: 'Basic b2xkLXRva2Vu' } });
    expect(basic.status).toBe(401);
    expect(backend.seen).toHaveLength(0);
  });

  it('forwards a valid token without its Authorization header', async () => {
    const reply = await h.call(h.url('/private'), {
      headers: { ...withToken('old-token'), 'x-other': 'kept' },
    });
    expect(reply.status).toBe(200);
    const seen = backend.seen.at(-1)!;
    expect(seen.url).toBe('/private');
    expect(seen.headers.authorization).toBeUndefined();
    expect(seen.headers['x-other']).toBe('kept');
    // Scheme is case-insensitive (RFC 9110 §11.1).
    expect(
      (await h.call(h.url('/'), { headers: { authorization: 'bearer old-token' } })).status,
    ).toBe(200);
  });

  it('accepts both tokens during a rotation, then only the new one', async () => {
    await h.publish(service(['old-token', 'new-token']));
    expect((await h.call(h.url('/'), { headers: withToken('old-token') })).status).toBe(200);
    expect((await h.call(h.url('/'), { headers: withToken('new-token') })).status).toBe(200);

    await h.publish(service(['new-token']));
    expect((await h.call(h.url('/'), { headers: withToken('old-token') })).status).toBe(401);
    expect((await h.call(h.url('/'), { headers: withToken('new-token') })).status).toBe(200);
  });

  it('fails closed when enabled without hashes, and passes everything (Authorization included) when off', async () => {
    await h.publish(service([], true));
    expect((await h.call(h.url('/'), { headers: withToken('new-token') })).status).toBe(401);

    await h.publish(service([], false));
    const open = await h.call(h.url('/'), { headers: { authorization: 'Bearer app-own-token' } });
    expect(open.status).toBe(200);
    expect(backend.seen.at(-1)!.headers.authorization).toBe('Bearer app-own-token');
  });
});
