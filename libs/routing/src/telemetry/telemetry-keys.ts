import { assertRedisPrefix } from '../redis-keys';

/**
 * Where gateways leave their live figures in Redis, next to the routing table and under the same
 * installation prefix. Everything here is short-lived (TTL): losing it loses a few seconds of a
 * chart and of autoscaling input, never state (DESIGN.md "Running beyond one machine").
 */
export interface TelemetryKeys {
  /** Sorted set: gatewayId → epoch ms of its last load report (an index; liveness is the TTL below). */
  gateways: string;
  /** Hash per gateway, with a TTL of a few report intervals: serviceId → that service's loads. */
  loads(gatewayId: string): string;
  /** Hash per service and epoch second, kept for the window: `<versionId>|<counter>` → count. */
  traffic(serviceId: string, second: number): string;
}

export function telemetryKeys(prefix: string): TelemetryKeys {
  assertRedisPrefix(prefix);
  return {
    gateways: `${prefix}:telemetry:gateways`,
    loads: (gatewayId) => `${prefix}:telemetry:loads:${gatewayId}`,
    traffic: (serviceId, second) => `${prefix}:telemetry:traffic:${serviceId}:${second}`,
  };
}
