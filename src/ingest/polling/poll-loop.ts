/**
 * The recurring poller: every worker process runs this loop, which polls whatever is due (`pollDue`), at once
 * again while rounds come back full, and otherwise sleeps until the earliest next poll — at most `maxIdleMs`, so a
 * shipment made due by another process ("refresh now" on the dashboard, a new carrier account) waits seconds.
 *
 * Why a loop and not pg-boss `schedule`: a cron job fires at most once a minute and then has to drain a backlog
 * of whatever size in one job, and adaptive schedules place polls to the minute around the moments carriers
 * publish (a one-minute tick plus a round's length would eat into a 30-minute freshness budget when many polls
 * fall due together). Why no leader lease: claims are per shipment row (FOR UPDATE SKIP LOCKED, a lease pushed
 * into next_poll_at, see claim.ts), so any number of loops share the work without polling anything twice — more
 * worker processes simply poll more shipments per second, within the carrier accounts' shared rate limits.
 */
import type { Database } from "../../db/client.js";
import { pollDue, type PollerDeps, type PollRoundReport } from "./poll-shipment.js";

export interface PollLoopOptions {
  deps: PollerDeps;
  /** Longest sleep between two looks at the schedule (default 10 s). */
  maxIdleMs?: number;
  /** Shortest sleep when nothing is due yet (default 250 ms): polls due within it are taken together. */
  minIdleMs?: number;
  onRound?: (report: PollRoundReport) => void;
  onError?: (error: Error) => void;
}

export interface PollLoop {
  /** Looks at the schedule now instead of finishing the current sleep. */
  wake(): void;
  /** Stops after the round in flight. */
  stop(): Promise<void>;
}

/** Milliseconds since the epoch of the earliest scheduled poll (0 for "at once"), or null when none is scheduled. */
export async function earliestScheduledPoll(db: Database): Promise<number | null> {
  const [row] = await db.query<{ at: number | null }>(
    `SELECT CASE WHEN MIN(next_poll_at) IS NULL THEN NULL WHEN isfinite(MIN(next_poll_at))
       THEN (EXTRACT(EPOCH FROM MIN(next_poll_at)) * 1000)::float8 ELSE 0 END AS at
     FROM shipment_poll_state WHERE next_poll_at IS NOT NULL`,
  );
  return row?.at === null || row?.at === undefined ? null : Number(row.at);
}

/** Starts the loop; the first round runs at once. */
export function startPollLoop(db: Database, options: PollLoopOptions): PollLoop {
  const maxIdle = options.maxIdleMs ?? 10_000;
  const minIdle = options.minIdleMs ?? 250;
  const limit = options.deps.batchLimit ?? 500;
  let stopping = false;
  let wakeUp: (() => void) | null = null;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wakeUp = null;
        resolve();
      }
      wakeUp = done;
    });

  async function once(): Promise<number> {
    const report = await pollDue(db, options.deps);
    options.onRound?.(report);
    if (report.claimed >= limit) return 0; // a backlog: the next round at once
    const due = await earliestScheduledPoll(db);
    if (due === null) return maxIdle;
    return Math.min(maxIdle, Math.max(minIdle, due - options.deps.clock.now()));
  }

  const running = (async () => {
    while (!stopping) {
      let wait: number;
      try {
        wait = await once();
      } catch (error) {
        // The database or a bug, not a carrier (carrier failures are outcomes): try again after a pause.
        options.onError?.(error instanceof Error ? error : new Error(String(error)));
        wait = maxIdle;
      }
      if (!stopping && wait > 0) await sleep(wait);
    }
  })();

  return {
    wake: () => wakeUp?.(),
    async stop() {
      stopping = true;
      wakeUp?.();
      await running;
    },
  };
}
