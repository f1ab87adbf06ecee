/** How the local provider is built, and the timings it runs on (all overridable for tests). */
import type { LocalReplicaStore } from './store';
import type {
  LocalClusterSettingsSource,
  LocalProviderLogger,
  OngoingRequestsSource,
  SupervisorLease,
} from './ports';
import type { AutoscalingPolicy } from './records';

export interface LocalTimings {
  /** Supervisor round: liveness, spawns, signals, health checks due. Default 250 ms. */
  tickMs: number;
  /** A removed replica is reported draining this long before SIGTERM (≥ the gateways' reaction). Default 30 s. */
  drainPeriodMs: number;
  /** SIGTERM → SIGKILL, unless the deployment sets graceful_shutdown_timeout_s. Default 20 s (Ray Serve's). */
  gracefulShutdownMs: number;
  /** Restart backoff: base · 2^(streak−1), capped. Defaults 1 s and 60 s. */
  restartBackoffBaseMs: number;
  restartBackoffMaxMs: number;
  /** A replica ready this long has recovered: its backoff streak starts over. Default 60 s. */
  backoffResetMs: number;
  /** A STARTING replica is checked this often (or every period_s if shorter). Default 500 ms. */
  startupCheckMs: number;
  /** Consecutive failed checks that make a READY replica UNHEALTHY (restarted). Default 3. */
  failureThreshold: number;
  /** A replica that never passes a check within this is restarted. Default 10 min (models load slowly). */
  startupTimeoutMs: number;
  /** Crashes in a row after which the application is reported unhealthy. Default 3. */
  crashLoopThreshold: number;
  /** How often autoscaling decisions are taken. Default 1 s. */
  autoscaleIntervalMs: number;
  /** A supervisor that lost (or never had) the lease tries again this often. Default 2 s. */
  leaseRetryMs: number;
  /** How long cluster settings (autoscaling policies, app env) are cached. Default 5 s. */
  settingsTtlMs: number;
  /** Rotate a replica's log file beyond this size. Default 5 MiB. */
  logMaxBytes: number;
  /** How often log sizes are checked. Default 1 s. */
  logCheckMs: number;
}

export const DEFAULT_LOCAL_TIMINGS: LocalTimings = {
  tickMs: 250,
  drainPeriodMs: 30_000,
  gracefulShutdownMs: 20_000,
  restartBackoffBaseMs: 1_000,
  restartBackoffMaxMs: 60_000,
  backoffResetMs: 60_000,
  startupCheckMs: 500,
  failureThreshold: 3,
  startupTimeoutMs: 600_000,
  crashLoopThreshold: 3,
  autoscaleIntervalMs: 1_000,
  leaseRetryMs: 2_000,
  settingsTtlMs: 5_000,
  logMaxBytes: 5 * 1024 * 1024,
  logCheckMs: 1_000,
};

/** The service config's defaults (libs/service-config CONFIG_DEFAULTS.autoscaling). */
export const DEFAULT_LOCAL_AUTOSCALING: AutoscalingPolicy = {
  targetOngoingRequests: 2,
  upscaleDelayS: 30,
  downscaleDelayS: 600,
};

export interface LocalProviderOptions {
  store: LocalReplicaStore;
  lease: SupervisorLease;
  /** Replica logs live under `<stateDir>/logs`. */
  stateDir: string;
  /** Where replica commands run; recorded per cluster at provisioning. Default: process.cwd(). */
  workingDir?: string;
  ongoingRequests?: OngoingRequestsSource;
  settings?: LocalClusterSettingsSource;
  logger?: LocalProviderLogger;
  clock?: () => number;
  timings?: Partial<LocalTimings>;
  /** Used when neither the settings source nor the config says otherwise. */
  defaultAutoscaling?: AutoscalingPolicy;
  /** Start the supervisor loop at once (default true). False: call `supervisor.start()` later. */
  supervise?: boolean;
}

/** Exponential restart backoff: 1 s, 2 s, 4 s … capped (Ray Serve's controller does the same). */
export function restartBackoffMs(
  streak: number,
  t: Pick<LocalTimings, 'restartBackoffBaseMs' | 'restartBackoffMaxMs'>,
): number {
  const exponent = Math.max(0, Math.min(streak - 1, 30));
  return Math.min(t.restartBackoffBaseMs * 2 ** exponent, t.restartBackoffMaxMs);
}
