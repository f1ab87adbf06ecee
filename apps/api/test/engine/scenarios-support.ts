import { createSimProvider, FileSimStore } from '@switchyard/cloud-providers';
import type { ReplicaTarget } from '@switchyard/rollout';
import { RoutingPublisher } from '@switchyard/routing';
import { eventually } from '@switchyard/testing';
import { app, type EngineHarness, fastRollout } from './engine-harness';

/**
 * Helpers for the scenarios-*.spec.ts files: what the three observers of a rollout show
 * (service status in the API, the routing table gateways read from Redis, the sim cloud's own
 * state), sampled by polling with a deadline. engine-harness.ts is shared and not ours to edit.
 */

/** Deploys a first version and waits until it serves (every scenario is an update of it). */
export async function firstVersion(h: EngineHarness, service: string, config: Record<string, unknown> = { applications: [app(2)] }) {
  const res = await h.deploy(service, { rollout: fastRollout, ...config });
  expect(res.status).toBe(202);
  await h.waitForState(service, res.body.rollout.id, 'SUCCEEDED');
  return res.body;
}

/** The routing table's entry for a service of project `shop`: version name → weight (null: no entry). */
export async function routedWeights(h: EngineHarness, service: string): Promise<Record<string, number> | null> {
  const table = await new RoutingPublisher(h.api.redis, h.api.config.REDIS_PREFIX).snapshot();
  const entry = table.bySlug(`${service}--shop`);
  if (!entry) return null;
  return Object.fromEntries(entry.versions.map((v) => [`${v.name}/${v.role}`, v.weight]));
}

/** What the sim cloud runs for a version right now: its cluster's target per deployment (null: no cluster). */
export async function simCluster(h: EngineHarness, versionId: string) {
  const sim = createSimProvider({ store: new FileSimStore(h.simDir), clock: Date.now });
  const state = await sim.snapshot();
  const cluster = Object.values(state.clusters).find((c) => c.labels.versionId === versionId);
  if (!cluster) return null;
  return {
    terminated: cluster.terminatedAt !== null,
    failed: cluster.failureReason !== null,
    compute: cluster.compute,
    targets: cluster.deployments.map((d) => d.target) as ReplicaTarget[],
  };
}

/** The canary percentages of every TRAFFIC_SHIFTED event (the rollout's own, complete record). */
export function shiftedCanaryPercents(events: { type: string; reason: string }[]): number[] {
  return events
    .filter((e) => e.type === 'TRAFFIC_SHIFTED')
    .map((e) => {
      const m = /→ canary (\d+) %/.exec(e.reason);
      if (!m) throw new Error(`unparsable TRAFFIC_SHIFTED reason: ${e.reason}`);
      return Number(m[1]);
    });
}

/** Appends `value` to `seq` unless it equals the last entry: the distinct values in the order seen. */
export function record<T>(seq: T[], value: T): void {
  const last = seq[seq.length - 1];
  if (seq.length === 0 || JSON.stringify(last) !== JSON.stringify(value)) seq.push(value);
}

/**
 * Polls `sample` every `intervalMs` until `done` holds (deadline); returns the last sample.
 * The API allows 600 requests a minute per token (RATE_LIMIT_PER_MINUTE), and a 429 inside
 * `eventually` is retried silently, so a poll loop must stay well below 10 API calls a second.
 */
export async function sampleUntil<T>(sample: () => Promise<T>, done: (s: T) => boolean, timeoutMs: number, intervalMs = 100): Promise<T> {
  return eventually(async () => {
    const s = await sample();
    return done(s) ? s : undefined;
  }, timeoutMs, intervalMs);
}

/** The rollout's state straight from Postgres (no API call, so no rate limit spent on it). */
export async function rolloutState(h: EngineHarness, rolloutId: string): Promise<string> {
  return (await h.api.db.rollout.findUniqueOrThrow({ where: { id: rolloutId }, select: { state: true } })).state;
}

/**
 * Keeps sampling for `windowMs` and hands every sample to `check` (which asserts): "this stays
 * true for a while". Not a blind sleep: every sample is checked, and it fails at the first bad one.
 */
export async function holdsFor<T>(sample: () => Promise<T>, check: (s: T) => void, windowMs: number): Promise<number> {
  const until = Date.now() + windowMs;
  let samples = 0;
  while (Date.now() < until) {
    check(await sample());
    samples++;
    await new Promise((r) => setTimeout(r, 100));
  }
  return samples;
}
