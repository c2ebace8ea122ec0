-- "Moved today" indexed by the day, not the instant.
--
-- The overview's "moved today" (src/db/repositories/dashboard-overview.ts) was served by an index on
-- (seller_id, status_changed_at). status_changed_at moves with every sub-status change — every hub scan
-- (departed → arrived → departed …) — so no scan could update its shipment in place (HOT): each rewrote all of
-- the shipments' indexes. The UTC day of that instant changes at most once a day per shipment, so scans that
-- leave the status alone now leave every indexed column alone.
--
-- A stored generated column rather than an expression index: PostgreSQL decides HOT on the columns an index
-- reads, and an expression index on status_changed_at would still read status_changed_at. Generated, it cannot
-- drift from status_changed_at whoever writes it.
--
-- The seller's "today" starts at a local midnight, not a UTC one: the query bounds the UTC day from below
-- (an instant at or after the local midnight is on or after that instant's UTC day) and keeps the exact
-- comparison on status_changed_at as a filter.
ALTER TABLE shipments
  ADD COLUMN status_changed_on date GENERATED ALWAYS AS ((status_changed_at AT TIME ZONE 'UTC')::date) STORED;
CREATE INDEX shipments_seller_status_changed_on_idx ON shipments (seller_id, status_changed_on);
DROP INDEX shipments_seller_status_changed_idx;
