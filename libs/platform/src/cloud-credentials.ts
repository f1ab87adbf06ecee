import { z } from 'zod';
import type { SecretBox } from './encryption';

/** A development master key, refused in production: credentials encrypted with it are not secret. */
export const DEVELOPMENT_MASTER_KEY = '0'.repeat(63) + '1';

/** `SWITCHYARD_MASTER_KEY`: 32 bytes, hex or base64. The api seals cloud credentials with it, the worker opens them. */
export const masterKeySchema = z
  .string()
  .default(DEVELOPMENT_MASTER_KEY)
  .refine((key) => /^[0-9a-f]{64}$/i.test(key) || Buffer.from(key, 'base64').length === 32, {
    message: 'must be 32 bytes as 64 hex characters or base64',
  });

/** For an env schema's `.refine`: production must not run on the development key. */
export function realMasterKeyInProduction(env: {
  NODE_ENV: string;
  SWITCHYARD_MASTER_KEY: string;
}): boolean {
  return env.NODE_ENV !== 'production' || env.SWITCHYARD_MASTER_KEY !== DEVELOPMENT_MASTER_KEY;
}

/**
 * Credentials are sealed with AES-256-GCM and bound to their row by (organization, cloud name):
 * a ciphertext copied to another tenant's row does not decrypt. Cloud names cannot change,
 * so the binding stays valid for the row's life.
 */
export function credentialsContext(orgId: string, cloudName: string): string {
  return `cloud:${orgId}:${cloudName}`;
}

export function sealCredentials(
  box: SecretBox,
  orgId: string,
  cloudName: string,
  credentials: unknown,
): Uint8Array<ArrayBuffer> {
  return new Uint8Array(
    box.seal(JSON.stringify(credentials), credentialsContext(orgId, cloudName)),
  );
}

/** The decrypted credentials of a cloud row (the worker hands them to the cloud's adapter). */
export function openCredentials(
  box: SecretBox,
  orgId: string,
  cloudName: string,
  sealed: Uint8Array,
): unknown {
  return JSON.parse(box.open(sealed, credentialsContext(orgId, cloudName)));
}
