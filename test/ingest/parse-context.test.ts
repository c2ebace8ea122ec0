/**
 * The parse context end to end: a polled payload's requested tracking numbers reach the carrier parser
 * (DPD's response never names its parcel), are stored with the raw payload, and a replay passes them again.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingest } from "../../src/ingest/ingest.js";
import { TRACKING_NUMBERS_HEADER } from "../../src/ingest/raw-store.js";
import { createSeller } from "../../src/db/repositories/sellers.js";
import { createTestDatabase, type TestDatabase } from "../support/db.js";

let db: TestDatabase;
let sellerId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  sellerId = (await createSeller(db.orm, { slug: "context", name: "Context" })).id;
});
afterAll(() => db.destroy());

const dpdBody = readFileSync(new URL("../../src/carriers/dpd/fixtures/delivered.xml", import.meta.url));

describe("parse context through ingest", () => {
  it("names a DPD result with the polled number, stores it, and a replay reads it back", async () => {
    const polled = await ingest(
      db,
      sellerId,
      {
        source: "poll:dpd",
        contentType: "text/xml; charset=utf-8",
        body: dpdBody,
        trackingNumbers: ["01905002840375"],
      },
      { createMissingShipments: true },
    );
    expect(polled.errors).toEqual([]);
    expect(polled.shipments.map((s) => s.trackingNumber)).toEqual(["01905002840375"]);
    expect(polled.eventsAdded).toBeGreaterThan(0);

    const [row] = await db.query<{ headers: Record<string, string>; content_type: string }>(
      "SELECT headers, content_type FROM raw_payloads WHERE id = $1",
      [polled.rawPayloadIds[0]],
    );
    expect(row?.headers).toEqual({ [TRACKING_NUMBERS_HEADER]: "01905002840375" });

    const replayed = await ingest(db, sellerId, {
      source: "replay:dpd",
      contentType: row?.content_type ?? "",
      body: dpdBody,
      headers: row?.headers,
    });
    expect(replayed.errors).toEqual([]);
    expect(replayed.shipments.map((s) => s.trackingNumber)).toEqual(["01905002840375"]);
    expect(replayed.eventsAdded).toBe(0); // same events: deduped
  });

  it("ignores the header when an inbound webhook sends it, and does not store the sender's copy", async () => {
    const pushed = await ingest(db, sellerId, {
      source: "webhook:dpd",
      contentType: "text/xml",
      body: Buffer.concat([dpdBody, Buffer.from("\n")]),
      headers: { [TRACKING_NUMBERS_HEADER]: "99999999999999", "user-agent": "someone" },
    });
    expect(pushed.shipments).toEqual([]);
    expect(pushed.errors[0]).toMatchObject({ code: "carrier_error" });
    const [row] = await db.query<{ headers: Record<string, string> }>(
      "SELECT headers FROM raw_payloads WHERE id = $1",
      [pushed.rawPayloadIds[0]],
    );
    expect(row?.headers).toEqual({ "user-agent": "someone" });
  });
});
