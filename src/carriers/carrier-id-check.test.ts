import { describe, expect, it } from "vitest";
import { likelyMeantCarrier } from "./carrier-id-check.js";

describe("likelyMeantCarrier", () => {
  it("names the adapter a slip was meant to be", () => {
    expect(likelyMeantCarrier("fedx")).toBe("fedex");
    expect(likelyMeantCarrier("upss")).toBe("ups");
    expect(likelyMeantCarrier("dhlexpress")).toBe("dhl_express");
    expect(likelyMeantCarrier("royal_mail")).toBe("royalmail");
    expect(likelyMeantCarrier("canada_post")).toBe("canadapost");
    expect(likelyMeantCarrier("purolater")).toBe("purolator");
  });

  it("leaves known ids and couriers far from any known one alone", () => {
    expect(likelyMeantCarrier("fedex")).toBeNull();
    expect(likelyMeantCarrier("dhl_express")).toBeNull();
    expect(likelyMeantCarrier("acme_courier")).toBeNull();
    expect(likelyMeantCarrier("inpost")).toBeNull();
    expect(likelyMeantCarrier("yodel")).toBeNull();
  });
});
