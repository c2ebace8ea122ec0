/**
 * Outgoing webhooks against a real HTTP receiver on loopback: signed deliveries, backoff, the 24-hour limit,
 * auto-disable after sustained failure, the delivery log, manual redelivery, a helpdesk preset, and the signing
 * secrets and helpdesk credentials sealed at rest (a new secret signs the next attempt; a wrong key sends nothing).
 */
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  deliverDueWebhooks,
  redeliver,
  verifyWebhookSignature,
  webhookBackoffMs,
} from "../../src/notifications/webhook-out.js";
import { useSecretKeyring } from "../../src/db/secrets/keyring-registry.js";
import { generateSecretKeyText, parseSecretKey } from "../../src/db/secrets/keyring-source.js";
import { secretKey, type SecretKeyring } from "../../src/db/secrets/sealed-box.js";
import {
  createOutgoingEndpoint,
  rotateOutgoingSigningSecret,
} from "../../src/notifications/outgoing-endpoints.js";
import { createTestDatabase, TEST_SECRET_KEY, type TestDatabase } from "../support/db.js";
import { makeParcel, makeSeller, scan } from "./world.js";

interface Hit {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

let db: TestDatabase;
let base: string;
const hits: Hit[] = [];
/** Status the receiver answers per path (200 when unset). */
const answer = new Map<string, number>();
/** Location header the receiver sends per path (with a 3xx from `answer`). */
const redirects = new Map<string, string>();
let close: () => Promise<void>;

beforeAll(async () => {
  db = await createTestDatabase();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      hits.push({ path: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      const location = redirects.get(req.url ?? "");
      res.writeHead(answer.get(req.url ?? "") ?? 200, {
        "content-type": "application/json",
        ...(location ? { location } : {}),
      });
      res.end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => new Promise((resolve) => server.close(() => resolve()));
});
afterAll(async () => {
  await close();
  await db.destroy();
});

/** An endpoint at the receiver, its secrets sealed as the API seals them; the signing secret as shown once. */
async function endpoint(
  seller: string,
  path: string,
  extra: { kind?: "webhook" | "helpdesk"; config?: Record<string, unknown>; topics?: string[] } = {},
) {
  const { endpoint: row, secret } = await createOutgoingEndpoint(db, {
    sellerId: seller,
    kind: extra.kind ?? "webhook",
    url: `${base}${path}`,
    topics: extra.topics,
    config: extra.config,
  });
  return { id: row.id, secret: secret ?? "" };
}

/** Every column of the seller's endpoint rows, as text: what a database dump would show. */
async function storedEndpoints(seller: string): Promise<string> {
  const rows = await db.query<{ row: string }>(
    "SELECT row_to_json(e)::text AS row FROM outgoing_webhooks e WHERE seller_id = $1",
    [seller],
  );
  return rows.map((r) => r.row).join("\n");
}

/** The receiver is on loopback, which the SSRF guard refuses unless private targets are allowed. */
const loopback = { allowPrivateTargets: true };
const hitsAt = (path: string) => hits.filter((h) => h.path === path);
const at = (iso: string) => new Date(iso);

describe("outgoing webhooks", () => {
  it("posts status changes signed with a timestamped HMAC the receiver can verify", async () => {
    const seller = await makeSeller(db, "hooked");
    const { secret } = await endpoint(seller, "/ok");
    expect(secret).toMatch(/^whsec_/);
    // Sealed at rest: no column holds the secret, nor enough of it past the listed prefix.
    expect(await storedEndpoints(seller)).not.toContain(secret.slice(12));
    const parcel = await makeParcel(db, seller);
    await scan(db, seller, parcel, [{ at: "2026-03-02T18:00:00Z", status: "in_transit" }]);
    await scan(db, seller, parcel, [{ at: "2026-03-02T18:00:00Z", status: "in_transit" }]); // a replay
    const now = new Date();
    expect(await deliverDueWebhooks(db, now, loopback)).toMatchObject({ succeeded: 1 });
    const [hit] = hitsAt("/ok");
    const event = JSON.parse(hit!.body) as { id: string; type: string; data: Record<string, unknown> };
    expect(event.type).toBe("shipment.status_changed");
    expect(event.data).toMatchObject({ shipmentId: parcel.shipmentId, from: "pending", to: "in_transit" });
    const signature = hit!.headers["shipwatch-signature"] as string;
    expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(secret, hit!.body, signature, now)).toBe(true);
    expect(verifyWebhookSignature(secret, hit!.body.replace("in_transit", "delivered"), signature, now)).toBe(
      false,
    );
    expect(verifyWebhookSignature("other", hit!.body, signature, now)).toBe(false);
    expect(verifyWebhookSignature(secret, hit!.body, signature, new Date(now.getTime() + 600_000))).toBe(
      false,
    );
  });

  it("retries with growing waits, logs every attempt, gives up after 24 hours and disables the endpoint", async () => {
    const seller = await makeSeller(db, "failing");
    const { id } = await endpoint(seller, "/down");
    answer.set("/down", 503);
    const parcel = await makeParcel(db, seller);
    await scan(db, seller, parcel, [{ at: "2026-03-02T18:00:00Z", status: "in_transit" }]);
    const [delivery] = await db.query<{ id: number; created_at: Date }>(
      "SELECT id, created_at FROM outgoing_webhook_deliveries WHERE endpoint_id = $1",
      [id],
    );
    let now = new Date(delivery!.created_at);
    const waits: number[] = [];
    for (let i = 0; i < 40; i++) {
      const report = await deliverDueWebhooks(db, now, loopback);
      const [row] = await db.query<{ status: string; next_attempt_at: Date }>(
        "SELECT status, next_attempt_at FROM outgoing_webhook_deliveries WHERE id = $1",
        [delivery!.id],
      );
      if (row!.status !== "pending") {
        expect(report.dead).toBe(1);
        break;
      }
      waits.push(new Date(row!.next_attempt_at).getTime() - now.getTime());
      now = new Date(row!.next_attempt_at);
    }
    const [final] = await db.query<{ status: string; attempts: number }>(
      "SELECT status, attempts FROM outgoing_webhook_deliveries WHERE id = $1",
      [delivery!.id],
    );
    expect(final!.status).toBe("dead");
    expect(now.getTime() - new Date(delivery!.created_at).getTime()).toBeLessThanOrEqual(24 * 3_600_000);
    expect(waits[1]!).toBeGreaterThan(waits[0]!);
    expect(Math.max(...waits)).toBeLessThanOrEqual(webhookBackoffMs(99, () => 1));
    const log = await db.query("SELECT status_code FROM outgoing_webhook_attempts WHERE delivery_id = $1", [
      delivery!.id,
    ]);
    expect(log).toHaveLength(final!.attempts);
    const [ep] = await db.query<{ enabled: boolean; disabled_reason: string }>(
      "SELECT enabled, disabled_reason FROM outgoing_webhooks WHERE id = $1",
      [id],
    );
    expect(ep).toEqual({ enabled: false, disabled_reason: "failing for 24 hours" });
    // Re-enabled and fixed: a manual redelivery goes through.
    answer.delete("/down");
    await db.query("UPDATE outgoing_webhooks SET enabled = true WHERE id = $1", [id]);
    expect(await redeliver(db, seller, delivery!.id, now)).toBe(true);
    expect(await deliverDueWebhooks(db, now, loopback)).toMatchObject({ succeeded: 1 });
  });

  it("opens a Zendesk ticket for an alert with the preset's request format and the configured credentials", async () => {
    const seller = await makeSeller(db, "helpdesk");
    const { id: zendesk } = await endpoint(seller, "/api/v2/tickets.json", {
      kind: "helpdesk",
      config: { preset: "zendesk", headers: { Authorization: "Basic c2VhbGVkLWhlbHBkZXNr" } },
    });
    expect(await storedEndpoints(seller)).not.toContain("c2VhbGVkLWhlbHBkZXNr");
    await db.query(
      `INSERT INTO alert_rules (seller_id, kind, actions) VALUES ($1, 'carrier_exception', $2::jsonb)`,
      [seller, JSON.stringify([{ type: "helpdesk", endpointId: zendesk }])],
    );
    const parcel = await makeParcel(db, seller, { email: "buyer@example.com" });
    await scan(db, seller, parcel, [
      { at: "2026-03-02T18:00:00Z", status: "exception", substatus: "damaged" },
    ]);
    expect(await deliverDueWebhooks(db, at("2030-01-01T00:00:00Z"), loopback)).toMatchObject({
      succeeded: 1,
    });
    const [hit] = hitsAt("/api/v2/tickets.json");
    expect(hit!.headers.authorization).toBe("Basic c2VhbGVkLWhlbHBkZXNr");
    const body = JSON.parse(hit!.body) as { ticket: Record<string, unknown> };
    expect(body.ticket).toMatchObject({
      subject: expect.stringMatching(/^Carrier exception – order #\d+$/),
      requester: { email: "buyer@example.com" },
      tags: ["shipwatch", "carrier_exception"],
    });
    expect((body.ticket.comment as { body: string }).body).toContain("substatus: damaged");
  });
});

describe("sealed signing secrets", () => {
  const keyring = (text: string): SecretKeyring => ({
    current: secretKey(parseSecretKey(text, "test")),
    previous: [],
    origin: "the test",
  });

  it("a new signing secret signs the next attempt, and the old one no longer verifies", async () => {
    const seller = await makeSeller(db, "rotated");
    const { id, secret: old } = await endpoint(seller, "/rotated");
    answer.set("/rotated", 500);
    const parcel = await makeParcel(db, seller);
    await scan(db, seller, parcel, [{ at: "2026-03-02T18:00:00Z", status: "in_transit" }]);
    const [delivery] = await db.query<{ id: number }>(
      "SELECT id FROM outgoing_webhook_deliveries WHERE endpoint_id = $1",
      [id],
    );
    const first = new Date();
    expect(await deliverDueWebhooks(db, first, loopback)).toMatchObject({ retrying: 1 });

    const rotated = await rotateOutgoingSigningSecret(db, seller, id);
    expect(rotated!.secret).not.toBe(old);
    expect(rotated!.endpoint.secret_prefix).toBe(rotated!.secret.slice(0, 12));
    expect(await storedEndpoints(seller)).not.toContain(rotated!.secret.slice(12));
    answer.delete("/rotated");
    expect(await redeliver(db, seller, delivery!.id, first)).toBe(true);
    expect(await deliverDueWebhooks(db, first, loopback)).toMatchObject({ succeeded: 1 });
    const [, retry] = hitsAt("/rotated");
    const signature = retry!.headers["shipwatch-signature"] as string;
    expect(verifyWebhookSignature(rotated!.secret, retry!.body, signature, first)).toBe(true);
    expect(verifyWebhookSignature(old, retry!.body, signature, first)).toBe(false);
  });

  it("a process whose key does not open the secret sends nothing and logs which key is missing", async () => {
    const seller = await makeSeller(db, "wrong-key");
    const { id } = await endpoint(seller, "/wrong-key");
    const parcel = await makeParcel(db, seller);
    await scan(db, seller, parcel, [{ at: "2026-03-02T18:00:00Z", status: "in_transit" }]);
    const other = keyring(generateSecretKeyText());
    useSecretKeyring(db, other);
    try {
      expect(await deliverDueWebhooks(db, new Date(), loopback)).toMatchObject({ retrying: 1 });
    } finally {
      useSecretKeyring(db, keyring(TEST_SECRET_KEY));
    }
    expect(hitsAt("/wrong-key")).toHaveLength(0);
    const [attempt] = await db.query<{ error: string }>(
      `SELECT a.error FROM outgoing_webhook_attempts a JOIN outgoing_webhook_deliveries d ON d.id = a.delivery_id
       WHERE d.endpoint_id = $1`,
      [id],
    );
    expect(attempt!.error).toMatch(
      new RegExp(
        `^SecretKeyError: a stored secret was sealed with key ${keyring(TEST_SECRET_KEY).current.id}, ` +
          `but this process has key ${other.current.id}`,
      ),
    );
  });
});

describe("the SSRF guard on deliveries", () => {
  async function endpointAt(seller: string, url: string) {
    const { endpoint: row } = await createOutgoingEndpoint(db, { sellerId: seller, kind: "webhook", url });
    return row.id;
  }
  const attemptErrors = (endpointId: string) =>
    db.query<{ error: string | null; status_code: number | null }>(
      `SELECT a.error, a.status_code FROM outgoing_webhook_attempts a
       JOIN outgoing_webhook_deliveries d ON d.id = a.delivery_id WHERE d.endpoint_id = $1 ORDER BY a.id`,
      [endpointId],
    );

  it("refuses loopback targets by default, written as an address or behind a host name, and logs why", async () => {
    const seller = await makeSeller(db, "guarded");
    const direct = await endpointAt(seller, `${base}/guarded-direct`);
    const named = await endpointAt(seller, `${base.replace("127.0.0.1", "localhost")}/guarded-named`);
    const parcel = await makeParcel(db, seller);
    await scan(db, seller, parcel, [{ at: "2026-03-02T18:00:00Z", status: "in_transit" }]);
    const report = await deliverDueWebhooks(db, new Date());
    expect(report).toMatchObject({ claimed: 2, succeeded: 0, retrying: 2 });
    expect(hitsAt("/guarded-direct")).toHaveLength(0);
    expect(hitsAt("/guarded-named")).toHaveLength(0);
    expect((await attemptErrors(direct))[0]!.error).toMatch(
      /^EFORBIDDENTARGET: .*127\.0\.0\.1 is a loopback address/,
    );
    expect((await attemptErrors(named))[0]!.error).toMatch(
      /^EFORBIDDENTARGET: localhost resolves to (127\.0\.0\.1|::1), a loopback address/,
    );
  });

  it("never follows a redirect: a 3xx is a failed attempt that names where it pointed", async () => {
    const seller = await makeSeller(db, "redirected");
    const id = await endpointAt(seller, `${base}/moved`);
    answer.set("/moved", 307);
    redirects.set("/moved", `${base}/internal-admin`);
    const parcel = await makeParcel(db, seller);
    await scan(db, seller, parcel, [{ at: "2026-03-02T18:00:00Z", status: "in_transit" }]);
    expect(await deliverDueWebhooks(db, new Date(), loopback)).toMatchObject({ retrying: 1 });
    expect(hitsAt("/moved")).toHaveLength(1);
    expect(hitsAt("/internal-admin")).toHaveLength(0);
    const [logged] = await attemptErrors(id);
    expect(logged).toEqual({
      status_code: 307,
      error: `HTTP 307 to ${base}/internal-admin: redirects are not followed`,
    });
  });
});
