/**
 * The server side of bench/page.ts, run in its own process so autocannon and the server do not share a core:
 * an in-memory PGlite with one seller, N shipments on ~0.87 N orders (15 % split in two) with realistic scan
 * histories, the whole app from buildApp plus a hello-world route, and one signed order link per order.
 * Prints one JSON line { port, urlsFile, orders, shipments } when ready.
 */
import { writeFileSync } from "node:fs";
import { buildApp } from "../src/app.js";
import { loadConfig } from "../src/config/index.js";
import { openDatabase } from "../src/db/client.js";
import { migrate } from "../src/db/migrate.js";
import { createSeller } from "../src/db/repositories/sellers.js";
import { ingestMany } from "../src/ingest/ingest.js";
import { createTrackingLink } from "../src/web/tracking/links.js";

const shipmentCount = Number(process.argv[2] ?? 10_000);
const urlsFile = process.argv[3] ?? ".tmp/bench-page-urls.json";
const HOUR = 3_600_000;
const CITIES = [
  ["Louisville", "KY", "US"],
  ["Memphis", "TN", "US"],
  ["Chicago", "IL", "US"],
  ["Lyon", "ARA", "FR"],
  ["Leipzig", "SN", "DE"],
] as const;

const db = await openDatabase();
await migrate(db);
const seller = await createSeller(db.orm, {
  slug: "bench",
  name: "Bench Outdoor Co.",
  settings: { supportEmail: "help@example.com" },
  branding: { primaryColor: "#1f6f5c", helpText: "Questions? We answer within a day." },
});

const now = Date.now();
const orders: { number: string; parcels: number }[] = [];
for (let made = 0; made < shipmentCount;) {
  const parcels = orders.length % 7 === 3 && made + 2 <= shipmentCount ? 2 : 1;
  orders.push({ number: `B-${100_000 + orders.length}`, parcels });
  made += parcels;
}
const orderRows = await db.query<{ id: string; order_number: string }>(
  `INSERT INTO orders (seller_id, order_number, email, postcode, first_name, ordered_at)
   SELECT $1, o.n, lower(o.n) || '@example.com', '40209', 'Ana', now() - interval '5 days'
   FROM jsonb_to_recordset($2::jsonb) AS o(n text) RETURNING id, order_number`,
  [seller.id, JSON.stringify(orders.map((o) => ({ n: o.number })))],
);
const idOf = new Map(orderRows.map((r) => [r.order_number, r.id]));
const shipments: {
  order_id: string;
  tracking_number: string;
  city: string;
  region: string;
  country: string;
}[] = [];
for (const o of orders) {
  for (let p = 0; p < o.parcels; p++) {
    const [city, region, country] = CITIES[shipments.length % CITIES.length]!;
    shipments.push({
      order_id: idOf.get(o.number)!,
      tracking_number: `1ZBENCH${String(shipments.length).padStart(8, "0")}`,
      city,
      region,
      country,
    });
  }
}
await db.query(
  `INSERT INTO shipments (seller_id, order_id, carrier, tracking_number, destination_city, destination_region, destination_country)
   SELECT $1, s.order_id, 'ups', s.tracking_number, s.city, s.region, s.country
   FROM jsonb_to_recordset($2::jsonb) AS s(order_id uuid, tracking_number text, city text, region text, country text)`,
  [seller.id, JSON.stringify(shipments)],
);
const STEPS = [
  ["info_received", "label_created", "Shipment information received"],
  ["in_transit", "picked_up", "Picked up by carrier"],
  ["in_transit", "departed_facility", "Departed facility"],
  ["in_transit", "arrived_at_facility", "Arrived at sort facility"],
  ["in_transit", "departed_facility", "Departed sort facility"],
  ["out_for_delivery", null, "Out for delivery"],
  ["delivered", "left_at_door", "Delivered"],
] as const;
let events: object[] = [];
const flush = async () => {
  if (events.length === 0) return;
  const body = Buffer.from(JSON.stringify({ events }));
  await ingestMany(db, seller.id, [{ source: "bench", contentType: "application/json", body }], {
    createMissingShipments: false,
  });
  events = [];
};
for (let i = 0; i < shipments.length; i++) {
  const s = shipments[i]!;
  const steps = 2 + (i % (STEPS.length - 1));
  for (let k = 0; k < steps; k++) {
    const [city, region, country] = CITIES[(i + k) % CITIES.length]!;
    const [status, substatus, description] = STEPS[k]!;
    events.push({
      carrier: "ups",
      trackingNumber: s.tracking_number,
      occurredAt: new Date(now - (100 - k * 12) * HOUR).toISOString(),
      code: `S${k}`,
      description,
      location: { city, region, country },
      status,
      substatus,
    });
  }
  if (events.length >= 5_000) await flush();
}
await flush();

const urls: string[] = [];
for (const o of orderRows) {
  const link = await createTrackingLink(db, {
    baseUrl: "http://x",
    sellerSlug: "bench",
    sellerId: seller.id,
    scope: "order",
    targetId: o.id,
  });
  urls.push(new URL(link.url).pathname);
}
writeFileSync(urlsFile, JSON.stringify(urls));

const app = await buildApp(loadConfig({}, { logLevel: "silent" }), { db });
app.get("/bench/hello", async () => "hello world");
await app.listen({ port: 0, host: "127.0.0.1" });
const address = app.server.address();
const port = typeof address === "object" && address ? address.port : 0;
process.stdout.write(
  `${JSON.stringify({ port, urlsFile, orders: orders.length, shipments: shipments.length })}\n`,
);
process.on(
  "SIGTERM",
  () =>
    void app
      .close()
      .then(() => db.close())
      .then(() => process.exit(0)),
);
