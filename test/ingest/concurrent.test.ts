/**
 * Concurrent ingests of the same shipments: the ledger writes shipment state optimistically (a state-version check
 * in the UPDATE, retried with the rows locked on conflict), so two transactions folding one shipment at the same
 * time must both land — every event stored, the state the fold of all of them, one outbox row per status change.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { foldShipmentState } from "../../src/core/fold.js";
import { createSeller } from "../../src/db/repositories/sellers.js";
import { ingest, ingestInSession } from "../../src/ingest/ingest.js";
import { createTestDatabase, testEngine, type TestDatabase } from "../support/db.js";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.destroy());

interface ScanInput {
  trackingNumber: string;
  occurredAt: string;
  status: string;
  substatus?: string;
  code: string;
}

const payload = (events: ScanInput[]) => ({
  source: "api",
  contentType: "application/json",
  body: Buffer.from(JSON.stringify({ events: events.map((e) => ({ carrier: "ups", ...e })) })),
});

const scan = (n: number, hour: number, status: string, code: string, substatus?: string): ScanInput => ({
  trackingNumber: `1ZRACE${String(n).padStart(6, "0")}`,
  occurredAt: new Date(Date.UTC(2026, 2, 1, hour, n)).toISOString(),
  status,
  code,
  ...(substatus ? { substatus } : {}),
});

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** Every shipment of the seller: stored state against the fold of its stored events, and its outbox chain. */
async function ledgerOf(sellerId: string) {
  const shipments = await db.query<{
    id: string;
    status: string;
    substatus: string | null;
    event_count: number;
    state_version: number;
  }>(
    `SELECT id, status, substatus, event_count, state_version FROM shipments WHERE seller_id = $1 ORDER BY tracking_number`,
    [sellerId],
  );
  const events = await db.query<{
    shipment_id: string;
    fingerprint: string;
    occurred_at: Date;
    status: string;
    substatus: string | null;
  }>(
    "SELECT shipment_id, fingerprint, occurred_at, status, substatus FROM tracking_events WHERE seller_id = $1",
    [sellerId],
  );
  const outbox = await db.query<{ aggregate_id: string; from: string; to: string }>(
    `SELECT aggregate_id, payload->>'from' AS from, payload->>'to' AS to FROM outbox
     WHERE seller_id = $1 AND topic = 'shipment.status_changed' ORDER BY id`,
    [sellerId],
  );
  return shipments.map((s) => {
    const own = events.filter((e) => e.shipment_id === s.id);
    const folded = foldShipmentState(
      own.map((e) => ({
        fingerprint: e.fingerprint,
        occurredAt: new Date(e.occurred_at),
        status: e.status as never,
        substatus: e.substatus,
      })),
    );
    return {
      stored: { status: s.status, substatus: s.substatus, eventCount: s.event_count },
      folded: { status: folded.status, substatus: folded.substatus, eventCount: folded.eventCount },
      events: own.length,
      version: s.state_version,
      chain: outbox.filter((o) => o.aggregate_id === s.id).map((o) => `${o.from}>${o.to}`),
    };
  });
}

describe("concurrent ingests of the same shipments", () => {
  it.skipIf(testEngine !== "postgres")(
    "both land when the second reads a state the first is about to commit over",
    async () => {
      const seller = await createSeller(db.orm, { slug: "race-pair", name: "Race pair" });
      const N = 30;
      await ingest(db, seller.id, payload(range(N).map((n) => scan(n, 1, "info_received", "MP"))));

      // The first transaction writes its scans and holds its row locks, uncommitted, until told to commit.
      let firstPid = 0;
      let commitFirst!: () => void;
      const firstMayCommit = new Promise<void>((resolve) => (commitFirst = resolve));
      let firstWritten!: () => void;
      const firstHasWritten = new Promise<void>((resolve) => (firstWritten = resolve));
      const first = db.session(async (s) => {
        firstPid = (await s.query<{ pid: number }>("SELECT pg_backend_pid() AS pid"))[0]!.pid;
        await ingestInSession(s, seller.id, [payload(range(N).map((n) => scan(n, 5, "in_transit", "PU")))]);
        firstWritten();
        await firstMayCommit;
      });
      await firstHasWritten;
      // The second reads the shipments as they were before the first (not committed yet) and must wait for it.
      const second = ingest(
        db,
        seller.id,
        payload(range(N).map((n) => scan(n, 9, "out_for_delivery", "OD"))),
      );
      for (let waited = 0; ; waited += 20) {
        const [blocked] = await db.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE $1::int = ANY(pg_blocking_pids(pid))",
          [firstPid],
        );
        if (blocked!.n > 0) break;
        if (waited > 20_000) throw new Error("the second ingest never waited for the first");
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      commitFirst();
      await first;
      const result = await second;
      expect(result.eventsAdded).toBe(N);

      const ledger = await ledgerOf(seller.id);
      expect(ledger).toHaveLength(N);
      for (const shipment of ledger) {
        expect(shipment).toEqual({
          stored: { status: "out_for_delivery", substatus: null, eventCount: 3 },
          folded: { status: "out_for_delivery", substatus: null, eventCount: 3 },
          events: 3,
          version: 3,
          chain: ["pending>info_received", "info_received>in_transit", "in_transit>out_for_delivery"],
        });
      }
    },
    60_000,
  );

  it("many at once, overlapping and in different orders, lose nothing", async () => {
    const seller = await createSeller(db.orm, { slug: "race-many", name: "Race many" });
    const N = 40;
    const journey: [number, string, string, string?][] = [
      [1, "info_received", "MP"],
      [3, "in_transit", "PU", "picked_up"],
      [5, "in_transit", "AR", "arrived_at_facility"],
      [7, "in_transit", "DP", "departed_facility"],
      [9, "out_for_delivery", "OD"],
      [11, "delivered", "DL", "signed"],
    ];
    // Six payloads, one step each for every shipment, the shipments in a different order in each; the first two
    // also repeat the next step's scans, so concurrent transactions insert the same events.
    const payloads = journey.map((_, step) => {
      const scans: ScanInput[] = [];
      const order = step % 2 === 0 ? range(N) : range(N).reverse();
      for (const n of order) {
        const [hour, status, code, substatus] = journey[step]!;
        scans.push(scan(n, hour, status, code, substatus));
        if (step < 2) {
          const [h2, s2, c2, sub2] = journey[step + 1]!;
          scans.push(scan(n, h2, s2, c2, sub2));
        }
      }
      return payload(scans);
    });
    const results = await Promise.all(payloads.map((p) => ingest(db, seller.id, p)));
    expect(results.reduce((sum, r) => sum + r.eventsAdded, 0)).toBe(N * journey.length);

    const ledger = await ledgerOf(seller.id);
    expect(ledger).toHaveLength(N);
    for (const shipment of ledger) {
      expect(shipment.events).toBe(journey.length);
      expect(shipment.stored).toEqual(shipment.folded);
      expect(shipment.stored).toEqual({
        status: "delivered",
        substatus: "signed",
        eventCount: journey.length,
      });
      // One outbox row per status change a transaction saw, each from the status the previous one left.
      const chain = shipment.chain.map((link) => link.split(">") as [string, string]);
      expect(chain[0]![0]).toBe("pending");
      for (let i = 1; i < chain.length; i++) expect(chain[i]![0]).toBe(chain[i - 1]![1]);
      expect(chain.at(-1)![1]).toBe("delivered");
    }
  }, 60_000);
});
