/** Products a seller shows shoppers after delivery, configured through the API, in `position` order. */
import type { Database } from "../client.js";

export interface RelatedProduct {
  id: string;
  title: string;
  url: string;
  imageUrl: string | null;
  price: string | null;
  position: number;
}

export type RelatedProductInput = Omit<RelatedProduct, "id" | "position">;

interface Row {
  id: string;
  title: string;
  url: string;
  image_url: string | null;
  price: string | null;
  position: number;
}

const toProduct = (r: Row): RelatedProduct => ({
  id: r.id,
  title: r.title,
  url: r.url,
  imageUrl: r.image_url,
  price: r.price,
  position: Number(r.position),
});

/** The seller's related products, in display order. */
export async function listRelatedProducts(db: Database, sellerId: string): Promise<RelatedProduct[]> {
  const rows = await db.query<Row>(
    "SELECT id, title, url, image_url, price, position FROM related_products WHERE seller_id = $1 ORDER BY position, created_at",
    [sellerId],
  );
  return rows.map(toProduct);
}

/** Replaces the seller's whole list in one transaction (the order given is the display order). */
export async function replaceRelatedProducts(
  db: Database,
  sellerId: string,
  products: readonly RelatedProductInput[],
): Promise<RelatedProduct[]> {
  const rows = await db.session(async (s) => {
    await s.query("DELETE FROM related_products WHERE seller_id = $1", [sellerId]);
    if (products.length === 0) return [];
    return s.query<Row>(
      `INSERT INTO related_products (seller_id, position, title, url, image_url, price)
       SELECT $1, p.position, p.title, p.url, p.image_url, p.price
       FROM jsonb_to_recordset($2::jsonb) AS p(position int, title text, url text, image_url text, price text)
       RETURNING id, title, url, image_url, price, position`,
      [
        sellerId,
        JSON.stringify(
          products.map((p, i) => ({
            position: i,
            title: p.title,
            url: p.url,
            image_url: p.imageUrl ?? null,
            price: p.price ?? null,
          })),
        ),
      ],
    );
  });
  return rows.map(toProduct).sort((a, b) => a.position - b.position);
}
