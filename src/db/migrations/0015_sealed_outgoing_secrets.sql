-- Secrets at rest, continued: outgoing webhook signing secrets and helpdesk credentials are sealed with the
-- instance key like carrier credentials (0009) and commerce credentials (0012), bound to the row's id and the field
-- (src/notifications/endpoint-secrets.ts). As in 0009, SQL cannot seal the rows written before this migration
-- (the key is not in the database): `sealed_with` stays NULL on them and every process seals them at start before
-- it serves anything (sealStoredSecrets); the same column finds rows of an earlier key after a key change.

ALTER TABLE outgoing_webhooks
  -- The Shipwatch-Signature HMAC key (webhook kind), sealed; the plaintext `secret` column is emptied. A helpdesk
  -- endpoint signs nothing and has none.
  ADD COLUMN secret_sealed text,
  -- Enough of the signing secret to recognise it in a listing (6 random characters of a generated whsec_ one);
  -- set when the row is sealed.
  ADD COLUMN secret_prefix text NOT NULL DEFAULT '',
  -- A helpdesk endpoint's credentials taken out of `config` (its `headers`, `apiToken`, `apiKey`) as JSON, sealed.
  ADD COLUMN credentials_sealed text,
  -- Which of them are set (`headers.Authorization`, `apiToken`…), for screens that must never show their values.
  ADD COLUMN credential_names text[] NOT NULL DEFAULT '{}',
  ADD COLUMN sealed_with text;

ALTER TABLE outgoing_webhooks ALTER COLUMN secret SET DEFAULT '';

-- NOT VALID: rows from before stay as they are until sealed at start; every row written or updated from now on
-- holds no plaintext secret and no credential in its config.
ALTER TABLE outgoing_webhooks ADD CONSTRAINT outgoing_webhooks_secrets_sealed
  CHECK (
    secret = '' AND sealed_with IS NOT NULL AND (kind = 'helpdesk' OR secret_sealed IS NOT NULL)
    AND NOT (config ?| ARRAY['headers', 'apiToken', 'apiKey'])
  ) NOT VALID;
