import { describe, expect, it } from "vitest";
import { dayFromYmd } from "./dates.js";
import type { DisruptionInput } from "./disruption.js";
import { disruptionWeights } from "./disruption.js";
import { seededRandom } from "./synthetic.js";

function history(surgeFrom: number | null, surgeDays = 14): DisruptionInput[] {
  const random = seededRandom(3);
  const start = dayFromYmd(2017, 1, 2);
  const rows: DisruptionInput[] = [];
  for (let day = start; day < start + 364; day++) {
    for (let i = 0; i < 12; i++) {
      const lane = random() < 0.5 ? "near" : "far";
      let days = (lane === "near" ? 3 : 9) + Math.floor(random() * 4);
      if (surgeFrom !== null && day >= surgeFrom && day < surgeFrom + surgeDays)
        days = Math.round(days * 1.6);
      rows.push({ day, days, lanes: [lane, ""] });
    }
  }
  return rows;
}

describe("disruptionWeights", () => {
  it("finds a two-week surge and down-weights only its rows", () => {
    const surge = dayFromYmd(2017, 11, 20);
    const rows = history(surge);
    const { weights, weeks } = disruptionWeights(rows);
    expect(weeks.map((w) => w.week)).toEqual(["2017-11-20", "2017-11-27"]);
    rows.forEach((row, i) => {
      const inSurge = row.day >= surge && row.day < surge + 14;
      expect(weights[i]! < 0.5).toBe(inSurge);
    });
  });

  it("finds nothing in an ordinary year", () => {
    const { weights, weeks } = disruptionWeights(history(null));
    expect(weeks).toEqual([]);
    expect(weights.every((w) => w === 1)).toBe(true);
  });
});
