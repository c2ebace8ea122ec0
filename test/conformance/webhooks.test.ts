/**
 * Webhook conformance: our verifiers against real signed deliveries gathered from carriers' own projects
 * (../shared/fixtures/webhooks, see its SOURCES.md). Skipped with a clear message when the folder is absent.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { getCarrier } from "../../src/carriers/registry.js";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const FIXTURES_DIR = process.env.SHIPWATCH_FIXTURES_DIR ?? path.resolve(REPO_ROOT, "../shared/fixtures");
const EASYPOST_DIR = path.join(FIXTURES_DIR, "webhooks", "easypost");

interface SignatureVector {
  bodyFile: string;
  header: Record<string, string>;
  secret: string;
  expectedAfterValidation: Record<string, unknown>;
}

describe.skipIf(!existsSync(EASYPOST_DIR))(
  `EasyPost webhook conformance (${existsSync(EASYPOST_DIR) ? EASYPOST_DIR : `skipped: no fixtures at ${EASYPOST_DIR}`})`,
  () => {
    const load = () => {
      const vector = JSON.parse(
        readFileSync(path.join(EASYPOST_DIR, "webhook-signature-vector.json"), "utf8"),
      ) as SignatureVector;
      // EasyPost signed the body as delivered: the file's trailing newline is not part of it.
      const body = Buffer.from(
        readFileSync(path.join(EASYPOST_DIR, vector.bodyFile), "utf8").replace(/\r?\n$/, ""),
        "utf8",
      );
      return { vector, body };
    };
    const now = new Date("2024-08-02T19:27:00Z");

    it("accepts the real signed tracker.updated event (NFKD-normalized secret) and parses it", () => {
      const { vector, body } = load();
      const webhook = getCarrier("easypost")?.webhook;
      expect(webhook).toBeDefined();
      const verdict = webhook?.verify(body, vector.header, vector.secret, now);
      expect(verdict).toEqual({ ok: true, eventId: "evt_1" });
      const parsed = webhook?.parse(body);
      expect(parsed?.errors).toEqual([]);
      const result = parsed?.results[0];
      expect(result?.trackingNumber).toBe("1");
      expect(result?.status).toBe("in_transit");
      expect(result?.substatus).toBe("arrived_at_facility");
      expect(result?.service).toMatch(/^FedEx/);
      // est_delivery_date is "2024-08-05T00:00:00Z"; the carrier-local date (est_delivery_date_local) is preferred.
      expect(String(vector.expectedAfterValidation["result.est_delivery_date"])).toContain(
        result?.estimatedDelivery ?? "none",
      );
    });

    it("rejects the event with a wrong secret, a changed body, or no signature header", () => {
      const { vector, body } = load();
      const webhook = getCarrier("easypost")?.webhook;
      expect(webhook?.verify(body, vector.header, "123", now).ok).toBe(false);
      const tampered = Buffer.from(body.toString("utf8").replace("614.4", "614.5"));
      expect(webhook?.verify(tampered, vector.header, vector.secret, now).ok).toBe(false);
      expect(webhook?.verify(body, {}, vector.secret, now)).toEqual({
        ok: false,
        reason: "no X-Hmac-Signature header",
      });
      // The un-normalized secret ("se\u0301cret" vs "s\u00e9cret") must give the same key.
      expect(webhook?.verify(body, vector.header, vector.secret.normalize("NFC"), now).ok).toBe(true);
    });
  },
);
