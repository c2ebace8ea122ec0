import { describe, expect, it } from "vitest";
import { parseIsoEventTime } from "./time.js";

describe("parseIsoEventTime", () => {
  it("keeps the wall-clock and offset, and resolves the instant", () => {
    expect(parseIsoEventTime("2026-03-02T18:05:30-05:00")).toEqual({
      occurredAt: new Date("2026-03-02T23:05:30Z"),
      localTime: "2026-03-02T18:05:30",
      utcOffset: "-05:00",
      zoneGuessed: false,
    });
    expect(parseIsoEventTime("2026-03-02T18:05+0530")?.occurredAt).toEqual(new Date("2026-03-02T12:35:00Z"));
    expect(parseIsoEventTime("2026-03-02 18:05:30.25+01:00")?.occurredAt).toEqual(
      new Date("2026-03-02T17:05:30.250Z"),
    );
  });

  it("treats Z as an instant and a bare wall-clock as UTC, flagged as guessed", () => {
    expect(parseIsoEventTime("2026-03-02T18:05:30Z")).toMatchObject({ localTime: null, zoneGuessed: false });
    expect(parseIsoEventTime("2026-03-02T18:05:30")).toEqual({
      occurredAt: new Date("2026-03-02T18:05:30Z"),
      localTime: "2026-03-02T18:05:30",
      utcOffset: null,
      zoneGuessed: true,
    });
  });

  it("refuses impossible dates and times instead of rolling them over", () => {
    for (const bad of [
      "2026-02-30T10:00:00Z",
      "2026-13-01T10:00:00Z",
      "2026-03-01T24:00:00Z",
      "2026-03-01T10:60:00Z",
      "tomorrow",
      "2026-03-01",
    ]) {
      expect(parseIsoEventTime(bad), bad).toBeNull();
    }
    expect(parseIsoEventTime("2028-02-29T10:00:00Z")).not.toBeNull();
  });
});
