import { createHash } from 'node:crypto';
import { RoutingPublisher } from '@switchyard/routing';
import { eventually } from '@switchyard/testing';
import { app, fastRollout, useEngine, type EngineHarness } from './engine-harness';

/**
 * Every rollout behaviour of DESIGN.md, through the real deploy API and the real worker
 * process, on the simulated cloud.
 */
// Each case drives a whole rollout through two processes; on a loaded 2-core machine (load
// average 12+) a multi-step case took over the suite's 30 s default without being wrong.
jest.setTimeout(90_000);
describe('rollout engine (API + worker process + sim provider)', () => {
  let h: EngineHarness;

  useEngine((started) => (h = started));

  async function firstVersion(service: string, replicas = 2) {
    const res = await h.deploy(service, { applications: [app(replicas)], rollout: fastRollout });
    expect(res.status).toBe(202);
    await h.waitForState(service, res.body.rollout.id, 'SUCCEEDED');
    return res.body;
  }

  it('first deploy: provision, wait healthy, 100 %; query token shown once', async () => {
    const res = await h.deploy('hello', { applications: [app(2)] });
    expect(res.status).toBe(202);
    expect(res.body.rollout.strategy).toBe('INITIAL');
    expect(res.body.query_token).toMatch(/^sq_/);
    const { rollout } = await h.waitForState('hello', res.body.rollout.id, 'SUCCEEDED');
    expect(rollout.events.map((e: any) => e.to_state)).toEqual(expect.arrayContaining(['PROVISIONING', 'WAITING_HEALTHY', 'SUCCEEDED']));
    const service = await h.service('hello');
    expect(service.state).toBe('RUNNING');
    expect(service.primary).toEqual(expect.objectContaining({ name: 'v1', state: 'RUNNING', current_weight: 100, healthy: true }));
    expect(service.primary.deployments).toEqual([{ application: 'app', deployment: 'web', desired_replicas: 2, ready_replicas: 2 }]);
    expect(service.canary).toBeNull();
  });

  it('update: canary healthy, traffic stepped along the schedule, old primary terminated; one provision per cluster', async () => {
    await firstVersion('shift');
    const res = await h.deploy('shift', { applications: [app(3)], rollout: fastRollout });
    expect(res.body.rollout.strategy).toBe('CANARY');
    expect(res.body.query_token).toBeNull();
    const { weights } = await h.waitForState('shift', res.body.rollout.id, 'SUCCEEDED');
    expect(weights).toContain(25);
    expect(weights[weights.length - 1]).toBe(100);
    const service = await h.service('shift');
    expect(service.primary).toEqual(expect.objectContaining({ name: 'v2', current_weight: 100 }));
    const versions = await h.api.db.serviceVersion.findMany({ where: { service: { name: 'shift' } }, orderBy: { name: 'asc' } });
    expect(versions.map((v) => [v.name, v.state])).toEqual([['v1', 'TERMINATED'], ['v2', 'RUNNING']]);
    // The cluster rows say what the cloud says: the canary's went RUNNING once it ran.
    const clusters = await h.api.db.cluster.findMany({ where: { version: { service: { name: 'shift' } } }, include: { version: true }, orderBy: { createdAt: 'asc' } });
    expect(clusters.map((c) => [c.version.name, c.state])).toEqual([['v1', 'TERMINATED'], ['v2', 'RUNNING']]);
    const provisions = await h.provisionsPerCluster();
    const mine = Object.entries(provisions).filter(([key]) => key.startsWith(res.body.rollout.id));
    expect(mine.map(([, n]) => n)).toEqual([1]);
    // What gateways see: the new version alone, with its three replica endpoints.
    const table = await new RoutingPublisher(h.api.redis, h.api.config.REDIS_PREFIX).snapshot();
    const entry = table.bySlug('shift--shop')!;
    expect(entry.versions.map((v) => [v.name, v.role, v.weight])).toEqual([['v2', 'primary', 100]]);
    expect(entry.versions[0]!.deployments[0]!.replicas.filter((r) => r.ready)).toHaveLength(3);
    expect(entry.auth.enabled).toBe(true);
    expect(entry.auth.tokenHashes).toHaveLength(1);
  });

  it('a deploy while a rollout is active gets 409 naming it', async () => {
    await firstVersion('busy');
    const manual = await h.deploy('busy', { applications: [app(2)], rollout: fastRollout }, { canary_percent: 10 });
    expect(manual.status).toBe(202);
    const second = await h.deploy('busy', { applications: [app(4)] });
    expect(second.status).toBe(409);
    expect(second.body.error.message).toContain(manual.body.rollout.id);
    await h.command('busy', 'rollback', {});
    await h.waitForState('busy', manual.body.rollout.id, 'ROLLED_BACK');
  });

  it('Idempotency-Key: same key and body → same answer and one rollout; other body → 422', async () => {
    await firstVersion('idem');
    const body = { applications: [app(2)], rollout: fastRollout, version_name: 'v2' };
    const first = await h.deploy('idem', body, {}, { 'Idempotency-Key': 'ci-run-42' });
    const again = await h.deploy('idem', body, {}, { 'Idempotency-Key': 'ci-run-42' });
    expect(again.status).toBe(202);
    expect(again.body.rollout.id).toBe(first.body.rollout.id);
    const other = await h.deploy('idem', { ...body, version_name: 'v3' }, {}, { 'Idempotency-Key': 'ci-run-42' });
    expect(other.status).toBe(422);
    expect(await h.api.db.rollout.count({ where: { service: { name: 'idem' } } })).toBe(2);
    await h.waitForState('idem', first.body.rollout.id, 'SUCCEEDED');
  });

  it('manual canary_percent: moves and pauses; later commands move it; 100 completes', async () => {
    await firstVersion('manual');
    const res = await h.deploy('manual', { applications: [app(2)], rollout: fastRollout }, { canary_percent: 20 });
    await h.waitFor('manual', res.body.rollout.id, (r) => r.state === 'PAUSED' && r.canary_weight === 20);
    expect((await h.command('manual', 'canary-percent', { percent: 60 })).status).toBe(202);
    await h.waitFor('manual', res.body.rollout.id, (r) => r.state === 'PAUSED' && r.canary_weight === 60);
    const status = await h.service('manual');
    expect([status.primary.current_weight, status.canary.current_weight]).toEqual([40, 60]);
    // Each command enqueues a tick of its own; once they have run, the rollout is ticked by ONE
    // chain again (a tick that is not the chain's head schedules no successor). Two chains or
    // more would show as that many pending ticks at every poll from then on.
    for (const percent of [50, 40, 60]) {
      expect((await h.command('manual', 'canary-percent', { percent })).status).toBe(202);
      await h.waitFor('manual', res.body.rollout.id, (r) => r.state === 'PAUSED' && r.canary_weight === percent);
    }
    const pendingTicks = async () =>
      (await h.api.jobs.queue.getJobs(['waiting', 'delayed', 'prioritized', 'active'])).filter(
        (j) => j.name === 'rollout.tick' && j.data.rolloutId === res.body.rollout.id,
      ).length;
    // Several polls in a row (0.2 s apart) must each see one pending tick: chains never merge.
    let single = 0;
    await eventually(async () => {
      single = (await pendingTicks()) === 1 ? single + 1 : 0;
      return single >= 10 ? true : undefined;
    }, 20_000, 200);
    expect((await h.command('manual', 'canary-percent', { percent: 100 })).status).toBe(202);
    await h.waitForState('manual', res.body.rollout.id, 'SUCCEEDED');
  });

  it('an unhealthy canary rolls back automatically: all traffic to the primary, canary terminated', async () => {
    await firstVersion('sick');
    const res = await h.deploy('sick', { applications: [app(2)], env_vars: { SWITCHYARD_SIM_FAULT: 'unhealthy_after_ms:600' }, rollout: { ...fastRollout, schedule: [{ percent: 10, hold_s: 30 }, { percent: 100, hold_s: 0 }] } });
    const { rollout } = await h.waitForState('sick', res.body.rollout.id, 'ROLLED_BACK');
    expect(rollout.reason).toMatch(/unhealthy/i);
    const service = await h.service('sick');
    expect(service.state).toBe('RUNNING');
    expect(service.primary).toEqual(expect.objectContaining({ name: 'v1', current_weight: 100 }));
    expect(service.canary).toBeNull();
    const v2 = await h.api.db.serviceVersion.findFirstOrThrow({ where: { service: { name: 'sick' }, name: 'v2' } });
    expect([v2.state, v2.currentWeight]).toEqual(['FAILED', 0]);
  });

  it('a canary that cannot be provisioned (capacity) rolls back with the provider’s reason', async () => {
    await firstVersion('nocap');
    const res = await h.deploy('nocap', { applications: [app(2)], env_vars: { SWITCHYARD_SIM_FAULT: 'capacity_error' }, rollout: fastRollout });
    const { rollout } = await h.waitFor('nocap', res.body.rollout.id, (r) => r.state === 'ROLLED_BACK' || r.state === 'FAILED');
    expect(rollout.reason).toMatch(/capacity/i);
    expect((await h.service('nocap')).primary.current_weight).toBe(100);
  });

  it('a rollout past its timeout rolls back (timeout_s, here 10 s)', async () => {
    await firstVersion('slow');
    const res = await h.deploy('slow', { applications: [app(2)], env_vars: { SWITCHYARD_SIM_FAULT: 'slow_start_ms:600000' }, rollout: { ...fastRollout, timeout_s: 10 } });
    const { rollout } = await h.waitFor('slow', res.body.rollout.id, (r) => r.state === 'ROLLED_BACK', 25_000);
    expect(rollout.reason).toMatch(/time/i);
    expect((await h.service('slow')).primary.current_weight).toBe(100);
  }, 30_000);

  it('manual rollback during a manual rollout', async () => {
    await firstVersion('undo');
    const res = await h.deploy('undo', { applications: [app(2)], rollout: fastRollout }, { canary_percent: 50 });
    await h.waitFor('undo', res.body.rollout.id, (r) => r.state === 'PAUSED' && r.canary_weight === 50);
    expect((await h.command('undo', 'rollback', {})).status).toBe(202);
    await h.waitForState('undo', res.body.rollout.id, 'ROLLED_BACK');
    expect((await h.service('undo')).primary.current_weight).toBe(100);
  });

  it('max_surge_percent: a constrained rollout completes', async () => {
    await firstVersion('surge', 4);
    const res = await h.deploy('surge', { applications: [app(4)], rollout: fastRollout }, { max_surge_percent: 50 });
    const { weights } = await h.waitForState('surge', res.body.rollout.id, 'SUCCEEDED');
    expect(weights).toContain(50);
  });

  it('in place, lightweight: no new cluster', async () => {
    await firstVersion('inplace');
    const before = Object.keys(await h.provisionsPerCluster()).length;
    const res = await h.deploy('inplace', { applications: [app(3)], rollout: fastRollout }, { in_place: true });
    expect(res.status).toBe(202);
    expect(res.body.rollout.strategy).toBe('IN_PLACE');
    await h.waitForState('inplace', res.body.rollout.id, 'SUCCEEDED');
    expect(Object.keys(await h.provisionsPerCluster()).length).toBe(before);
    const service = await h.service('inplace');
    expect(service.primary.name).toBe('v2');
    expect(service.primary.deployments[0].desired_replicas).toBe(3);
  });

  it('gradual manual rollback with max_surge_percent: primary capacity first, then traffic', async () => {
    await firstVersion('gradual', 4);
    const res = await h.deploy('gradual', { applications: [app(4)], rollout: fastRollout }, { canary_percent: 75, max_surge_percent: 25 });
    await h.waitFor('gradual', res.body.rollout.id, (r) => r.state === 'PAUSED' && r.canary_weight === 75, 30_000);
    expect((await h.command('gradual', 'rollback', { max_surge_percent: 25 })).status).toBe(202);
    const { rollout, weights } = await h.waitForState('gradual', res.body.rollout.id, 'ROLLED_BACK', 30_000);
    // Traffic came back in steps (not all at once) and ended on the primary.
    expect(weights.filter((w) => w > 0 && w < 75).length).toBeGreaterThan(0);
    expect(weights[weights.length - 1]).toBe(0);
    expect(rollout.events.some((e: any) => e.to_state === 'ROLLING_BACK')).toBe(true);
    expect((await h.service('gradual')).primary).toEqual(expect.objectContaining({ current_weight: 100 }));
  }, 40_000);

  it('in place, heavyweight (command changed): replicas replaced one at a time, no new cluster', async () => {
    await firstVersion('heavy');
    const before = Object.keys(await h.provisionsPerCluster()).length;
    const changed = { ...app(2), command: 'node server.js --v2' };
    const res = await h.deploy('heavy', { applications: [changed], rollout: fastRollout }, { in_place: true });
    expect(res.status).toBe(202);
    expect(res.body.rollout.options.in_place_mode).toBe('heavy');
    const { rollout } = await h.waitForState('heavy', res.body.rollout.id, 'SUCCEEDED', 30_000);
    expect(rollout.events.filter((e: any) => e.type === 'REPLICA_REPLACED')).toHaveLength(2);
    expect(Object.keys(await h.provisionsPerCluster()).length).toBe(before);
    expect((await h.service('heavy')).primary.name).toBe('v2');
  }, 40_000);

  it('in place is refused when the image changes, naming the field', async () => {
    await firstVersion('frozen');
    const res = await h.deploy('frozen', { applications: [app(2)], image_uri: 'registry.example/app:2' }, { in_place: true });
    expect(res.status).toBe(422);
    expect(res.body.error.fields).toEqual([expect.objectContaining({ path: 'body.config.image_uri' })]);
  });

  it('terminate during a rollout cancels it and terminates the service', async () => {
    await firstVersion('doomed');
    const res = await h.deploy('doomed', { applications: [app(2)], rollout: fastRollout }, { canary_percent: 30 });
    await h.waitFor('doomed', res.body.rollout.id, (r) => r.state === 'PAUSED');
    expect((await h.command('doomed', 'terminate')).status).toBe(202);
    await h.waitForState('doomed', res.body.rollout.id, 'CANCELLED');
    const service = await h.service('doomed');
    expect(service.state).toBe('TERMINATED');
    const live = await h.api.db.cluster.count({ where: { version: { service: { name: 'doomed' } }, state: { not: 'TERMINATED' } } });
    expect(live).toBe(0);
  });

  it('query-token rotation: both tokens are routed while it runs, then only the new one', async () => {
    const first = await firstVersion('rotating');
    const sha = (token: string) => createHash('sha256').update(token).digest('hex');
    const routed = async () => (await new RoutingPublisher(h.api.redis, h.api.config.REDIS_PREFIX).snapshot()).get(first.service.id)?.auth.tokenHashes;
    await eventually(async () => ((await routed())?.length === 1 ? true : undefined), 10_000);
    expect(await routed()).toEqual([sha(first.query_token)]);

    const rotate = (path: string) => h.api.request('POST', `/v1/projects/shop/services/rotating/query-token/${path}`, { token: h.tenant.tokens.MEMBER });
    const rotated = await rotate('rotate');
    expect(rotated.status).toBe(200);
    expect(rotated.body.query_token).toMatch(/^sq_/);
    expect(rotated.body.service.query_token_rotating).toBe(true);
    await eventually(async () => ((await routed())?.length === 2 ? true : undefined), 10_000);
    expect(await routed()).toEqual([sha(rotated.body.query_token), sha(first.query_token)]);
    expect((await rotate('rotate')).status).toBe(409); // one rotation at a time

    const finished = await rotate('finish-rotation');
    expect(finished.status).toBe(200);
    expect(finished.body.query_token_rotating).toBe(false);
    await eventually(async () => ((await routed())?.length === 1 ? true : undefined), 10_000);
    expect(await routed()).toEqual([sha(rotated.body.query_token)]);
    expect((await rotate('finish-rotation')).status).toBe(409);
  });

  it('terminate with no rollout running terminates every cluster; the nodes it ran on are recorded, then stopped', async () => {
    await firstVersion('quiet');
    const nodes = () => h.api.db.clusterNode.findMany({ where: { cluster: { version: { service: { name: 'quiet' } } } } });
    // The worker's node sync records what billing meters: every node with its start time…
    const running = await eventually(async () => {
      const rows = await nodes();
      return rows.length > 0 && rows.every((n) => n.state === 'RUNNING' && n.startedAt) ? rows : undefined;
    }, 15_000);
    expect(running.map((n) => n.role).sort()).toEqual(['HEAD', 'WORKER']);
    expect((await h.command('quiet', 'terminate')).status).toBe(202);
    await eventually(async () => ((await h.service('quiet')).state === 'TERMINATED' ? true : undefined), 15_000);
    // …and, once the cluster is gone, its stop time; the cluster is then settled.
    const stopped = await eventually(async () => {
      const rows = await nodes();
      return rows.every((n) => n.state === 'STOPPED' && n.stoppedAt) ? rows : undefined;
    }, 15_000);
    expect(stopped.map((n) => n.providerNodeId).sort()).toEqual(running.map((n) => n.providerNodeId).sort());
    await eventually(async () => ((await h.api.db.cluster.count({ where: { version: { service: { name: 'quiet' } }, nodesSettledAt: null } })) === 0 ? true : undefined), 15_000);
  });
});
