/**
 * Which keyring seals and opens the secrets of a database handle. `serve` and the other commands attach the
 * keyring their configuration names; a handle nobody attached one to (a script, a benchmark) resolves it from the
 * environment the same way, once, so both ends of a database agree when they share the environment.
 */
import { resolve } from "node:path";
import type { Database } from "../client.js";
import { loadSecretKeyring } from "./keyring-source.js";
import type { SecretKeyring } from "./sealed-box.js";

const attached = new WeakMap<Database, SecretKeyring>();

/** Makes `keyring` the one this handle seals and opens secrets with. */
export function useSecretKeyring(db: Database, keyring: SecretKeyring): void {
  attached.set(db, keyring);
}

/** The handle's keyring; resolved from the environment on first use when none was attached. */
export function secretKeyringOf(db: Database): SecretKeyring {
  let keyring = attached.get(db);
  if (!keyring) {
    const env = process.env;
    const loaded = loadSecretKeyring({
      secretKey: env.SHIPWATCH_SECRET_KEY || undefined,
      previousSecretKeys: env.SHIPWATCH_SECRET_KEY_PREVIOUS || undefined,
      databaseUrl: db.engine === "postgres" ? "postgres" : undefined,
      // An in-memory PGlite has no folder: its data, and so its key, lives as long as the process.
      dataDir:
        db.engine === "postgres" ? resolve(env.SHIPWATCH_DATA_DIR || "./data") : (db.dataDir ?? undefined),
      production: env.NODE_ENV === "production",
    });
    if (loaded.warning) process.stderr.write(`shipwatch: ${loaded.warning}\n`);
    keyring = loaded.keyring;
    attached.set(db, keyring);
  }
  return keyring;
}
