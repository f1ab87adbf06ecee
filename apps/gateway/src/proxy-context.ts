import type { Logger } from '@switchyard/platform';
import type { RoutingTable, TrafficAccumulator } from '@switchyard/routing';
import type { GatewayConfig } from './config';
import type { GatewayMetrics } from './metrics';
import type { ReplicaBalancer } from './replica-balancer';
import type { UpstreamPools } from './upstream-pools';

/** What the HTTP and WebSocket proxies share: the gateway's state, built once in gateway.ts. */
export interface ProxyContext {
  /** The current routing table (swapped atomically by the subscriber). */
  table: () => RoutingTable;
  balancer: ReplicaBalancer;
  pools: UpstreamPools;
  metrics: GatewayMetrics;
  traffic: TrafficAccumulator;
  config: GatewayConfig;
  /** [0, 1): the weighted version draw (injectable for tests). */
  random: () => number;
  logger: Logger;
}

/** Milliseconds within which a service must start answering. */
export function requestTimeoutMs(
  config: GatewayConfig,
  entry: { requestTimeoutS?: number | undefined },
): number {
  return (entry.requestTimeoutS ?? config.GATEWAY_REQUEST_TIMEOUT_S) * 1000;
}

/**
 * How long a request may wait for a replica slot. Every replica at its cap (overload): the
 * short queue wait, then 503. No replica ready at all (scaled to zero, starting): until the
 * request's deadline — the queued request is what the autoscaler sees, and a cold start takes
 * longer than an overload queue should.
 */
export function queueWaitMs(ctx: ProxyContext, deploymentKey: string, remainingMs: number): number {
  if (!ctx.balancer.hasRoutable(deploymentKey)) return remainingMs;
  return Math.min(ctx.config.GATEWAY_QUEUE_MAX_WAIT_MS, remainingMs);
}
