/**
 * Secrets at rest: AES-256-GCM under the instance key. A sealed value is one text, `v1.<keyId>.<base64url(iv |
 * ciphertext | tag)>`, so a row says which key sealed it and a key change can be detected and repaired. The
 * additional data binds a sealed value to the row it belongs to (seller and name), so a sealed secret copied onto
 * another seller's row does not open. Pure: no I/O; where the key comes from is keyring-source.ts.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

export interface SecretKey {
  /** A short public fingerprint of the key (never the key). */
  id: string;
  key: Buffer;
}

/** The key that seals new values, and earlier keys that still open old ones (during a key change). */
export interface SecretKeyring {
  current: SecretKey;
  previous: readonly SecretKey[];
  /** Where the current key came from, for messages ("SHIPWATCH_SECRET_KEY", a key file's path…). */
  origin: string;
}

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Raised when a sealed value cannot be opened: a different key, or altered data. Says what to do. */
export class SecretKeyError extends Error {
  override name = "SecretKeyError";
}

/** The public id of a 32-byte key: 12 hex characters of a hash, enough to tell keys apart in messages. */
export function keyIdOf(key: Buffer): string {
  return createHash("sha256").update("shipwatch secret key id\u0000").update(key).digest("hex").slice(0, 12);
}

/** A key from its 32 bytes. */
export function secretKey(key: Buffer): SecretKey {
  if (key.length !== 32) throw new SecretKeyError(`a secret key is 32 bytes, not ${key.length}`);
  return { id: keyIdOf(key), key };
}

/** Seals `plaintext` under the keyring's current key, bound to `context` (e.g. the row's seller and name). */
export function sealSecret(keyring: SecretKeyring, plaintext: string, context: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", keyring.current.key, iv);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const packed = Buffer.concat([iv, body, cipher.getAuthTag()]).toString("base64url");
  return `${VERSION}.${keyring.current.id}.${packed}`;
}

/** The id of the key that sealed `sealed`, or null when it is not a sealed value. */
export function sealedKeyId(sealed: string): string | null {
  const m = /^v1\.([0-9a-f]{12})\./.exec(sealed);
  return m ? m[1]! : null;
}

/** Opens a sealed value with whichever key of the keyring sealed it; throws SecretKeyError otherwise. */
export function openSecret(keyring: SecretKeyring, sealed: string, context: string): string {
  const keyId = sealedKeyId(sealed);
  if (!keyId) throw new SecretKeyError("the stored value is not a sealed secret (v1.<key id>.<data>)");
  const key = [keyring.current, ...keyring.previous].find((k) => k.id === keyId);
  if (!key) {
    throw new SecretKeyError(
      `a stored secret was sealed with key ${keyId}, but this process has key ${keyring.current.id} ` +
        `(from ${keyring.origin})${keyring.previous.length ? ` and ${keyring.previous.map((k) => k.id).join(", ")}` : ""}. ` +
        "Every process sharing a database needs the same SHIPWATCH_SECRET_KEY; after changing it, put the old " +
        "key in SHIPWATCH_SECRET_KEY_PREVIOUS until the next start has re-sealed everything.",
    );
  }
  const packed = Buffer.from(sealed.slice(VERSION.length + key.id.length + 2), "base64url");
  if (packed.length < IV_BYTES + TAG_BYTES) throw new SecretKeyError("a stored secret is truncated");
  const decipher = createDecipheriv("aes-256-gcm", key.key, packed.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(context, "utf8"));
  decipher.setAuthTag(packed.subarray(packed.length - TAG_BYTES));
  try {
    return Buffer.concat([
      decipher.update(packed.subarray(IV_BYTES, packed.length - TAG_BYTES)),
      decipher.final(),
    ]).toString("utf8");
  } catch {
    throw new SecretKeyError(
      `a stored secret sealed with key ${key.id} does not verify: it was altered, or moved from another row`,
    );
  }
}
