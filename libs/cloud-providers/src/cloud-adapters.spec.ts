import { createCloudAdapter, validateCloud } from './cloud-adapters';
import { AWS_TEST_CLOUD } from './aws/testing/fixtures';
import { GCP_TEST_CLOUD } from './gcp/testing/fixtures';

describe('cloud adapters by cloud record', () => {
  it('AWS and GCP records get their adapter; others are refused as invalid_request', () => {
    expect(createCloudAdapter(AWS_TEST_CLOUD).kind).toBe('aws');
    expect(createCloudAdapter(GCP_TEST_CLOUD).kind).toBe('gcp');
    expect(() =>
      createCloudAdapter({
        provider: 'LOCAL',
        region: 'local',
        zone: null,
        settings: {},
        credentials: null,
      }),
    ).toThrow(expect.objectContaining({ kind: 'invalid_request', retryable: false }));
  });

  it('a record without usable credentials is refused when its adapter is made', () => {
    expect(() => createCloudAdapter({ ...AWS_TEST_CLOUD, credentials: null })).toThrow(
      expect.objectContaining({ kind: 'invalid_request' }),
    );
  });

  it('LOCAL and SIM records need no validation', async () => {
    expect(
      await validateCloud({
        provider: 'SIM',
        region: 'sim',
        zone: null,
        settings: {},
        credentials: null,
      }),
    ).toEqual({ ok: true });
  });
});
