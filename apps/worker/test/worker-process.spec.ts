import {
  createTestDatabase,
  startTsProcess,
  type RunningProcess,
  type TestDatabase,
} from '@switchyard/testing';

describe('worker process', () => {
  let database: TestDatabase;
  let worker: RunningProcess;

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await worker?.stop('SIGKILL').catch(() => undefined);
    await database.drop();
  });

  it('boots, reports ready on Postgres and Redis, exports metrics, and stops cleanly on SIGTERM', async () => {
    worker = startTsProcess('apps/worker/src/main.ts', {
      DATABASE_URL: database.url,
      WORKER_OPS_PORT: '0',
      LOG_LEVEL: 'info',
    });
    const started = await worker.waitForLog((l) => l.msg === 'worker started');
    const base = `http://127.0.0.1:${started.opsPort as number}`;
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      ready: true,
      checks: {
        postgres: expect.objectContaining({ ok: true }),
        redis: expect.objectContaining({ ok: true }),
      },
    });
    expect(await (await fetch(`${base}/metrics`)).text()).toContain('app="worker"');
    expect(await worker.stop('SIGTERM')).toBe(0);
  });

  it('refuses to boot with invalid configuration, naming the variable', async () => {
    const bad = startTsProcess('apps/worker/src/main.ts', {
      DATABASE_URL: 'not a url',
      WORKER_OPS_PORT: '99999',
    });
    const code = await new Promise<number | null>((resolve) => bad.child.on('exit', resolve));
    expect(code).toBe(1);
  });
});
