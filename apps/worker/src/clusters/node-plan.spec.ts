import type { NodeInfo } from '@switchyard/cloud-providers';
import { planNodeWrites, type RecordedNode } from './node-plan';

const T = (minute: number) => Date.UTC(2026, 10, 22, 10, minute);
const D = (minute: number) => new Date(T(minute));
const reported = (
  id: string,
  state: NodeInfo['state'],
  startMin: number | null,
  stopMin: number | null = null,
): NodeInfo => ({
  providerNodeId: id,
  role: 'WORKER',
  groupName: 'gpu',
  instanceType: 'g5.xlarge',
  gpuType: 'A10G',
  gpuCount: 1,
  state,
  startedAt: startMin === null ? null : T(startMin),
  stoppedAt: stopMin === null ? null : T(stopMin),
});
const recorded = (
  id: string,
  state: RecordedNode['state'],
  startMin: number | null,
  stopMin: number | null = null,
): RecordedNode => ({
  id: `row-${id}`,
  providerNodeId: id,
  state,
  startedAt: startMin === null ? null : D(startMin),
  stoppedAt: stopMin === null ? null : D(stopMin),
});
/** A compact view of a plan: `+id STATE start-stop` for creates, `~id …` for updates. */
const summary = (plan: ReturnType<typeof planNodeWrites>) => [
  ...plan.creates.map(
    (c) =>
      `+${c.providerNodeId} ${c.state} ${c.startedAt?.getUTCMinutes() ?? '-'}-${c.stoppedAt?.getUTCMinutes() ?? '-'}`,
  ),
  ...plan.updates.map(
    (u) =>
      `~${u.id.slice(4)} ${u.state} ${u.startedAt?.getUTCMinutes() ?? '-'}-${u.stoppedAt?.getUTCMinutes() ?? '-'}`,
  ),
];

describe('planNodeWrites', () => {
  it.each([
    {
      name: 'new nodes are created as reported',
      recorded: [],
      reported: [reported('n1', 'PENDING', 0), reported('n2', 'RUNNING', 1)],
      over: false,
      writes: ['+n1 PENDING 0--', '+n2 RUNNING 1--'],
      settled: false,
    },
    {
      name: 'the worked example: n1 stops, n2 appears',
      recorded: [recorded('n1', 'RUNNING', 0)],
      reported: [reported('n1', 'STOPPED', 0, 30), reported('n2', 'RUNNING', 20)],
      over: false,
      writes: ['+n2 RUNNING 20--', '~n1 STOPPED 0-30'],
      settled: false,
    },
    {
      name: 'nothing changed: nothing written',
      recorded: [recorded('n1', 'RUNNING', 0), recorded('n2', 'STOPPED', 0, 5)],
      reported: [reported('n1', 'RUNNING', 0), reported('n2', 'STOPPED', 0, 5)],
      over: false,
      writes: [],
      settled: false,
    },
    {
      name: 'the first recorded start and stop win over a later report',
      recorded: [recorded('n1', 'STOPPED', 0, 10)],
      reported: [reported('n1', 'STOPPED', 3, 12)],
      over: false,
      writes: [],
      settled: false,
    },
    {
      name: 'a stopped node never runs again',
      recorded: [recorded('n1', 'STOPPED', 0, 10)],
      reported: [reported('n1', 'RUNNING', 0)],
      over: false,
      writes: [],
      settled: false,
    },
    {
      name: 'a start time learned late is filled in',
      recorded: [recorded('n1', 'PENDING', null)],
      reported: [reported('n1', 'RUNNING', 2)],
      over: false,
      writes: ['~n1 RUNNING 2--'],
      settled: false,
    },
    {
      name: 'a future stop announced while running is not a stop yet',
      recorded: [recorded('n1', 'RUNNING', 0)],
      reported: [reported('n1', 'RUNNING', 0, 59)],
      over: false,
      writes: [],
      settled: false,
    },
    {
      name: 'STOPPED without a stop time stops at closeAt',
      recorded: [recorded('n1', 'RUNNING', 0)],
      reported: [reported('n1', 'STOPPED', 0)],
      over: false,
      writes: ['~n1 STOPPED 0-45'],
      settled: false,
    },
    {
      name: 'a node the provider forgot stops at closeAt',
      recorded: [recorded('n1', 'RUNNING', 0), recorded('n2', 'STOPPED', 0, 7)],
      reported: [],
      over: false,
      writes: ['~n1 STOPPED 0-45'],
      settled: false,
    },
    {
      name: 'an ended cluster whose nodes all stopped is settled',
      recorded: [recorded('n1', 'RUNNING', 0)],
      reported: [reported('n1', 'STOPPED', 0, 40)],
      over: true,
      writes: ['~n1 STOPPED 0-40'],
      settled: true,
    },
    {
      name: 'an ended cluster with a node still shutting down is not settled',
      recorded: [recorded('n1', 'RUNNING', 0)],
      reported: [reported('n1', 'RUNNING', 0)],
      over: true,
      writes: [],
      settled: false,
    },
    {
      name: 'an ended cluster the provider no longer knows closes and settles',
      recorded: [recorded('n1', 'RUNNING', 0)],
      reported: [],
      over: true,
      writes: ['~n1 STOPPED 0-45'],
      settled: true,
    },
  ])('$name', ({ recorded: rec, reported: rep, over, writes, settled }) => {
    const plan = planNodeWrites({
      recorded: rec,
      reported: rep,
      clusterOver: over,
      closeAt: D(45),
    });
    expect(summary(plan)).toEqual(writes);
    expect(plan.settled).toBe(settled);
  });

  it('is idempotent: applying a plan and planning again writes nothing', () => {
    const rep = [reported('n1', 'STOPPED', 0, 30), reported('n2', 'RUNNING', 20)];
    const first = planNodeWrites({
      recorded: [recorded('n1', 'RUNNING', 0)],
      reported: rep,
      clusterOver: false,
      closeAt: D(45),
    });
    const applied: RecordedNode[] = [
      ...first.updates.map((u) => ({
        id: u.id,
        providerNodeId: u.id.slice(4),
        state: u.state,
        startedAt: u.startedAt,
        stoppedAt: u.stoppedAt,
      })),
      ...first.creates.map((c) => ({
        id: `row-${c.providerNodeId}`,
        providerNodeId: c.providerNodeId,
        state: c.state,
        startedAt: c.startedAt,
        stoppedAt: c.stoppedAt,
      })),
    ];
    const second = planNodeWrites({
      recorded: applied,
      reported: rep,
      clusterOver: false,
      closeAt: D(50),
    });
    expect(summary(second)).toEqual([]);
  });
});
