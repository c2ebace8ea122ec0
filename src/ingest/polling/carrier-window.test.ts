import { describe, expect, it } from "vitest";
import { sameWindow, windowToKeep } from "./carrier-window.js";

const stored = { start: new Date("2026-03-06T17:00:00Z"), end: new Date("2026-03-06T21:00:00Z") };
const next = { start: "2026-03-07T09:00:00-05:00", end: "2026-03-07T13:00:00-05:00" };

describe("windowToKeep", () => {
  it("takes the answer's window on the vehicle: a new day's replaces the old one", () => {
    expect(windowToKeep("out_for_delivery", next, stored)).toEqual({
      start: new Date("2026-03-07T14:00:00Z"),
      end: new Date("2026-03-07T18:00:00Z"),
    });
  });

  it("clears it when the answer has none, keeps it when there was no answer", () => {
    expect(windowToKeep("out_for_delivery", null, stored)).toBeNull();
    expect(windowToKeep("out_for_delivery", undefined, stored)).toBe(stored);
  });

  it("keeps no window off the vehicle (delivered, failed attempt, returned), whatever the answer says", () => {
    for (const status of ["delivered", "attempt_failed", "returned", "in_transit"] as const)
      expect(windowToKeep(status, next, stored)).toBeNull();
  });

  it("refuses a window that ends before it starts", () => {
    expect(windowToKeep("out_for_delivery", { start: next.end, end: next.start }, stored)).toBeNull();
  });

  it("sameWindow compares instants", () => {
    expect(sameWindow(stored, { ...stored })).toBe(true);
    expect(sameWindow(null, null)).toBe(true);
    expect(sameWindow(stored, null)).toBe(false);
  });
});
