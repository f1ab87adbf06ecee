/**
 * Runtime lists of the API's enums, for local flag validation (exit 2 before any request).
 * Each list is checked against the generated types in both directions, so a state added to or
 * removed from the API breaks the build here instead of being silently refused or accepted.
 */
import type { RolloutState, ServiceState, TokenScope } from './types';

/** Compiles only when `List` holds every member of `Union` (and nothing else). */
type Exhaustive<Union, List extends readonly Union[]> = [Exclude<Union, List[number]>] extends [
  never,
]
  ? List
  : never;

const serviceStates = [
  'STARTING',
  'RUNNING',
  'ROLLING_OUT',
  'ROLLING_BACK',
  'UNHEALTHY',
  'TERMINATING',
  'TERMINATED',
  'SYSTEM_FAILURE',
] as const;
export const SERVICE_STATES: Exhaustive<ServiceState, typeof serviceStates> = serviceStates;

const tokenScopes = ['READ', 'DEPLOY', 'ADMIN'] as const;
export const TOKEN_SCOPES: Exhaustive<TokenScope, typeof tokenScopes> = tokenScopes;

/** Where a rollout ends; only SUCCEEDED is a success for CI. */
const terminalRolloutStates = [
  'SUCCEEDED',
  'ROLLED_BACK',
  'FAILED',
  'CANCELLED',
] as const satisfies readonly RolloutState[];
export type TerminalRolloutState = (typeof terminalRolloutStates)[number];

export function isTerminalRolloutState(state: RolloutState): state is TerminalRolloutState {
  return (terminalRolloutStates as readonly RolloutState[]).includes(state);
}

export function isServiceState(value: string): value is ServiceState {
  return (SERVICE_STATES as readonly string[]).includes(value);
}

export function isTokenScope(value: string): value is TokenScope {
  return (TOKEN_SCOPES as readonly string[]).includes(value);
}
