/** GCP errors → ProviderError with a message that says what to do (the rollout shows it as the reason). */
import { ProviderError } from '../port';
import { gcpErrorCode, gcpErrorKind } from './error-codes';

export interface GcpCallContext {
  /** The Compute Engine method, e.g. `instances.insert`. */
  action: string;
  projectId: string;
  zone: string;
  machineType?: string;
  gpu?: string | null;
}

/** A ProviderError that keeps the Compute Engine code it was mapped from. */
export class GcpProviderError extends ProviderError {
  constructor(
    kind: ProviderError['kind'],
    message: string,
    readonly code: string,
  ) {
    super(kind, message);
  }
}

/** A zone operation that finished with errors, as an error carrying the first code. */
export class GcpOperationError extends Error {
  constructor(
    readonly operationErrorCode: string,
    message: string,
  ) {
    super(message);
    this.name = 'GcpOperationError';
  }
}

function hint(code: string, ctx: GcpCallContext): string {
  if (code === 'conditionNotMet')
    return 'the instance changed while Switchyard updated it (fingerprint mismatch); it is retried';
  const what = `${ctx.machineType ?? 'the machine type'}${ctx.gpu ? ` with ${ctx.gpu}` : ''}`;
  switch (gcpErrorKind(code)) {
    case 'capacity':
      return `GCP has no ${what} capacity in ${ctx.zone} right now: retry later, register a cloud in another zone, or choose another machine type in the compute config`;
    case 'quota':
      return `a quota of project ${ctx.projectId} is too low for ${what} (CPUS, GPUS_ALL_REGIONS or the GPU model's quota in the region): request an increase under IAM & Admin → Quotas, or lower max_nodes / the replica counts`;
    case 'permission':
      return `the service account may not call ${ctx.action} in project ${ctx.projectId}: enable the Compute Engine API and grant the roles listed in libs/cloud-providers/README.md`;
    case 'not_found':
      return ctx.action === 'instances.insert'
        ? `check the cloud's project, zone, network and subnetwork settings, and the boot image`
        : '';
    case 'throttled':
      return 'Compute Engine kept throttling the request after retries with backoff; it is retried on the next attempt';
    case 'unavailable':
      return 'Compute Engine or the network did not answer; it is retried on the next attempt';
    default:
      return '';
  }
}

const clip = (text: string, max = 300) => (text.length > max ? `${text.slice(0, max)}…` : text);

export function gcpProviderError(error: unknown, ctx: GcpCallContext): ProviderError {
  if (error instanceof ProviderError) return error;
  const code = gcpErrorCode(error);
  const gcpMessage = error instanceof Error ? error.message : String(error);
  const advice = hint(code, ctx);
  let kind = gcpErrorKind(code);
  // A missing network, subnetwork or image on insert is a mistake in the cloud record, not a missing cluster.
  if (kind === 'not_found' && ctx.action === 'instances.insert') kind = 'invalid_request';
  return new GcpProviderError(
    kind,
    `GCP ${ctx.action} failed with ${code}: ${clip(gcpMessage)}${advice ? `. ${advice}` : ''}`,
    code,
  );
}
