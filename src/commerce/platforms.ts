/**
 * The commerce platforms that push webhooks, each with the same parts (like carriers): verify (pure), the header
 * naming the shop, the topic header, and map (pure). The receiver and the applier go through this table only.
 */
import { parseJsonObject } from "./payload-fields.js";
import { mapShopifyPayload } from "./shopify/map.js";
import { shopifyShopOf, verifyShopifyWebhook } from "./shopify/verify.js";
import type { HeaderMap, MapResult, Platform, VerifyResult } from "./types.js";
import { mapWooCommercePayload } from "./woocommerce/map.js";
import { verifyWooCommerceWebhook, wooCommerceSiteOf } from "./woocommerce/verify.js";

export interface CommercePlatform {
  id: Platform;
  /** The raw payload's source. */
  rawSource: `webhook:${Platform}`;
  verify(body: Buffer, headers: HeaderMap, secret: string): VerifyResult;
  /** The shop a delivery names, normalized as connections store it. */
  shopOf(headers: HeaderMap): string | null;
  topicOf(headers: HeaderMap): string;
  map(body: Buffer, headers: HeaderMap, options: { preferredCarriers?: readonly string[] }): MapResult;
}

function mapJson(
  mapper: (
    topic: string,
    body: Record<string, unknown>,
    options: { preferredCarriers?: readonly string[] },
  ) => MapResult,
  topicHeader: string,
) {
  return (
    body: Buffer,
    headers: HeaderMap,
    options: { preferredCarriers?: readonly string[] },
  ): MapResult => {
    const json = parseJsonObject(body);
    if (!json) return { kind: "invalid", reason: "the body is not a JSON object" };
    return mapper(headers[topicHeader]?.trim() ?? "", json, options);
  };
}

export const COMMERCE_PLATFORMS: Readonly<Record<Platform, CommercePlatform>> = {
  shopify: {
    id: "shopify",
    rawSource: "webhook:shopify",
    verify: verifyShopifyWebhook,
    shopOf: shopifyShopOf,
    topicOf: (h) => h["x-shopify-topic"]?.trim() ?? "",
    map: mapJson(mapShopifyPayload, "x-shopify-topic"),
  },
  woocommerce: {
    id: "woocommerce",
    rawSource: "webhook:woocommerce",
    verify: verifyWooCommerceWebhook,
    shopOf: wooCommerceSiteOf,
    topicOf: (h) => h["x-wc-webhook-topic"]?.trim() ?? "",
    map: mapJson(mapWooCommercePayload, "x-wc-webhook-topic"),
  },
};

/** The platform with that id (a path segment or a raw payload's source), if it is one. */
export function commercePlatform(id: string): CommercePlatform | undefined {
  const bare = id.startsWith("webhook:") ? id.slice("webhook:".length) : id;
  return bare === "shopify" || bare === "woocommerce" ? COMMERCE_PLATFORMS[bare] : undefined;
}

/** True for the raw payload sources the commerce applier reads (not a carrier adapter). */
export const isCommerceSource = (source: string) =>
  source === "webhook:shopify" || source === "webhook:woocommerce";
