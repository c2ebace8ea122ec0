/**
 * Secrets at rest: carrier credentials and inbound webhook secrets are sealed in the database, never returned by
 * the API, and still work (a signed delivery verifies, a poller gets its credentials). Rows written before
 * migration 0009 are sealed at start; a key change re-seals them; a wrong key stops with a clear error; and no
 * writer can store plaintext any more.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run.js";
import { openDatabase, type Database } from "../../src/db/client.js";
import { listMigrations, migrate } from "../../src/db/migrate.js";
import { createSeller } from "../../src/db/repositories/sellers.js";
import { insertShipment } from "../../src/db/repositories/shipments.js";
import { useSecretKeyring } from "../../src/db/secrets/keyring-registry.js";
import { generateSecretKeyText, parseSecretKey } from "../../src/db/secrets/keyring-source.js";
import { sealStoredSecrets } from "../../src/db/secrets/reseal.js";
import { SecretKeyError, secretKey, type SecretKeyring } from "../../src/db/secrets/sealed-box.js";
import { claimDue } from "../../src/ingest/polling/claim.js";
import { upsertCarrierAccount } from "../../src/ingest/polling/carrier-accounts.js";
import { findDeliveryTarget } from "../../src/ingest/webhooks/endpoints.js";
import {
  createConnection,
  findDeliveryConnection,
  loadConnectionForWriteback,
} from "../../src/commerce/connections.js";
import { bearer, createTestApp, type TestApp } from "../support/app.js";

const ring = (text: string, previous: string[] = []): SecretKeyring => ({
  current: secretKey(parseSecretKey(text, "test")),
  previous: previous.map((p) => secretKey(parseSecretKey(p, "test"))),
  origin: "the test",
});

/** Every column of every row of a table, as text: what a database dump would show. */
async function dump(db: Database, table: string): Promise<string> {
  const rows = await db.query<{ row: string }>(`SELECT row_to_json(t)::text AS row FROM ${table} t`);
  return rows.map((r) => r.row).join("\n");
}

describe("sealed at rest, never returned, still working", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it("keeps webhook secrets and carrier credentials out of the rows and out of the API", async () => {
    const seller = await t.seller("sealed");
    const created = await t.app.inject({
      method: "POST",
      url: "/v1/webhook-endpoints",
      headers: bearer(seller.keys.admin),
      payload: { source: "shipwatch" },
    });
    const secret = created.json().secret as string;
    const provided = "aftership-issued-secret-0123456789";
    await t.app.inject({
      method: "POST",
      url: "/v1/webhook-endpoints",
      headers: bearer(seller.keys.admin),
      payload: { source: "aftership", secret: provided },
    });
    await upsertCarrierAccount(t.db, {
      sellerId: seller.id,
      carrier: "ups",
      credentials: { clientId: "ups-client-id-visible", clientSecret: "ups-client-SECRET-value" },
    });

    const rows = (await dump(t.db, "webhook_endpoints")) + (await dump(t.db, "carrier_accounts"));
    for (const plaintext of [
      secret,
      secret.slice(12),
      provided,
      provided.slice(4),
      "ups-client-SECRET-value",
    ])
      expect(rows).not.toContain(plaintext);
    expect(rows).not.toContain("ups-client-id-visible");

    const listed = await t.app.inject({
      method: "GET",
      url: "/v1/webhook-endpoints",
      headers: bearer(seller.keys.admin),
    });
    expect(listed.body).not.toContain(secret.slice(12));
    expect(listed.body).not.toContain(provided.slice(4));
    expect(
      listed
        .json()
        .items.map((i: { secretPrefix: string }) => i.secretPrefix)
        .sort(),
    ).toEqual(["afte", secret.slice(0, 12)]);

    // Still working: deliveries are verified with the secret itself, the poller gets the credentials.
    const target = await findDeliveryTarget(t.db, seller.slug, "shipwatch", new Date());
    expect(target!.secrets).toEqual([secret]);
    await insertShipment(t.db.orm, seller.id, { carrier: "ups", trackingNumber: "1ZSEALED02" });
    const [claimed] = await claimDue(t.db, new Date(), 10, 60_000);
    expect(claimed!.account!.credentials).toEqual({
      clientId: "ups-client-id-visible",
      clientSecret: "ups-client-SECRET-value",
    });
  });

  it("refuses a plaintext write from any writer (the check constraint of 0009)", async () => {
    const seller = await t.seller("plaintext");
    await expect(
      t.db.query(
        `INSERT INTO carrier_accounts (seller_id, carrier, credentials) VALUES ($1, 'fedex', '{"apiKey":"k"}')`,
        [seller.id],
      ),
    ).rejects.toThrow(/carrier_accounts_credentials_sealed/);
    await expect(
      t.db.query(
        `INSERT INTO webhook_endpoints (seller_id, source, secret, secret_prefix) VALUES ($1, 'shippo', 'plain', 'p')`,
        [seller.id],
      ),
    ).rejects.toThrow(/webhook_endpoints_secrets_sealed/);
  });
});

describe("rows from before 0009", () => {
  let db: Database;
  let schemaName: string | undefined;
  beforeAll(async () => {
    // A database migrated up to 0008 only, so the rows below are written the way older versions wrote them.
    const url = process.env.TEST_DATABASE_URL;
    schemaName = url ? `t_${randomBytes(6).toString("hex")}` : undefined;
    db = url ? await openDatabase({ url, schemaName, poolSize: 2 }) : await openDatabase();
    await migrate(
      db,
      listMigrations().filter((m) => m.version < 9),
    );
  }, 120_000);
  afterAll(async () => {
    if (schemaName) await db.query(`DROP SCHEMA ${schemaName} CASCADE`);
    await db.close();
  });

  it("are sealed at start, re-sealed after a key change, and a wrong key is a clear error", async () => {
    const seller = await createSeller(db.orm, { slug: "legacy", name: "Legacy" });
    await db.query(
      `INSERT INTO carrier_accounts (seller_id, carrier, credentials) VALUES ($1, 'usps', '{"consumerKey":"legacy-usps-key"}')`,
      [seller.id],
    );
    await db.query(
      `INSERT INTO webhook_endpoints (seller_id, source, secret, secret_prefix, previous_secret, previous_secret_expires_at)
       VALUES ($1, 'shipwatch', 'whsec_legacy-current', 'whsec_legacy', 'whsec_legacy-previous', now() + interval '1 hour')`,
      [seller.id],
    );
    await db.query(
      `INSERT INTO webhook_endpoints (seller_id, source, secret, secret_prefix)
       VALUES ($1, 'aftership', 'aftership-legacy-secret', 'aftership-le')`,
      [seller.id],
    );
    await migrate(db);
    const first = generateSecretKeyText();
    const second = generateSecretKeyText();

    useSecretKeyring(db, ring(first));
    const [prefix] = await db.query<{ secret_prefix: string }>(
      "SELECT secret_prefix FROM webhook_endpoints WHERE source = 'aftership'",
    );
    expect(prefix!.secret_prefix).toBe("afte");
    // Commerce connections (0012) are sealed from their first write.
    const shop = await createConnection(db, {
      sellerId: seller.id,
      platform: "shopify",
      shop: "legacy.myshopify.com",
      credentials: { accessToken: "shpat_legacy-token" },
      webhookSecret: "shopify-legacy-hmac-key",
    });
    const none = { carrierAccounts: 0, webhookEndpoints: 0, commerceConnections: 0, outgoingWebhooks: 0 };
    expect(await sealStoredSecrets(db, ring(first))).toEqual({
      ...none,
      carrierAccounts: 1,
      webhookEndpoints: 2,
    });
    expect(await sealStoredSecrets(db, ring(first))).toEqual(none);
    const rows =
      (await dump(db, "webhook_endpoints")) +
      (await dump(db, "carrier_accounts")) +
      (await dump(db, "commerce_connections"));
    for (const plaintext of [
      "legacy-usps-key",
      "whsec_legacy-current",
      "whsec_legacy-previous",
      "legacy-secret",
      "shpat_legacy-token",
      "shopify-legacy-hmac-key",
    ])
      expect(rows).not.toContain(plaintext);
    const target = await findDeliveryTarget(db, "legacy", "shipwatch", new Date());
    expect(target!.secrets).toEqual(["whsec_legacy-current", "whsec_legacy-previous"]);
    const [names] = await db.query<{ credential_names: string[] }>(
      "SELECT credential_names FROM carrier_accounts",
    );
    expect(names!.credential_names).toEqual(["consumerKey"]);

    // The key changes: the old one, given as previous, opens the rows once more to re-seal them.
    expect(await sealStoredSecrets(db, ring(second, [first]))).toEqual({
      ...none,
      carrierAccounts: 1,
      webhookEndpoints: 2,
      commerceConnections: 1,
    });
    useSecretKeyring(db, ring(second));
    const delivery = await findDeliveryConnection(db, "legacy", "shopify", "legacy.myshopify.com");
    expect(delivery!.connection!.secret).toBe("shopify-legacy-hmac-key");
    const loaded = await loadConnectionForWriteback(db, shop!.connection.id);
    expect(loaded!.credentials).toEqual({ accessToken: "shpat_legacy-token" });
    const [sealedWith] = await db.query<{ sealed_with: string }>(
      "SELECT sealed_with FROM webhook_endpoints WHERE source = 'shipwatch'",
    );
    expect(sealedWith!.sealed_with).toBe(ring(second).current.id);

    // A process started with another key (and not the right one as previous) stops with a clear error.
    const other = generateSecretKeyText();
    await expect(sealStoredSecrets(db, ring(other))).rejects.toThrow(SecretKeyError);
    await expect(sealStoredSecrets(db, ring(other))).rejects.toThrow(
      new RegExp(`sealed with key ${ring(second).current.id}.*SHIPWATCH_SECRET_KEY`),
    );
  });
});

describe("shipwatch serve", () => {
  it("refuses to start with DATABASE_URL in production without SHIPWATCH_SECRET_KEY, before connecting", async () => {
    const err: string[] = [];
    const code = await runCli(["serve", "--role", "api"], {
      env: {
        DATABASE_URL: "postgres://nobody@127.0.0.1:1/none",
        NODE_ENV: "production",
        LOG_LEVEL: "silent",
      },
      stdout: () => undefined,
      stderr: (text) => err.push(text),
    });
    expect(code).toBe(1);
    expect(err.join("")).toMatch(/SHIPWATCH_SECRET_KEY is required with DATABASE_URL in production/);
  });
});
