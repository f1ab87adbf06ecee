import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const IV_BYTES = 12;
const TAG_BYTES = 16;

export class DecryptionError extends Error {
  constructor() {
    super('credentials could not be decrypted (wrong master key or tampered data)');
    this.name = 'DecryptionError';
  }
}

/**
 * AES-256-GCM for credentials at rest. The stored form is `iv ‖ ciphertext ‖ tag`.
 * `context` (e.g. `cloud:<orgId>:<cloudId>`) is bound as additional authenticated data, so a
 * ciphertext copied onto another row fails to decrypt instead of leaking another tenant's keys.
 */
export class SecretBox {
  private readonly key: Buffer;

  constructor(masterKey: Buffer) {
    if (masterKey.length !== 32) throw new Error('the master key must be 32 bytes');
    this.key = masterKey;
  }

  /** Accepts 64 hex characters or base64 of 32 bytes. */
  static fromString(encoded: string): SecretBox {
    const bytes = /^[0-9a-f]{64}$/i.test(encoded)
      ? Buffer.from(encoded, 'hex')
      : Buffer.from(encoded, 'base64');
    return new SecretBox(bytes);
  }

  seal(plaintext: string, context: string): Buffer {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, body, cipher.getAuthTag()]);
  }

  open(sealed: Uint8Array, context: string): string {
    const data = Buffer.from(sealed);
    if (data.length < IV_BYTES + TAG_BYTES) throw new DecryptionError();
    const iv = data.subarray(0, IV_BYTES);
    const tag = data.subarray(data.length - TAG_BYTES);
    const body = data.subarray(IV_BYTES, data.length - TAG_BYTES);
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, iv);
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
    } catch {
      throw new DecryptionError();
    }
  }
}
