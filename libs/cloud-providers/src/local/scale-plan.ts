/**
 * How one deployment's replicas get to the wanted count — a pure plan the supervisor carries out:
 * replicas to start (new ones, or successors for heavyweight in-place replacements) and replicas
 * to drain. Counting follows the sim: a replica with a successor under way does not count, its
 * successor does (so a replacement never changes capacity).
 *
 * Victims of a scale-down: replicas that serve nothing first (STARTING, UNHEALTHY), then the
 * newest ready ones; successors last.
 */
import type { LocalDeploymentRecord, LocalReplicaRecord } from './records';

export interface DeploymentPlan {
  /** One entry per replica to start: `replaces` names the replica it succeeds, if any. */
  start: { replaces: string | null }[];
  drain: string[];
}

const NOT_SERVING: ReadonlySet<string> = new Set(['STARTING', 'UNHEALTHY']);

export function planDeployment(
  deployment: LocalDeploymentRecord,
  /** This deployment's replicas that are not STOPPED. */
  replicas: LocalReplicaRecord[],
  /** The cluster's pending heavyweight replacements. */
  replacing: string[],
): DeploymentPlan {
  const active = replicas.filter((r) => r.state !== 'DRAINING');
  const successorOf = new Map(
    active.filter((r) => r.replaces !== null).map((r) => [r.replaces!, r.replicaId]),
  );
  const start: DeploymentPlan['start'] = [];
  for (const id of replacing) {
    if (active.some((r) => r.replicaId === id) && !successorOf.has(id)) {
      start.push({ replaces: id });
      successorOf.set(id, '(planned)');
    }
  }
  const counted = active.filter((r) => !successorOf.has(r.replicaId));
  // Planned successors count like running ones; each one took its predecessor's place.
  const count = counted.length + start.length;
  for (let i = count; i < deployment.desired; i++) start.push({ replaces: null });
  const drain: string[] = [];
  if (count > deployment.desired) {
    const rank = (r: LocalReplicaRecord) =>
      r.replaces !== null ? 2 : NOT_SERVING.has(r.state) ? 0 : 1;
    const victims = [...counted].sort((a, b) => rank(a) - rank(b) || b.ordinal - a.ordinal);
    for (const v of victims.slice(0, count - deployment.desired)) drain.push(v.replicaId);
  }
  return { start, drain };
}
