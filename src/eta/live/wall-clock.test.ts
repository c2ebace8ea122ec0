import { describe, expect, it } from "vitest";
import { wallClock } from "./wall-clock.js";

describe("wallClock", () => {
  it("writes the local time of an instant in a zone", () => {
    const at = new Date("2026-03-04T02:30:05Z");
    expect(wallClock(at, "UTC")).toBe("2026-03-04 02:30:05");
    expect(wallClock(at, "America/New_York")).toBe("2026-03-03 21:30:05");
    expect(wallClock(at, "Asia/Tokyo")).toBe("2026-03-04 11:30:05");
  });

  it("falls back to UTC for a missing or unknown zone", () => {
    const at = new Date("2026-03-04T00:00:00Z");
    expect(wallClock(at, null)).toBe("2026-03-04 00:00:00");
    expect(wallClock(at, "Not/AZone")).toBe("2026-03-04 00:00:00");
  });
});
