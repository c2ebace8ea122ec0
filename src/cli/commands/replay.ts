/**
 * `shipwatch replay --since DATE [--until DATE] [--source S] [--seller SLUG] [--json]`: re-parse stored raw
 * payloads with today's adapters (after a mapping fix) and recompute shipment state. Progress on stderr; a
 * summary on stdout. Safe to run twice: the second run finds nothing new.
 */
import { parseArgs } from "node:util";
import { loadConfig } from "../../config/index.js";
import type { Database } from "../../db/client.js";
import { findSellerBySlug } from "../../db/repositories/sellers.js";
import { replayRawPayloads, type ReplayFilter, type ReplayProgress } from "../../ingest/replay.js";
import type { CliCommand, CliIO } from "../command.js";
import { withDatabase } from "../open-database.js";

const USAGE = `shipwatch replay --since DATE [--until DATE] [--source S] [--seller SLUG] [--page N] [--json]

  Re-reads stored raw payloads received since DATE (YYYY-MM-DD or an ISO date-time) with today's carrier
  adapters, deduplicates as ingest does, updates events whose reading changed and recomputes shipment state.
  --source   an exact source (webhook:easypost, poll:ups, api) or a carrier id (all of its sources)
  --seller   only this seller's payloads
  Uses DATABASE_URL, or the embedded database in SHIPWATCH_DATA_DIR (stop the server first: one process per folder).`;

/** A date (midnight UTC) or date-time; null when unreadable, undefined when absent. */
function parseDate(value: string | undefined): Date | null | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value)) return null;
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  return Number.isNaN(date.getTime()) ? null : date;
}

function progressLine(p: ReplayProgress, started: number): string {
  const seconds = Math.max((performance.now() - started) / 1000, 0.001);
  const pct = p.total ? Math.min(100, Math.floor((p.payloads / p.total) * 100)) : 100;
  const n = (x: number) => x.toLocaleString("en-US");
  return (
    `replay: ${n(p.payloads)}/${n(p.total)} payloads (${pct}%) · ${n(p.eventsAdded)} events added · ` +
    `${n(p.shipmentsChanged)} status changes · ${n(p.failed)} unparseable · ${n(Math.round(p.payloads / seconds))}/s`
  );
}

async function run(
  db: Database,
  filter: ReplayFilter,
  page: number,
  json: boolean,
  io: CliIO,
): Promise<number> {
  const started = performance.now();
  let lastPrinted = 0;
  const result = await replayRawPayloads(db, filter, {
    pageSize: page,
    onProgress(p) {
      // One line a second at most, and the last one: readable in a terminal and in a log file alike.
      if (performance.now() - lastPrinted > 1_000) {
        lastPrinted = performance.now();
        io.stderr(`${progressLine(p, started)}\n`);
      }
    },
  });
  io.stderr(`${progressLine(result, started)}\n`);
  const seconds = (performance.now() - started) / 1000;
  if (json) io.stdout(`${JSON.stringify({ ...result, seconds: Number(seconds.toFixed(3)) })}\n`);
  else {
    io.stdout(
      `replayed ${result.payloads} payload(s) in ${seconds.toFixed(1)} s: ${result.eventsAdded} new event(s), ` +
        `${result.shipmentsChanged} shipment status change(s), ${result.failed} payload(s) still unparseable\n`,
    );
  }
  return 0;
}

export const replayCommand: CliCommand = {
  name: "replay",
  summary: "Re-parse stored raw payloads with today's adapters and recompute state",
  usage: USAGE,
  async run(argv, io) {
    let values;
    try {
      ({ values } = parseArgs({
        args: argv,
        options: {
          since: { type: "string" },
          until: { type: "string" },
          source: { type: "string" },
          seller: { type: "string" },
          page: { type: "string", default: "500" },
          json: { type: "boolean", default: false },
        },
      }));
    } catch (error) {
      io.stderr(`shipwatch replay: ${(error as Error).message}\n${USAGE}\n`);
      return 2;
    }
    const since = parseDate(values.since);
    const until = parseDate(values.until);
    const page = Number(values.page);
    if (!since || until === null || !Number.isInteger(page) || page < 1 || page > 10_000) {
      io.stderr(
        `shipwatch replay: --since DATE is required (YYYY-MM-DD or ISO date-time); --page 1..10000\n`,
      );
      return 2;
    }
    const config = loadConfig(io.env);
    return withDatabase("replay", config, io, async (db) => {
      let sellerId: string | undefined;
      if (values.seller) {
        sellerId = (await findSellerBySlug(db.orm, values.seller))?.id;
        if (!sellerId) {
          io.stderr(`shipwatch replay: no seller '${values.seller}'\n`);
          return 1;
        }
      }
      const filter = {
        since,
        ...(until ? { until } : {}),
        ...(values.source ? { source: values.source } : {}),
        sellerId,
      };
      return run(db, filter, page, values.json ?? false, io);
    });
  },
};
