-- Notification and webhook senders run as pg-boss jobs (src/notifications/jobs.ts). Two things they need:

-- The moment a sender passed the point of no return for a message: the SMTP end-of-data about to be written,
-- the SMS API request about to go out. A worker that dies before it leaves the row to be sent again by
-- another (nothing left); one that dies after it never gets the message sent a second time.
ALTER TABLE notifications ADD COLUMN handoff_at timestamptz;

-- Wake the senders when work is committed: one NOTIFY per statement that queues a message or a webhook
-- delivery. NOTIFY is delivered on commit (never for a rolled-back decision) and collapsed within a
-- transaction, so a batch of ten thousand rows wakes each worker once.
CREATE FUNCTION shipwatch_wake_notification_senders() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM new_rows WHERE status = 'queued') THEN
    PERFORM pg_notify('shipwatch_outbox', 'notifications');
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER notifications_wake_senders AFTER INSERT ON notifications
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION shipwatch_wake_notification_senders();

CREATE FUNCTION shipwatch_wake_webhook_senders() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM new_rows WHERE status = 'pending') THEN
    PERFORM pg_notify('shipwatch_outbox', 'webhooks');
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER outgoing_webhook_deliveries_wake_senders AFTER INSERT ON outgoing_webhook_deliveries
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION shipwatch_wake_webhook_senders();
