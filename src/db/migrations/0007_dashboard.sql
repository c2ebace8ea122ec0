-- The ops dashboard (/app): people who sign in (users per seller with a role), their sessions, invitations,
-- daily analytics roll-ups, and the indexes behind search and the overview. (The exception queue works on
-- the alerts of 0005_notifications.)

CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  seller_id uuid NOT NULL REFERENCES sellers (id) ON DELETE CASCADE,
  -- Stored lower-cased and trimmed; one account per address and seller (the same person may work for two).
  email text NOT NULL CHECK (email = lower(btrim(email)) AND position('@' in email) > 1),
  name text NOT NULL DEFAULT '',
  role text NOT NULL CHECK (role IN ('owner', 'admin', 'support', 'viewer')),
  -- scrypt$N$r$p$salt$hash (see src/web/dashboard/password.ts); never the password.
  password_hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  last_sign_in_at timestamptz,
  UNIQUE (seller_id, email)
);
CREATE INDEX users_email_idx ON users (email);

CREATE TABLE dashboard_sessions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  seller_id uuid NOT NULL REFERENCES sellers (id) ON DELETE CASCADE,
  -- sha256 of the cookie value: a stolen database copy cannot be replayed as a cookie.
  token_hash text NOT NULL UNIQUE,
  -- Per-session key that CSRF tokens are derived from (HMAC); rotates with the session.
  csrf_secret text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  ip text,
  user_agent text
);
CREATE INDEX dashboard_sessions_user_idx ON dashboard_sessions (user_id);

CREATE TABLE invitations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  seller_id uuid NOT NULL REFERENCES sellers (id) ON DELETE CASCADE,
  email text NOT NULL CHECK (email = lower(btrim(email))),
  role text NOT NULL CHECK (role IN ('owner', 'admin', 'support', 'viewer')),
  -- sha256 of the token in the invitation link.
  token_hash text NOT NULL UNIQUE,
  invited_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  accepted_at timestamptz,
  revoked_at timestamptz
);
CREATE INDEX invitations_seller_idx ON invitations (seller_id, created_at DESC);

-- Daily analytics roll-ups: one row per seller, day (the shipment's registration day in the seller's time
-- zone) and dimension value (dimension: all | carrier | service | lane | warehouse). Counts add up across
-- days; distributions are sparse histograms ({"bucket": count}) that add up too, so any period is a sum.
CREATE TABLE analytics_daily (
  seller_id uuid NOT NULL REFERENCES sellers (id) ON DELETE CASCADE,
  day date NOT NULL,
  dimension text NOT NULL CHECK (dimension IN ('all', 'carrier', 'service', 'lane', 'warehouse')),
  value text NOT NULL,
  shipments integer NOT NULL DEFAULT 0,
  delivered integer NOT NULL DEFAULT 0,
  -- Delivered shipments whose order had a promised date, and those delivered by it.
  promised integer NOT NULL DEFAULT 0,
  on_time integer NOT NULL DEFAULT 0,
  -- Delivered shipments with a carrier scan before delivery (tracked end to end).
  covered integer NOT NULL DEFAULT 0,
  failed_attempt integer NOT NULL DEFAULT 0,
  lost integer NOT NULL DEFAULT 0,
  -- Shipments that met each problem kind at least once: {"address_issue": 3, "attempt_failed": 5, ...}.
  exceptions jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- Hours from first carrier scan to delivery, hours from order to first scan, minutes from carrier event to ingest.
  transit_hours jsonb NOT NULL DEFAULT '{}'::jsonb,
  order_to_ship_hours jsonb NOT NULL DEFAULT '{}'::jsonb,
  freshness_minutes jsonb NOT NULL DEFAULT '{}'::jsonb,
  events integer NOT NULL DEFAULT 0,
  -- Shopper messages sent (0005 notifications) and tracking-page ratings (0003) of these shipments.
  messages integer NOT NULL DEFAULT 0,
  ratings integer NOT NULL DEFAULT 0,
  rating_sum integer NOT NULL DEFAULT 0,
  -- Tracking-page views that day (seller-wide, so only on the dimension = 'all' row).
  page_views integer NOT NULL DEFAULT 0,
  PRIMARY KEY (seller_id, dimension, day, value)
);

CREATE TABLE analytics_rollup_runs (
  seller_id uuid PRIMARY KEY REFERENCES sellers (id) ON DELETE CASCADE,
  rolled_up_at timestamptz NOT NULL,
  from_day date NOT NULL,
  to_day date NOT NULL,
  duration_ms integer NOT NULL
);

-- Search (src/db/repositories/dashboard-search.ts). PGlite bundles pg_trgm but only loads it when the client
-- is constructed with it, and a PostgreSQL server may lack contrib; exact and prefix B-tree indexes work on
-- both and answer in a few index probes at any size. text_pattern_ops makes `LIKE 'abc%'` use the index
-- whatever the database collation.
CREATE INDEX orders_search_number_idx ON orders (seller_id, upper(order_number) text_pattern_ops);
CREATE INDEX orders_search_email_idx ON orders (seller_id, email text_pattern_ops);
-- Phones are matched on their last digits (a shopper's "555 0100" finds "+15555550100"): reversed prefix.
CREATE INDEX orders_search_phone_idx ON orders (seller_id, reverse(phone) text_pattern_ops);
CREATE INDEX orders_search_name_idx ON orders (seller_id, lower(first_name) text_pattern_ops);
CREATE INDEX shipments_search_tracking_idx ON shipments (seller_id, tracking_number text_pattern_ops);

-- Overview: late and at-risk orders (promise set, in the near past or future).
CREATE INDEX orders_promised_idx ON orders (seller_id, promised_at) WHERE promised_at IS NOT NULL;
-- Overview and late/at-risk: shipments still on their way, a small slice of the table at any size.
CREATE INDEX shipments_active_status_idx ON shipments (seller_id, status)
  WHERE status NOT IN ('delivered', 'returned', 'cancelled', 'expired');
-- Overview: what moved today.
CREATE INDEX shipments_seller_status_changed_idx ON shipments (seller_id, status_changed_at);
