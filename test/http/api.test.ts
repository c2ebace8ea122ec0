import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listMigrations } from "../../src/db/migrate.js";
import { bearer, createTestApp, type TestApp, type TestSeller } from "../support/app.js";

let t: TestApp;
let acme: TestSeller;
let other: TestSeller;

beforeAll(async () => {
  t = await createTestApp({ bodyLimit: 64 * 1024 });
  acme = await t.seller("acme", { carriers: ["ups"] });
  other = await t.seller("other");
});
afterAll(() => t.close());

const post = (url: string, key: string, payload: unknown, headers: Record<string, string> = {}) =>
  t.app.inject({ method: "POST", url, headers: { ...bearer(key), ...headers }, payload: payload as object });
const get = (url: string, key: string) => t.app.inject({ method: "GET", url, headers: bearer(key) });

function expectProblem(
  res: { statusCode: number; headers: Record<string, unknown>; json(): unknown },
  status: number,
  code: string,
) {
  expect(res.statusCode).toBe(status);
  expect(String(res.headers["content-type"])).toMatch(/^application\/problem\+json/);
  expect((res.json() as { code: string }).code).toBe(code);
}

describe("orders and shipments", () => {
  let orderId: string;
  let shipmentId: string;

  it("creates an order with normalized contact", async () => {
    const res = await post("/v1/orders", acme.keys.write, {
      orderNumber: "A-1001",
      customer: {
        email: " Ana@Example.COM ",
        phone: "+1 (502) 555-0100",
        postcode: "sw1a 1aa",
        firstName: "Ana",
      },
      orderedAt: "2026-03-01T10:00:00Z",
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.customer).toMatchObject({
      email: "ana@example.com",
      phone: "+15025550100",
      postcode: "SW1A1AA",
    });
    expect(body.stage).toBe("unfulfilled");
    orderId = body.id;
  });

  it("refuses a duplicate order number with 409", async () => {
    expectProblem(
      await post("/v1/orders", acme.keys.write, { orderNumber: "A-1001" }),
      409,
      "SW_ERR_CONFLICT",
    );
  });

  it("creates a shipment, detecting the carrier from the number", async () => {
    const res = await post("/v1/shipments", acme.keys.write, {
      trackingNumber: "1Z 5R8 939 0357567127",
      orderNumber: "A-1001",
      destination: { city: "London", country: "gb" },
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({
      carrier: "ups",
      trackingNumber: "1Z5R89390357567127",
      orderId,
      status: "pending",
    });
    expect(body.destination.country).toBe("GB");
    shipmentId = body.id;
  });

  it("asks which carrier when the number fits none", async () => {
    const res = await post("/v1/shipments", acme.keys.write, { trackingNumber: "HELLO-WORLD" });
    expectProblem(res, 400, "SW_ERR_VALIDATION");
  });

  it("refuses a carrier id that is a slip of a known one, naming it; a courier without an adapter is kept", async () => {
    const slip = await post("/v1/shipments", acme.keys.write, {
      trackingNumber: "123456789012",
      carrier: "fedx",
    });
    expectProblem(slip, 400, "SW_ERR_VALIDATION");
    expect(slip.json()).toMatchObject({ suggestion: "fedex" });
    expect(slip.json().detail).toContain("did you mean “fedex”");
    const listed = await get("/v1/shipments?carrier=fedx", acme.keys.read);
    expect(listed.json().items).toHaveLength(0);
    const custom = await post("/v1/shipments", acme.keys.write, {
      trackingNumber: "123456789012",
      carrier: "fedx",
      customCarrier: true,
    });
    expect(custom.statusCode).toBe(201);
    const local = await post("/v1/shipments", acme.keys.write, {
      trackingNumber: "LC-0001",
      carrier: "acme_courier",
    });
    expect(local.statusCode).toBe(201);
    expect(local.json().carrier).toBe("acme_courier");
  });

  it("adds events and answers with the timeline and folded state; the order moves with it", async () => {
    const res = await post(`/v1/shipments/${shipmentId}/events`, acme.keys.write, {
      events: [
        {
          occurredAt: "2026-03-02T18:00:00-05:00",
          code: "PU",
          description: "Picked up",
          status: "in_transit",
          substatus: "picked_up",
          location: { city: "Louisville", region: "KY", country: "US" },
        },
        {
          occurredAt: "2026-03-04T09:12:00+00:00",
          code: "DL",
          description: "Delivered",
          status: "delivered",
          substatus: "signed",
        },
      ],
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().eventsAdded).toBe(2);
    const shipment = (await get(`/v1/shipments/${shipmentId}`, acme.keys.read)).json();
    expect(shipment.status).toBe("delivered");
    expect(shipment.events.map((e: { code: string }) => e.code)).toEqual(["DL", "PU"]);
    expect(shipment.events[1].localTime).toBe("2026-03-02T18:00:00");
    const order = (await get(`/v1/orders/${orderId}`, acme.keys.read)).json();
    expect(order.stage).toBe("delivered");
    expect(order.shipments).toHaveLength(1);
  });

  it("looks an order up by number and lists with filters and a cursor", async () => {
    for (let i = 0; i < 5; i++) await post("/v1/orders", acme.keys.write, { orderNumber: `B-${i}` });
    const lookup = await get("/v1/orders/lookup?orderNumber=A-1001", acme.keys.read);
    expect(lookup.json().id).toBe(orderId);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await get(`/v1/orders?limit=2${cursor ? `&cursor=${cursor}` : ""}`, acme.keys.read);
      const body = res.json();
      seen.push(...body.items.map((o: { orderNumber: string }) => o.orderNumber));
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen.sort()).toEqual(["A-1001", "B-0", "B-1", "B-2", "B-3", "B-4"]);
    const delivered = (await get("/v1/shipments?status=delivered", acme.keys.read)).json();
    expect(delivered.items.map((s: { id: string }) => s.id)).toEqual([shipmentId]);
    expectProblem(await get("/v1/orders?cursor=garbage", acme.keys.read), 400, "SW_ERR_VALIDATION");
  });

  it("updates and deletes", async () => {
    const patched = await t.app.inject({
      method: "PATCH",
      url: `/v1/orders/${orderId}`,
      headers: bearer(acme.keys.write),
      payload: { customer: { firstName: "Ana María" } },
    });
    expect(patched.json().customer.firstName).toBe("Ana María");
    const created = (
      await post("/v1/shipments", acme.keys.write, { trackingNumber: "XYZ12345", carrier: "dpd" })
    ).json();
    const del = await t.app.inject({
      method: "DELETE",
      url: `/v1/shipments/${created.id}`,
      headers: bearer(acme.keys.write),
    });
    expect(del.statusCode).toBe(204);
    expectProblem(await get(`/v1/shipments/${created.id}`, acme.keys.read), 404, "SW_ERR_NOT_FOUND");
  });

  it("takes a batch of events for many shipments, creating unknown ones", async () => {
    const res = await post("/v1/events/batch", acme.keys.write, {
      events: [
        {
          carrier: "fedex",
          trackingNumber: "123456789012",
          occurredAt: "2026-03-05T10:00:00Z",
          status: "in_transit",
          description: "Picked up",
        },
        {
          carrier: "fedex",
          trackingNumber: "123456789013",
          occurredAt: "2026-03-05T11:00:00Z",
          status: "info_received",
          description: "Label",
        },
      ],
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().shipments).toHaveLength(2);
  });

  it("keeps other sellers' data invisible: 404, never 403", async () => {
    expectProblem(await get(`/v1/shipments/${shipmentId}`, other.keys.admin), 404, "SW_ERR_NOT_FOUND");
    expectProblem(await get(`/v1/orders/${orderId}`, other.keys.admin), 404, "SW_ERR_NOT_FOUND");
    expectProblem(
      await post(`/v1/shipments/${shipmentId}/events`, other.keys.write, {
        occurredAt: "2026-03-05T10:00:00Z",
        status: "delivered",
      }),
      404,
      "SW_ERR_NOT_FOUND",
    );
    expect((await get("/v1/orders", other.keys.read)).json().items).toEqual([]);
  });
});

describe("bad input", () => {
  it("401 without a key, with an unknown key and with a revoked key; 403 without the scope", async () => {
    expectProblem(await t.app.inject({ method: "GET", url: "/v1/orders" }), 401, "SW_ERR_UNAUTHENTICATED");
    expectProblem(await get("/v1/orders", "sw_nope"), 401, "SW_ERR_UNAUTHENTICATED");
    expectProblem(await post("/v1/orders", acme.keys.read, { orderNumber: "X" }), 403, "SW_ERR_FORBIDDEN");
    const created = (await post("/v1/api-keys", acme.keys.admin, { name: "temp", scopes: ["read"] })).json();
    expect(created.secret).toMatch(/^sw_/);
    expect((await get("/v1/orders", created.secret)).statusCode).toBe(200);
    const rotated = (await post(`/v1/api-keys/${created.id}/rotate`, acme.keys.admin, {})).json();
    expectProblem(await get("/v1/orders", created.secret), 401, "SW_ERR_UNAUTHENTICATED");
    expect((await get("/v1/orders", rotated.secret)).statusCode).toBe(200);
    await t.app.inject({
      method: "DELETE",
      url: `/v1/api-keys/${rotated.id}`,
      headers: bearer(acme.keys.admin),
    });
    expectProblem(await get("/v1/orders", rotated.secret), 401, "SW_ERR_UNAUTHENTICATED");
    const listed = (await get("/v1/api-keys", acme.keys.admin)).json();
    expect(JSON.stringify(listed)).not.toContain(rotated.secret);
  });

  it("refuses a seller time zone the runtime does not know, and keeps the one set", async () => {
    const patch = (timeZone: string) =>
      t.app.inject({
        method: "PATCH",
        url: "/v1/seller",
        headers: bearer(acme.keys.admin),
        payload: { settings: { timeZone } },
      });
    expect((await patch("Europe/Lisbon")).statusCode).toBe(200);
    const bad = await patch("Europe/Lisobn");
    expectProblem(bad, 400, "SW_ERR_VALIDATION");
    expect(bad.json().detail).toContain("an IANA time zone");
    expect((await get("/v1/seller", acme.keys.read)).json().settings.timeZone).toBe("Europe/Lisbon");
  });

  it("malformed JSON, wrong types and unknown enum values are 400 problems", async () => {
    const bad = await t.app.inject({
      method: "POST",
      url: "/v1/orders",
      headers: { ...bearer(acme.keys.write), "content-type": "application/json" },
      payload: '{"orderNumber": ',
    });
    expectProblem(bad, 400, "SW_ERR_MALFORMED_JSON");
    expectProblem(await post("/v1/orders", acme.keys.write, { orderNumber: 42 }), 400, "SW_ERR_VALIDATION");
    expectProblem(await get("/v1/shipments?status=teleported", acme.keys.read), 400, "SW_ERR_VALIDATION");
    expectProblem(await get("/v1/orders/not-a-uuid", acme.keys.read), 400, "SW_ERR_VALIDATION");
  });

  it("stores an unparseable event body raw, and names it in the problem", async () => {
    const shipment = (
      await post("/v1/shipments", acme.keys.write, { trackingNumber: "RAW12345", carrier: "dpd" })
    ).json();
    const res = await t.app.inject({
      method: "POST",
      url: `/v1/shipments/${shipment.id}/events`,
      headers: { ...bearer(acme.keys.write), "content-type": "application/json" },
      payload: "{broken",
    });
    expectProblem(res, 400, "SW_ERR_MALFORMED_JSON");
    const rawId = res.json().rawPayloadId;
    const [raw] = await t.db.query<{ parse_status: string; body: Uint8Array }>(
      "SELECT parse_status, body FROM raw_payloads WHERE id = $1",
      [rawId],
    );
    expect(raw!.parse_status).toBe("failed");
    expect(Buffer.from(raw!.body).toString()).toBe("{broken");
    const enumRes = await post(`/v1/shipments/${shipment.id}/events`, acme.keys.write, {
      occurredAt: "2026-03-05T10:00:00Z",
      status: "teleported",
    });
    expectProblem(enumRes, 400, "SW_ERR_VALIDATION");
  });

  it("oversized bodies get 413", async () => {
    const res = await post("/v1/orders", acme.keys.write, {
      orderNumber: "BIG",
      metadata: { blob: "x".repeat(70_000) },
    });
    expectProblem(res, 413, "SW_ERR_PAYLOAD_TOO_LARGE");
  });

  it("a repeated POST with the same Idempotency-Key returns the first response; another body is refused", async () => {
    const headers = { "idempotency-key": "order-C-1" };
    const first = await post("/v1/orders", acme.keys.write, { orderNumber: "C-1" }, headers);
    const second = await post("/v1/orders", acme.keys.write, { orderNumber: "C-1" }, headers);
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.json()).toEqual(first.json());
    expect(second.headers["idempotent-replayed"]).toBe("true");
    expectProblem(
      await post("/v1/orders", acme.keys.write, { orderNumber: "C-2" }, headers),
      422,
      "SW_ERR_IDEMPOTENCY_MISMATCH",
    );
    // Keys are per seller: another seller may use the same key for its own request.
    expect((await post("/v1/orders", other.keys.write, { orderNumber: "C-1" }, headers)).statusCode).toBe(
      201,
    );
  });

  it("records every write in the audit log, which refuses changes", async () => {
    const audit = (await get("/v1/audit?limit=200", acme.keys.admin)).json();
    const actions = audit.items.map((a: { action: string }) => a.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        "order.create",
        "shipment.create",
        "shipment.events.add",
        "api_key.rotate",
        "api_key.revoke",
      ]),
    );
    await expect(t.db.query("UPDATE audit_log SET action = 'x'")).rejects.toThrow(/append-only/);
    await expect(t.db.query("DELETE FROM audit_log")).rejects.toThrow(/append-only/);
  });
});

describe("service endpoints", () => {
  it("health, readiness, metrics, OpenAPI and docs", async () => {
    expect((await t.app.inject("/healthz")).json()).toEqual({ status: "ok" });
    expect((await t.app.inject("/readyz")).json()).toMatchObject({
      status: "ready",
      migration: listMigrations().at(-1)!.version,
    });
    expect((await t.app.inject("/metrics")).body).toContain("shipwatch_");
    const doc = (await t.app.inject("/openapi.json")).json();
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/v1/orders", "/v1/shipments/{id}/events", "/v1/events/batch"]),
    );
    const docs = await t.app.inject("/docs");
    expect(docs.body).toContain("/v1/shipments/{id}");
    const unknown = await t.app.inject("/nope");
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe("SW_ERR_NOT_FOUND");
  });

  it("echoes a caller's request id", async () => {
    const res = await t.app.inject({ url: "/healthz", headers: { "x-request-id": "trace-abc-123" } });
    expect(res.headers["x-request-id"]).toBe("trace-abc-123");
  });
});
