import { describe, expect, it } from "vitest";
import {
  compareLocalTime,
  dayFromYmd,
  formatDay,
  parseDayOrThrow,
  parseLocalTime,
  weekdayOf,
} from "./dates.js";

describe("dates", () => {
  it("numbers civil days from 1970-01-01 and formats them back", () => {
    expect(dayFromYmd(1970, 1, 1)).toBe(0);
    expect(formatDay(dayFromYmd(2018, 2, 28) + 1)).toBe("2018-03-01");
    expect(formatDay(dayFromYmd(2020, 2, 28) + 1)).toBe("2020-02-29");
    expect(dayFromYmd(2023, 2, 30)).toBeNaN();
  });

  it("knows weekdays (0 = Sunday)", () => {
    expect(weekdayOf(dayFromYmd(2018, 1, 1))).toBe(1);
    expect(weekdayOf(dayFromYmd(2017, 11, 24))).toBe(5);
    expect(weekdayOf(dayFromYmd(1969, 12, 28))).toBe(0);
  });

  it("parses both history time formats as local wall-clock time", () => {
    const day = dayFromYmd(2018, 3, 1);
    expect(parseLocalTime("2018-03-01 09:30:15")).toEqual({ day, minute: 570 });
    expect(parseLocalTime("2018-03-01T23:59:00-03:00")).toEqual({ day, minute: 1439 });
    expect(parseLocalTime("2018-03-01T02:00:00Z")).toEqual({ day, minute: 120 });
    expect(parseLocalTime("2018-03-01T02:00:00.123+0530")).toEqual({ day, minute: 120 });
    expect(parseLocalTime("2018-03-01")).toEqual({ day, minute: 0 });
    expect(parseLocalTime(" 2018/3/1 7:05 ")).toEqual({ day, minute: 425 });
  });

  it("rejects what is not a date", () => {
    for (const text of [
      "",
      "not a date",
      "2018-13-01",
      "2018-02-30 10:00:00",
      "2018-03-01 25:00:00",
      "01/03/2018",
    ]) {
      expect(parseLocalTime(text)).toBeNull();
    }
    expect(() => parseDayOrThrow("soon", "--train-before")).toThrow(/--train-before/);
  });

  it("orders local times by day then minute", () => {
    expect(compareLocalTime({ day: 1, minute: 900 }, { day: 2, minute: 0 })).toBeLessThan(0);
    expect(compareLocalTime({ day: 2, minute: 10 }, { day: 2, minute: 5 })).toBeGreaterThan(0);
  });
});
