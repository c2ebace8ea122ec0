/** What `serve` does about secrets: load the instance key before opening anything, then seal what is not sealed. */
import type { Config } from "../../config/index.js";
import type { Database } from "../client.js";
import { useSecretKeyring } from "./keyring-registry.js";
import { loadSecretKeyring, type LoadedKeyring } from "./keyring-source.js";
import { sealStoredSecrets, type ResealReport } from "./reseal.js";

/** The keyring the configuration names; throws SecretKeyError saying what to set. */
export function loadConfiguredKeyring(
  config: Config,
  env: Readonly<Record<string, string | undefined>>,
): LoadedKeyring {
  return loadSecretKeyring({
    secretKey: config.secretKey,
    previousSecretKeys: config.secretKeyPrevious,
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    production: env.NODE_ENV === "production",
  });
}

/** Attaches the keyring to `db` and seals plaintext or old-key secrets (after migrations, before serving). */
export async function startInstanceSecrets(db: Database, loaded: LoadedKeyring): Promise<ResealReport> {
  useSecretKeyring(db, loaded.keyring);
  return sealStoredSecrets(db, loaded.keyring);
}
