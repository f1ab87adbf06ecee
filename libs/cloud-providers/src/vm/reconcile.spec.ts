import type { ReplicaTarget } from '@switchyard/rollout';
import type { VmNode } from './model';
import { activeReplicas, planReplicas } from './reconcile';
import { desiredReplicas } from './replica-targets';

let no = 0;
function node(patch: Partial<VmNode> & { dep?: string }): VmNode {
  const { dep = 'web', ...rest } = patch;
  no++;
  return {
    id: `n${no}`,
    clusterId: 'sy-x',
    clusterKey: 'k',
    labels: {
      orgId: 'o',
      projectId: 'p',
      serviceId: 's',
      serviceName: 's',
      versionId: 'v',
      versionName: 'v1',
      rolloutId: 'r',
    },
    role: 'WORKER',
    groupName: 'cpu',
    instanceType: 'm6i.large',
    gpuType: null,
    gpuCount: 0,
    replica: { application: 'app', deployment: dep },
    replaces: null,
    launchKey: 'old',
    slot: 0,
    specHash: 'h',
    lifecycle: 'running',
    privateIp: `10.0.0.${no}`,
    launchedAt: no * 1000,
    stoppedAt: null,
    stateReason: null,
    drainingSince: null,
    clusterState: null,
    ...rest,
  };
}
const statics = (web: number): Record<string, ReplicaTarget> => ({
  'app/web': { kind: 'static', replicas: web },
});

describe('planReplicas', () => {
  it('launches the missing replicas in free slots of the key (slots already listed under it are skipped)', () => {
    const nodes = [
      node({ launchKey: 'k1', slot: 0 }),
      node({ launchKey: 'k1', slot: 2, lifecycle: 'stopped' }),
    ];
    expect(planReplicas(nodes, statics(4), 'k1').launches.map((l) => l.slot)).toEqual([1, 3, 4]);
  });

  it('drains the surplus: nodes still starting first, then the newest', () => {
    const a = node({});
    const b = node({});
    const c = node({ lifecycle: 'pending' });
    const d = node({});
    expect(planReplicas([a, b, c, d], statics(1), 'k').drains.map((n) => n.id)).toEqual([
      c.id,
      d.id,
      b.id,
    ]);
  });

  it('draining, stopped and replaced nodes do not count toward the target', () => {
    const old = node({});
    const successor = node({ replaces: old.id, lifecycle: 'pending' });
    const draining = node({ drainingSince: 1 });
    const stopped = node({ lifecycle: 'stopping' });
    expect(activeReplicas([old, successor, draining, stopped], 'app/web').map((n) => n.id)).toEqual(
      [successor.id],
    );
    expect(
      planReplicas([old, successor, draining, stopped], statics(2), 'k').launches,
    ).toHaveLength(1);
  });

  it('targets in name order; autoscaling targets start at max(initial, min), capped at max', () => {
    expect(
      planReplicas(
        [],
        { 'b/x': { kind: 'static', replicas: 1 }, 'a/y': { kind: 'static', replicas: 1 } },
        'k',
      ).launches.map((l) => l.replica.application),
    ).toEqual(['a', 'b']);
    expect(
      desiredReplicas({ kind: 'autoscaling', minReplicas: 3, initialReplicas: 2, maxReplicas: 6 }),
    ).toBe(3);
    expect(
      desiredReplicas({ kind: 'autoscaling', minReplicas: 1, initialReplicas: 9, maxReplicas: 4 }),
    ).toBe(4);
  });
});
