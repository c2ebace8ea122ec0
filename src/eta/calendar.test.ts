import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CALENDAR_DAYS, EVERY_DAY, MONDAY_TO_FRIDAY, getCalendar, holidayDays } from "./calendar.js";
import { dayFromYmd, formatDay } from "./dates.js";

const d = (text: string) => {
  const [y, m, day] = text.split("-").map(Number);
  return dayFromYmd(y!, m!, day!);
};
const br = (region = "") =>
  getCalendar({ country: "BR", region, weekmask: MONDAY_TO_FRIDAY, holidayTypes: ["public", "bank"] });

describe("working-day calendars", () => {
  it("skips weekends and national holidays", () => {
    const calendar = br();
    expect(calendar.isWorkingDay(d("2018-11-15"))).toBe(false); // Proclamação da República (Thursday)
    expect(calendar.isWorkingDay(d("2018-11-16"))).toBe(true);
    expect(calendar.isWorkingDay(d("2018-11-17"))).toBe(false); // Saturday
    expect(calendar.add(d("2018-11-14"), 1)).toBe(d("2018-11-16"));
    expect(calendar.count(d("2018-11-14"), d("2018-11-19"))).toBe(2);
    expect(calendar.isWorkingDay(d("2018-12-25"))).toBe(false);
  });

  it("adds state holidays when the region is known to date-holidays", () => {
    const july9 = d("2018-07-09"); // Revolução Constitucionalista, São Paulo only
    expect(br("SP").isWorkingDay(july9)).toBe(false);
    expect(br("BR-SP").isWorkingDay(july9)).toBe(false);
    expect(br("RJ").isWorkingDay(july9)).toBe(true);
    expect(br("Nowhere").isWorkingDay(july9)).toBe(true);
  });

  it("treats bank holidays as days off by default (Carnival) and can leave them out", () => {
    const carnivalMonday = d("2018-02-12");
    expect(br().isWorkingDay(carnivalMonday)).toBe(false);
    const publicOnly = getCalendar({
      country: "BR",
      region: "",
      weekmask: MONDAY_TO_FRIDAY,
      holidayTypes: ["public"],
    });
    expect(publicOnly.isWorkingDay(carnivalMonday)).toBe(true);
    expect(holidayDays("BR", "", 2018, ["public"]).map(formatDay)).toContain("2018-04-21");
  });

  it("follows the weekday mask (a carrier that delivers on Saturdays)", () => {
    const saturdays = getCalendar({
      country: "BR",
      region: "",
      weekmask: MONDAY_TO_FRIDAY | 0b1000000,
      holidayTypes: ["public"],
    });
    expect(saturdays.isWorkingDay(d("2018-11-17"))).toBe(true);
    expect(saturdays.add(d("2018-11-16"), 1)).toBe(d("2018-11-17"));
  });

  it("has no holidays for an unknown or empty country, and calendar days count every day", () => {
    const none = getCalendar({
      country: "",
      region: "",
      weekmask: MONDAY_TO_FRIDAY,
      holidayTypes: ["public"],
    });
    expect(none.isWorkingDay(d("2018-12-25"))).toBe(true);
    expect(getCalendar({ country: "ZZ", region: "", weekmask: EVERY_DAY, holidayTypes: ["public"] })).toBe(
      CALENDAR_DAYS,
    );
    expect(CALENDAR_DAYS.count(d("2018-12-20"), d("2019-01-03"))).toBe(14);
    expect(CALENDAR_DAYS.add(d("2018-12-31"), 1)).toBe(d("2019-01-01"));
  });

  it("shares one calendar object per effective spec", () => {
    expect(br("SP")).toBe(br("BR-SP"));
    expect(br("SP")).not.toBe(br("RJ"));
  });

  it("count and add are inverse across years (property)", () => {
    const calendar = br("RJ");
    fc.assert(
      fc.property(
        fc.integer({ min: d("2000-01-01"), max: d("2060-12-31") }),
        fc.integer({ min: 0, max: 700 }),
        (day, k) => {
          const later = calendar.add(day, k);
          expect(calendar.count(day, later)).toBe(k);
          if (k > 0) expect(calendar.isWorkingDay(later)).toBe(true);
          expect(calendar.add(day, calendar.count(day, later + 3))).toBeLessThanOrEqual(later + 3);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("refuses dates outside the supported years", () => {
    expect(() => br().isWorkingDay(d("1850-01-01"))).toThrow(RangeError);
  });

  it("is fast once built", () => {
    const calendar = br("MG");
    const from = d("2017-01-01");
    calendar.count(from, from + 700);
    const start = performance.now();
    let sum = 0;
    for (let i = 0; i < 200_000; i++) sum += calendar.count(from + (i % 600), from + 60 + (i % 600));
    expect(sum).toBeGreaterThan(0);
    expect(performance.now() - start).toBeLessThan(200);
  });
});
