/**
 * Outgoing webhooks against a real HTTP receiver on loopback: signed deliveries, backoff, the 24-hour limit,
 * auto-disable after sustained failure, the delivery log, manual redelivery, and a helpdesk preset.
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
import { createTestDatabase, type TestDatabase } from "../support/db.js";
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

async function endpoint(
  seller: string,
  path: string,
  extra: { kind?: string; config?: unknown; topics?: string[] } = {},
) {
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO outgoing_webhooks (seller_id, kind, url, secret, topics, config) VALUES ($1, $2, $3, 'whsec_test', $4, $5::jsonb)
     RETURNING id`,
    [
      seller,
      extra.kind ?? "webhook",
      `${base}${path}`,
      extra.topics ?? [],
      JSON.stringify(extra.config ?? {}),
    ],
  );
  return row!.id;
}

/** The receiver is on loopback, which the SSRF guard refuses unless private targets are allowed. */
const loopback = { allowPrivateTargets: true };
const hitsAt = (path: string) => hits.filter((h) => h.path === path);
const at = (iso: string) => new Date(iso);

describe("outgoing webhooks", () => {
  it("posts status changes signed with a timestamped HMAC the receiver can verify", async () => {
    const seller = await makeSeller(db, "hooked");
    await endpoint(seller, "/ok");
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
    expect(verifyWebhookSignature("whsec_test", hit!.body, signature, now)).toBe(true);
    expect(
      verifyWebhookSignature("whsec_test", hit!.body.replace("in_transit", "delivered"), signature, now),
    ).toBe(false);
    expect(verifyWebhookSignature("other", hit!.body, signature, now)).toBe(false);
    expect(
      verifyWebhookSignature("whsec_test", hit!.body, signature, new Date(now.getTime() + 600_000)),
    ).toBe(false);
  });

  it("retries with growing waits, logs every attempt, gives up after 24 hours and disables the endpoint", async () => {
    const seller = await makeSeller(db, "failing");
    const id = await endpoint(seller, "/down");
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
    const zendesk = await endpoint(seller, "/api/v2/tickets.json", {
      kind: "helpdesk",
      config: { preset: "zendesk", headers: { Authorization: "Basic dGVzdA==" } },
    });
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
    expect(hit!.headers.authorization).toBe("Basic dGVzdA==");
    const body = JSON.parse(hit!.body) as { ticket: Record<string, unknown> };
    expect(body.ticket).toMatchObject({
      subject: expect.stringMatching(/^Carrier exception – order #\d+$/),
      requester: { email: "buyer@example.com" },
      tags: ["shipwatch", "carrier_exception"],
    });
    expect((body.ticket.comment as { body: string }).body).toContain("substatus: damaged");
  });
});

describe("the SSRF guard on deliveries", () => {
  async function endpointAt(seller: string, url: string) {
    const [row] = await db.query<{ id: string }>(
      "INSERT INTO outgoing_webhooks (seller_id, url, secret) VALUES ($1, $2, 'whsec_test') RETURNING id",
      [seller, url],
    );
    return row!.id;
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
