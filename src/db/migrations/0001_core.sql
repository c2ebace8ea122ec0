-- The tracking ledger: sellers, keys, orders, shipments, raw payloads, events, outbox, audit log.
-- Written for PostgreSQL 15+ and PGlite alike: no extensions, gen_random_uuid() is built in.

CREATE TABLE sellers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
  name text NOT NULL,
  -- Operational settings (enabled carriers, time zone, notification policy...); validated by the app.
  settings jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- Tracking-page branding (logo URL, colours, help text and links).
  branding jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE api_keys (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  seller_id uuid NOT NULL REFERENCES sellers (id) ON DELETE CASCADE,
  name text NOT NULL,
  -- The first characters of the key, shown in listings so a key can be recognised without being stored.
  prefix text NOT NULL,
  -- sha256 of the whole key: keys are 256-bit random, so a fast hash is enough and lookups stay O(1).
  key_hash text NOT NULL UNIQUE,
  scopes text[] NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at timestamptz,
  -- The key this one replaced by rotation.
  rotated_from uuid REFERENCES api_keys (id) ON DELETE SET NULL
);
CREATE INDEX api_keys_seller_idx ON api_keys (seller_id);

CREATE TABLE orders (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  seller_id uuid NOT NULL REFERENCES sellers (id) ON DELETE CASCADE,
  order_number text NOT NULL,
  -- Customer contact kept minimal: what lookups and notifications need, nothing more.
  email text,
  phone text,
  postcode text,
  first_name text,
  locale text,
  time_zone text,
  ordered_at timestamptz,
  promised_at timestamptz,
  -- Order-level stage folded from its shipments (unfulfilled, partially_shipped, shipped, ...).
  stage text NOT NULL DEFAULT 'unfulfilled',
  metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (seller_id, order_number)
);
CREATE INDEX orders_seller_created_idx ON orders (seller_id, created_at DESC, id DESC);
CREATE INDEX orders_seller_email_idx ON orders (seller_id, email);

CREATE TABLE shipments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  seller_id uuid NOT NULL REFERENCES sellers (id) ON DELETE CASCADE,
  order_id uuid REFERENCES orders (id) ON DELETE SET NULL,
  carrier text NOT NULL,
  tracking_number text NOT NULL,
  service text,
  direction text NOT NULL DEFAULT 'outbound' CHECK (direction IN ('outbound', 'return')),
  origin_postal text,
  origin_city text,
  origin_region text,
  origin_country text,
  destination_postal text,
  destination_city text,
  destination_region text,
  destination_country text,
  -- Folded state (see src/core/fold.ts); never written except by the fold.
  status text NOT NULL DEFAULT 'pending',
  substatus text,
  status_changed_at timestamptz,
  last_event_at timestamptz,
  first_scan_at timestamptz,
  out_for_delivery_at timestamptz,
  delivered_at timestamptz,
  attempt_count integer NOT NULL DEFAULT 0,
  -- Set once the carrier reports a return: later transit scans are then the way back.
  is_returning boolean NOT NULL DEFAULT false,
  event_count integer NOT NULL DEFAULT 0,
  carrier_estimated_delivery text,
  signed_by text,
  -- Sort key of the last event folded in; a later event folds incrementally, an earlier one refolds.
  fold_cursor text,
  -- Bumped on every state change: tracking-page caches and optimistic readers key on it.
  state_version integer NOT NULL DEFAULT 0,
  metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (seller_id, carrier, tracking_number)
);
-- Every new scan rewrites its shipment's row: free space in each page lets PostgreSQL update in place (HOT)
-- without touching the indexes when no indexed column changes.
ALTER TABLE shipments SET (fillfactor = 80);
CREATE INDEX shipments_order_idx ON shipments (order_id);
CREATE INDEX shipments_seller_created_idx ON shipments (seller_id, created_at DESC, id DESC);
CREATE INDEX shipments_seller_status_idx ON shipments (seller_id, status);
CREATE INDEX shipments_tracking_number_idx ON shipments (seller_id, tracking_number);

CREATE TABLE raw_payloads (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  seller_id uuid NOT NULL REFERENCES sellers (id) ON DELETE CASCADE,
  -- Where it came from: api, webhook:<carrier>, poll:<carrier>, file:<name>, ...
  source text NOT NULL,
  content_type text NOT NULL,
  body bytea NOT NULL,
  headers jsonb NOT NULL DEFAULT '{}'::jsonb,
  content_hash text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  -- pending → parsed | failed | rejected (signature failed; kept for audit, never parsed)
  parse_status text NOT NULL DEFAULT 'pending' CHECK (parse_status IN ('pending', 'parsed', 'failed', 'rejected')),
  parse_error text,
  event_count integer NOT NULL DEFAULT 0,
  parsed_at timestamptz,
  UNIQUE (seller_id, source, content_hash)
);
CREATE INDEX raw_payloads_received_idx ON raw_payloads (received_at);

CREATE TABLE tracking_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  seller_id uuid NOT NULL REFERENCES sellers (id) ON DELETE CASCADE,
  shipment_id uuid NOT NULL REFERENCES shipments (id) ON DELETE CASCADE,
  -- sha256 of (carrier, tracking number, instant, code, location): the same scan from two sources is one event.
  fingerprint text NOT NULL,
  occurred_at timestamptz NOT NULL,
  local_time text,
  utc_offset text,
  zone_guessed boolean NOT NULL DEFAULT false,
  code text,
  description text NOT NULL DEFAULT '',
  location_city text,
  location_region text,
  location_postal text,
  location_country text,
  location_text text,
  status text,
  substatus text,
  unmapped boolean NOT NULL DEFAULT false,
  raw_payload_id bigint REFERENCES raw_payloads (id) ON DELETE SET NULL,
  source text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (seller_id, fingerprint)
);
CREATE INDEX tracking_events_shipment_idx ON tracking_events (shipment_id, occurred_at);

CREATE TABLE outbox (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  seller_id uuid NOT NULL REFERENCES sellers (id) ON DELETE CASCADE,
  topic text NOT NULL,
  aggregate_type text NOT NULL,
  aggregate_id uuid NOT NULL,
  payload jsonb NOT NULL,
  -- The same domain event decided twice (a replay, a retried batch) is written once.
  dedupe_key text UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  dispatched_at timestamptz,
  attempts integer NOT NULL DEFAULT 0
);
CREATE INDEX outbox_pending_idx ON outbox (id) WHERE dispatched_at IS NULL;
CREATE INDEX outbox_aggregate_idx ON outbox (aggregate_id, id);

CREATE TABLE audit_log (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- No foreign key: the trail outlives what it describes, and an append-only table cannot be SET NULL.
  seller_id uuid,
  -- api_key:<id>, user:<id>, system
  actor text NOT NULL,
  action text NOT NULL,
  target_type text NOT NULL,
  target_id text,
  request_id text,
  ip text,
  data jsonb NOT NULL DEFAULT '{}'::jsonb,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_seller_idx ON audit_log (seller_id, at DESC);
CREATE INDEX audit_log_target_idx ON audit_log (target_type, target_id);

-- Append-only: the audit trail is evidence, so the database itself refuses to change it.
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

CREATE TABLE idempotency_keys (
  seller_id uuid NOT NULL REFERENCES sellers (id) ON DELETE CASCADE,
  key text NOT NULL,
  method text NOT NULL,
  path text NOT NULL,
  -- sha256 of the request body: the same key with a different body is a client bug, answered 422.
  request_hash text NOT NULL,
  status_code integer NOT NULL,
  response_body jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (seller_id, key)
);
