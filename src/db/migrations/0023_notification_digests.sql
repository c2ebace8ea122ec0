-- Messages folded into another (collapsed_into) are read back by the message that carries them: the sender lists
-- the parcels of an order that one shopper message speaks for, and the alerts that one team e-mail gathers
-- (src/notifications/team-digest.ts). Without an index each send would read the whole table; so would the
-- ON DELETE SET NULL of the column's own foreign key when a message is deleted. Partial: most messages carry
-- nothing and are folded into nothing.
CREATE INDEX notifications_collapsed_into_idx ON notifications (collapsed_into) WHERE collapsed_into IS NOT NULL;
