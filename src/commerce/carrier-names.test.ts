import { describe, expect, it } from "vitest";
import { resolveCarrier } from "./carrier-names.js";

describe("resolveCarrier", () => {
  it("reads platform carrier names whatever their case and punctuation", () => {
    for (const [name, id] of [
      ["UPS", "ups"],
      ["FedEx", "fedex"],
      ["dhl-express", "dhl_express"],
      ["DHL eCommerce", "dhl_ecommerce"],
      ["Canada Post", "canadapost"],
      ["royal-mail", "royalmail"],
      ["Evri", "hermes"],
      ["Amazon Logistics US", "amazon"],
    ] as const)
      expect(resolveCarrier(name, "X1", []), name).toEqual({ carrier: id, via: "name" });
  });

  it("lets the tracking number decide when the name is missing, vague or unknown", () => {
    expect(resolveCarrier(null, "1Z999AA10123456784")).toEqual({ carrier: "ups", via: "number" });
    expect(resolveCarrier("Other", "9400111899223100000000")).toEqual({ carrier: "usps", via: "number" });
    expect(resolveCarrier("Somebody", "NOT-A-NUMBER")).toEqual({ carrier: null, via: null });
  });
});
