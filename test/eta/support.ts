/** A seller with a trained delivery-window model (synthetic Brazilian history), for the ETA integration tests. */
import type { Database } from "../../src/db/client.js";
import { insertOrder } from "../../src/db/repositories/orders.js";
import { createSeller } from "../../src/db/repositories/sellers.js";
import { insertShipment } from "../../src/db/repositories/shipments.js";
import { importHistory } from "../../src/eta/live/import-history.js";
import { trainSellerModel } from "../../src/eta/live/train-seller.js";
import { syntheticHistoryCsv } from "../../src/eta/synthetic.js";

export const HISTORY_OPTIONS = { orders: 1_500, seed: 7, from: "2018-01-01", to: "2018-08-31" };

/** Creates a seller in São Paulo's zone, imports a small synthetic history and trains version 1. */
export async function sellerWithModel(db: Database, slug: string): Promise<string> {
  const seller = await createSeller(db.orm, {
    slug,
    name: slug,
    settings: { timeZone: "America/Sao_Paulo" },
  });
  await importHistory(db, seller.id, "history.csv", [syntheticHistoryCsv(HISTORY_OPTIONS)]);
  const trained = await trainSellerModel(db, seller.id);
  if (trained.status !== "trained") throw new Error(`no model: ${trained.reason}`);
  return seller.id;
}

/** An order placed at `orderedAt` with one correios PAC parcel from São Paulo to Rio de Janeiro. */
export async function orderWithParcel(
  db: Database,
  sellerId: string,
  orderNumber: string,
  trackingNumber: string,
  orderedAt: Date,
): Promise<{ orderId: string; shipmentId: string }> {
  const order = await insertOrder(db.orm, sellerId, {
    orderNumber,
    customer: { email: `${orderNumber.toLowerCase()}@example.com`, timeZone: "America/Sao_Paulo" },
    orderedAt,
  });
  const shipment = await insertShipment(db.orm, sellerId, {
    carrier: "correios",
    service: "pac",
    trackingNumber,
    orderId: order!.id,
    origin: { city: "São Paulo", region: "SP", postalCode: "10123", country: "BR" },
    destination: { city: "Rio de Janeiro", region: "RJ", postalCode: "11222", country: "BR" },
  });
  return { orderId: order!.id, shipmentId: shipment!.id };
}
