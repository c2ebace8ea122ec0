import { describe, expect, it } from "vitest";
import { minutesSpan } from "./format.js";

describe("minutesSpan", () => {
  it("reads minutes, hours or days, the unit kept on the figure's line", () => {
    expect(minutesSpan(45)).toBe("45\u00a0min");
    expect(minutesSpan(119.6)).toBe("120\u00a0min");
    expect(minutesSpan(120)).toBe("2\u00a0h");
    expect(minutesSpan(47 * 60)).toBe("47\u00a0h");
    expect(minutesSpan(6480)).toBe("4.5\u00a0d");
    expect(minutesSpan(10080)).toBe("7.0\u00a0d");
  });
});
