/**
 * The background loops of notifications and exceptions, run by worker processes (`serve --role worker|all`):
 * send due messages (twice a second, at once again after a full batch), deliver webhooks, evaluate the time
 * rules every few minutes, relearn scan gaps a few times a day. Every loop claims its rows with SKIP LOCKED, so
 * any number of workers can run them side by side. Returns a function that stops them and waits for the runs
 * in flight.
 */
import { publicUrlOf, type Config } from "../config/index.js";
import type { Database } from "../db/client.js";
import { evaluateExceptionRules } from "../exceptions/evaluate.js";
import { loadRules } from "../exceptions/rules.js";
import { learnScanGaps } from "../exceptions/scan-gaps.js";
import { channelsFromConfig } from "./channels-config.js";
import { deliverDueNotifications, type DeliveryDeps } from "./deliver.js";
import { deliverDueWebhooks } from "./webhook-out.js";

export interface NotificationWorkerOptions {
  onError?: (error: Error) => void;
  /** Overrides (tests, benchmarks): channels and intervals. */
  deps?: Partial<DeliveryDeps>;
  notifyEveryMs?: number;
  webhooksEveryMs?: number;
  rulesEveryMs?: number;
  gapsEveryMs?: number;
}

/** Starts the loops; the returned function stops them. */
export function startNotificationWorkers(
  db: Database,
  config: Config,
  options: NotificationWorkerOptions = {},
): () => Promise<void> {
  const onError =
    options.onError ?? ((error: Error) => process.stderr.write(`notifications: ${error.message}\n`));
  const channels = channelsFromConfig(config);
  const deps: DeliveryDeps = {
    ...channels,
    publicUrl: publicUrlOf(config),
    mailFrom: config.mailFrom,
    ...options.deps,
  };
  const batch = deps.batchSize ?? 100;
  const loops = [
    loop(
      options.notifyEveryMs ?? 500,
      async () => (await deliverDueNotifications(db, deps)).sent >= batch,
      onError,
    ),
    loop(
      options.webhooksEveryMs ?? 2_000,
      async () => {
        await deliverDueWebhooks(db);
        return false;
      },
      onError,
    ),
    loop(
      options.rulesEveryMs ?? 5 * 60_000,
      async () => {
        await evaluateExceptionRules(db);
        return false;
      },
      onError,
    ),
    loop(
      options.gapsEveryMs ?? 6 * 3_600_000,
      async () => {
        await relearnAllScanGaps(db);
        return false;
      },
      onError,
    ),
  ];
  return async () => {
    await Promise.all(loops.map((stop) => stop()));
    deps.email.close?.();
  };
}

/** Relearns every seller's scan gaps with its stalled rule's percentile and its time zone. */
export async function relearnAllScanGaps(db: Database, now: Date = new Date()): Promise<void> {
  const sellers = await db.query<{ id: string; zone: string | null }>(
    "SELECT id, settings->>'timeZone' AS zone FROM sellers",
  );
  for (const seller of sellers) {
    const rules = await loadRules(db, seller.id);
    if (!rules.stalled.enabled) continue;
    await learnScanGaps(db, seller.id, {
      now,
      percentile: rules.stalled.params.percentile,
      timeZone: seller.zone ?? "UTC",
    });
  }
}

/** Runs `step` every `everyMs` (immediately again when it returns true); the result stops and drains it. */
function loop(
  everyMs: number,
  step: () => Promise<boolean>,
  onError: (error: Error) => void,
): () => Promise<void> {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = (async () => {
      let again = false;
      try {
        again = await step();
      } catch (error) {
        onError(error as Error);
      }
      if (!stopped) timer = setTimeout(tick, again ? 0 : everyMs);
    })();
  };
  timer = setTimeout(tick, Math.min(everyMs, 1_000));
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}
