import { describe, expect, it } from "vitest";
import { resolveCarrierTime } from "./time.js";
import { countryCode, zoneForLocation } from "./zones.js";

const US_NY = { country: "US", region: "NY" };

describe("resolveCarrierTime", () => {
  it.each([
    [
      "ISO with offset",
      { date: "2024-11-22T13:58:00-05:00" },
      "2024-11-22T13:58:00-05:00",
      "2024-11-22T13:58:00",
      "-05:00",
      false,
    ],
    [
      "ISO + separate offset",
      { date: "2024-11-22T13:58:00", offset: "-0500" },
      "2024-11-22T13:58:00-05:00",
      "2024-11-22T13:58:00",
      "-05:00",
      false,
    ],
    [
      "text offset wins over given offset",
      { date: "2024-11-22T13:58:00+01:00", offset: "-05:00" },
      "2024-11-22T13:58:00+01:00",
      "2024-11-22T13:58:00",
      "+01:00",
      false,
    ],
    [
      "UTC Z",
      { date: "2018-03-02T07:53:47Z" },
      "2018-03-02T07:53:47Z",
      "2018-03-02T07:53:47",
      "+00:00",
      false,
    ],
    [
      "YYYYMMDD + HHMMSS, zone from US state (winter)",
      { date: "20210210", time: "071356", location: { country: "US", region: "NJ" } },
      "2021-02-10T07:13:56-05:00",
      "2021-02-10T07:13:56",
      "-05:00",
      false,
    ],
    [
      "same, summer (DST)",
      { date: "20210710", time: "071356", location: { country: "US", region: "NJ" } },
      "2021-07-10T07:13:56-04:00",
      "2021-07-10T07:13:56",
      "-04:00",
      false,
    ],
    [
      "DD/MM/YYYY HH:mm, single-zone country",
      { date: "31/12/2023 23:59", location: { country: "DE" } },
      "2023-12-31T23:59:00+01:00",
      "2023-12-31T23:59:00",
      "+01:00",
      false,
    ],
    [
      "month-first slash order",
      { date: "03/04/2024 10:00", slashOrder: "MDY" as const, location: { country: "AU", region: "QLD" } },
      "2024-03-04T10:00:00+10:00",
      "2024-03-04T10:00:00",
      "+10:00",
      false,
    ],
    [
      "month name + am/pm",
      { date: "April 28, 2015", time: "9:01 am", location: { country: "US", region: "IL" } },
      "2015-04-28T09:01:00-05:00",
      "2015-04-28T09:01:00",
      "-05:00",
      false,
    ],
    [
      "12 pm is noon, 12 am midnight",
      { date: "April 28, 2015", time: "12:05 am", location: US_NY },
      "2015-04-28T00:05:00-04:00",
      "2015-04-28T00:05:00",
      "-04:00",
      false,
    ],
    [
      "country by English name",
      { date: "2009-08-31", time: "10:09:00", location: { country: "Italy" } },
      "2009-08-31T10:09:00+02:00",
      "2009-08-31T10:09:00",
      "+02:00",
      false,
    ],
    [
      "half-hour zone",
      { date: "2025-08-19T23:55:00", location: { country: "IN" } },
      "2025-08-19T23:55:00+05:30",
      "2025-08-19T23:55:00",
      "+05:30",
      false,
    ],
    [
      "nothing known: UTC, zone guessed",
      { date: "2024-01-05 08:00" },
      "2024-01-05T08:00:00Z",
      "2024-01-05T08:00:00",
      null,
      true,
    ],
    [
      "multi-zone country without region: guessed",
      { date: "2024-01-05T08:00:00", location: { country: "US" } },
      "2024-01-05T08:00:00Z",
      "2024-01-05T08:00:00",
      null,
      true,
    ],
    ["epoch seconds is an instant", { date: 1700000000 }, "2023-11-14T22:13:20Z", null, null, false],
    ["epoch milliseconds text", { date: "1700000000000" }, "2023-11-14T22:13:20Z", null, null, false],
  ])("%s", (_name, input, occurredAt, localTime, utcOffset, zoneGuessed) => {
    expect(resolveCarrierTime(input)).toMatchObject({ occurredAt, localTime, utcOffset, zoneGuessed });
  });

  it("takes the earlier instant for an ambiguous fall-back time and skips forward over a DST gap", () => {
    expect(resolveCarrierTime({ date: "2024-11-03T01:30:00", location: US_NY })?.utcOffset).toBe("-04:00");
    const gap = resolveCarrierTime({ date: "2024-03-10T02:30:00", location: US_NY });
    expect(gap?.localTime).toBe("2024-03-10T02:30:00"); // never shifted
    expect(Date.parse(gap?.occurredAt ?? "")).toBe(Date.parse("2024-03-10T07:30:00Z"));
  });

  it.each([["garbage"], ["2024-02-30"], ["2024-13-01"], ["25:00"], [""], ["9".repeat(500)], ["20240101"]])(
    "returns null for unreadable %j",
    (date) => {
      if (date === "20240101") expect(resolveCarrierTime({ date, time: "99:99" })).toBeNull();
      else expect(resolveCarrierTime({ date })).toBeNull();
    },
  );
});

describe("zones", () => {
  it("resolves single-zone countries, regions of multi-zone countries, and refuses to guess otherwise", () => {
    expect(zoneForLocation({ country: "FR" })).toBe("Europe/Paris");
    expect(zoneForLocation({ country: "CA", region: "BC" })).toBe("America/Vancouver");
    expect(zoneForLocation({ country: "BR", region: "AM" })).toBe("America/Manaus");
    expect(zoneForLocation({ country: "RU" })).toBeNull();
    expect(zoneForLocation({ country: "Atlantis" })).toBeNull();
    expect(countryCode("United Kingdom")).toBe("GB");
    expect(countryCode("Hong Kong")).toBe("HK");
  });
});
