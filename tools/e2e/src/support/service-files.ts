/**
 * Service configs for the proofs: the examples' own `service.yaml`, or a variant of one with
 * test-sized timings (rollout schedule and drain, autoscaling delays, env vars), written to a
 * directory of the caller's. The variants change timings only; commands, health checks and
 * replica counts stay the example's unless a test says otherwise.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { REPO_ROOT } from './stack';

export type ExampleName = '1-hello-world' | '2-hello-chat' | '3-llm-chat';

export function examplePath(example: ExampleName): string {
  return path.join(REPO_ROOT, 'examples', example, 'service.yaml');
}

export interface Variant {
  /** Written as `<dir>/<file>`. */
  dir: string;
  file: string;
  versionName?: string;
  /** Each automatic step held this long (the default schedule's percents). */
  holdS?: number;
  /** Explicit steps (percent increasing, last 100). */
  steps?: { percent: number; hold_s: number }[];
  drainS?: number;
  healthFailureThreshold?: number;
  timeoutS?: number;
  env?: Record<string, string>;
  /** Merged into every deployment of every application. */
  deployment?: Record<string, unknown>;
  /** Replaces every application's command. */
  command?: string;
}

/** The parts of a service.yaml a variant touches; the rest is carried through untouched. */
interface YamlConfig {
  version_name?: string;
  env_vars?: Record<string, string>;
  rollout?: Record<string, unknown>;
  applications: { command?: string; deployments: Record<string, unknown>[] }[];
}

const DEFAULT_PERCENTS = [5, 10, 20, 30, 50, 75, 100];

/** Writes a variant of `source` (a service.yaml path) and returns its path. */
export function writeVariant(source: string, variant: Variant): string {
  const config = parse(readFileSync(source, 'utf8')) as YamlConfig;
  if (variant.versionName) config.version_name = variant.versionName;
  const rollout = (config.rollout ??= {}) as Record<string, unknown>;
  if (variant.steps) rollout.schedule = variant.steps;
  else if (variant.holdS !== undefined)
    rollout.schedule = DEFAULT_PERCENTS.map((percent) => ({ percent, hold_s: variant.holdS }));
  if (variant.drainS !== undefined) rollout.drain_s = variant.drainS;
  if (variant.healthFailureThreshold !== undefined)
    rollout.health_failure_threshold = variant.healthFailureThreshold;
  if (variant.timeoutS !== undefined) rollout.timeout_s = variant.timeoutS;
  if (variant.env) config.env_vars = { ...config.env_vars, ...variant.env };
  for (const app of config.applications) {
    if (variant.command) app.command = variant.command;
    for (const deployment of app.deployments) Object.assign(deployment, variant.deployment ?? {});
  }
  const target = path.join(variant.dir, variant.file);
  writeFileSync(target, stringify(config));
  return target;
}
