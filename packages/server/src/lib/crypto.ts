import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';

/** An opaque secret of 256 bits from the CSPRNG, URL-safe (SEC-SESS-01, SEC-CRY-01). */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function sha256(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/**
 * Field encryption with AES-256-GCM; the key id is stored beside each ciphertext so keys can be
 * rotated (SEC-CRY-02). Format: `<keyId>:<iv>:<tag>:<ciphertext>` in base64url.
 */
export class FieldCipher {
  constructor(
    private readonly keys: Map<string, Buffer>,
    private readonly currentKeyId: string,
  ) {
    for (const [id, k] of keys) if (k.length !== 32) throw new Error(`encryption key ${id} must be 32 bytes`);
    if (!keys.has(currentKeyId)) throw new Error('current encryption key missing');
  }

  /**
   * A keyed hash for equality search on an encrypted field (e.g. the INS matricule): low-entropy
   * values cannot be brute-forced from it without the key. Rotating the current key needs a reindex.
   */
  blindIndex(value: string): string {
    const k = createHmac('sha256', this.keys.get(this.currentKeyId)!).update('maillon-blind-index').digest();
    return createHmac('sha256', k).update(value, 'utf8').digest('base64url');
  }

  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.currentKeyId)!, iv);
    const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [this.currentKeyId, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ct.toString('base64url')].join(':');
  }

  decrypt(value: string): string {
    const [keyId, iv, tag, ct] = value.split(':');
    const key = keyId ? this.keys.get(keyId) : undefined;
    if (!key || !iv || !tag || ct === undefined) throw new Error('unreadable ciphertext');
    const d = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    d.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([d.update(Buffer.from(ct, 'base64url')), d.final()]).toString('utf8');
  }
}
