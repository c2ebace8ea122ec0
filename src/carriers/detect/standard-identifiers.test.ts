import { describe, expect, it } from "vitest";
import { isValidS10, isValidSscc } from "./standard-identifiers.js";

describe("isValidSscc", () => {
  // 10614141123456789 -> GS1 check digit 7 (sum 143, see checksums.test.ts)
  it("accepts an SSCC-18 with its GS1 check digit, bare or behind AI 00", () => {
    expect(isValidSscc("106141411234567897")).toBe(true);
    expect(isValidSscc("(00) 1 0614141 123456789 7".replace(/[()]/g, ""))).toBe(true);
    expect(isValidSscc("00106141411234567897")).toBe(true);
  });

  it("rejects a wrong check digit, a wrong length, another AI or letters", () => {
    expect(isValidSscc("106141411234567898")).toBe(false);
    expect(isValidSscc("10614141123456789")).toBe(false);
    expect(isValidSscc("01106141411234567897")).toBe(false);
    expect(isValidSscc("10614141123456789A")).toBe(false);
  });
});

describe("isValidS10", () => {
  // Serial 00000000 weighs 0 -> remainder 0 -> check digit 5; serial 00000008 weighs 56 -> remainder 1 -> 0.
  it("accepts two letters, 8 digits, the S10 check digit and a postal operator's country", () => {
    expect(isValidS10("EE000000005DE")).toBe(true);
    expect(isValidS10("cp 000 000 080 fr")).toBe(true);
  });

  it("rejects a wrong check digit, an unknown country or a wrong shape", () => {
    expect(isValidS10("CP000000081FR")).toBe(false);
    expect(isValidS10("CP000000080XX")).toBe(false);
    expect(isValidS10("CP00000008FR")).toBe(false);
    expect(isValidS10("1P000000080FR")).toBe(false);
  });
});
