import { describe, expect, it } from "vitest";
import {
  checkCharacterValue,
  gs1CheckDigit,
  isCheckDigitValid,
  luhnCheckDigit,
  mod10CheckDigit,
  mod37Of36CheckCharacter,
  mod7CheckDigit,
  s10CheckDigit,
  sumProductCheckDigit,
} from "./checksums.js";

// Every expected value below was worked out by hand; the arithmetic is in the comments.
const whole = (fn: (s: string, start: number, end: number) => number) => (s: string) => fn(s, 0, s.length);

describe("mod10", () => {
  it("weighs even positions by evens and odd positions by odds, from the left", () => {
    // 1*3 + 2 + 3*3 + 4 + 5*3 = 33 -> 10 - 3 = 7
    expect(mod10CheckDigit("12345", 0, 5, 3, 1, false)).toBe(7);
    // 1*3 + 2 + 3*3 + 4 = 18 -> 2
    expect(mod10CheckDigit("1234", 0, 4, 3, 1, false)).toBe(2);
  });

  it("counts positions from the right when reversed", () => {
    // 4*3 + 3 + 2*3 + 1 = 22 -> 8
    expect(mod10CheckDigit("1234", 0, 4, 3, 1, true)).toBe(8);
  });

  it("gives 0, not 10, when the total is a multiple of 10", () => {
    // 5*1 + 5*1 = 10 -> 0
    expect(mod10CheckDigit("55", 0, 2, 1, 1, false)).toBe(0);
  });

  it("weighs letters as (char code - 3) mod 10, as UPS does", () => {
    // A=2, B=3, C=4: 2 + 3*2 + 4 + 1*2 + 2 + 3*2 = 22 -> 8
    expect(mod10CheckDigit("ABC123", 0, 6, 1, 2, false)).toBe(8);
  });

  it("computes over a prepended prefix, and over a slice only", () => {
    // "4" + "12": 4 + 1*2 + 2 = 8 -> 2
    expect(mod10CheckDigit("12", 0, 2, 1, 2, false, "4")).toBe(2);
    expect(mod10CheckDigit("XX12YY", 2, 4, 1, 2, false, "4")).toBe(2);
  });

  it("rejects characters it cannot weigh", () => {
    expect(mod10CheckDigit("12*4", 0, 4, 3, 1, false)).toBe(-1);
  });
});

describe("gs1CheckDigit", () => {
  it("matches the GS1 GTIN-13 example 629104150021 -> 3", () => {
    // from the right: 1*3 + 2 + 0 + 0 + 5*3 + 1 + 4*3 + 0 + 1*3 + 9 + 2*3 + 6 = 57 -> 3
    expect(whole(gs1CheckDigit)("629104150021")).toBe(3);
  });

  it("computes an SSCC's check digit over its 17 data digits", () => {
    // 10614141123456789 from the right: 27+8+21+6+15+4+9+2+3+1+12+1+12+1+18+0+3 = 143 -> 7
    expect(whole(gs1CheckDigit)("10614141123456789")).toBe(7);
  });
});

describe("mod7", () => {
  it("is the serial read as a number, modulo 7", () => {
    // 123456789 = 7 * 17636684 + 1
    expect(whole(mod7CheckDigit)("123456789")).toBe(1);
    // 700 = 7 * 100
    expect(whole(mod7CheckDigit)("700")).toBe(0);
  });

  it("stays exact beyond 2^53 because it reduces as it reads", () => {
    // 10^20 mod 7: 10 mod 7 = 3, and 3^20 mod 7 = (3^6)^3 * 3^2 mod 7 = 9 mod 7 = 2
    expect(whole(mod7CheckDigit)("100000000000000000000")).toBe(2);
  });
});

describe("luhn", () => {
  it("doubles the rightmost serial digit and every second one left of it", () => {
    // 3*2=6, 2, 1*2=2 -> 10 -> 0
    expect(whole(luhnCheckDigit)("123")).toBe(0);
    // 8*2=16 -> 7, 1 -> 8 -> 2
    expect(whole(luhnCheckDigit)("18")).toBe(2);
  });

  it("agrees with the textbook example 7992739871 -> 3", () => {
    expect(whole(luhnCheckDigit)("7992739871")).toBe(3);
  });
});

describe("s10", () => {
  it("weighs 8,6,4,2,3,5,9,7 and takes 11 minus the remainder mod 11", () => {
    // 8+12+12+8+15+30+63+56 = 204; 204 mod 11 = 6 -> 5
    expect(whole(s10CheckDigit)("12345678")).toBe(5);
    // 5*7 = 35; 35 mod 11 = 2 -> 9
    expect(whole(s10CheckDigit)("00000005")).toBe(9);
  });

  it("maps remainder 0 to 5 and remainder 1 to 0", () => {
    expect(whole(s10CheckDigit)("00000000")).toBe(5);
    // 8*7 = 56; 56 mod 11 = 1 -> 0
    expect(whole(s10CheckDigit)("00000008")).toBe(0);
  });
});

describe("sum product with weightings and modulo", () => {
  const fedex = [3, 1, 7, 3, 1, 7, 3, 1, 7, 3, 1];
  const check = (s: string) => sumProductCheckDigit(s, 0, s.length, fedex, 11, 10);

  it("sums digit times weight, then applies both moduli", () => {
    expect(check("10000000000")).toBe(3);
    expect(check("00000000001")).toBe(1);
    // 3 + 7 = 10; 10 mod 11 = 10; 10 mod 10 = 0
    expect(check("10100000000")).toBe(0);
    // 3 + 7 + 1 = 11; 11 mod 11 = 0
    expect(check("10100000001")).toBe(0);
  });
});

describe("mod 37,36", () => {
  const check = whole(mod37Of36CheckCharacter);

  it("follows DPD's iteration", () => {
    // cd=36; +0 = 36; *2 = 72 -> 72-37 = 35; 37-35 = 2
    expect(check("0")).toBe(2);
    // from 35: +0 = 35; *2 = 70 -> 33; 37-33 = 4
    expect(check("00")).toBe(4);
    // A=10: 36+10 = 46 -> 10; *2 = 20; 37-20 = 17, the letter H
    expect(check("A")).toBe(checkCharacterValue("H".charCodeAt(0)));
  });

  it("turns a result of 36 into 0", () => {
    // J=19: 36+19 = 55 -> 19; *2 = 38 -> 1; 37-1 = 36 -> 0
    expect(check("J")).toBe(0);
  });
});

describe("isCheckDigitValid", () => {
  it("compares the character at the check index with the computed value", () => {
    const spec = { algorithm: "mod10", evensMultiplier: 3, oddsMultiplier: 1, reverse: false } as const;
    expect(isCheckDigitValid(spec, "123457", 0, 5, 5)).toBe(true);
    expect(isCheckDigitValid(spec, "123456", 0, 5, 5)).toBe(false);
  });

  it("accepts a letter only where the algorithm yields letters", () => {
    expect(isCheckDigitValid({ algorithm: "mod_37_36" }, "AH", 0, 1, 1)).toBe(true);
    expect(isCheckDigitValid({ algorithm: "luhn" }, "18A", 0, 2, 2)).toBe(false);
  });

  it("checks a digit in the middle of the number (S10)", () => {
    const spec = { algorithm: "s10", weightings: [8, 6, 4, 2, 3, 5, 9, 7] } as const;
    expect(isCheckDigitValid(spec, "EE000000005DE", 2, 10, 10)).toBe(true);
    expect(isCheckDigitValid(spec, "EE000000004DE", 2, 10, 10)).toBe(false);
  });
});
