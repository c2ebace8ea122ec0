/** Request schemas shared by the API routes (zod; also the source of the OpenAPI document). */
import { z } from "zod";
import { STATUSES } from "../core/status.js";

export const idParams = z.object({ id: z.uuid() });

export const isoDateTime = z.iso.datetime({ offset: true }).transform((v) => new Date(v));

export const placeSchema = z
  .object({
    postalCode: z.string().max(20).nullish(),
    city: z.string().max(120).nullish(),
    region: z.string().max(120).nullish(),
    country: z
      .string()
      .regex(/^[A-Za-z]{2}$/, "ISO 3166-1 alpha-2 code")
      .nullish(),
  })
  .strict();

/** An IANA time zone the runtime knows ("Europe/Paris"); a misspelt one would break date arithmetic later. */
export const ianaTimeZone = z
  .string()
  .max(64)
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat("en", { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, "an IANA time zone such as Europe/Paris");

export const customerSchema = z
  .object({
    email: z.string().trim().max(254).pipe(z.email()).nullish(),
    phone: z
      .string()
      .regex(/^[+0-9 ().-]{5,32}$/, "a phone number")
      .nullish(),
    postcode: z.string().max(20).nullish(),
    firstName: z.string().max(100).nullish(),
    locale: z
      .string()
      .regex(/^[a-z]{2}(-[A-Z]{2})?$/, "a locale such as en or pt-BR")
      .nullish(),
    timeZone: ianaTimeZone.nullish(),
  })
  .strict();

export const carrierId = z.string().regex(/^[a-z][a-z0-9_]{1,40}$/, "a lower_snake_case carrier id");
export const trackingNumber = z
  .string()
  .trim()
  .min(4)
  .max(64)
  .regex(/^[A-Za-z0-9 -]+$/, "letters, digits, spaces, dashes");

export const listLimit = z.coerce.number().int().min(1).max(200).default(50);
export const statusFilter = z.enum(STATUSES);
export const metadataSchema = z
  .record(z.string(), z.unknown())
  .refine((m) => JSON.stringify(m).length <= 16_384, "at most 16 KB");
