-- Commerce platforms (Shopify, WooCommerce): one connection per seller and shop, the links between the platform's
-- orders and fulfillments and ours, and the write-backs of shipment progress to the platform.

CREATE TABLE commerce_connections (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  seller_id uuid NOT NULL REFERENCES sellers (id) ON DELETE CASCADE,
  platform text NOT NULL CHECK (platform IN ('shopify', 'woocommerce')),
  -- Shopify: the shop's myshopify.com domain; WooCommerce: the site URL (scheme, host, path; no trailing slash).
  -- Deliveries name their shop (X-Shopify-Shop-Domain, X-WC-Webhook-Source), which selects the connection.
  shop text NOT NULL,
  -- API credentials ({ accessToken } or { consumerKey, consumerSecret }) as JSON and the HMAC key of the
  -- platform's webhook signatures, each sealed with the instance key (src/db/secrets: AES-256-GCM, bound to this
  -- row's id and the field); only the credentials' field names are in clear, for screens that must not show them.
  credentials_sealed text NOT NULL,
  credential_names text[] NOT NULL DEFAULT '{}',
  webhook_secret_sealed text NOT NULL,
  -- The key that sealed both: after a key change every start re-seals them under the current key.
  sealed_with text NOT NULL,
  webhook_secret_prefix text NOT NULL,
  enabled boolean NOT NULL DEFAULT true,
  -- Push shipment progress back to the platform (fulfillment events, order notes and tracking).
  writeback boolean NOT NULL DEFAULT true,
  -- The last webhook applied, the last successful write-back, and the last write-back error.
  last_sync_at timestamptz,
  last_writeback_at timestamptz,
  last_error text,
  last_error_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (seller_id, platform, shop)
);

-- The platform's order behind one of ours. external_updated_at is the platform's own updated_at of the last payload
-- applied: an older payload arriving late (retries, reordering) does not undo a newer one.
CREATE TABLE commerce_orders (
  connection_id uuid NOT NULL REFERENCES commerce_connections (id) ON DELETE CASCADE,
  external_id text NOT NULL,
  seller_id uuid NOT NULL REFERENCES sellers (id) ON DELETE CASCADE,
  order_id uuid NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  external_updated_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (connection_id, external_id)
);
CREATE INDEX commerce_orders_order_idx ON commerce_orders (order_id);

-- The platform's fulfillment (Shopify) or tracking item (WooCommerce) behind one of our shipments. A Shopify
-- fulfillment with several tracking numbers is several shipments with the same external id.
CREATE TABLE commerce_shipments (
  connection_id uuid NOT NULL REFERENCES commerce_connections (id) ON DELETE CASCADE,
  external_id text NOT NULL,
  shipment_id uuid NOT NULL REFERENCES shipments (id) ON DELETE CASCADE,
  seller_id uuid NOT NULL REFERENCES sellers (id) ON DELETE CASCADE,
  external_order_id text NOT NULL,
  external_updated_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (connection_id, external_id, shipment_id)
);
CREATE INDEX commerce_shipments_shipment_idx ON commerce_shipments (shipment_id);

-- One write-back per connection and domain event (outbox row): decided once however often the relay runs, sent
-- by a pg-boss job with retries. status: pending → sent | skipped (nothing to say, or superseded) | failed.
CREATE TABLE commerce_writebacks (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  seller_id uuid NOT NULL REFERENCES sellers (id) ON DELETE CASCADE,
  connection_id uuid NOT NULL REFERENCES commerce_connections (id) ON DELETE CASCADE,
  shipment_id uuid NOT NULL REFERENCES shipments (id) ON DELETE CASCADE,
  outbox_id bigint NOT NULL,
  -- The normalized status the event moved to, and when (the carrier's time).
  status text NOT NULL,
  happened_at timestamptz,
  state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'skipped', 'failed')),
  reason text,
  attempts integer NOT NULL DEFAULT 0,
  -- What was sent (the platform's vocabulary) and the id the platform gave it.
  request_summary jsonb NOT NULL DEFAULT '{}'::jsonb,
  remote_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  UNIQUE (connection_id, outbox_id)
);
CREATE INDEX commerce_writebacks_connection_idx ON commerce_writebacks (connection_id, id DESC);
CREATE INDEX commerce_writebacks_shipment_idx ON commerce_writebacks (shipment_id, id);
