-- Carrier push subscriptions (UPS Track Alert): an account setting that turns them on (off by default, and used
-- only when the instance has a public URL the carrier can reach), and per shipment how long the carrier pushes
-- its scans to us, so polls fall back to a daily safety net until then.

ALTER TABLE carrier_accounts ADD COLUMN push boolean NOT NULL DEFAULT false;

-- Set from the carrier's answer (UPS: 14 days after the subscription); renewed before it lapses while the
-- shipment is open. NULL: not subscribed (push off, not asked yet, or refused).
ALTER TABLE shipment_poll_state ADD COLUMN push_subscribed_until timestamptz;
-- When the carrier refused the number (UPS invalidTrackingNumbers): it is polled normally and not asked again.
ALTER TABLE shipment_poll_state ADD COLUMN push_refused_at timestamptz;
