import crypto from 'node:crypto';
import { decryptSecret, encryptSecret } from '../../engine/crypto/secret-box';

describe('credentials encrypted at rest', () => {
  const key = crypto.randomBytes(32);

  it('round-trips a secret and never stores it in clear text', () => {
    const envelope = encryptSecret('sk_test_4eC39HqLyjWDarjtT1zdp7dc', key);
    expect(envelope).not.toContain('sk_test');
    expect(decryptSecret(envelope, key)).toBe('sk_test_4eC39HqLyjWDarjtT1zdp7dc');
  });

  it('gives a clear error, without the data, when the key is different', () => {
    const envelope = encryptSecret('secret', key);
    expect(() => decryptSecret(envelope, crypto.randomBytes(32))).toThrow(/TRIBUTARY_SECRET_KEY differs/);
  });

  it('detects tampering', () => {
    const envelope = encryptSecret('secret', key);
    const parts = envelope.split('.');
    parts[3] = Buffer.from('public').toString('base64url');
    expect(() => decryptSecret(parts.join('.'), key)).toThrow(/could not be decrypted/);
  });
});
