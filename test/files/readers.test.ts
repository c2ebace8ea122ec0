/** The file readers on their own: CSV records and rows, X12 segments and 214 scans, with line numbers for problems. */
import { createReadStream } from "node:fs";
import { describe, expect, it } from "vitest";
import { csvRowToEvent, readCsvHeader } from "../../src/ingest/files/csv-events.js";
import { readCsvRecords } from "../../src/ingest/files/csv-records.js";
import { edi214Events } from "../../src/ingest/files/edi214.js";
import { mapAt7 } from "../../src/ingest/files/edi214-codes.js";
import { readX12Segments } from "../../src/ingest/files/edi-segments.js";

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}
async function* chunksOf(text: string, size: number) {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}
const fixture = (name: string) => createReadStream(new URL(`./fixtures/${name}`, import.meta.url));

describe("CSV records", () => {
  it("reads quotes, doubled quotes, embedded commas and newlines, CRLF, whatever the chunk boundaries", async () => {
    const text = 'a,b,c\r\n"x, y","say ""hi""","two\nlines"\r\n\r\nlast,,\n';
    for (const size of [1, 2, 3, 7, 100]) {
      const records = await collect(readCsvRecords(chunksOf(text, size)));
      expect(records).toEqual([
        { line: 1, fields: ["a", "b", "c"], raw: "a,b,c" },
        { line: 2, fields: ["x, y", 'say "hi"', "two\nlines"], raw: '"x, y","say ""hi""","two\nlines"' },
        { line: 5, fields: ["last", "", ""], raw: "last,," },
      ]);
    }
  });

  it("reports an unterminated quote at the line it starts on", async () => {
    const records = await collect(readCsvRecords(chunksOf('a,b\n1,"open\n2,3\n', 4)));
    expect(records).toEqual([
      { line: 1, fields: ["a", "b"], raw: "a,b" },
      { line: 2, error: "unterminated quoted field at the end of the file" },
    ]);
  });
});

describe("CSV rows", () => {
  it("maps the documented columns, reads carrier codes through the adapter, and names what is wrong with a row", async () => {
    const records = await collect(readCsvRecords(fixture("events.csv")));
    const first = records[0]!;
    if ("error" in first) throw new Error(first.error);
    const head = readCsvHeader(first.fields);
    if ("error" in head) throw new Error(head.error);
    const rows = records
      .slice(1)
      .map((r) => ("error" in r ? r : { line: r.line, out: csvRowToEvent(r, head.columns) }));
    const outcome = rows.map((r) =>
      "out" in r ? ("error" in r.out ? `${r.line}: ${r.out.error}` : `${r.line}: ${r.out.event.status}`) : r,
    );
    expect(outcome).toEqual([
      "2: info_received",
      "3: in_transit", // no status column: UPS code 038 through the UPS status map
      '4: occurred_at "not-a-date" is not an ISO 8601 date-time',
      "5: out_for_delivery",
      '7: status "teleported" is not a Shipwatch status',
      "8: carrier is missing or not a lower_snake_case id",
      '9: country "USA" is not an ISO 3166-1 alpha-2 code',
      "10: delivered",
    ]);
    const picked = rows[1] as {
      out: { event: { description: string; substatus: string | null; utcOffset: string } };
    };
    expect(picked.out.event).toMatchObject({
      description: 'Picked up, driver "Sam"',
      substatus: "picked_up",
      utcOffset: "-06:00",
    });
  });

  it("refuses a header without the required columns", () => {
    expect(readCsvHeader(["carrier", "when"])).toEqual({
      error: "missing required column(s): tracking_number, occurred_at",
    });
  });
});

describe("EDI X12 214", () => {
  it("maps AT7 status and reason codes, resolves times from the time code or the place, and reports bad scans by line", async () => {
    const items = await collect(edi214Events(readX12Segments(fixture("status.214"))));
    const summary = items.map((i) =>
      "error" in i
        ? `${i.line}: ${i.error}`
        : `${i.line}: ${i.event.carrier} ${i.event.trackingNumber} ${i.event.event.status}/${i.event.event.substatus} ${i.event.event.occurredAt}`,
    );
    expect(summary).toEqual([
      "7: ups 1Z999AA10123456784 in_transit/picked_up 2026-03-02T17:40:00-06:00",
      "10: ups 1Z999AA10123456784 exception/weather_delay 2026-03-03T04:10:00-05:00",
      "13: ups 1Z999AA10123456784 delivered/null 2026-03-04T14:12:00-05:00",
      "16: ups 1Z999AA10123456784 null/null 2026-03-04T15:00:00-05:00",
      '19: unknown carrier SCAC "ACME" for REF124; pass --carrier',
      "27: usps 9400100000000000000001 exception/address_issue 2026-03-05T10:10:00-05:00",
      '30: 9400100000000000000001: AT7 OO: date AT705 "2026030" is not CCYYMMDD',
    ]);
  });

  it("refuses a file that is not an X12 interchange", async () => {
    const items = await collect(
      edi214Events(readX12Segments(chunksOf("carrier,tracking_number\nups,1Z\n".padEnd(200, " "), 50))),
    );
    expect(items).toEqual([
      { line: 1, error: "not an X12 interchange: the file does not start with an ISA segment" },
    ]);
  });

  it("never lets a reason code override a delivery", () => {
    expect(mapAt7("D1", "A2")).toEqual({ status: "delivered", substatus: null });
    expect(mapAt7("X6", "AS")).toEqual({ status: "exception", substatus: "held_customs" });
    expect(mapAt7("AP", "B1")).toEqual({ status: "attempt_failed", substatus: "business_closed" });
    expect(mapAt7("QQ", "NS")).toBeNull();
  });
});
