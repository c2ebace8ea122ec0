-- Returns (requests with their items, the return shipment that carries them back) and helpdesk tickets
-- opened for exception alerts (one per alert and helpdesk connection, with the helpdesk's id and link).

-- A shopper's (or the seller's) request to send items back. Lifecycle (src/returns/lifecycle.ts):
-- requested → approved → in_transit → received → refunded | closed, or rejected; closed from any open state.
CREATE TABLE return_requests (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  seller_id uuid NOT NULL REFERENCES sellers (id) ON DELETE CASCADE,
  order_id uuid NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  status text NOT NULL DEFAULT 'requested'
    CHECK (status IN ('requested', 'approved', 'in_transit', 'received', 'refunded', 'closed', 'rejected')),
  reason_code text NOT NULL,
  -- The shopper's own words: untrusted, escaped wherever shown.
  reason_text text,
  -- api, tracking_page, dashboard
  source text NOT NULL,
  -- The shipment carrying the items back (direction 'return'), once a tracking number is attached.
  return_shipment_id uuid REFERENCES shipments (id) ON DELETE SET NULL,
  locale text,
  -- Why it was rejected, or the seller's note on approval.
  decision_note text,
  requested_at timestamptz NOT NULL DEFAULT now(),
  approved_at timestamptz,
  in_transit_at timestamptz,
  received_at timestamptz,
  refunded_at timestamptz,
  closed_at timestamptz,
  rejected_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX return_requests_seller_idx ON return_requests (seller_id, requested_at DESC, id DESC);
CREATE INDEX return_requests_order_idx ON return_requests (order_id);
CREATE UNIQUE INDEX return_requests_shipment_idx ON return_requests (return_shipment_id)
  WHERE return_shipment_id IS NOT NULL;

-- What goes back, with quantities (the order's line item when it is known, else the shopper's description).
CREATE TABLE return_items (
  return_id uuid NOT NULL REFERENCES return_requests (id) ON DELETE CASCADE,
  line integer NOT NULL,
  sku text,
  name text NOT NULL,
  quantity integer NOT NULL CHECK (quantity > 0 AND quantity <= 1000),
  PRIMARY KEY (return_id, line)
);

-- A ticket in the seller's helpdesk (Zendesk, Gorgias) for an alert. Unique per alert and connection: the
-- alert decided twice, or its job retried, never opens a second ticket. The job first looks the ticket up by
-- external_id in the helpdesk, so a creation whose answer was lost is found, not repeated.
CREATE TABLE helpdesk_tickets (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  seller_id uuid NOT NULL REFERENCES sellers (id) ON DELETE CASCADE,
  alert_id uuid NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
  endpoint_id uuid NOT NULL REFERENCES outgoing_webhooks (id) ON DELETE CASCADE,
  shipment_id uuid NOT NULL REFERENCES shipments (id) ON DELETE CASCADE,
  provider text NOT NULL CHECK (provider IN ('zendesk', 'gorgias')),
  -- pending (decided) → queued (job sent) → created | failed
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'queued', 'created', 'failed')),
  -- What we tag the ticket with in the helpdesk, to find it again.
  external_id text NOT NULL,
  -- The alert as it was decided (the ticket's facts).
  payload jsonb NOT NULL DEFAULT '{}'::jsonb,
  ticket_id text,
  ticket_url text,
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  queued_at timestamptz,
  opened_at timestamptz,
  UNIQUE (alert_id, endpoint_id)
);
CREATE INDEX helpdesk_tickets_pending_idx ON helpdesk_tickets (id) WHERE status = 'pending';
CREATE INDEX helpdesk_tickets_shipment_idx ON helpdesk_tickets (shipment_id);
