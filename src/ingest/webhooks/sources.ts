/**
 * Which sources can push to `/hooks/{seller}/{source}`: every carrier or aggregator adapter with a webhook
 * verifier (src/carriers/<id>/webhook.ts), plus `shipwatch`, our own normalized JSON.
 */
import { getCarrier, listCarriers } from "../../carriers/registry.js";
import type { CarrierWebhook } from "../../carriers/types.js";
import { verifyShipwatchWebhook } from "./shipwatch-signature.js";

export interface WebhookSource {
  id: string;
  /** The raw payload's source: `webhook:<id>`, which ingest reads with that adapter. */
  rawSource: string;
  verify: CarrierWebhook["verify"];
}

export const SHIPWATCH_SOURCE = "shipwatch";

/** The source with that id, or undefined when nothing of that name pushes webhooks. */
export function webhookSource(id: string): WebhookSource | undefined {
  if (id === SHIPWATCH_SOURCE) return { id, rawSource: `webhook:${id}`, verify: verifyShipwatchWebhook };
  const webhook = getCarrier(id)?.webhook;
  return webhook ? { id, rawSource: `webhook:${id}`, verify: webhook.verify } : undefined;
}

/** The ids of every source that can push webhooks. */
export function webhookSourceIds(): string[] {
  return [
    SHIPWATCH_SOURCE,
    ...listCarriers()
      .filter((c) => c.webhook)
      .map((c) => c.id),
  ];
}
