-- Ingestion at scale: inbound webhook endpoints (a secret per seller and source) and webhook receipts (one per
-- provider event, for idempotency and audit). The job queue itself is pg-boss, in a schema of its own.

CREATE TABLE webhook_endpoints (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  seller_id uuid NOT NULL REFERENCES sellers (id) ON DELETE CASCADE,
  -- A carrier or aggregator id with a webhook verifier (easypost, aftership, shippo, shipengine...) or 'shipwatch'.
  source text NOT NULL CHECK (source ~ '^[a-z][a-z0-9_]*$'),
  -- Kept readable, unlike API keys: checking an HMAC needs the secret itself. For ShipEngine it is the
  -- provider's public key set (JWKS or PEM), which is not secret at all.
  secret text NOT NULL,
  -- The first characters, shown in listings so a secret can be recognised.
  secret_prefix text NOT NULL,
  -- After a rotation the old secret keeps verifying for a grace period, so deliveries already signed with
  -- it (provider retries, a provider dashboard not yet updated) are not refused.
  previous_secret text,
  previous_secret_expires_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  rotated_at timestamptz,
  UNIQUE (seller_id, source)
);

CREATE TABLE webhook_receipts (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  seller_id uuid NOT NULL REFERENCES sellers (id) ON DELETE CASCADE,
  source text NOT NULL,
  -- The provider's event id, or 'sha256:<content hash>' when it sends none. A redelivery of the same event is
  -- counted on the first receipt instead of being queued again. NULL for rejected deliveries.
  dedupe_key text,
  raw_payload_id bigint REFERENCES raw_payloads (id) ON DELETE SET NULL,
  -- accepted (verified, queued for ingest) | rejected (signature, timestamp or endpoint problem; never parsed)
  outcome text NOT NULL CHECK (outcome IN ('accepted', 'rejected')),
  reason text,
  deliveries integer NOT NULL DEFAULT 1,
  received_at timestamptz NOT NULL DEFAULT now(),
  last_delivery_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((outcome = 'accepted') = (dedupe_key IS NOT NULL))
);
CREATE UNIQUE INDEX webhook_receipts_dedupe_idx ON webhook_receipts (seller_id, source, dedupe_key)
  WHERE dedupe_key IS NOT NULL;
CREATE INDEX webhook_receipts_seller_idx ON webhook_receipts (seller_id, id DESC);
CREATE INDEX webhook_receipts_raw_payload_idx ON webhook_receipts (raw_payload_id);
