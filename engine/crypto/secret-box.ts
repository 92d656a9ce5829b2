import crypto from 'node:crypto';

// Envelope: "v1.<iv>.<tag>.<ciphertext>", base64url parts. The version prefix lets a
// later key rotation tell old envelopes from new ones.
const VERSION = 'v1';

export function encryptSecret(plaintext: string, key: Buffer): string {
  if (key.length !== 32) throw new Error('The secret key must be 32 bytes.');
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, iv, tag, ciphertext].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
}

export function decryptSecret(envelope: string, key: Buffer): string {
  const [version, iv, tag, ciphertext] = envelope.split('.');
  if (version !== VERSION || !iv || !tag || ciphertext === undefined) {
    throw new Error('Stored credentials are not in a format this version can read.');
  }
  const decipher = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  try {
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    // Wrong key or tampered data; never echo the envelope.
    throw new Error('Stored credentials could not be decrypted: TRIBUTARY_SECRET_KEY differs from the key they were saved with.');
  }
}

export function encryptJson(value: unknown, key: Buffer): string {
  return encryptSecret(JSON.stringify(value), key);
}

export function decryptJson<T>(envelope: string, key: Buffer): T {
  return JSON.parse(decryptSecret(envelope, key)) as T;
}
