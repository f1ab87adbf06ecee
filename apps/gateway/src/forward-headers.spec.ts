import type { IncomingMessage } from 'node:http';
import { downstreamHeaderList, upstreamRequestHeaders } from './forward-headers';

function fakeRequest(raw: string[], remoteAddress = '10.0.0.9'): IncomingMessage {
  const headers: Record<string, string> = {};
  for (let i = 0; i < raw.length; i += 2) headers[raw[i]!.toLowerCase()] = raw[i + 1]!;
  return { rawHeaders: raw, headers, socket: { remoteAddress } } as unknown as IncomingMessage;
}
const asMap = (flat: string[]) => {
  const out: Record<string, string> = {};
  for (let i = 0; i < flat.length; i += 2) out[flat[i]!.toLowerCase()] = flat[i + 1]!;
  return out;
};

describe('upstreamRequestHeaders', () => {
  const req = fakeRequest([
    'Host',
    'svc--proj.localhost',
    'Authorization',
    'Bearer t',
    'Connection',
    'keep-alive, X-Secret-Hop',
    'X-Secret-Hop',
    'x',
    'Keep-Alive',
    'timeout=5',
    'Transfer-Encoding',
    'chunked',
    'TE',
    'trailers',
    'Expect',
    '100-continue',
    'Content-Length',
    '5',
    'X-Forwarded-For',
    '1.2.3.4',
    'X-Request-Id',
    'theirs',
    'Cookie',
    'a=1',
  ]);

  it('drops hop-by-hop headers and the query token, adds forwarding headers', () => {
    const out = asMap(
      upstreamRequestHeaders(req, {
        stripAuthorization: true,
        requestId: 'req_1',
        mountPath: '/s/proj/svc',
      }),
    );
    expect(out).toEqual({
      host: 'svc--proj.localhost',
      cookie: 'a=1',
      'x-forwarded-for': '1.2.3.4, 10.0.0.9',
      'x-forwarded-proto': 'http',
      'x-forwarded-host': 'svc--proj.localhost',
      'x-forwarded-prefix': '/s/proj/svc',
      'x-request-id': 'req_1',
    });
  });

  it('keeps Authorization when the service does not use Switchyard tokens', () => {
    const out = asMap(
      upstreamRequestHeaders(req, { stripAuthorization: false, requestId: 'r', mountPath: '' }),
    );
    expect(out.authorization).toBe('Bearer t');
    expect(out['x-forwarded-prefix']).toBeUndefined();
  });

  it("keeps a load balancer's X-Forwarded-Proto/Host", () => {
    const behindLb = fakeRequest([
      'Host',
      'h',
      'X-Forwarded-Proto',
      'https',
      'X-Forwarded-Host',
      'public.example',
    ]);
    const out = asMap(
      upstreamRequestHeaders(behindLb, { stripAuthorization: true, requestId: 'r', mountPath: '' }),
    );
    expect(out['x-forwarded-proto']).toBe('https');
    expect(out['x-forwarded-host']).toBe('public.example');
  });
});

describe('downstreamHeaderList', () => {
  it('drops hop-by-hop headers, repeats multi-valued ones and appends ours', () => {
    const { list, hasLength } = downstreamHeaderList(
      {
        'content-type': 'text/plain',
        'content-length': '5',
        connection: 'keep-alive, x-hop',
        'x-hop': '1',
        'keep-alive': 'timeout=5',
        'transfer-encoding': 'chunked',
        'set-cookie': ['a=1', 'b=2'],
      },
      ['set-cookie', 'sy_version=v', 'x-request-id', 'r'],
    );
    expect(list).toEqual([
      'content-type',
      'text/plain',
      'content-length',
      '5',
      'set-cookie',
      'a=1',
      'set-cookie',
      'b=2',
      'set-cookie',
      'sy_version=v',
      'x-request-id',
      'r',
    ]);
    expect(hasLength).toBe(true);
    expect(downstreamHeaderList({ 'content-type': 'text/event-stream' }, []).hasLength).toBe(false);
  });
});
