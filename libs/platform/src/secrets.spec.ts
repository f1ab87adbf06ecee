import { SecretBox } from './encryption';
import { digestsEqual, generateApiToken, hashSecret } from './secrets';

describe('API token secrets', () => {
  it('are sy_ + 43 base64url characters, all different', () => {
    const tokens = new Set(Array.from({ length: 1000 }, () => generateApiToken()));
    expect(tokens.size).toBe(1000);
    for (const t of tokens) expect(t).toMatch(/^sy_[A-Za-z0-9_-]{43}$/);
  });

  it('compare digests exactly', () => {
    expect(digestsEqual(hashSecret('a'), hashSecret('a'))).toBe(true);
    expect(digestsEqual(hashSecret('a'), hashSecret('b'))).toBe(false);
    expect(digestsEqual(hashSecret('a'), 'abcd')).toBe(false);
    expect(digestsEqual('', '')).toBe(false);
  });
});

describe('SecretBox (AES-256-GCM)', () => {
  const box = SecretBox.fromString('11'.repeat(32));

  it('round-trips, with a fresh IV each time', () => {
    const a = box.seal('hello', 'ctx');
    const b = box.seal('hello', 'ctx');
    expect(a.equals(b)).toBe(false);
    expect(box.open(a, 'ctx')).toBe('hello');
  });

  it('refuses another context, a tampered byte, or another key', () => {
    const sealed = box.seal('hello', 'ctx');
    expect(() => box.open(sealed, 'other')).toThrow('could not be decrypted');
    const tampered = Buffer.from(sealed);
    tampered[14] = tampered[14]! ^ 1;
    expect(() => box.open(tampered, 'ctx')).toThrow('could not be decrypted');
    expect(() => SecretBox.fromString('22'.repeat(32)).open(sealed, 'ctx')).toThrow('could not be decrypted');
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => SecretBox.fromString('abcd')).toThrow('32 bytes');
  });
});
