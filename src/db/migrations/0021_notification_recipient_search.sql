-- The dashboard's Messages page finds a shopper's messages by address ("did we e-mail this customer?"): the typed
-- address, normalized as recipients are stored, is matched on the start of notifications.recipient. The only
-- seller-wide index, (seller_id, id DESC), would read every message of the seller to find a rare address; this one
-- answers `recipient LIKE 'x%'` with a range scan (text_pattern_ops, as the order search indexes of 0007).
--
-- recipient never changes once decided, but status updates (queued → sending → sent) already touch indexed
-- columns, so each one writes this index too: one more entry per update, on a table written a few times per message.
CREATE INDEX notifications_seller_recipient_idx ON notifications (seller_id, recipient text_pattern_ops);
