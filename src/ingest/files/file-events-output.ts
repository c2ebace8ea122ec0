/** File events (one per CSV row or EDI scan) grouped as the ingest path takes them. */
import type { NormalizedResult, ParseOutput } from "../../core/events.js";
import type { FileEvent } from "./csv-events.js";

/** Groups file events into one normalized result per carrier and tracking number. */
export function fileEventsToParseOutput(events: readonly FileEvent[]): ParseOutput {
  const results = new Map<string, NormalizedResult>();
  for (const { carrier, trackingNumber, event } of events) {
    const key = `${carrier}\u0000${trackingNumber}`;
    let r = results.get(key);
    if (!r) {
      r = {
        trackingNumber,
        carrier,
        status: null,
        substatus: null,
        delivered: false,
        estimatedDelivery: null,
        signedBy: null,
        service: null,
        events: [],
      };
      results.set(key, r);
    }
    r.events.push(event);
  }
  return { results: [...results.values()], errors: [] };
}
