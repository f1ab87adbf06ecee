import { startTsProcess, type RunningProcess } from '@switchyard/testing';

describe('gateway process', () => {
  let gateway: RunningProcess;

  afterAll(async () => {
    await gateway?.stop('SIGKILL').catch(() => undefined);
  });

  it('boots, reports ready, answers unknown services with 404 JSON, and stops on SIGTERM', async () => {
    gateway = startTsProcess('apps/gateway/src/main.ts', { GATEWAY_PORT: '0', LOG_LEVEL: 'info' });
    const started = await gateway.waitForLog((l) => l.msg === 'gateway listening');
    const base = `http://127.0.0.1:${started.port as number}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    const unknown = await fetch(`${base}/s/demo/nothing/`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual(expect.objectContaining({ error: expect.objectContaining({ code: 'not_found' }) }));
    expect(await (await fetch(`${base}/metrics`)).text()).toContain('app="gateway"');
    expect(await gateway.stop('SIGTERM')).toBe(0);
  });
});
