import { RoutingTable } from '@switchyard/routing';
import { serviceEntry, type ReplicaSpec } from '../test/support/entries';
import { Lease, ReplicaBalancer } from './replica-balancer';
import { BalancerError } from './wait-queue';

const KEY = ReplicaBalancer.keyOf('proj-svc', 'ver-v1', 'app', 'ingress');
const table = (replicas: ReplicaSpec[], cap = 2, revision = 1) =>
  RoutingTable.fromEntries([
    serviceEntry(
      { versions: [{ name: 'v1', weight: 100, maxOngoingRequests: cap, replicas }] },
      revision,
    ),
  ]);
const r = (id: string, extra: Partial<ReplicaSpec> = {}): ReplicaSpec => ({
  id,
  endpoint: `http://127.0.0.1:${9000 + id.charCodeAt(0)}`,
  ...extra,
});

function balancer(now = () => 0) {
  return new ReplicaBalancer({ queueMaxLength: 2, unreachableCooldownMs: 1000, now });
}
const take = (b: ReplicaBalancer, exclude?: Set<any>) => {
  const got = b.tryAcquire(KEY, exclude);
  if (!(got instanceof Lease)) throw new Error(`expected a lease, got ${got}`);
  return got;
};

describe('ReplicaBalancer', () => {
  it('picks the replica with the fewest requests in flight, round-robin among ties', () => {
    const b = balancer();
    b.sync(table([r('a'), r('b'), r('c')], 10));
    const first = [take(b), take(b), take(b)].map((l) => l.replica.replicaId);
    expect(new Set(first)).toEqual(new Set(['a', 'b', 'c']));
    const leases = [take(b), take(b)];
    const busiest = leases[0]!.replica;
    leases[1]!.release();
    // a/b/c now at 2/1/1-ish: the next goes to one of those with fewer.
    const next = take(b);
    expect(next.replica.ongoing).toBeLessThanOrEqual(busiest.ongoing);
  });

  it('never exceeds maxOngoingRequests per replica: busy beyond', () => {
    const b = balancer();
    b.sync(table([r('a'), r('b')], 2));
    const leases = [take(b), take(b), take(b), take(b)];
    expect(leases.map((l) => l.replica.replicaId).sort()).toEqual(['a', 'a', 'b', 'b']);
    expect(b.tryAcquire(KEY)).toBe('busy');
    leases[0]!.release();
    leases[0]!.release(); // idempotent
    expect(take(b).replica).toBe(leases[0]!.replica);
  });

  it('skips replicas that are not ready or are draining', () => {
    const b = balancer();
    b.sync(table([r('a', { ready: false }), r('b', { draining: true }), r('c')], 5));
    for (let i = 0; i < 5; i++) expect(take(b).replica.replicaId).toBe('c');
    b.sync(table([r('a', { ready: false }), r('b', { draining: true })], 5, 2));
    expect(b.tryAcquire(KEY)).toBe('busy'); // nothing routable: wait for readiness
  });

  it('keeps counting a removed replica until its requests end, without giving it new ones', () => {
    const b = balancer();
    b.sync(table([r('a'), r('b')], 5));
    const onA = [take(b), take(b)].find((l) => l.replica.replicaId === 'a')!;
    b.sync(table([r('b')], 5, 2));
    for (let i = 0; i < 3; i++) expect(take(b).replica.replicaId).toBe('b');
    expect(onA.replica.removed).toBe(true);
    expect(b.loads().replicas.find((x) => x.replicaId === 'a')?.ongoing).toBe(1);
    onA.release();
    expect(b.loads().replicas.find((x) => x.replicaId === 'a')).toBeUndefined();
    expect(b.group(KEY)!.replicas.map((x) => x.replicaId)).toEqual(['b']);
  });

  it('excludes replicas already tried, and says when every one was', () => {
    const b = balancer();
    b.sync(table([r('a'), r('b')], 5));
    const first = take(b);
    first.release();
    const second = take(b, new Set([first.replica]));
    expect(second.replica).not.toBe(first.replica);
    expect(b.tryAcquire(KEY, new Set([first.replica, second.replica]))).toBe('exhausted');
  });

  it('avoids a replica that refused a connection while another can serve, for a while', () => {
    let now = 0;
    const b = balancer(() => now);
    b.sync(table([r('a'), r('b')], 5));
    const a = b.group(KEY)!.replicas.find((x) => x.replicaId === 'a')!;
    b.markUnreachable(a);
    for (let i = 0; i < 4; i++) expect(take(b).replica.replicaId).toBe('b');
    now = 1001;
    expect(take(b).replica.replicaId).toBe('a'); // fewer in flight, and no longer avoided
  });

  it('queues FIFO when busy, bounded in length, and serves the queue as slots free', async () => {
    const b = balancer();
    b.sync(table([r('a')], 1));
    const held = take(b);
    const w1 = b.wait(KEY, undefined, 10_000);
    const w2 = b.wait(KEY, undefined, 10_000);
    await expect(b.wait(KEY, undefined, 10_000).lease).rejects.toEqual(
      new BalancerError('queue_full'),
    );
    expect(b.loads().queues).toEqual([expect.objectContaining({ queued: 2 })]);
    held.release();
    const l1 = await w1.lease;
    expect(l1.replica.replicaId).toBe('a');
    l1.release();
    (await w2.lease).release();
    expect(b.loads()).toEqual({ replicas: [], queues: [] });
  });

  it('times a waiter out, and lets one leave the queue', async () => {
    const b = balancer();
    b.sync(table([r('a')], 1));
    take(b);
    await expect(b.wait(KEY, undefined, 20).lease).rejects.toEqual(
      new BalancerError('queue_timeout'),
    );
    const w = b.wait(KEY, undefined, 10_000);
    w.cancel();
    await expect(w.lease).rejects.toBeInstanceOf(BalancerError);
    expect(b.loads().queues).toEqual([]);
  });

  it('serves the queue when a replica becomes ready, and sends it back when the deployment leaves', async () => {
    const b = balancer();
    b.sync(table([r('a', { ready: false })], 1));
    const w = b.wait(KEY, undefined, 10_000);
    b.sync(table([r('a')], 1, 2));
    expect((await w.lease).replica.replicaId).toBe('a');

    const w2 = b.wait(KEY, undefined, 10_000);
    b.sync(RoutingTable.empty);
    await expect(w2.lease).rejects.toEqual(new BalancerError('gone'));
    expect(b.tryAcquire(KEY)).toBe('gone');
  });

  it('tells a cold deployment (nothing ready) from a busy one', () => {
    const b = balancer();
    b.sync(table([r('a', { ready: false }), r('b', { draining: true })], 1));
    expect(b.hasRoutable(KEY)).toBe(false);
    b.sync(table([r('a'), r('b', { draining: true })], 1, 2));
    take(b);
    expect(b.tryAcquire(KEY)).toBe('busy');
    expect(b.hasRoutable(KEY)).toBe(true);
    expect(b.hasRoutable('nothing')).toBe(false);
  });

  it('lists the origins that may get new requests (their pools stay open)', () => {
    const b = balancer();
    b.sync(table([r('a'), r('b', { draining: true }), r('c', { ready: false })], 1));
    expect([...b.routableOrigins()].sort()).toEqual([r('a').endpoint, r('c').endpoint].sort());
  });
});
