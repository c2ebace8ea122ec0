/**
 * Where the instance key comes from. In order:
 *  1. `SHIPWATCH_SECRET_KEY` (32 bytes, base64 or hex), with `SHIPWATCH_SECRET_KEY_PREVIOUS` (comma-separated)
 *     still opening values sealed before a key change;
 *  2. otherwise `<dataDir>/secret.key`, generated once with mode 0600. That is right for the embedded database,
 *     whose data lives in the same folder and one process; with DATABASE_URL it is a development convenience
 *     (processes on other machines would hold other keys), so it comes with a warning — and in production
 *     (`NODE_ENV=production`) with DATABASE_URL the process refuses to start instead;
 *  3. an in-memory embedded database (tests) gets a random key: its data dies with the process anyway.
 */
import { randomBytes } from "node:crypto";
import { linkSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { SecretKeyError, secretKey, type SecretKey, type SecretKeyring } from "./sealed-box.js";

export interface KeyringSettings {
  /** SHIPWATCH_SECRET_KEY. */
  secretKey?: string;
  /** SHIPWATCH_SECRET_KEY_PREVIOUS: earlier keys, comma-separated. */
  previousSecretKeys?: string;
  databaseUrl?: string;
  /** The embedded database's folder (where secret.key lives). */
  dataDir?: string;
  /** NODE_ENV=production: no key file next to a shared database. */
  production?: boolean;
}

export interface LoadedKeyring {
  keyring: SecretKeyring;
  /** Something the operator should hear about at start (a development fallback). */
  warning: string | null;
}

export const KEY_FILE_NAME = "secret.key";

/** Reads a 32-byte key written as base64, base64url or 64 hex digits; `name` is used in the error. */
export function parseSecretKey(text: string, name: string): Buffer {
  const t = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(t)
    ? Buffer.from(t, "hex")
    : /^[A-Za-z0-9+/_-]{43}=?$/.test(t)
      ? Buffer.from(t.replace(/\+/g, "-").replace(/\//g, "_").replace(/=$/, ""), "base64url")
      : null;
  if (!key || key.length !== 32)
    throw new SecretKeyError(
      `${name} must be 32 random bytes in base64 (44 characters) or hex (64); make one with ` +
        "`openssl rand -base64 32`",
    );
  return key;
}

/** A new key in the form SHIPWATCH_SECRET_KEY takes. */
export function generateSecretKeyText(): string {
  return randomBytes(32).toString("base64");
}

/** Reads `<dir>/secret.key`, creating it (mode 0600) when it does not exist yet; safe against concurrent starters. */
export function loadOrCreateKeyFile(dir: string): { key: Buffer; path: string; created: boolean } {
  const path = join(dir, KEY_FILE_NAME);
  let created = false;
  try {
    statSync(path);
  } catch {
    mkdirSync(dir, { recursive: true });
    // Written whole under a temporary name, then linked into place: link fails when another process won the
    // race, and nobody ever reads a half-written key.
    const temp = `${path}.${process.pid}.${randomBytes(4).toString("hex")}`;
    writeFileSync(temp, `${generateSecretKeyText()}\n`, { mode: 0o600, flag: "wx" });
    try {
      linkSync(temp, path);
      created = true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    } finally {
      rmSync(temp, { force: true });
    }
  }
  if (process.platform !== "win32" && (statSync(path).mode & 0o077) !== 0)
    throw new SecretKeyError(
      `${path} is readable by other users (mode ${(statSync(path).mode & 0o777).toString(8)}); run chmod 600 on it`,
    );
  return { key: parseSecretKey(readFileSync(path, "utf8"), path), path, created };
}

function previousKeys(settings: KeyringSettings): SecretKey[] {
  return (settings.previousSecretKeys ?? "")
    .split(",")
    .filter((t) => t.trim() !== "")
    .map((t, i) => secretKey(parseSecretKey(t, `SHIPWATCH_SECRET_KEY_PREVIOUS (key ${i + 1})`)));
}

/** The keyring for these settings (see the module comment), or a SecretKeyError saying what to set. */
export function loadSecretKeyring(settings: KeyringSettings): LoadedKeyring {
  const previous = previousKeys(settings);
  if (settings.secretKey) {
    const current = secretKey(parseSecretKey(settings.secretKey, "SHIPWATCH_SECRET_KEY"));
    return { keyring: { current, previous, origin: "SHIPWATCH_SECRET_KEY" }, warning: null };
  }
  if (settings.databaseUrl && settings.production)
    throw new SecretKeyError(
      "SHIPWATCH_SECRET_KEY is required with DATABASE_URL in production: carrier, shop and helpdesk credentials " +
        "and webhook secrets are encrypted with it, and every process sharing the database needs the same key. Generate one with " +
        "`openssl rand -base64 32` and give it to every API and worker process.",
    );
  if (!settings.dataDir) {
    return {
      keyring: { current: secretKey(randomBytes(32)), previous, origin: "a random key (in-memory database)" },
      warning: null,
    };
  }
  const file = loadOrCreateKeyFile(settings.dataDir);
  return {
    keyring: { current: secretKey(file.key), previous, origin: file.path },
    warning: settings.databaseUrl
      ? `SHIPWATCH_SECRET_KEY is not set: secrets are encrypted with the development key in ${file.path}. ` +
        "Processes on other machines cannot read them; set SHIPWATCH_SECRET_KEY on every process (required when NODE_ENV=production)."
      : null,
  };
}
