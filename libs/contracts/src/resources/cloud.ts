import { z } from 'zod';
import { resourceName, timestamp, uuid } from './common';

export const CLOUD_PROVIDERS = ['LOCAL', 'AWS', 'GCP', 'SIM'] as const;

export const cloudSchema = z
  .object({
    id: uuid,
    name: z.string(),
    provider: z.enum(CLOUD_PROVIDERS),
    region: z.string(),
    zone: z.string().nullable(),
    settings: z.record(z.string(), z.unknown()),
    has_credentials: z.boolean().describe('Credentials are write-only: never returned.'),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .meta({ id: 'Cloud' });

const awsCredentials = z.strictObject({
  access_key_id: z.string().regex(/^[A-Z0-9]{16,128}$/, 'an AWS access key id'),
  secret_access_key: z.string().min(16).max(256),
  role_arn: z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/).optional(),
});
const gcpCredentials = z.strictObject({
  service_account_json: z.string().min(2).max(20000),
});

const awsSettings = z.strictObject({
  subnet_id: z.string().optional(),
  security_group_ids: z.array(z.string()).max(16).optional(),
  ami_id: z.string().optional(),
  key_name: z.string().optional(),
});
const gcpSettings = z.strictObject({
  project_id: z.string().optional(),
  network: z.string().optional(),
  subnetwork: z.string().optional(),
  service_account_email: z.string().optional(),
});

const region = z.string().min(1).max(64).regex(/^[a-z0-9-]+$/);

/** A discriminated union on `provider`: each provider's credentials and settings have their own shape. */
export const createCloudBody = z.discriminatedUnion('provider', [
  z.strictObject({
    provider: z.literal('LOCAL'),
    name: resourceName,
    region: region.default('local'),
    zone: z.string().max(64).optional(),
    settings: z.strictObject({}).default({}),
  }),
  z.strictObject({
    /** The simulated cloud; refused unless the installation enables it (tests, benchmarks). */
    provider: z.literal('SIM'),
    name: resourceName,
    region: region.default('sim'),
    zone: z.string().max(64).optional(),
    settings: z.strictObject({}).default({}),
  }),
  z.strictObject({
    provider: z.literal('AWS'),
    name: resourceName,
    region,
    zone: z.string().max(64).optional(),
    settings: awsSettings.default({}),
    credentials: awsCredentials,
  }),
  z.strictObject({
    provider: z.literal('GCP'),
    name: resourceName,
    region,
    zone: z.string().max(64).optional(),
    settings: gcpSettings.default({}),
    credentials: gcpCredentials,
  }),
]);
export type CreateCloudBody = z.infer<typeof createCloudBody>;

/** Updates keep the provider; credentials are replaced whole (rotation) when given. */
export const updateCloudBody = z.strictObject({
  region: region.optional(),
  zone: z.string().max(64).nullable().optional(),
  settings: z.record(z.string(), z.unknown()).optional(),
  credentials: z.record(z.string(), z.unknown()).optional(),
});

export const providerShapes = {
  AWS: { credentials: awsCredentials, settings: awsSettings },
  GCP: { credentials: gcpCredentials, settings: gcpSettings },
  LOCAL: { credentials: z.never(), settings: z.strictObject({}) },
  SIM: { credentials: z.never(), settings: z.strictObject({}) },
} as const;

export const cloudParams = z.strictObject({ cloud: resourceName });
