-- The shopper's tracking page: ratings, related products, page-view counts, lookup rate limits, the instance
-- secret that signs tracking links, the history of carrier delivery estimates, and change notifications that
-- invalidate cached pages in every process.

-- Secrets shared by every process of one installation (signed tracking links must verify on any node).
CREATE TABLE instance_secrets (
  name text PRIMARY KEY,
  secret text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- One rating per order: a second submission from the same order replaces the first.
CREATE TABLE tracking_ratings (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  seller_id uuid NOT NULL REFERENCES sellers (id) ON DELETE CASCADE,
  order_id uuid NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  rating smallint NOT NULL CHECK (rating BETWEEN 1 AND 5),
  comment text CHECK (char_length(comment) <= 2000),
  locale text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (order_id)
);
CREATE INDEX tracking_ratings_seller_idx ON tracking_ratings (seller_id, created_at DESC, id DESC);

-- Products a seller shows on the page after delivery, in `position` order (configured through the API).
CREATE TABLE related_products (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  seller_id uuid NOT NULL REFERENCES sellers (id) ON DELETE CASCADE,
  position integer NOT NULL DEFAULT 0,
  title text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 120),
  url text NOT NULL,
  image_url text,
  price text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX related_products_seller_idx ON related_products (seller_id, position);

-- Page views counted per day and page: buffered in memory and added in batches, so a view costs no write.
CREATE TABLE tracking_page_views (
  seller_id uuid NOT NULL REFERENCES sellers (id) ON DELETE CASCADE,
  day date NOT NULL,
  -- lookup | order | shipment | widget | json
  page text NOT NULL,
  views integer NOT NULL DEFAULT 0,
  PRIMARY KEY (seller_id, day, page)
);

-- Token buckets for shopper lookups (per client address and per order number), shared by every process.
CREATE TABLE tracking_lookup_buckets (
  key text PRIMARY KEY,
  tokens double precision NOT NULL,
  refilled_at timestamptz NOT NULL DEFAULT now()
);

-- How the carrier's estimate changed over time ("expected Tuesday, now Thursday"), recorded by the database
-- itself so every writer of shipments (ingest, the API, future importers) is covered.
CREATE TABLE shipment_estimate_changes (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  shipment_id uuid NOT NULL REFERENCES shipments (id) ON DELETE CASCADE,
  estimate text,
  changed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX shipment_estimate_changes_idx ON shipment_estimate_changes (shipment_id, id);

CREATE FUNCTION shipment_estimate_record() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO shipment_estimate_changes (shipment_id, estimate) VALUES (NEW.id, NEW.carrier_estimated_delivery);
  RETURN NULL;
END;
$$;
CREATE TRIGGER shipment_estimate_on_insert AFTER INSERT ON shipments
  FOR EACH ROW WHEN (NEW.carrier_estimated_delivery IS NOT NULL) EXECUTE FUNCTION shipment_estimate_record();
CREATE TRIGGER shipment_estimate_on_update AFTER UPDATE OF carrier_estimated_delivery ON shipments
  FOR EACH ROW WHEN (OLD.carrier_estimated_delivery IS DISTINCT FROM NEW.carrier_estimated_delivery)
  EXECUTE FUNCTION shipment_estimate_record();

-- Cached tracking pages are invalidated by what they show changing, in every process: a NOTIFY on the
-- `shipwatch_tracking` channel names the kind and ids ("shipment:<id>:<old order>:<new order>", "order:<id>",
-- "seller:<id>"). Delivered after commit, so a reader never re-caches the state that is being replaced.
CREATE FUNCTION tracking_page_notify() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  row_new record;
  row_old record;
BEGIN
  IF TG_OP = 'DELETE' THEN row_new := OLD; ELSE row_new := NEW; END IF;
  IF TG_OP = 'INSERT' THEN row_old := NEW; ELSE row_old := OLD; END IF;
  IF TG_TABLE_NAME = 'shipments' THEN
    PERFORM pg_notify('shipwatch_tracking', 'shipment:' || row_new.id || ':' || COALESCE(row_old.order_id::text, '')
      || ':' || COALESCE(row_new.order_id::text, ''));
  ELSIF TG_TABLE_NAME = 'orders' THEN
    PERFORM pg_notify('shipwatch_tracking', 'order:' || row_new.id);
  ELSIF TG_TABLE_NAME = 'sellers' THEN
    PERFORM pg_notify('shipwatch_tracking', 'seller:' || row_new.id);
  ELSIF TG_TABLE_NAME = 'tracking_ratings' THEN
    PERFORM pg_notify('shipwatch_tracking', 'order:' || row_new.order_id);
  ELSIF TG_TABLE_NAME = 'related_products' THEN
    PERFORM pg_notify('shipwatch_tracking', 'seller:' || row_new.seller_id);
  END IF;
  RETURN NULL;
END;
$$;
CREATE TRIGGER shipments_tracking_notify AFTER INSERT OR UPDATE OR DELETE ON shipments
  FOR EACH ROW EXECUTE FUNCTION tracking_page_notify();
CREATE TRIGGER orders_tracking_notify AFTER UPDATE OR DELETE ON orders
  FOR EACH ROW EXECUTE FUNCTION tracking_page_notify();
CREATE TRIGGER sellers_tracking_notify AFTER INSERT OR UPDATE OR DELETE ON sellers
  FOR EACH ROW EXECUTE FUNCTION tracking_page_notify();
CREATE TRIGGER tracking_ratings_notify AFTER INSERT OR UPDATE OR DELETE ON tracking_ratings
  FOR EACH ROW EXECUTE FUNCTION tracking_page_notify();
CREATE TRIGGER related_products_notify AFTER INSERT OR UPDATE OR DELETE ON related_products
  FOR EACH ROW EXECUTE FUNCTION tracking_page_notify();
