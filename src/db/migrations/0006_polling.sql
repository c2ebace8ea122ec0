-- Adaptive polling for carriers that do not push: carrier accounts (credentials and the rate-limit bucket every
-- worker shares), poll state per shipment, and the update cadence observed per carrier and status.

CREATE TABLE carrier_accounts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  seller_id uuid NOT NULL REFERENCES sellers (id) ON DELETE CASCADE,
  carrier text NOT NULL,
  name text NOT NULL DEFAULT 'default',
  -- What the carrier's client needs (clientId/clientSecret, apiKey/apiSecret...). Plain JSON today: it should be
  -- encrypted at rest with the instance secret before production use.
  credentials jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- Overrides the carrier's production base URL (a sandbox, the emulator in tests and the demo).
  base_url text,
  enabled boolean NOT NULL DEFAULT true,
  -- False when this carrier pushes to the seller (webhooks): its shipments are then not polled.
  polling boolean NOT NULL DEFAULT true,
  -- The budget the carrier grants this account; the token bucket below enforces it across all workers.
  requests_per_minute integer NOT NULL DEFAULT 60 CHECK (requests_per_minute > 0),
  burst integer NOT NULL DEFAULT 10 CHECK (burst > 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (seller_id, carrier, name)
);
CREATE INDEX carrier_accounts_seller_carrier_idx ON carrier_accounts (seller_id, carrier) WHERE enabled AND polling;

-- One row per account, updated by a single atomic UPDATE per take, so N workers share one budget.
CREATE TABLE carrier_rate_buckets (
  account_id uuid PRIMARY KEY REFERENCES carrier_accounts (id) ON DELETE CASCADE,
  tokens double precision NOT NULL,
  refilled_at timestamptz NOT NULL,
  -- Set from a 429 (Retry-After): nobody calls this account before then.
  blocked_until timestamptz
);

CREATE TABLE shipment_poll_state (
  shipment_id uuid PRIMARY KEY REFERENCES shipments (id) ON DELETE CASCADE,
  seller_id uuid NOT NULL REFERENCES sellers (id) ON DELETE CASCADE,
  carrier text NOT NULL,
  -- NULL: not polled any more (see stopped_reason). '-infinity': as soon as a worker is free (new, refresh now).
  -- A worker that claims a row pushes this forward by a lease, so a crashed worker's shipment comes back.
  next_poll_at timestamptz,
  last_polled_at timestamptz,
  -- When a poll last brought new events (our clock): "how long since the last change".
  last_change_at timestamptz,
  poll_count integer NOT NULL DEFAULT 0,
  consecutive_errors integer NOT NULL DEFAULT 0,
  last_error text,
  -- Why polling stopped: delivered (after the grace period), returned, cancelled, expired (30 days quiet).
  stopped_reason text CHECK (stopped_reason IN ('delivered', 'returned', 'cancelled', 'expired')),
  -- Set by "refresh now"; cleared by the poll that serves it.
  refresh_requested_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX shipment_poll_state_due_idx ON shipment_poll_state (next_poll_at) WHERE next_poll_at IS NOT NULL;

-- How long shipments of a carrier stay in a status before the next visible change (EWMA), learned from polls.
CREATE TABLE carrier_cadence (
  carrier text NOT NULL,
  status text NOT NULL,
  mean_dwell_hours double precision NOT NULL,
  samples integer NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (carrier, status)
);

-- New shipments are enrolled for polling when their seller polls that carrier, due at once ('-infinity' rather
-- than now(): a worker's clock, not the database's, decides what is due). One statement-level trigger per INSERT,
-- so a bulk import creating thousands of shipments pays one set-based insert, not one per row.
CREATE FUNCTION enroll_shipments_for_polling() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO shipment_poll_state (shipment_id, seller_id, carrier, next_poll_at)
  SELECT n.id, n.seller_id, n.carrier, '-infinity'
  FROM new_shipments n
  WHERE EXISTS (
    SELECT 1 FROM carrier_accounts a
    WHERE a.seller_id = n.seller_id AND a.carrier = n.carrier AND a.enabled AND a.polling
  )
  ON CONFLICT (shipment_id) DO NOTHING;
  RETURN NULL;
END;
$$;
CREATE TRIGGER shipments_enroll_polling AFTER INSERT ON shipments
  REFERENCING NEW TABLE AS new_shipments
  FOR EACH STATEMENT EXECUTE FUNCTION enroll_shipments_for_polling();
