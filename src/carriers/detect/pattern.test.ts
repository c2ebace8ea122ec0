import { describe, expect, it } from "vitest";
import { compilePattern, shapeSpecificityBits } from "./pattern.js";

describe("compilePattern", () => {
  it("reads literals, classes with ranges and counts", () => {
    const pattern = compilePattern("1Z[0-9A-Z]{15}[0-9]");
    expect(pattern.minLength).toBe(18);
    expect(pattern.maxLength).toBe(18);
    expect(pattern.firstChars).toBe("1");
    expect(pattern.atoms[2]).toEqual({ chars: "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", min: 15, max: 15 });
    expect(pattern.regex.test("1Z5R89390357567127")).toBe(true);
    expect(pattern.regex.test("x1Z5R89390357567127")).toBe(false);
  });

  it("supports one variable count and derives the length range from it", () => {
    const pattern = compilePattern("[AFC][0-9]{9,10}");
    expect([pattern.minLength, pattern.maxLength]).toEqual([10, 11]);
    expect(pattern.firstChars).toBe("AFC");
  });

  it("refuses what it cannot index: alternation, two variable counts, lower case", () => {
    expect(() => compilePattern("(A|B)[0-9]")).toThrow();
    expect(() => compilePattern("[A-Z]{2,3}[0-9]{9,10}")).toThrow(/more than one variable/);
    expect(() => compilePattern("ab")).toThrow();
    expect(() => compilePattern("[0-9")).toThrow(/unclosed/);
  });
});

describe("shapeSpecificityBits", () => {
  it("scores literals above classes and classes above any character", () => {
    const literal = shapeSpecificityBits(compilePattern("AB"), 2);
    const digits = shapeSpecificityBits(compilePattern("[0-9]{2}"), 2);
    const anything = shapeSpecificityBits(compilePattern("[0-9A-Z]{2}"), 2);
    expect(literal).toBeGreaterThan(digits);
    expect(digits).toBeGreaterThan(anything);
    expect(anything).toBe(0);
  });

  it("counts the variable part at the given length", () => {
    const pattern = compilePattern("X[0-9]{1,3}");
    expect(shapeSpecificityBits(pattern, 4)).toBeGreaterThan(shapeSpecificityBits(pattern, 2));
  });
});
