import type { NodeInfo } from '@switchyard/cloud-providers';

/** A node as recorded in Postgres (the columns the sync compares). */
export interface RecordedNode {
  id: string;
  providerNodeId: string;
  state: 'PENDING' | 'RUNNING' | 'STOPPED';
  startedAt: Date | null;
  stoppedAt: Date | null;
}

export interface NodeCreate {
  providerNodeId: string;
  role: NodeInfo['role'];
  groupName: string;
  instanceType: string;
  gpuType: string | null;
  gpuCount: number;
  state: NodeInfo['state'];
  startedAt: Date | null;
  stoppedAt: Date | null;
}

export interface NodeUpdate {
  id: string;
  state: RecordedNode['state'];
  startedAt: Date | null;
  stoppedAt: Date | null;
}

export interface NodePlan {
  creates: NodeCreate[];
  updates: NodeUpdate[];
  /** Every node of the cluster has a stop time and the cluster is over: never look again. */
  settled: boolean;
}

const dateOf = (ms: number | null): Date | null => (ms === null ? null : new Date(ms));

/**
 * What to write so the recorded nodes match what the provider reports — and nothing when they
 * already do, which is what makes the sync idempotent (running it twice changes nothing).
 *
 * Rules, chosen for billing (which meters startedAt → stoppedAt per second):
 * - the first start and stop times recorded win: a provider that later reports a different
 *   start (a restarted describe, clock skew) cannot move a metered interval;
 * - a stopped node never becomes running again (a provider reuses no node id);
 * - a recorded node the provider no longer reports has gone: it stops at `closeAt` (the
 *   cluster's termination time when there is one, else now) — billing would rather close an
 *   interval than meter a node nobody can see forever.
 *
 * - a stop time is taken only once the provider reports the node STOPPED.
 *
 * Worked example: recorded `[n1 RUNNING since 10:00]`, reported `[n1 STOPPED 10:30, n2 RUNNING
 * since 10:20]` → update n1 to STOPPED at 10:30, create n2; a second run plans nothing.
 */
export function planNodeWrites(args: {
  recorded: RecordedNode[];
  reported: NodeInfo[];
  clusterOver: boolean;
  closeAt: Date;
}): NodePlan {
  const recordedById = new Map(args.recorded.map((n) => [n.providerNodeId, n]));
  const reportedIds = new Set(args.reported.map((n) => n.providerNodeId));
  const creates: NodeCreate[] = [];
  const updates: NodeUpdate[] = [];
  let open = 0;

  for (const raw of args.reported) {
    // A stop time counts once the node has stopped (a provider may announce a future stop
    // while a node drains); a stopped node without one stops now.
    const node = {
      ...raw,
      stoppedAt: raw.state === 'STOPPED' ? (raw.stoppedAt ?? args.closeAt.getTime()) : null,
    };
    const existing = recordedById.get(node.providerNodeId);
    if (!existing) {
      creates.push({
        providerNodeId: node.providerNodeId,
        role: node.role,
        groupName: node.groupName,
        instanceType: node.instanceType,
        gpuType: node.gpuType,
        gpuCount: node.gpuCount,
        state: node.state,
        startedAt: dateOf(node.startedAt),
        stoppedAt: dateOf(node.stoppedAt),
      });
      if (node.stoppedAt === null) open++;
      continue;
    }
    const next: NodeUpdate = {
      id: existing.id,
      state: existing.state === 'STOPPED' ? 'STOPPED' : node.state,
      startedAt: existing.startedAt ?? dateOf(node.startedAt),
      stoppedAt: existing.stoppedAt ?? dateOf(node.stoppedAt),
    };
    if (next.stoppedAt === null) open++;
    if (
      next.state !== existing.state ||
      next.startedAt?.getTime() !== existing.startedAt?.getTime() ||
      next.stoppedAt?.getTime() !== existing.stoppedAt?.getTime()
    ) {
      updates.push(next);
    }
  }

  for (const node of args.recorded) {
    if (reportedIds.has(node.providerNodeId) || node.stoppedAt !== null) continue;
    updates.push({
      id: node.id,
      state: 'STOPPED',
      startedAt: node.startedAt,
      stoppedAt: args.closeAt,
    });
  }

  return { creates, updates, settled: args.clusterOver && open === 0 };
}
