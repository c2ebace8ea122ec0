/** Webhook receipt figures for /metrics. */
import { counter, histogram } from "../../core/metrics.js";

export const webhookDeliveries = counter(
  "shipwatch_webhook_deliveries_total",
  "Inbound webhook deliveries, by source and outcome (accepted, duplicate, rejected, unknown).",
);

export const webhookReceiptSeconds = histogram(
  "shipwatch_webhook_receipt_seconds",
  "Time to answer an inbound webhook delivery (verify, store raw, queue), by source.",
  [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
);

export const webhookIntakeBatchSize = histogram(
  "shipwatch_webhook_intake_batch_deliveries",
  "Deliveries written per intake transaction (group commit): near 1 when quiet, larger under load.",
  [1, 2, 5, 10, 20, 50, 100, 200, 500],
);

export const webhookIntakeSeconds = histogram(
  "shipwatch_webhook_intake_seconds",
  "Time of one intake transaction: raw payloads, receipts and the ingest job of a group of deliveries.",
  [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
);
