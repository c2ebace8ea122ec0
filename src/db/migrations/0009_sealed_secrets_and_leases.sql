-- Secrets at rest: carrier account credentials and inbound webhook secrets are sealed with AES-256-GCM under the
-- instance key (src/db/secrets). The key is not in the database, so SQL cannot seal the rows written before this
-- migration: `sealed_with` (the id of the key that sealed a row) stays NULL on them, and every process seals
-- them at start before it serves anything (sealStoredSecrets). The same column finds rows sealed with an earlier
-- key after a key change, which are re-sealed with the current one.

ALTER TABLE carrier_accounts
  -- The credentials object as JSON, sealed (v1.<key id>.<data>); the plaintext `credentials` column is emptied.
  ADD COLUMN credentials_sealed text,
  -- Which fields are set (clientId, clientSecret…), for screens that must never show their values.
  ADD COLUMN credential_names text[] NOT NULL DEFAULT '{}',
  ADD COLUMN sealed_with text;
-- NOT VALID: rows from before stay as they are until sealed at start; every row written or updated from now on
-- must carry sealed credentials and no plaintext.
ALTER TABLE carrier_accounts ADD CONSTRAINT carrier_accounts_credentials_sealed
  CHECK (credentials = '{}'::jsonb AND sealed_with IS NOT NULL AND credentials_sealed IS NOT NULL) NOT VALID;

-- Listings showed the first 12 characters of every secret: harmless for a generated `whsec_` secret (6 of its 43
-- random characters), most of a short provider-issued one. Those now show 4. (Before the check below, which
-- every updated row must pass.)
UPDATE webhook_endpoints SET secret_prefix = left(secret_prefix, 4) WHERE secret_prefix NOT LIKE 'whsec\_%';

-- `secret` and `previous_secret` hold sealed values once `sealed_with` is set.
ALTER TABLE webhook_endpoints ADD COLUMN sealed_with text;
ALTER TABLE webhook_endpoints ADD CONSTRAINT webhook_endpoints_secrets_sealed
  CHECK (sealed_with IS NOT NULL) NOT VALID;

-- Leases for work exactly one worker process should do at a time (watching a drop folder): the holder renews
-- before `expires_at`; when a holder dies, another worker takes the lease once it has expired.
CREATE TABLE worker_leases (
  name text PRIMARY KEY,
  holder text NOT NULL,
  acquired_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
