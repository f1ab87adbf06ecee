/**
 * The Compute Engine clients (REST transport: `fallback: true`) and every call the adapter
 * makes through them, with google-gax's own retries off (`retry: null`) so that throttling and
 * transient errors are retried here, with backoff on the injected clock, then typed.
 */
import type { InstancesClient, protos, ZoneOperationsClient } from '@google-cloud/compute';
import { pollUntil, withRetries, type RetryPolicy, type Timing } from '../vm/retry';
import type { GcpCloudConfig } from './cloud-config';
import { gcpErrorCode, isRetryableGcpError } from './error-codes';
import {
  GcpOperationError,
  GcpProviderError,
  gcpProviderError,
  type GcpCallContext,
} from './errors';

export type ComputeClientOptions = NonNullable<ConstructorParameters<typeof InstancesClient>[0]>;
type Operation = protos.google.cloud.compute.v1.IOperation;

export interface ComputeClients {
  instances: InstancesClient;
  operations: ZoneOperationsClient;
}

/** The clients, created on first use. */
export type ComputeClientsLoader = () => Promise<ComputeClients>;

let compute: Promise<typeof import('@google-cloud/compute')> | null = null;

/**
 * @google-cloud/compute takes about two seconds to load (it registers every Compute API):
 * it is loaded on the first GCP call, not by everything that imports this library.
 */
export const loadCompute = () => (compute ??= import('@google-cloud/compute'));

/**
 * Production: the service account key signs the OAuth token. Tests pass `overrides` pointing at
 * a loopback server (`apiEndpoint`, `port`, `protocol: 'http'`) with an auth client that adds no
 * credentials (docs/machine-notes.md, "Compute Engine client against a local server").
 */
export function computeClientOptions(
  config: GcpCloudConfig,
  overrides: Partial<ComputeClientOptions> = {},
): ComputeClientOptions {
  return {
    fallback: true,
    projectId: config.projectId,
    credentials: { client_email: config.clientEmail, private_key: config.privateKey },
    ...overrides,
  };
}

export function computeClients(
  config: GcpCloudConfig,
  overrides: Partial<ComputeClientOptions> = {},
): ComputeClientsLoader {
  let clients: Promise<ComputeClients> | null = null;
  return () =>
    (clients ??= loadCompute().then(({ InstancesClient, ZoneOperationsClient }) => {
      const options = computeClientOptions(config, overrides);
      return {
        instances: new InstancesClient(options),
        operations: new ZoneOperationsClient(options),
      };
    }));
}

/** Per-call options: no gax retries (ours are on the injected clock), a bound on each HTTP call. */
export const CALL_OPTIONS = { retry: null, timeout: 60_000 } as const;

export interface ComputeCalls {
  /** Retries throttling and transient errors (and the codes in `retryAlso`), then maps the error. */
  call<T>(ctx: GcpCallContext, run: () => Promise<T>, retryAlso?: ReadonlySet<string>): Promise<T>;
  /** Like `call`, but an error whose code is in `accept` resolves to null (neither retried nor thrown). */
  tryCall<T>(
    ctx: GcpCallContext,
    run: () => Promise<T>,
    accept: ReadonlySet<string>,
  ): Promise<T | null>;
  /** Waits for a zone operation to be DONE (bounded), and throws its error if it has one. */
  awaitOperation(ctx: GcpCallContext, operation: Operation, timeoutMs: number): Promise<Operation>;
}

export function computeCalls(
  clients: ComputeClientsLoader,
  config: GcpCloudConfig,
  retry: RetryPolicy,
  timing: Timing,
): ComputeCalls {
  const call = async <T>(
    ctx: GcpCallContext,
    run: () => Promise<T>,
    retryAlso?: ReadonlySet<string>,
  ): Promise<T> => {
    const retryable = (e: unknown) =>
      isRetryableGcpError(e) || (retryAlso?.has(gcpErrorCode(e)) ?? false);
    try {
      return await withRetries(run, retryable, retry, timing.sleep);
    } catch (error) {
      const mapped = gcpProviderError(error, ctx);
      if (mapped.retryable && mapped instanceof GcpProviderError)
        throw new GcpProviderError(
          mapped.kind,
          `${mapped.message} (gave up after ${retry.attempts} attempts)`,
          mapped.code,
        );
      throw mapped;
    }
  };
  const tryCall = async <T>(
    ctx: GcpCallContext,
    run: () => Promise<T>,
    accept: ReadonlySet<string>,
  ): Promise<T | null> => {
    const guarded = async (): Promise<T | null> => {
      try {
        return await run();
      } catch (error) {
        if (accept.has(gcpErrorCode(error))) return null; // not retried, not an error
        throw error;
      }
    };
    return call(ctx, guarded);
  };
  return {
    call,
    tryCall,
    async awaitOperation(ctx, operation, timeoutMs) {
      let current = operation;
      const done = await pollUntil(
        `gcp: ${ctx.action} operation ${operation.name}`,
        async () => {
          if (current.status === 'DONE') return current;
          // `wait` returns when the operation is DONE or after about two minutes.
          [current] = await call({ ...ctx, action: 'zoneOperations.wait' }, async () =>
            (await clients()).operations.wait(
              { project: config.projectId, zone: config.zone, operation: current.name! },
              CALL_OPTIONS,
            ),
          );
          return current.status === 'DONE' ? current : undefined;
        },
        { timeoutMs, intervalMs: 1_000, maxIntervalMs: 5_000 },
        timing,
      );
      const first = done.error?.errors?.[0];
      if (first)
        throw gcpProviderError(
          new GcpOperationError(first.code ?? 'UNKNOWN', first.message ?? 'the operation failed'),
          ctx,
        );
      return done;
    },
  };
}
