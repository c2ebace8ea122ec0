import { describe, expect, it } from "vitest";
import { dayFromYmd } from "./dates.js";
import type { HistoryReport, HistoryRow } from "./history.js";
import { HISTORY_COLUMNS, HistoryFormatError, emptyHistoryReport, readHistory } from "./history.js";

const HEADER = HISTORY_COLUMNS.join(",");

async function read(text: string): Promise<{ rows: HistoryRow[]; report: HistoryReport }> {
  const report = emptyHistoryReport();
  const rows: HistoryRow[] = [];
  for await (const row of readHistory([text], report)) rows.push(row);
  return { rows, report };
}

const line = (overrides: Partial<Record<(typeof HISTORY_COLUMNS)[number], string>> = {}) => {
  const base: Record<(typeof HISTORY_COLUMNS)[number], string> = {
    order_id: "o1",
    carrier: "Correios",
    service: "PAC",
    origin_postal: "01310-100",
    origin_region: "sp",
    origin_country: "br",
    destination_postal: "20040 020",
    destination_region: "RJ",
    destination_country: "BR",
    ordered_at: "2018-03-01 10:00:00",
    shipped_at: "2018-03-02T09:00:00-03:00",
    delivered_at: "2018-03-07 15:00:00",
    promised_at: "2018-03-20 00:00:00",
  };
  return HISTORY_COLUMNS.map((c) => overrides[c] ?? base[c]).join(",");
};

describe("readHistory", () => {
  it("normalizes a good row and reads both time formats", async () => {
    const { rows, report } = await read(`${HEADER}\n${line()}\n`);
    expect(report).toMatchObject({ rowsRead: 1, rowsUsable: 1, skipped: {}, warnings: {} });
    expect(rows[0]).toMatchObject({
      line: 2,
      carrier: "correios",
      service: "pac",
      origin: { postal: "01310100", region: "SP", country: "BR" },
      destination: { postal: "20040020", region: "RJ", country: "BR" },
      ordered: { day: dayFromYmd(2018, 3, 1), minute: 600 },
      shipped: { day: dayFromYmd(2018, 3, 2), minute: 540 },
      delivered: { day: dayFromYmd(2018, 3, 7), minute: 900 },
      promised: { day: dayFromYmd(2018, 3, 20), minute: 0 },
    });
  });

  it("skips unusable rows, counts them by reason and keeps their line numbers", async () => {
    const text = [
      HEADER,
      line({ delivered_at: "" }), // 2: not delivered
      line({ ordered_at: "yesterday" }), // 3
      line({ delivered_at: "2018-02-20 10:00:00" }), // 4: before the order
      line({ delivered_at: "2019-06-01 10:00:00" }), // 5: 457 days
      line({ delivered_at: "2018-03-07 99:00:00" }), // 6
      "o7,correios", // 7: short row
      line({ ordered_at: "1899-01-01 10:00:00", delivered_at: "1899-01-05 10:00:00" }), // 8
      line(), // 9: good
    ].join("\n");
    const { rows, report } = await read(text);
    expect(rows.map((r) => r.line)).toEqual([9]);
    expect(report.skipped).toEqual({
      not_delivered: 1,
      bad_ordered_at: 1,
      delivered_before_ordered: 1,
      implausible_duration: 1,
      bad_delivered_at: 1,
      column_count: 1,
      date_out_of_range: 1,
    });
    expect(report.examples.map((e) => e.line)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    expect(report.rowsRead).toBe(8);
  });

  it("keeps rows with an unusable shipped_at or promised_at, without that field", async () => {
    const text = [
      HEADER,
      line({ shipped_at: "" }),
      line({ shipped_at: "2018-03-09 10:00:00" }),
      line({ shipped_at: "2018-02-27 10:00:00" }),
      line({ shipped_at: "soon" }),
      line({ promised_at: "2018-02-01" }),
      line({ promised_at: "later" }),
      line({ promised_at: "" }),
    ].join("\n");
    const { rows, report } = await read(text);
    expect(rows).toHaveLength(7);
    expect(rows.slice(0, 4).every((r) => r.shipped === null)).toBe(true);
    expect(rows.slice(4).every((r) => r.promised === null && r.shipped !== null)).toBe(true);
    expect(report.warnings).toEqual({
      shipped_at_missing: 1,
      shipped_after_delivered: 1,
      shipped_before_ordered: 1,
      bad_shipped_at: 1,
      promised_before_ordered: 1,
      bad_promised_at: 1,
    });
  });

  it("accepts columns in any order, extra columns, a seller column and missing optional columns", async () => {
    const text =
      "Delivered At,seller_id,ordered_at,extra,destination_region\n2018-03-05,s-9,2018-03-01 08:00,x,BA\n";
    const { rows, report } = await read(text);
    expect(rows[0]).toMatchObject({
      seller: "s-9",
      destination: { region: "BA", country: "", postal: "" },
      shipped: null,
    });
    expect(report.missingColumns).toContain("carrier");
  });

  it("refuses a file without ordered_at or delivered_at columns", async () => {
    await expect(read("order_id,carrier\n1,x\n")).rejects.toThrow(HistoryFormatError);
    await expect(read("")).rejects.toThrow(HistoryFormatError);
  });
});
