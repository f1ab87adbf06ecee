import { ProviderError } from '../port';
import { clusterIdOf, deterministicUuid, keyDigest, launchToken } from './naming';
import { pollUntil, withRetries, WaitTimeoutError } from './retry';

describe('deterministic names', () => {
  it('the same keys give the same ids and tokens; tokens fit EC2 (≤ 64) and GCP instance names', () => {
    const id = clusterIdOf('ro-1/ver-1');
    expect(id).toBe(clusterIdOf('ro-1/ver-1'));
    expect(id).toMatch(/^sy-[0-9a-f]{16}$/);
    const token = launchToken(id, keyDigest('setCapacity', 'ro-1/step-3'), 'app/web', 7);
    expect(token).toBe(launchToken(id, keyDigest('setCapacity', 'ro-1/step-3'), 'app/web', 7));
    expect(token).not.toBe(launchToken(id, keyDigest('setCapacity', 'ro-1/step-3'), 'app/web', 8));
    expect(token.length).toBeLessThanOrEqual(64);
    expect(token).toMatch(/^[a-z]([-a-z0-9]*[a-z0-9])?$/);
  });

  it('name-based UUIDs: stable, version 5 layout, RFC variant, never nil', () => {
    const uuid = deterministicUuid('acme/us-central1-a/token');
    expect(uuid).toBe(deterministicUuid('acme/us-central1-a/token'));
    expect(uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(deterministicUuid('other')).not.toBe(uuid);
  });
});

describe('retries and bounded waits on an injected clock', () => {
  let now = 0;
  const sleeps: number[] = [];
  const timing = {
    clock: () => now,
    sleep: async (ms: number) => void (sleeps.push(ms), (now += ms)),
  };
  beforeEach(() => {
    now = 0;
    sleeps.length = 0;
  });

  it('withRetries backs off exponentially up to the cap and rethrows the last error', async () => {
    const err = new ProviderError('throttled', 'slow down');
    await expect(
      withRetries(
        () => Promise.reject(err),
        () => true,
        { attempts: 6, baseDelayMs: 100, maxDelayMs: 500 },
        timing.sleep,
      ),
    ).rejects.toBe(err);
    expect(sleeps).toEqual([100, 200, 400, 500, 500]);
  });

  it('pollUntil polls with growing intervals until the value comes, or fails with a retryable timeout past its deadline', async () => {
    let polls = 0;
    expect(
      await pollUntil(
        'x',
        async () => (++polls === 4 ? 'done' : undefined),
        { timeoutMs: 60_000, intervalMs: 1_000, maxIntervalMs: 2_000 },
        timing,
      ),
    ).toBe('done');
    expect(sleeps).toEqual([1_000, 1_500, 2_000]);
    const timeout = await pollUntil(
      'instances running',
      async () => undefined,
      { timeoutMs: 10_000, intervalMs: 1_000, maxIntervalMs: 5_000 },
      timing,
    ).catch((e: unknown) => e);
    expect(timeout).toBeInstanceOf(WaitTimeoutError);
    expect(timeout).toMatchObject({
      kind: 'unavailable',
      retryable: true,
      message: 'instances running: still not done after 10 s',
    });
  });
});
