/**
 * Delivery windows in the real carrier payloads of ../shared/fixtures (read from there, never copied): FedEx's
 * documentation sample carries `estimatedDeliveryTimeWindow` with a bare `begins` and an `ends` with its offset;
 * UPS's documentation sample has `deliveryTime` with placeholder strings, which is no window.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { getCarrier } from "../../src/carriers/registry.js";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const FIXTURES_DIR = process.env.SHIPWATCH_FIXTURES_DIR ?? path.resolve(REPO_ROOT, "../shared/fixtures");
const CARRIERS_DIR = path.join(FIXTURES_DIR, "carriers");
const parse = (carrier: string, file: string) =>
  getCarrier(carrier)!.parse(readFileSync(path.join(CARRIERS_DIR, carrier, file)));

describe.skipIf(!existsSync(CARRIERS_DIR))(
  `delivery windows in real payloads (${existsSync(CARRIERS_DIR) ? CARRIERS_DIR : `skipped: no fixtures at ${CARRIERS_DIR}`})`,
  () => {
    it("FedEx: begins without an offset is placed in the recipient's zone (Seattle), ends keeps its own", () => {
      const [result] = parse("fedex", "tracking_response.json").results;
      expect(result!.deliveryWindow).toEqual({
        start: "2021-10-01T08:00:00-07:00",
        end: "2021-10-15T00:00:00-06:00",
      });
    });

    it("UPS: deliveryTime holding placeholder strings gives no window, and the rest still parses", () => {
      const output = parse("ups", "tracking_response.json");
      expect(output.results.length).toBeGreaterThan(0);
      for (const r of output.results) expect(r.deliveryWindow).toBeNull();
    });
  },
);
