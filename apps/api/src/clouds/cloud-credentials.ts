import type { SecretBox } from '@switchyard/platform';

/**
 * Credentials are sealed with AES-256-GCM and bound to their row by (organization, cloud name):
 * a ciphertext copied to another tenant's row does not decrypt. Cloud names cannot change,
 * so the binding stays valid for the row's life.
 */
export function credentialsContext(orgId: string, cloudName: string): string {
  return `cloud:${orgId}:${cloudName}`;
}

export function sealCredentials(box: SecretBox, orgId: string, cloudName: string, credentials: unknown): Uint8Array<ArrayBuffer> {
  return new Uint8Array(box.seal(JSON.stringify(credentials), credentialsContext(orgId, cloudName)));
}

/** For provider adapters (later issues): the decrypted credentials of a cloud row. */
export function openCredentials(box: SecretBox, orgId: string, cloudName: string, sealed: Uint8Array): unknown {
  return JSON.parse(box.open(sealed, credentialsContext(orgId, cloudName)));
}
