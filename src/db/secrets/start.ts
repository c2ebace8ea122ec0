/** What every command that opens the database does about secrets: load the instance key, attach it, seal what is not. */
import type { Config } from "../../config/index.js";
import type { Database } from "../client.js";
import { useSecretKeyring } from "./keyring-registry.js";
import { loadSecretKeyring } from "./keyring-source.js";
import { sealStoredSecrets, type ResealReport } from "./reseal.js";
import type { SecretKeyring } from "./sealed-box.js";

export interface SecretsAtStart {
  keyring: SecretKeyring;
  warning: string | null;
  resealed: ResealReport;
}

/**
 * Loads the keyring the configuration names (throws SecretKeyError with what to set), attaches it to `db`, and
 * seals plaintext or old-key secrets (run after migrations, before serving).
 */
export async function startInstanceSecrets(
  db: Database,
  config: Config,
  env: Readonly<Record<string, string | undefined>>,
): Promise<SecretsAtStart> {
  const { keyring, warning } = loadSecretKeyring({
    secretKey: config.secretKey,
    previousSecretKeys: config.secretKeyPrevious,
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    production: env.NODE_ENV === "production",
  });
  useSecretKeyring(db, keyring);
  return { keyring, warning, resealed: await sealStoredSecrets(db, keyring) };
}
