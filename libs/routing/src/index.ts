// The routing table contract between the control plane (writers) and the gateways (readers).
// DESIGN.md "The flow of one deploy", step 3.
export * from './routing-entry';
export * from './routing-table';
export type { DeepReadonly } from './deep-freeze';
export { routingKeys, type RoutingKeys } from './redis-keys';
export { routingChangeMessageSchema, type RoutingChangeMessage } from './change-message';
export { RoutingPublisher, InvalidRoutingDataError, type PublishResult } from './routing-publisher';
export * from './routing-subscriber';
export * from './telemetry';
