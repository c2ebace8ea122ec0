/**
 * Outgoing webhook signing secrets and helpdesk credentials at rest (migration 0015): sealed in the rows, never
 * returned by the API (a prefix, credential names), replaced through the API, refused in clear by the database.
 * Rows written before 0015 are sealed at start and re-sealed after a key change, and still sign and authenticate
 * deliveries to a loopback receiver; a key that opens nothing stops the start with a clear error.
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../src/db/client.js";
import { listMigrations, migrate } from "../../src/db/migrate.js";
import { createSeller } from "../../src/db/repositories/sellers.js";
import { secretKeyringOf, useSecretKeyring } from "../../src/db/secrets/keyring-registry.js";
import { generateSecretKeyText, parseSecretKey } from "../../src/db/secrets/keyring-source.js";
import { sealStoredSecrets } from "../../src/db/secrets/reseal.js";
import { SecretKeyError, secretKey, type SecretKeyring } from "../../src/db/secrets/sealed-box.js";
import { openEndpointSecrets, type StoredEndpointSecrets } from "../../src/notifications/endpoint-secrets.js";
import { deliverDueWebhooks, verifyWebhookSignature } from "../../src/notifications/webhook-out.js";
import { bearer, createTestApp, type TestApp } from "../support/app.js";

const ring = (text: string, previous: string[] = []): SecretKeyring => ({
  current: secretKey(parseSecretKey(text, "test")),
  previous: previous.map((p) => secretKey(parseSecretKey(p, "test"))),
  origin: "the test",
});

/** Every column of every endpoint row, as text: what a database dump would show. */
async function dump(db: Database): Promise<string> {
  const rows = await db.query<{ row: string }>("SELECT row_to_json(e)::text AS row FROM outgoing_webhooks e");
  return rows.map((r) => r.row).join("\n");
}

/** An endpoint's secrets as the delivery code opens them, with the database's own keyring. */
async function opened(db: Database, id: string) {
  const [row] = await db.query<StoredEndpointSecrets>(
    `SELECT id, kind, secret, secret_sealed, config, credentials_sealed, sealed_with FROM outgoing_webhooks
     WHERE id = $1`,
    [id],
  );
  return openEndpointSecrets(secretKeyringOf(db), row!);
}

describe("sealed through the API", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ allowPrivateWebhookTargets: true });
  });
  afterAll(() => t.close());

  const call = async (method: "GET" | "POST" | "PATCH", url: string, key: string, body?: unknown) => {
    const r = await t.app.inject({
      method,
      url,
      headers: { ...bearer(key), ...(body ? { "content-type": "application/json" } : {}) },
      ...(body ? { payload: JSON.stringify(body) } : {}),
    });
    // Answers are read loosely: the assertions say what shape they expect.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return { status: r.statusCode, text: r.body, body: r.json() as Record<string, any> };
  };

  it("keeps signing secrets and helpdesk credentials out of the rows and the listings", async () => {
    const seller = await t.seller("sealed-out");
    const key = seller.keys.admin;
    const hook = await call("POST", "/v1/outgoing-webhooks", key, { url: "http://127.0.0.1:9/hook" });
    expect(hook.status).toBe(201);
    const secret = hook.body.secret as string;
    expect(hook.body.secretPrefix).toBe(secret.slice(0, 12));
    const zendesk = await call("POST", "/v1/outgoing-webhooks", key, {
      kind: "helpdesk",
      url: "http://127.0.0.1:9/zendesk",
      config: {
        preset: "zendesk",
        email: "agent@shop.example",
        apiToken: "zd-SEALED-token",
        headers: { "X-Extra-Auth": "extra-SEALED-header" },
      },
    });
    expect(zendesk.body.secret).toBeUndefined();
    const custom = await call("POST", "/v1/outgoing-webhooks", key, {
      kind: "helpdesk",
      url: "http://127.0.0.1:9/custom",
      config: { preset: "custom", headers: { Authorization: "Bearer custom-SEALED-token" } },
    });
    const plaintexts = [secret.slice(12), "zd-SEALED-token", "extra-SEALED-header", "custom-SEALED-token"];

    const rows = await dump(t.db);
    for (const plaintext of plaintexts) expect(rows).not.toContain(plaintext);
    const columns = await t.db.query<{ secret: string; sealed_with: string; credential_names: string[] }>(
      "SELECT secret, sealed_with, credential_names FROM outgoing_webhooks WHERE seller_id = $1 ORDER BY created_at",
      [seller.id],
    );
    expect(columns).toEqual([
      { secret: "", sealed_with: secretKeyringOf(t.db).current.id, credential_names: [] },
      {
        secret: "",
        sealed_with: secretKeyringOf(t.db).current.id,
        credential_names: ["headers.X-Extra-Auth", "apiToken"],
      },
      {
        secret: "",
        sealed_with: secretKeyringOf(t.db).current.id,
        credential_names: ["headers.Authorization"],
      },
    ]);

    const listed = await call("GET", "/v1/outgoing-webhooks", key);
    for (const plaintext of plaintexts) expect(listed.text).not.toContain(plaintext);
    const byId = new Map(listed.body.items.map((i: { id: string }) => [i.id, i]));
    expect(byId.get(hook.body.id)).toMatchObject({ secretPrefix: secret.slice(0, 12), config: {} });
    expect(byId.get(zendesk.body.id)).toMatchObject({
      config: {
        preset: "zendesk",
        email: "agent@shop.example",
        apiToken: "(set)",
        headers: ["X-Extra-Auth"],
      },
    });
    expect(byId.get(custom.body.id)).toMatchObject({
      config: { preset: "custom", headers: ["Authorization"] },
    });

    // What is sealed still opens to what was given.
    expect(await opened(t.db, hook.body.id)).toEqual({ signingSecret: secret, config: {} });
    expect((await opened(t.db, zendesk.body.id)).config).toMatchObject({
      apiToken: "zd-SEALED-token",
      headers: { "X-Extra-Auth": "extra-SEALED-header" },
    });
  });

  it("replaces credentials and the signing secret, each shown never or once", async () => {
    const seller = await t.seller("sealed-change");
    const key = seller.keys.admin;
    const hook = await call("POST", "/v1/outgoing-webhooks", key, { url: "http://127.0.0.1:9/hook" });
    const gorgias = await call("POST", "/v1/outgoing-webhooks", key, {
      kind: "helpdesk",
      url: "http://127.0.0.1:9/gorgias",
      config: { preset: "gorgias", username: "api@shop.example", apiKey: "gg-OLD-key" },
    });

    const changed = await call("PATCH", `/v1/outgoing-webhooks/${gorgias.body.id}`, key, {
      config: { preset: "gorgias", username: "api@shop.example", apiKey: "gg-NEW-key" },
    });
    expect(changed.status).toBe(200);
    expect(changed.text).not.toContain("gg-NEW-key");
    expect(changed.body.config).toMatchObject({ apiKey: "(set)" });
    expect((await opened(t.db, gorgias.body.id)).config).toMatchObject({ apiKey: "gg-NEW-key" });
    // A change of anything else keeps the sealed values as they were.
    await call("PATCH", `/v1/outgoing-webhooks/${hook.body.id}`, key, { name: "renamed" });
    expect((await opened(t.db, hook.body.id)).signingSecret).toBe(hook.body.secret);

    const rotated = await call("POST", `/v1/outgoing-webhooks/${hook.body.id}/rotate`, key);
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(hook.body.secret);
    expect(rotated.body.secretPrefix).toBe(rotated.body.secret.slice(0, 12));
    expect((await opened(t.db, hook.body.id)).signingSecret).toBe(rotated.body.secret);
    const rows = await dump(t.db);
    for (const plaintext of ["gg-OLD-key", "gg-NEW-key", rotated.body.secret.slice(12)])
      expect(rows).not.toContain(plaintext);
    expect((await call("GET", "/v1/outgoing-webhooks", key)).text).not.toContain(rotated.body.secret);

    const helpdesk = await call("POST", `/v1/outgoing-webhooks/${gorgias.body.id}/rotate`, key);
    expect(helpdesk.status).toBe(409);
    const foreign = await t.seller("sealed-other");
    expect(
      (await call("POST", `/v1/outgoing-webhooks/${hook.body.id}/rotate`, foreign.keys.admin)).status,
    ).toBe(404);
  });

  it("refuses a plaintext write from any writer (the check constraint of 0015)", async () => {
    const seller = await t.seller("sealed-plain");
    await expect(
      t.db.query(
        "INSERT INTO outgoing_webhooks (seller_id, url, secret) VALUES ($1, 'https://x.example', 'whsec_p')",
        [seller.id],
      ),
    ).rejects.toThrow(/outgoing_webhooks_secrets_sealed/);
    await expect(
      t.db.query(
        `INSERT INTO outgoing_webhooks (seller_id, kind, url, config, sealed_with)
         VALUES ($1, 'helpdesk', 'https://x.example', '{"preset":"zendesk","apiToken":"t"}', 'k')`,
        [seller.id],
      ),
    ).rejects.toThrow(/outgoing_webhooks_secrets_sealed/);
  });
});

describe("endpoints from before 0015", () => {
  let db: Database;
  let schemaName: string | undefined;
  const hits: { path: string; headers: IncomingHttpHeaders; body: string }[] = [];
  let base: string;
  let closeServer: () => Promise<void>;
  beforeAll(async () => {
    // A database migrated up to 0014 only, so the rows below are written the way older versions wrote them.
    const url = process.env.TEST_DATABASE_URL;
    schemaName = url ? `t_${randomBytes(6).toString("hex")}` : undefined;
    db = url ? await openDatabase({ url, schemaName, poolSize: 2 }) : await openDatabase();
    await migrate(
      db,
      listMigrations().filter((m) => m.version < 15),
    );
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        hits.push({
          path: req.url ?? "",
          headers: req.headers,
          body: Buffer.concat(chunks).toString("utf8"),
        });
        res.writeHead(200, { "content-type": "application/json" }).end("{}");
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    closeServer = () => new Promise((resolve) => server.close(() => resolve()));
  }, 120_000);
  afterAll(async () => {
    await closeServer();
    if (schemaName) await db.query(`DROP SCHEMA ${schemaName} CASCADE`);
    await db.close();
  });

  it("are sealed at start, re-sealed after a key change, still deliver, and a wrong key is a clear error", async () => {
    const seller = await createSeller(db.orm, { slug: "legacy-out", name: "Legacy" });
    const legacy = async (kind: string, path: string, secret: string, config: unknown) => {
      const [row] = await db.query<{ id: string }>(
        `INSERT INTO outgoing_webhooks (seller_id, kind, url, secret, config) VALUES ($1, $2, $3, $4, $5::jsonb)
         RETURNING id`,
        [seller.id, kind, `${base}${path}`, secret, JSON.stringify(config)],
      );
      return row!.id;
    };
    // As the API of 0005–0014 stored them: a generated secret on every row, the parsed config with its defaults.
    const hook = await legacy("webhook", "/legacy-hook", "whsec_legacy-outgoing-secret", {});
    const zendesk = await legacy("helpdesk", "/legacy-zendesk", "whsec_unused-helpdesk-secret", {
      preset: "zendesk",
      email: "agent@shop.example",
      apiToken: "legacy-zd-token",
      headers: {},
      tags: [],
    });
    const custom = await legacy("helpdesk", "/legacy-custom", "whsec_unused-custom-secret", {
      preset: "custom",
      headers: { Authorization: "Bearer legacy-custom-token" },
      tags: [],
    });
    await migrate(db);
    const first = generateSecretKeyText();
    const second = generateSecretKeyText();

    const none = { carrierAccounts: 0, webhookEndpoints: 0, commerceConnections: 0, outgoingWebhooks: 0 };
    expect(await sealStoredSecrets(db, ring(first))).toEqual({ ...none, outgoingWebhooks: 3 });
    expect(await sealStoredSecrets(db, ring(first))).toEqual(none);
    const rows = await dump(db);
    for (const plaintext of ["legacy-outgoing-secret", "unused", "legacy-zd-token", "legacy-custom-token"])
      expect(rows).not.toContain(plaintext);
    const listed = await db.query<{ id: string; secret_prefix: string; credential_names: string[] }>(
      "SELECT id, secret_prefix, credential_names FROM outgoing_webhooks",
    );
    expect(new Map(listed.map((r) => [r.id, [r.secret_prefix, r.credential_names]]))).toEqual(
      new Map([
        [hook, ["whsec_legacy", []]],
        [zendesk, ["", ["apiToken"]]],
        [custom, ["", ["headers.Authorization"]]],
      ]),
    );

    // The key changes: the old one, given as previous, opens the rows once more to re-seal them.
    expect(await sealStoredSecrets(db, ring(second, [first]))).toEqual({ ...none, outgoingWebhooks: 3 });
    useSecretKeyring(db, ring(second));
    expect((await opened(db, zendesk)).config).toEqual({
      preset: "zendesk",
      email: "agent@shop.example",
      apiToken: "legacy-zd-token",
      tags: [],
    });
    const payload = { id: "evt_legacy", type: "alert.opened", data: { kind: "late", orderNumber: "#7" } };
    const now = new Date();
    // Due a second before `now`: the database's now() has microseconds, so a row inserted within the same
    // millisecond as `now` would otherwise not be due yet.
    for (const endpoint of [hook, custom])
      await db.query(
        `INSERT INTO outgoing_webhook_deliveries (seller_id, endpoint_id, topic, event_key, payload, next_attempt_at)
         VALUES ($1, $2, 'alert.opened', 'evt_legacy', $3::jsonb, $4::timestamptz)`,
        [seller.id, endpoint, JSON.stringify(payload), new Date(now.getTime() - 1_000).toISOString()],
      );
    expect(await deliverDueWebhooks(db, now, { allowPrivateTargets: true })).toMatchObject({ succeeded: 2 });
    const signed = hits.find((h) => h.path === "/legacy-hook")!;
    expect(
      verifyWebhookSignature(
        "whsec_legacy-outgoing-secret",
        signed.body,
        signed.headers["shipwatch-signature"] as string,
        now,
      ),
    ).toBe(true);
    expect(hits.find((h) => h.path === "/legacy-custom")!.headers.authorization).toBe(
      "Bearer legacy-custom-token",
    );

    // A process started with another key (and not the right one as previous) stops with a clear error.
    const other = generateSecretKeyText();
    await expect(sealStoredSecrets(db, ring(other))).rejects.toThrow(SecretKeyError);
    await expect(sealStoredSecrets(db, ring(other))).rejects.toThrow(
      new RegExp(`sealed with key ${ring(second).current.id}.*SHIPWATCH_SECRET_KEY`),
    );
  });
});
