/**
 * Helpdesk tickets for alerts through Zendesk and Gorgias connections, against local emulators of their APIs:
 * one ticket per alert even when the alert is decided again, a job is retried, or the helpdesk lost its answer;
 * the timeline attached as plain text and escaped HTML; the ticket's id and link on the alert in the API.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queueHelpdeskTickets, runHelpdeskTicketJob } from "../../src/helpdesk/tickets.js";
import { startHelpdeskEmulator, type HelpdeskEmulator } from "../../src/sim/emulator/helpdesk.js";
import { makeParcel, scan } from "../notifications/world.js";
import { bearer } from "../support/app.js";
import { createJobsTestApp, type JobsTestApp } from "../jobs/support.js";

let t: JobsTestApp;
let zendesk: HelpdeskEmulator;
let gorgias: HelpdeskEmulator;
const basic = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${p}`).toString("base64")}`;
const HOSTILE = `<script>alert("x")</script>`;
// Recorded request bodies, read loosely: the assertions say what shape they expect.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

beforeAll(async () => {
  // The helpdesk emulators listen on loopback, which the SSRF guard refuses unless private targets are allowed.
  t = await createJobsTestApp({ allowPrivateWebhookTargets: true });
  zendesk = await startHelpdeskEmulator("zendesk", basic("agent@shop.example/token", "zd-token"));
  gorgias = await startHelpdeskEmulator("gorgias", basic("api@shop.example", "gg-key"));
});
afterAll(async () => {
  await t.close();
  await zendesk.close();
  await gorgias.close();
});

async function connect(seller: { keys: { admin: string } }, config: Record<string, unknown>, url: string) {
  const r = await t.app.inject({
    method: "POST",
    url: "/v1/outgoing-webhooks",
    headers: { ...bearer(seller.keys.admin), "content-type": "application/json" },
    payload: JSON.stringify({ kind: "helpdesk", name: String(config.preset), url, config }),
  });
  expect(r.statusCode).toBe(201);
  const body = r.json() as { id: string; config: Record<string, unknown> };
  expect(JSON.stringify(body.config)).not.toMatch(/zd-token|gg-key/);
  // Sealed at rest: the row, read raw, holds no credential; the job opens them to authenticate (asserted below).
  const [stored] = await t.db.query<{ row: string }>(
    "SELECT row_to_json(e)::text AS row FROM outgoing_webhooks e WHERE id = $1",
    [body.id],
  );
  expect(stored!.row).not.toMatch(/zd-token|gg-key/);
  return body.id;
}

async function ruleWith(sellerId: string, endpointIds: string[]) {
  await t.db.query(
    "INSERT INTO alert_rules (seller_id, kind, actions) VALUES ($1, 'carrier_exception', $2::jsonb)",
    [sellerId, JSON.stringify(endpointIds.map((endpointId) => ({ type: "helpdesk", endpointId })))],
  );
}

const ticketsOf = (sellerId: string) =>
  t.db.query<{
    provider: string;
    status: string;
    ticket_id: string | null;
    ticket_url: string | null;
    attempts: number;
    alert_id: string;
  }>(
    "SELECT provider, status, ticket_id, ticket_url, attempts, alert_id FROM helpdesk_tickets WHERE seller_id = $1 ORDER BY id",
    [sellerId],
  );

describe("helpdesk tickets", () => {
  it("opens one Zendesk ticket per alert with the timeline, even when the answer is lost and the job retried", async () => {
    const seller = await t.seller("hd-zendesk");
    const endpoint = await connect(
      seller,
      { preset: "zendesk", email: "agent@shop.example", apiToken: "zd-token" },
      zendesk.baseUrl,
    );
    await ruleWith(seller.id, [endpoint]);
    const parcel = await makeParcel(t.db, seller.id, { email: "buyer@example.com" });
    await scan(t.db, seller.id, parcel, [
      { at: "2026-03-01T09:00:00Z", status: "in_transit", description: `Arrived ${HOSTILE}`, city: "Lyon" },
      { at: "2026-03-02T18:00:00Z", status: "exception", substatus: "damaged", description: "Damaged" },
    ]);
    // The same exception replayed decides nothing new.
    await scan(t.db, seller.id, parcel, [
      { at: "2026-03-02T18:00:00Z", status: "exception", substatus: "damaged", description: "Damaged" },
    ]);
    const [decided] = await ticketsOf(seller.id);
    expect(decided).toMatchObject({ provider: "zendesk", status: "pending" });
    expect(await ticketsOf(seller.id)).toHaveLength(1);
    // No webhook delivery for an API connection: the ticket goes through the job only.
    expect(
      await t.db.query("SELECT 1 FROM outgoing_webhook_deliveries WHERE endpoint_id = $1", [endpoint]),
    ).toEqual([]);

    expect(await queueHelpdeskTickets(t.db, t.jobs)).toBe(1);
    expect(await queueHelpdeskTickets(t.db, t.jobs)).toBe(0);
    const [row] = await t.db.query<{ id: number }>("SELECT id FROM helpdesk_tickets WHERE seller_id = $1", [
      seller.id,
    ]);

    zendesk.loseNextAnswer();
    await expect(runHelpdeskTicketJob(t.db, row!.id)).rejects.toThrow(/HTTP 502/);
    expect(zendesk.tickets).toHaveLength(1);
    // The retry finds the ticket the lost answer created instead of opening another.
    expect(await runHelpdeskTicketJob(t.db, row!.id)).toBe("found");
    expect(await runHelpdeskTicketJob(t.db, row!.id)).toBe("already");
    expect(zendesk.tickets).toHaveLength(1);
    const id = String(zendesk.tickets[0]!.id);
    expect(await ticketsOf(seller.id)).toEqual([
      expect.objectContaining({
        status: "created",
        ticket_id: id,
        ticket_url: `${zendesk.baseUrl}/agent/tickets/${id}`,
        attempts: 2,
      }),
    ]);

    const create = zendesk.requests.find((r) => r.method === "POST")!;
    expect(create.authorization).toBe(basic("agent@shop.example/token", "zd-token"));
    const ticket = (create.body as { ticket: Json }).ticket;
    expect(ticket).toMatchObject({
      external_id: `shipwatch-alert-${decided!.alert_id}`,
      requester: { email: "buyer@example.com" },
      tags: ["shipwatch", "carrier_exception"],
      comment: { public: false },
    });
    expect(ticket.comment.body).toContain(`Arrived ${HOSTILE} · Lyon`);
    expect(ticket.comment.html_body).toContain("Arrived &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(ticket.comment.html_body).not.toContain("<script>");

    const alert = await t.app.inject({
      method: "GET",
      url: `/v1/alerts/${decided!.alert_id}`,
      headers: bearer(seller.keys.read),
    });
    expect(alert.json()).toMatchObject({
      helpdeskTickets: [
        { provider: "zendesk", status: "created", id, url: `${zendesk.baseUrl}/agent/tickets/${id}` },
      ],
    });
  });

  it("opens a Gorgias ticket through the queue's worker, retrying while the helpdesk fails", async () => {
    const seller = await t.seller("hd-gorgias");
    const endpoint = await connect(
      seller,
      { preset: "gorgias", username: "api@shop.example", apiKey: "gg-key", tags: ["vip"] },
      gorgias.baseUrl,
    );
    await ruleWith(seller.id, [endpoint]);
    const parcel = await makeParcel(t.db, seller.id, { email: "buyer@example.com" });
    gorgias.failNext(1, 503);
    await scan(t.db, seller.id, parcel, [
      { at: "2026-03-02T18:00:00Z", status: "exception", substatus: "lost" },
    ]);
    // The first attempt meets the 503; pg-boss retries it after its backoff, which a test cannot wait for: run
    // the job's code once more the way the retry would.
    const worker = await t.startWorker({ helpdeskEveryMs: 50, allowPrivateTargets: true });
    for (let i = 0; i < 100 && gorgias.requests.length < 2; i++) await new Promise((r) => setTimeout(r, 50));
    await worker.stop();
    const [row] = await t.db.query<{ id: number; status: string }>(
      "SELECT id, status FROM helpdesk_tickets WHERE seller_id = $1",
      [seller.id],
    );
    if (row!.status !== "created") await runHelpdeskTicketJob(t.db, row!.id);
    expect(gorgias.tickets).toHaveLength(1);
    const create = gorgias.requests.filter((r) => r.method === "POST").at(-1)!;
    const body = create.body as Json;
    expect(body).toMatchObject({
      external_id: expect.stringMatching(/^shipwatch-alert-/),
      customer: { email: "buyer@example.com" },
      tags: [{ name: "shipwatch" }, { name: "carrier_exception" }, { name: "vip" }],
    });
    expect(body.messages[0]).toMatchObject({ channel: "internal-note", from_agent: true });
    expect(body.messages[0].body_text).toContain("Shipment timeline");
    const [ticket] = await ticketsOf(seller.id);
    expect(ticket).toMatchObject({
      status: "created",
      ticket_url: `${gorgias.baseUrl}/app/ticket/${String(gorgias.tickets[0]!.id)}`,
    });
  });

  it("refuses wrong credentials as a failure to retry, and marks the last attempt failed", async () => {
    const seller = await t.seller("hd-badauth");
    const endpoint = await connect(
      seller,
      { preset: "zendesk", email: "agent@shop.example", apiToken: "wrong" },
      zendesk.baseUrl,
    );
    await ruleWith(seller.id, [endpoint]);
    const parcel = await makeParcel(t.db, seller.id);
    await scan(t.db, seller.id, parcel, [
      { at: "2026-03-02T18:00:00Z", status: "exception", substatus: "damaged" },
    ]);
    const [row] = await t.db.query<{ id: number }>("SELECT id FROM helpdesk_tickets WHERE seller_id = $1", [
      seller.id,
    ]);
    await expect(runHelpdeskTicketJob(t.db, row!.id)).rejects.toThrow(/HTTP 401/);
    await expect(runHelpdeskTicketJob(t.db, row!.id, { lastAttempt: true })).rejects.toThrow(/HTTP 401/);
    expect(await ticketsOf(seller.id)).toEqual([
      expect.objectContaining({ status: "failed", ticket_id: null, attempts: 2 }),
    ]);
  });
});
