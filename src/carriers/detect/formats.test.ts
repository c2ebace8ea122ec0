import { describe, expect, it } from "vitest";
import { buildFormatIndex } from "./format-index.js";
import { TRACKING_FORMATS } from "./formats.js";
import { compilePattern } from "./pattern.js";
import { DETECTABLE_CARRIERS } from "./types.js";

describe("the format table", () => {
  it("covers every carrier DESIGN.md lists, and only those", () => {
    const carriers = new Set(TRACKING_FORMATS.map((format) => format.carrier));
    expect([...carriers].sort()).toEqual([...DETECTABLE_CARRIERS].sort());
  });

  it("has unique format ids", () => {
    const ids = TRACKING_FORMATS.map((format) => format.format);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("compiles into an index", () => {
    expect(() => buildFormatIndex(TRACKING_FORMATS)).not.toThrow();
  });

  it.each(TRACKING_FORMATS.flatMap((format) => format.layouts.map((layout) => ({ format, layout }))))(
    "$format.format layout $layout.pattern keeps serial and check digit inside the number",
    ({ format, layout }) => {
      const { minLength } = compilePattern(layout.pattern);
      const checkIndex = minLength - (layout.checkFromEnd ?? 1);
      if (format.checksum) {
        expect(layout.serialStart).toBeGreaterThanOrEqual(0);
        expect(checkIndex).toBeGreaterThan(layout.serialStart);
      }
      if (format.requiredLookup) {
        expect(format.requiredLookup.fromEnd).toBeLessThanOrEqual(minLength);
      }
    },
  );
});
