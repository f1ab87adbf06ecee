/**
 * Every default the service config fills in, in one place so the docs, the CLI and the tests
 * quote the same numbers. Values follow Ray Serve / Anyscale where those publish one.
 */
export const CONFIG_DEFAULTS = {
  /** Anyscale services require a query token unless told otherwise. */
  query_auth_token_enabled: true,
  /** A deployment with neither `num_replicas` nor `autoscaling_config` runs one replica. */
  num_replicas: 1,
  /** Ray Serve's default `max_ongoing_requests`. */
  max_ongoing_requests: 5,
  health_check_path: '/healthz',
  /** Ray Serve's defaults for `health_check_period_s` / `health_check_timeout_s`. */
  health_check_period_s: 10,
  health_check_timeout_s: 30,
  /** Ray Serve's default `graceful_shutdown_timeout_s`. */
  graceful_shutdown_timeout_s: 20,
  autoscaling: {
    /** Ray Serve's default load target per replica. */
    target_ongoing_requests: 2,
    upscale_delay_s: 30,
    downscale_delay_s: 600,
  },
  rollout: {
    /** Anyscale: rollouts that do not complete within 120 minutes time out and roll back. */
    timeout_s: 7200,
    health_failure_threshold: 3,
    drain_s: 30,
  },
} as const;

/**
 * `initial_replicas` when not given: `min_replicas`, but at least 1 so that a scale-to-zero
 * deployment still has a replica to pass its first health check (a rollout waits for that).
 */
export function defaultInitialReplicas(minReplicas: number): number {
  return Math.max(minReplicas, 1);
}

/** Upper bounds: a typo like `num_replicas: 10000` should be a validation error, not a bill. */
export const CONFIG_LIMITS = {
  applications: 20,
  deploymentsPerApplication: 50,
  replicas: 1000,
  maxOngoingRequests: 10_000,
  envVars: 256,
  workerGroups: 20,
  scheduleSteps: 20,
  /** The routing entry's bound for `requestTimeoutS` (libs/routing): one hour. */
  requestTimeoutS: 3600,
} as const;
