-- Push subscriptions in full requests. UPS takes 100 numbers a request and FedEx 1000, but a poll round finds only
-- the few shipments that became due since the last one, so subscribing them as they come sent nearly one request
-- per round. Now a request with room left is sent at most once per wait (an hour by default) per account, filled
-- with every open shipment of the account still waiting; full requests go at once. This is when the last request
-- with room left went, shared by every worker like the account's token bucket.
ALTER TABLE carrier_rate_buckets ADD COLUMN push_partial_sent_at timestamptz;
