-- Exceptions and notifications: shopper messages decided in the ingest transaction and sent by workers, the
-- seller's notification policy and templates, shopper preferences, exception rules and alerts, outgoing
-- webhook endpoints (and helpdesk HTTP actions) with their delivery log.

-- One row per message decided: (shipment, trigger, milestone, channel) is unique, so a replay of every event
-- or a retried batch decides nothing new. Workers move rows queued → sending → sent | failed.
CREATE TABLE notifications (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  seller_id uuid NOT NULL REFERENCES sellers (id) ON DELETE CASCADE,
  shipment_id uuid NOT NULL REFERENCES shipments (id) ON DELETE CASCADE,
  order_id uuid REFERENCES orders (id) ON DELETE SET NULL,
  -- shopper: the order's customer; team: the seller's own people (alerts).
  audience text NOT NULL DEFAULT 'shopper' CHECK (audience IN ('shopper', 'team')),
  trigger text NOT NULL,
  -- What makes this message distinct from another of the same trigger (the day of an out-for-delivery scan,
  -- the attempt number, the new window date...).
  milestone text NOT NULL,
  channel text NOT NULL CHECK (channel IN ('email', 'sms')),
  recipient text,
  locale text,
  time_zone text,
  -- What the message talks about, frozen when decided (status, sub-status, window, alert...).
  context jsonb NOT NULL DEFAULT '{}'::jsonb,
  status text NOT NULL DEFAULT 'queued'
    CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'suppressed', 'collapsed')),
  -- Why it was suppressed, collapsed or failed (unsubscribed, cap, no_recipient, outcome_unknown...).
  reason text,
  collapsed_into bigint REFERENCES notifications (id) ON DELETE SET NULL,
  decided_at timestamptz NOT NULL DEFAULT now(),
  -- Not before: the end of the burst window, or of the shopper's quiet hours for SMS.
  send_after timestamptz NOT NULL DEFAULT now(),
  -- A worker's lease while it hands the message over; an expired lease means the worker died mid-send.
  claimed_until timestamptz,
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  -- outbox (built-in, no SMTP configured), smtp, sms
  transport text,
  provider_message_id text,
  subject text,
  body_text text,
  body_html text,
  sent_at timestamptz,
  UNIQUE (shipment_id, trigger, milestone, channel)
);
CREATE INDEX notifications_due_idx ON notifications (send_after, id) WHERE status = 'queued';
CREATE INDEX notifications_sending_idx ON notifications (claimed_until) WHERE status = 'sending';
CREATE INDEX notifications_seller_idx ON notifications (seller_id, id DESC);
CREATE INDEX notifications_shipment_idx ON notifications (shipment_id, id);

-- The seller's notification policy (channel per trigger, quiet hours, cap, burst window, sender) as validated JSON.
CREATE TABLE notification_settings (
  seller_id uuid PRIMARY KEY REFERENCES sellers (id) ON DELETE CASCADE,
  policy jsonb NOT NULL DEFAULT '{}'::jsonb,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- A seller's own wording for one trigger, channel and language; the built-in template applies otherwise.
CREATE TABLE notification_templates (
  seller_id uuid NOT NULL REFERENCES sellers (id) ON DELETE CASCADE,
  trigger text NOT NULL,
  channel text NOT NULL CHECK (channel IN ('email', 'sms')),
  locale text NOT NULL,
  subject text,
  body_text text NOT NULL,
  body_html text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (seller_id, trigger, channel, locale)
);

-- A shopper's choices per seller and address: unsubscribed from a channel, or muted triggers.
CREATE TABLE notification_preferences (
  seller_id uuid NOT NULL REFERENCES sellers (id) ON DELETE CASCADE,
  channel text NOT NULL CHECK (channel IN ('email', 'sms')),
  -- Normalized e-mail address or E.164 phone number.
  address text NOT NULL,
  unsubscribed_at timestamptz,
  muted_triggers text[] NOT NULL DEFAULT '{}',
  source text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (seller_id, channel, address)
);

-- Exception rules as data: one row per seller and kind overrides the built-in default (params, actions, SLA).
CREATE TABLE alert_rules (
  seller_id uuid NOT NULL REFERENCES sellers (id) ON DELETE CASCADE,
  kind text NOT NULL,
  enabled boolean NOT NULL DEFAULT true,
  params jsonb NOT NULL DEFAULT '{}'::jsonb,
  actions jsonb NOT NULL DEFAULT '[]'::jsonb,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (seller_id, kind)
);

CREATE TABLE alerts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  seller_id uuid NOT NULL REFERENCES sellers (id) ON DELETE CASCADE,
  shipment_id uuid NOT NULL REFERENCES shipments (id) ON DELETE CASCADE,
  kind text NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'acknowledged', 'resolved')),
  severity text NOT NULL DEFAULT 'warning' CHECK (severity IN ('info', 'warning', 'critical')),
  -- The shipment status when the alert opened: it auto-resolves once the shipment moves on from it.
  opened_in_status text NOT NULL,
  details jsonb NOT NULL DEFAULT '{}'::jsonb,
  assignee text,
  team text,
  opened_at timestamptz NOT NULL DEFAULT now(),
  sla_due_at timestamptz,
  acknowledged_at timestamptz,
  resolved_at timestamptz,
  -- user/api_key that resolved it, or system:auto when the shipment moved on.
  resolved_by text,
  resolution text,
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- One open (or acknowledged) alert per shipment and kind; a resolved one may be followed by a new one.
CREATE UNIQUE INDEX alerts_one_open_idx ON alerts (shipment_id, kind) WHERE status <> 'resolved';
CREATE INDEX alerts_seller_idx ON alerts (seller_id, status, opened_at DESC);

-- Scan gaps learned per seller, carrier, lane and status (business hours), used by the "stalled" rule.
CREATE TABLE scan_gap_stats (
  seller_id uuid NOT NULL REFERENCES sellers (id) ON DELETE CASCADE,
  carrier text NOT NULL,
  lane text NOT NULL,
  status text NOT NULL,
  p95_hours double precision NOT NULL,
  samples integer NOT NULL,
  computed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (seller_id, carrier, lane, status)
);

-- Where the seller wants events posted: its own systems (kind webhook, signed) or a helpdesk (kind helpdesk,
-- a Zendesk/Gorgias/Freshdesk preset or a custom request) that opens a ticket for an alert.
CREATE TABLE outgoing_webhooks (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  seller_id uuid NOT NULL REFERENCES sellers (id) ON DELETE CASCADE,
  kind text NOT NULL DEFAULT 'webhook' CHECK (kind IN ('webhook', 'helpdesk')),
  name text NOT NULL DEFAULT '',
  url text NOT NULL,
  -- HMAC-SHA256 key of Shipwatch-Signature (webhook kind).
  secret text NOT NULL,
  topics text[] NOT NULL DEFAULT '{}',
  -- helpdesk: { preset, headers, bodyTemplate }; credentials are sent as configured headers.
  config jsonb NOT NULL DEFAULT '{}'::jsonb,
  enabled boolean NOT NULL DEFAULT true,
  consecutive_failures integer NOT NULL DEFAULT 0,
  failing_since timestamptz,
  disabled_at timestamptz,
  disabled_reason text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX outgoing_webhooks_seller_idx ON outgoing_webhooks (seller_id);

-- One delivery per endpoint and event (event_key unique per endpoint: decided once, however often replayed).
CREATE TABLE outgoing_webhook_deliveries (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  seller_id uuid NOT NULL REFERENCES sellers (id) ON DELETE CASCADE,
  endpoint_id uuid NOT NULL REFERENCES outgoing_webhooks (id) ON DELETE CASCADE,
  topic text NOT NULL,
  event_key text NOT NULL,
  payload jsonb NOT NULL,
  status text NOT NULL DEFAULT 'pending'
    CHECK (status IN ('pending', 'delivering', 'succeeded', 'failed', 'dead')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  claimed_until timestamptz,
  last_status_code integer,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  delivered_at timestamptz,
  UNIQUE (endpoint_id, event_key)
);
CREATE INDEX outgoing_webhook_deliveries_due_idx ON outgoing_webhook_deliveries (next_attempt_at, id) WHERE status = 'pending';
CREATE INDEX outgoing_webhook_deliveries_endpoint_idx ON outgoing_webhook_deliveries (endpoint_id, id DESC);

-- The delivery log: every attempt with its answer, for the seller to debug their receiver.
CREATE TABLE outgoing_webhook_attempts (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  delivery_id bigint NOT NULL REFERENCES outgoing_webhook_deliveries (id) ON DELETE CASCADE,
  attempted_at timestamptz NOT NULL DEFAULT now(),
  status_code integer,
  duration_ms integer NOT NULL,
  error text,
  response_excerpt text
);
CREATE INDEX outgoing_webhook_attempts_delivery_idx ON outgoing_webhook_attempts (delivery_id, id);
