/** Job queue figures for /metrics: jobs finished by queue and outcome, and how long a webhook takes to land. */
import { counter, histogram } from "../core/metrics.js";

export const jobsFinished = counter(
  "shipwatch_jobs_total",
  "Jobs finished by this process, by queue and outcome (completed, retried, failed).",
);

export const jobBatchSeconds = histogram(
  "shipwatch_job_batch_seconds",
  "Time to claim, handle and commit one batch of jobs, by queue.",
  [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
);

export const webhookToStateSeconds = histogram(
  "shipwatch_webhook_to_state_seconds",
  "From a webhook delivery's receipt to its events committed in shipment state.",
  // Fine around the one-second objective, so its p95 can be read off the buckets.
  [0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10, 30, 60],
);
