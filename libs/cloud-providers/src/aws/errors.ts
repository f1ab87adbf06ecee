/**
 * AWS errors → ProviderError with a message that says what to do about it: a capacity error
 * ends a canary, and its message is the reason users read in the rollout's timeline.
 */
import { ProviderError } from '../port';
import { awsErrorCode, awsErrorKind } from './error-codes';

export interface AwsCallContext {
  /** The EC2/STS action, e.g. `RunInstances`. */
  action: string;
  region: string;
  instanceType?: string;
  subnetId?: string;
  market?: 'spot' | 'on-demand';
}

/** Service Quotas' name of the quota an instance type counts against. */
export function vcpuQuotaName(
  instanceType: string | undefined,
  market: 'spot' | 'on-demand' = 'on-demand',
): string {
  const family = (instanceType ?? '').split('.')[0] ?? '';
  const klass = /^(g|vt)/.test(family)
    ? 'G and VT'
    : family.startsWith('p')
      ? 'P'
      : 'Standard (A, C, D, H, I, M, R, T, Z)';
  return market === 'spot'
    ? `All ${klass} Spot Instance Requests`
    : `Running On-Demand ${klass} instances`;
}

function hint(code: string, ctx: AwsCallContext): string {
  const type = ctx.instanceType ?? 'the requested instance type';
  const where = ctx.subnetId ? `in subnet ${ctx.subnetId}'s Availability Zone` : `in ${ctx.region}`;
  switch (code) {
    case 'InsufficientInstanceCapacity':
    case 'InsufficientCapacity':
    case 'InsufficientHostCapacity':
    case 'InsufficientReservedInstanceCapacity':
      return `AWS has no ${type} capacity ${where} right now: retry later, use a subnet in another Availability Zone (cloud setting subnet_id), or choose another instance type in the compute config`;
    case 'InsufficientFreeAddressesInSubnet':
      return `subnet ${ctx.subnetId ?? '(default)'} has no free IP addresses: use a larger subnet (cloud setting subnet_id)`;
    case 'SpotMaxPriceTooLow':
      return `spot capacity for ${type} is above the maximum price: launch on demand`;
    case 'InstanceLimitExceeded':
    case 'VcpuLimitExceeded':
    case 'MaxSpotInstanceCountExceeded':
    case 'ResourceLimitExceeded':
      return `the account's "${vcpuQuotaName(ctx.instanceType, ctx.market)}" vCPU quota in ${ctx.region} is too low for ${type}: request an increase in Service Quotas, or lower max_nodes / the replica counts`;
    case 'InvalidAMIID.Malformed':
    case 'InvalidAMIID.NotFound':
    case 'InvalidAMIID.Unavailable':
      return `check the cloud setting ami_id: AMIs are regional and it must exist in ${ctx.region}`;
    case 'InvalidSubnetID.NotFound':
    case 'InvalidSubnetID.Malformed':
      return `check the cloud setting subnet_id: it must exist in ${ctx.region}`;
    case 'InvalidGroup.NotFound':
    case 'InvalidGroupId.Malformed':
    case 'InvalidSecurityGroupID.NotFound':
      return `check the cloud setting security_group_ids: they must exist in the subnet's VPC`;
    case 'InvalidKeyPair.NotFound':
      return `check the cloud setting key_name: the key pair must exist in ${ctx.region}`;
    case 'Unsupported':
      return `${type} is not offered there: use a subnet in another Availability Zone or another instance type`;
    case 'IdempotentParameterMismatch':
      return 'a launch under the same ClientToken had other parameters: the cluster key was reused for another spec';
    case 'OptInRequired':
      return `the account is not subscribed to this offering (or ${ctx.region} is not enabled for it)`;
    default:
      break;
  }
  switch (awsErrorKind(code)) {
    case 'permission':
      return `the cloud's AWS credentials may not call ${ctx.action}: grant the IAM permissions listed in libs/cloud-providers/README.md`;
    case 'throttled':
      return 'AWS kept throttling the request after retries with backoff; it is retried on the next attempt';
    case 'unavailable':
      return 'AWS or the network did not answer; it is retried on the next attempt';
    default:
      return '';
  }
}

/** A ProviderError that keeps the AWS error code it was mapped from. */
export class AwsProviderError extends ProviderError {
  constructor(
    kind: ProviderError['kind'],
    message: string,
    readonly code: string,
  ) {
    super(kind, message);
  }
}

const clip = (text: string, max = 300) => (text.length > max ? `${text.slice(0, max)}…` : text);

export function awsProviderError(error: unknown, ctx: AwsCallContext): ProviderError {
  if (error instanceof ProviderError) return error;
  const code = awsErrorCode(error);
  const awsMessage = error instanceof Error ? error.message : String(error);
  const advice = hint(code, ctx);
  const message = `AWS ${ctx.action} failed with ${code}: ${clip(awsMessage)}${advice ? `. ${advice}` : ''}`;
  return new AwsProviderError(awsErrorKind(code), message, code);
}
