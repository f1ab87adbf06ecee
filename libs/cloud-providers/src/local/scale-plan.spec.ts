import { planDeployment } from './scale-plan';
import type { LocalDeploymentRecord } from './records';
import { sampleLocalCluster, sampleLocalReplica } from './store-contract';

const cluster = sampleLocalCluster();
const dep = (desired: number): LocalDeploymentRecord => ({
  application: 'app',
  deployment: 'web',
  target: { kind: 'static', replicas: desired },
  desired,
  pending: null,
  nextOrdinal: 10,
});
const replica = (
  n: number,
  state: 'STARTING' | 'READY' | 'UNHEALTHY' | 'DRAINING',
  replaces: string | null = null,
) => sampleLocalReplica(cluster, n, { state, replaces });
const id = (n: number) => `${cluster.providerClusterId}.app.web.${n}`;

describe('scale plan of one deployment', () => {
  it('starts what is missing; draining replicas do not count', () => {
    expect(planDeployment(dep(3), [replica(1, 'READY'), replica(2, 'DRAINING')], [])).toEqual({
      start: [{ replaces: null }, { replaces: null }],
      drain: [],
    });
  });

  it('drains replicas that serve nothing first, then the newest ready ones', () => {
    const plan = planDeployment(
      dep(1),
      [replica(1, 'READY'), replica(2, 'READY'), replica(3, 'READY'), replica(4, 'STARTING')],
      [],
    );
    expect(plan).toEqual({ start: [], drain: [id(4), id(3), id(2)].slice(0, 3) });
  });

  it('a heavyweight replacement starts one successor and keeps the count', () => {
    const plan = planDeployment(dep(2), [replica(1, 'READY'), replica(2, 'READY')], [id(1)]);
    expect(plan).toEqual({ start: [{ replaces: id(1) }], drain: [] });
    // With the successor running, nothing more happens until it is ready.
    expect(
      planDeployment(
        dep(2),
        [replica(1, 'READY'), replica(2, 'READY'), replica(3, 'STARTING', id(1))],
        [id(1)],
      ),
    ).toEqual({ start: [], drain: [] });
  });

  it('scale to zero drains everything', () => {
    expect(
      planDeployment(dep(0), [replica(1, 'READY'), replica(2, 'UNHEALTHY')], []).drain.sort(),
    ).toEqual([id(1), id(2)].sort());
  });
});
