-- The delivery window the carrier's latest answer gave for a parcel on the vehicle (UPS deliveryTime EDW/CDW/IDW,
-- FedEx estimatedDeliveryTimeWindow), kept beside the poll schedule: the poller's claim reads it with the rest of
-- the row and passes it to nextPollAt, which then polls densely only inside it. Replaced by each answer (a new
-- day's window, or none), cleared once the shipment is no longer out for delivery. NULL: no window.
ALTER TABLE shipment_poll_state ADD COLUMN carrier_window_start timestamptz;
ALTER TABLE shipment_poll_state ADD COLUMN carrier_window_end timestamptz;
