/**
 * From a cloud record to its adapter, and the check the API runs before saving a record. The VM
 * adapters are bound to one record each (describe/scale/terminate name no cloud, and credentials
 * and region differ per record), so the worker keeps one adapter per cloud record.
 */
import { createAwsProvider, validateAwsCloud, type AwsProviderOptions } from './aws';
import type { CloudValidation } from './cloud-validation';
import { createGcpProvider, validateGcpCloud, type GcpProviderOptions } from './gcp';
import { ProviderError, type CloudProvider, type CloudSpec } from './port';

/** Options of either adapter; each takes the ones it knows. */
export type CloudAdapterOptions = Omit<AwsProviderOptions, 'cloud'> &
  Omit<GcpProviderOptions, 'cloud'>;

/** The adapter of an AWS or GCP cloud record (credentials decrypted); throws `invalid_request` for a bad record. */
export function createCloudAdapter(
  cloud: CloudSpec,
  options: CloudAdapterOptions = {},
): CloudProvider {
  switch (cloud.provider) {
    case 'AWS':
      return createAwsProvider({ ...options, cloud });
    case 'GCP':
      return createGcpProvider({ ...options, cloud });
    default:
      throw new ProviderError(
        'invalid_request',
        `${cloud.provider} clouds are not served by a VM adapter`,
        false,
      );
  }
}

/** `validateAwsCloud` / `validateGcpCloud` by provider; LOCAL and SIM records need no check. */
export function validateCloud(cloud: CloudSpec): Promise<CloudValidation> {
  switch (cloud.provider) {
    case 'AWS':
      return validateAwsCloud(cloud);
    case 'GCP':
      return validateGcpCloud(cloud);
    default:
      return Promise.resolve({ ok: true });
  }
}
