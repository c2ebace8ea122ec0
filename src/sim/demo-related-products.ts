/**
 * The demo shop's "you may also like" list, shown on a tracking page once the order is delivered. Once per
 * database: a list the seller has changed (PUT /v1/related-products) is kept as it is.
 */
import type { Database } from "../db/client.js";
import { listRelatedProducts, replaceRelatedProducts } from "../db/repositories/related-products.js";

const PRODUCTS = [
  { title: "Trekking poles, carbon", url: "https://demo-outdoor.example/products/poles", price: "$89" },
  { title: "Merino base layer", url: "https://demo-outdoor.example/products/merino", price: "$65" },
  { title: "Camp stove", url: "https://demo-outdoor.example/products/stove", price: "$49" },
  { title: "Dry bag, 20 l", url: "https://demo-outdoor.example/products/dry-bag", price: "$25" },
];

export async function seedDemoRelatedProducts(db: Database, sellerId: string): Promise<number> {
  if ((await listRelatedProducts(db, sellerId)).length > 0) return 0;
  return (
    await replaceRelatedProducts(
      db,
      sellerId,
      PRODUCTS.map((p) => ({ ...p, imageUrl: null })),
    )
  ).length;
}
