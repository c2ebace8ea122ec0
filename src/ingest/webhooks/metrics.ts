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
