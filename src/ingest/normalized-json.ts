/**
 * Shipwatch's own normalized event JSON: what sellers and scripts post to the API. Carrier formats are read
 * by the adapters in src/carriers; this one is read here. Invalid input becomes errors, not exceptions.
 */
import { z } from "zod";
import type { NormalizedEvent, NormalizedResult, ParseOutput } from "../core/events.js";
import { STATUSES } from "../core/status.js";
import { parseIsoEventTime } from "../core/time.js";
import { checkEventPayload } from "./event-input-check.js";

const text = (max: number) => z.string().max(max);

export const eventLocationSchema = z
  .object({
    city: text(200).nullish(),
    region: text(200).nullish(),
    postalCode: text(40).nullish(),
    country: text(2)
      .regex(/^[A-Za-z]{2}$/, "ISO 3166-1 alpha-2")
      .nullish(),
    text: text(500).nullish(),
  })
  .strict();

export const eventInputSchema = z
  .object({
    carrier: text(64)
      .regex(/^[a-z0-9_]+$/, "lower_snake_case carrier id")
      .optional(),
    trackingNumber: text(64).min(1).optional(),
    occurredAt: text(40).refine((v) => parseIsoEventTime(v) !== null, "ISO 8601 date-time"),
    code: text(64).nullish(),
    description: text(2000).default(""),
    location: eventLocationSchema.nullish(),
    status: z.enum(STATUSES).nullish(),
    substatus: text(64).nullish(),
  })
  .strict();
export type EventInput = z.infer<typeof eventInputSchema>;

export const eventBatchSchema = z.object({ events: z.array(eventInputSchema).min(1).max(10_000) }).strict();

// Built once: zod compiles a schema on first use, so a schema made per call costs that every time.
const payloadSchema = z.union([eventBatchSchema, eventInputSchema.transform((e) => ({ events: [e] }))]);

/** Turns validated event inputs into a ParseOutput, grouping events by carrier and tracking number. */
export function eventInputsToParseOutput(
  inputs: readonly EventInput[],
  defaults: { carrier?: string; trackingNumber?: string } = {},
): ParseOutput {
  const results = new Map<string, NormalizedResult>();
  const errors: ParseOutput["errors"] = [];
  inputs.forEach((input, index) => {
    const carrier = input.carrier ?? defaults.carrier;
    const trackingNumber = input.trackingNumber ?? defaults.trackingNumber;
    if (!carrier || !trackingNumber) {
      errors.push({
        code: "invalid_payload",
        message: `events[${index}]: carrier and trackingNumber are required`,
        carrierCode: null,
      });
      return;
    }
    const time = parseIsoEventTime(input.occurredAt)!;
    const event: NormalizedEvent = {
      occurredAt: input.occurredAt,
      localTime: time.localTime,
      utcOffset: time.utcOffset,
      zoneGuessed: time.zoneGuessed,
      code: input.code ?? null,
      description: input.description,
      location: input.location ?? null,
      status: input.status ?? null,
      substatus: input.substatus ?? null,
      unmapped: !input.status,
    };
    const key = `${carrier}\u0000${trackingNumber}`;
    let result = results.get(key);
    if (!result) {
      result = {
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
      results.set(key, result);
    }
    result.events.push(event);
  });
  return { results: [...results.values()], errors };
}

/** Parses a raw body in the normalized format: `{ "events": [...] }` or a single event object. */
export function parseNormalizedJson(
  body: string,
  defaults: { carrier?: string; trackingNumber?: string } = {},
): ParseOutput {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    return {
      results: [],
      errors: [
        { code: "invalid_payload", message: `not JSON: ${(error as Error).message}`, carrierCode: null },
      ],
    };
  }
  // Well-formed payloads (nearly all) skip zod, which costs ~10 µs an event; zod reads everything else.
  const checked = checkEventPayload(json);
  if (checked) return eventInputsToParseOutput(checked, defaults);
  const batch = payloadSchema.safeParse(json);
  if (!batch.success) {
    const message = batch.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`)
      .join("; ");
    return { results: [], errors: [{ code: "invalid_payload", message, carrierCode: null }] };
  }
  return eventInputsToParseOutput(batch.data.events, defaults);
}
