import { describe, expect, it } from "vitest";
import { detectMany, detectTrackingNumber } from "./detect.js";
import { normalizeTrackingNumber } from "./normalize.js";

// Numbers built for these tests, not real shipments; the check digits by hand:
//   fedex_12 (weights 3,1,7,...; mod 11 then mod 10), Identcode (weights 4,9,4,9...; 10 - sum mod 10),
//   Purolator Luhn (first digit 0-5; rightmost serial digit doubled).
//   100000001709: fedex 1*3 + 1*7 + 7*3 = 31 -> 9; Identcode 1*4 + 1*4 + 7*9 = 71 -> 9;
//                 Luhn 0 + 7 + 1*2 + 1*2 = 11 -> 9
//   900000000005: fedex 9*3 = 27 -> 5; Identcode 9*4 = 36 -> 4 (so invalid there)
//   900000000060: fedex 27 + 6 = 33 -> 0; Identcode 36 + 6*4 = 60 -> 0
//   900000000003: neither (fedex wants 5, Identcode 4)
const THREE_CARRIERS = "100000001709";
const FEDEX_ONLY = "900000000005";
const FEDEX_AND_DHL = "900000000060";

const carriersOf = (input: string, preferredCarriers?: readonly string[]) =>
  detectTrackingNumber(input, { preferredCarriers }).candidates.map((c) => `${c.carrier}:${c.checksumValid}`);

describe("normalizeTrackingNumber", () => {
  it("trims, strips spaces and dashes, and upper-cases", () => {
    expect(normalizeTrackingNumber("  1z 999-aa1\t01 ")).toBe("1Z999AA101");
    expect(normalizeTrackingNumber("LTN\u00a074207623\u2013N1")).toBe("LTN74207623N1");
  });

  it("returns an already normal number untouched", () => {
    expect(normalizeTrackingNumber("ABC123")).toBe("ABC123");
  });
});

describe("detectTrackingNumber", () => {
  it("names the carrier when exactly one carrier validly matches", () => {
    const result = detectTrackingNumber(FEDEX_ONLY);
    expect(result).toEqual({
      trackingNumber: FEDEX_ONLY,
      carrier: "fedex",
      candidates: [
        { carrier: "fedex", format: "fedex_12", checksumValid: true },
        { carrier: "dhl_parcel_de", format: "dhl_paket_identcode", checksumValid: false },
      ],
      ambiguous: false,
    });
  });

  it("returns the normalized number and nothing else when no format fits", () => {
    expect(detectTrackingNumber(" hello-world ")).toEqual({
      trackingNumber: "HELLOWORLD",
      carrier: null,
      candidates: [],
      ambiguous: false,
    });
    expect(detectTrackingNumber("")).toMatchObject({ carrier: null, candidates: [] });
  });

  it("keeps candidates whose check digit fails, ranked after the valid ones", () => {
    // Matches both 12-digit shapes, satisfies neither check digit: no carrier, and nothing to be ambiguous about.
    const result = detectTrackingNumber("900000000003");
    expect(result.carrier).toBeNull();
    expect(result.ambiguous).toBe(false);
    expect(result.candidates.every((c) => !c.checksumValid)).toBe(true);
    expect(result.candidates.map((c) => c.format)).toContain("fedex_12");
  });

  it("never guesses when several carriers match equally validly", () => {
    const result = detectTrackingNumber(THREE_CARRIERS);
    expect(result.carrier).toBeNull();
    expect(result.ambiguous).toBe(true);
    expect(carriersOf(THREE_CARRIERS)).toEqual(
      expect.arrayContaining(["fedex:true", "dhl_parcel_de:true", "purolator:true"]),
    );
  });

  it("treats a shape-only match (no check digit) as valid, so it can make a number ambiguous", () => {
    // LX + 11 characters starting with a digit is a DHL eCommerce shape; LX123456785GB is also a valid S10 id.
    const result = detectTrackingNumber("LX123456785GB");
    expect(result.ambiguous).toBe(true);
    // The S10 match carries a check digit and a country lookup, so it ranks as more specific.
    expect(result.candidates[0]).toEqual({ carrier: "s10", format: "s10", checksumValid: true });
  });

  it("detects S10, SSCC and the 00-prefixed SSCC", () => {
    expect(detectTrackingNumber("EE000000005DE").carrier).toBe("s10");
    expect(detectTrackingNumber("EE000000005XX").candidates).toEqual([
      { carrier: "s10", format: "s10", checksumValid: false },
    ]);
    // 12345670000000001 from the right: 1*3 + 7*3 + 6 + 5*3 + 4 + 3*3 + 2 + 1*3 = 63 -> GS1 check digit 7
    expect(detectTrackingNumber("123456700000000017").carrier).toBe("fedex");
    // Behind AI 00 the same digits also satisfy USPS 20's 3-1 weighting, which is a real ambiguity.
    const prefixed = detectTrackingNumber("00 1234567 0000000001 7");
    expect(prefixed.candidates).toContainEqual({
      carrier: "fedex",
      format: "fedex_ground_sscc_18",
      checksumValid: true,
    });
    expect(prefixed.ambiguous).toBe(true);
  });
});

describe("preferred carriers", () => {
  it("settle an ambiguity when exactly one of them validly matches", () => {
    const result = detectTrackingNumber(FEDEX_AND_DHL, { preferredCarriers: ["dhl_parcel_de", "ups"] });
    expect(result.carrier).toBe("dhl_parcel_de");
    expect(result.ambiguous).toBe(false);
    expect(result.candidates[0]).toEqual({
      carrier: "dhl_parcel_de",
      format: "dhl_paket_identcode",
      checksumValid: true,
    });
  });

  it("do not settle it when several of them validly match", () => {
    const result = detectTrackingNumber(THREE_CARRIERS, { preferredCarriers: ["fedex", "purolator"] });
    expect(result.carrier).toBeNull();
    expect(result.ambiguous).toBe(true);
    expect(carriersOf(THREE_CARRIERS, ["fedex", "purolator"]).slice(2)).toEqual(["dhl_parcel_de:true"]);
  });

  it("never lift an invalid match above a valid one", () => {
    const result = detectTrackingNumber(FEDEX_ONLY, { preferredCarriers: ["dhl_parcel_de"] });
    expect(result.carrier).toBe("fedex");
    expect(carriersOf(FEDEX_ONLY, ["dhl_parcel_de"])).toEqual(["fedex:true", "dhl_parcel_de:false"]);
  });

  it("fall back to every carrier when none of them matches", () => {
    expect(detectTrackingNumber(FEDEX_ONLY, { preferredCarriers: ["ups"] }).carrier).toBe("fedex");
    expect(detectTrackingNumber(FEDEX_AND_DHL, { preferredCarriers: ["ups"] }).ambiguous).toBe(true);
  });
});

describe("detectMany", () => {
  it("detects each input with the same options", () => {
    const results = detectMany([FEDEX_AND_DHL, "nonsense"], { preferredCarriers: ["fedex"] });
    expect(results.map((r) => r.carrier)).toEqual(["fedex", null]);
  });
});
