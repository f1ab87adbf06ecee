import type { CloudSpec } from '@switchyard/cloud-providers';
import type { CloudValidator } from '../app.module';
import { AppError } from '../http/app-error';

/**
 * An AWS or GCP record is checked against the cloud before it is saved — a DryRun launch or a
 * read-only call with the given credentials — so a wrong key or a missing permission is
 * refused at registration with the cloud's reason, not discovered by the first rollout. The
 * check runs outside any transaction (it is a network call) and saves nothing.
 */
export async function checkCloudRecord(validate: CloudValidator, spec: CloudSpec): Promise<void> {
  if (spec.provider !== 'AWS' && spec.provider !== 'GCP') return;
  const result = await validate(spec);
  if (result.ok) return;
  const path =
    result.kind === 'permission' || result.kind === 'invalid_request' ? 'body.credentials' : 'body';
  throw new AppError(
    'unprocessable',
    `the ${spec.provider} cloud refused these settings (${result.kind}): ${result.message}`,
    [{ path, message: result.message }],
  );
}
