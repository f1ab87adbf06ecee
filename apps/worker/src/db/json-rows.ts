import type {
  Cloud,
  Cluster,
  ComputeConfig,
  Rollout,
  RolloutCommand,
  Service,
  ServiceVersion,
} from '@switchyard/db';

/**
 * Rows read by hand-written hot-path SQL as `row_to_json(…)`, mapped back to the types Prisma
 * returns for them. JSON has no dates or bytes: `timestamp(3)` columns arrive as UTC wall time
 * without a zone (Prisma's convention for them), `bytea` as `\x…` hex. Everything else is
 * already the type Prisma returns (strings, numbers, booleans, enums as strings, Json columns
 * as values). Each reader's spec compares its result with Prisma's own for the same rows, so a
 * date or bytes column added to a model and not mapped here fails a test.
 */
/** A model's row as `row_to_json` writes it. */
export type Json<T> = {
  [K in keyof T]: T[K] extends Date
    ? string
    : T[K] extends Date | null
      ? string | null
      : T[K] extends Uint8Array | null
        ? string | null
        : T[K];
};
const date = (value: string) => new Date(`${value}Z`);
const dateOrNull = (value: string | null) => (value === null ? null : date(value));
const bytesOrNull = (value: string | null) =>
  value === null ? null : new Uint8Array(Buffer.from(value.slice(2), 'hex'));

export const rolloutOf = (r: Json<Rollout>): Rollout => ({
  ...r,
  deadline: date(r.deadline),
  createdAt: date(r.createdAt),
  updatedAt: date(r.updatedAt),
  finishedAt: dateOrNull(r.finishedAt),
});
export const serviceOf = (s: Json<Service>): Service => ({
  ...s,
  createdAt: date(s.createdAt),
  updatedAt: date(s.updatedAt),
});
export const cloudOf = (c: Json<Cloud>): Cloud => ({
  ...c,
  credentialsEncrypted: bytesOrNull(c.credentialsEncrypted),
  createdAt: date(c.createdAt),
  updatedAt: date(c.updatedAt),
});
export const computeConfigOf = (c: Json<ComputeConfig>): ComputeConfig => ({
  ...c,
  createdAt: date(c.createdAt),
});
export const clusterOf = (c: Json<Cluster>): Cluster => ({
  ...c,
  createdAt: date(c.createdAt),
  terminatedAt: dateOrNull(c.terminatedAt),
  nodesSettledAt: dateOrNull(c.nodesSettledAt),
});
export const commandOf = (c: Json<RolloutCommand>): RolloutCommand => ({
  ...c,
  createdAt: date(c.createdAt),
  consumedAt: dateOrNull(c.consumedAt),
});
export const versionOf = (v: Json<ServiceVersion>): ServiceVersion => ({
  ...v,
  createdAt: date(v.createdAt),
  updatedAt: date(v.updatedAt),
});
