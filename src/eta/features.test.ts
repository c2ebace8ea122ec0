import { describe, expect, it } from "vitest";
import { CALENDAR_DAYS, MONDAY_TO_FRIDAY, getCalendar } from "./calendar.js";
import { dayFromYmd, weekdayOf } from "./dates.js";
import {
  deliveryCalendar,
  effectiveStart,
  handlingParts,
  laneParts,
  learnWeekmasks,
  shippingCalendar,
  weekmaskFromCounts,
} from "./features.js";

const br = getCalendar({
  country: "BR",
  region: "SP",
  weekmask: MONDAY_TO_FRIDAY,
  holidayTypes: ["public", "bank"],
});
const friday = dayFromYmd(2018, 11, 9);

describe("features", () => {
  it("builds handling and lane chains, normalizing case and postcodes", () => {
    const facts = {
      carrier: " Correios ",
      service: "PAC",
      seller: "s1",
      origin: { postal: "01310-100", region: "sp", country: "br" },
      destination: { postal: "20040-020", region: "RJ", country: "BR" },
    };
    expect(handlingParts(facts)).toEqual(["BR/SP", "s1", "01310100"]);
    expect(handlingParts({ ...facts, warehouse: "W2" })).toEqual(["BR/SP", "s1", "W2"]);
    expect(laneParts(facts, [2, 3])).toEqual(["correios", "pac", "BR/RJ", "BR/SP", "20", "200"]);
    expect(laneParts({}, [3])).toEqual(["", "", "/", "/", ""]);
  });

  it("starts handling the next working day after the cut-off or on a day off", () => {
    expect(effectiveStart(br, { day: friday, minute: 10 * 60 }, 14 * 60)).toBe(friday);
    expect(effectiveStart(br, { day: friday, minute: 15 * 60 }, 14 * 60)).toBe(dayFromYmd(2018, 11, 12));
    expect(effectiveStart(br, { day: friday, minute: 23 * 60 }, null)).toBe(friday);
    // Saturday order, and a Wednesday order after the cut-off before Thursday's holiday (Nov 15).
    expect(effectiveStart(br, { day: friday + 1, minute: 9 * 60 }, 14 * 60)).toBe(dayFromYmd(2018, 11, 12));
    expect(effectiveStart(br, { day: dayFromYmd(2018, 11, 14), minute: 16 * 60 }, 14 * 60)).toBe(
      dayFromYmd(2018, 11, 16),
    );
    expect(effectiveStart(CALENDAR_DAYS, { day: friday, minute: 15 * 60 }, 14 * 60)).toBe(friday + 1);
  });

  it("makes a weekday a working day when it carries at least half a busy weekday's volume", () => {
    expect(weekmaskFromCounts([0, 100, 100, 100, 100, 100, 10])).toBe(MONDAY_TO_FRIDAY);
    expect(weekmaskFromCounts([0, 100, 100, 100, 100, 100, 60])).toBe(MONDAY_TO_FRIDAY | 0b1000000);
    expect(weekmaskFromCounts([100, 100, 100, 100, 100, 5, 5])).toBe(0b0011111); // Sunday to Thursday
    expect(weekmaskFromCounts([0, 0, 0, 0, 0, 0, 0])).toBe(MONDAY_TO_FRIDAY);
  });

  it("learns delivery weekdays per carrier and country, with fallbacks", () => {
    const rows = [];
    for (let day = dayFromYmd(2018, 1, 1); day < dayFromYmd(2019, 1, 1); day++) {
      const weekday = weekdayOf(day);
      if (weekday === 0) continue;
      const base = {
        origin: { country: "BR" },
        destination: { country: "BR", region: "SP" },
        delivered: { day, minute: 0 },
      };
      rows.push({ ...base, carrier: "saturday-co", shipped: { day: day - 1, minute: 0 } });
      if (weekday !== 6) rows.push({ ...base, carrier: "weekday-co", shipped: null });
    }
    const masks = learnWeekmasks(rows);
    expect(masks.delivery["saturday-co|BR"]).toBe(MONDAY_TO_FRIDAY | 0b1000000);
    expect(masks.delivery["weekday-co|BR"]).toBe(MONDAY_TO_FRIDAY);
    const config = { weekmasks: masks, holidayTypes: ["public" as const] };
    expect(
      deliveryCalendar(
        config,
        { carrier: "saturday-co", destination: { country: "BR" } },
        "business",
      ).isWorkingDay(friday + 1),
    ).toBe(true);
    expect(
      deliveryCalendar(
        config,
        { carrier: "weekday-co", destination: { country: "BR" } },
        "business",
      ).isWorkingDay(friday + 1),
    ).toBe(false);
    expect(deliveryCalendar(config, { carrier: "x" }, "calendar")).toBe(CALENDAR_DAYS);
    expect(shippingCalendar(config, { origin: { country: "BR" } }, "business").isWorkingDay(friday)).toBe(
      true,
    );
  });
});
