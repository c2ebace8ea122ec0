-- Delivery-window predictions (src/eta): versioned models per seller, the delivery history they are trained
-- from, the current prediction of each shipment and every change of its window.

-- One row per trained model; a seller has at most one active model (the one predictions are made with).
-- Older versions are kept: a prediction names the version it came from, and a bad retrain can be rolled back.
CREATE TABLE eta_models (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  seller_id uuid NOT NULL REFERENCES sellers (id) ON DELETE CASCADE,
  -- 1, 2, 3… per seller, in training order.
  version integer NOT NULL CHECK (version > 0),
  -- The EtaModel object (src/eta/model.ts, format "shipwatch.eta.model").
  model jsonb NOT NULL,
  trained_at timestamptz NOT NULL DEFAULT now(),
  -- Rows used (imported history, delivered shipments), first/last order, data quality, timings.
  training jsonb NOT NULL DEFAULT '{}'::jsonb,
  active boolean NOT NULL DEFAULT false,
  UNIQUE (seller_id, version)
);
CREATE UNIQUE INDEX eta_models_active_idx ON eta_models (seller_id) WHERE active;

-- Past deliveries imported from a file (`shipwatch import history`), one row per seller and order: importing
-- the same file again updates rows instead of counting them twice. Times are kept as written (local wall
-- clock): the model reads local dates and never shifts a timestamp between zones.
CREATE TABLE eta_history_rows (
  seller_id uuid NOT NULL REFERENCES sellers (id) ON DELETE CASCADE,
  order_id text NOT NULL CHECK (order_id <> ''),
  carrier text NOT NULL DEFAULT '',
  service text NOT NULL DEFAULT '',
  -- The file's seller / warehouse columns (a marketplace export), when it has them.
  seller_ref text NOT NULL DEFAULT '',
  warehouse text NOT NULL DEFAULT '',
  origin_postal text NOT NULL DEFAULT '',
  origin_region text NOT NULL DEFAULT '',
  origin_country text NOT NULL DEFAULT '',
  destination_postal text NOT NULL DEFAULT '',
  destination_region text NOT NULL DEFAULT '',
  destination_country text NOT NULL DEFAULT '',
  ordered_at text NOT NULL,
  shipped_at text,
  delivered_at text NOT NULL,
  promised_at text,
  -- The file it came from and its line there (for data-quality questions).
  source text NOT NULL,
  line integer NOT NULL,
  imported_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (seller_id, order_id)
);

-- The current prediction of a shipment, rewritten when a scan changes it (stage, confidence, window).
CREATE TABLE shipment_predictions (
  shipment_id uuid PRIMARY KEY REFERENCES shipments (id) ON DELETE CASCADE,
  seller_id uuid NOT NULL REFERENCES sellers (id) ON DELETE CASCADE,
  most_likely date NOT NULL,
  earliest date NOT NULL,
  latest date NOT NULL CHECK (latest >= earliest),
  -- Intended share of deliveries inside [earliest, latest].
  coverage double precision NOT NULL,
  promise date NOT NULL,
  promise_quantile double precision NOT NULL,
  -- Calibrated probability that delivery is within one day of most_likely.
  confidence double precision NOT NULL,
  -- at_order, at_ship, in_transit, at_destination_facility, out_for_delivery, exception, overdue, ...
  stage text NOT NULL,
  model_version integer NOT NULL,
  -- Which hierarchy nodes and method the prediction stood on (EtaBasis).
  basis jsonb NOT NULL DEFAULT '{}'::jsonb,
  predicted_at timestamptz NOT NULL,
  -- When earliest/latest last changed (what "the window moved" means).
  window_changed_at timestamptz NOT NULL
);
CREATE INDEX shipment_predictions_seller_idx ON shipment_predictions (seller_id);

-- Every window a shipment was given, oldest first: written only when earliest or latest changes, so the page
-- and the dashboard can show how it moved.
CREATE TABLE shipment_prediction_history (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  shipment_id uuid NOT NULL REFERENCES shipments (id) ON DELETE CASCADE,
  seller_id uuid NOT NULL REFERENCES sellers (id) ON DELETE CASCADE,
  most_likely date NOT NULL,
  earliest date NOT NULL,
  latest date NOT NULL,
  coverage double precision NOT NULL,
  promise date NOT NULL,
  confidence double precision NOT NULL,
  stage text NOT NULL,
  model_version integer NOT NULL,
  at timestamptz NOT NULL
);
CREATE INDEX shipment_prediction_history_idx ON shipment_prediction_history (shipment_id, id);
