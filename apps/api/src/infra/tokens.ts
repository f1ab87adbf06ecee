/** Nest injection tokens for the infrastructure the API is wired to. */
export const DB = Symbol('Db');
export const REDIS = Symbol('Redis');
export const CONFIG = Symbol('ApiConfig');
export const LOGGER = Symbol('Logger');
export const METRICS = Symbol('MetricsRegistry');
export const SECRET_BOX = Symbol('SecretBox');
export const CLOCK = Symbol('Clock');
export const JOBS = Symbol('JobQueue');
/** Enqueues a rollout's tick as the head of its one chain of ticks (libs/jobs TickChain). */
export const TICKS = Symbol('TickChain');
/** Checks an AWS/GCP cloud record against its provider before it is saved (a DryRun call). */
export const CLOUD_VALIDATOR = Symbol('CloudValidator');
