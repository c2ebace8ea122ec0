import { describe, expect, it } from "vitest";
import { windowFromToday, type DeliveryWindowView } from "./delivery-window.js";

const view = (earliest: string, latest: string): DeliveryWindowView => ({
  current: { earliest, latest, source: "prediction", confidence: 0.8 },
  history: [{ at: new Date("2030-03-01T00:00:00Z"), earliest: "2030-03-02", latest: "2030-03-03" }],
});

describe("windowFromToday", () => {
  it("starts a window whose first days have passed today, keeping its last day and history", () => {
    const shown = windowFromToday(view("2030-03-04", "2030-03-07"), "2030-03-05");
    expect(shown.current).toEqual({
      earliest: "2030-03-05",
      latest: "2030-03-07",
      source: "prediction",
      confidence: 0.8,
    });
    expect(shown.history).toHaveLength(1);
    expect(windowFromToday(view("2030-03-04", "2030-03-07"), "2030-03-07").current.earliest).toBe(
      "2030-03-07",
    );
  });

  it("leaves a window that has not started, and one wholly past (the page says it passed)", () => {
    const ahead = view("2030-03-06", "2030-03-07");
    expect(windowFromToday(ahead, "2030-03-05")).toBe(ahead);
    expect(windowFromToday(ahead, "2030-03-06")).toBe(ahead);
    const past = view("2030-03-01", "2030-03-02");
    expect(windowFromToday(past, "2030-03-05")).toBe(past);
  });
});
