/**
 * Types of the tracking-number format table (formats.ts) and of what detection returns.
 */

/** Carrier ids detection can answer with (DESIGN.md's list, lower_snake_case). */
export const DETECTABLE_CARRIERS = [
  "ups",
  "fedex",
  "usps",
  "dhl_express",
  "dhl_ecommerce",
  "dhl_parcel_de",
  "canadapost",
  "purolator",
  "canpar",
  "amazon",
  "ontrac",
  "lasership",
  "landmark",
  "dpd",
  "yodel",
  "s10",
  "gofo",
  "speedee",
  "old_dominion",
  "yunexpress",
] as const;

export type DetectableCarrier = (typeof DETECTABLE_CARRIERS)[number];

/** How a format's check digit is computed; parameters as the upstream data (tracking_number_data) names them. */
export type ChecksumSpec =
  | {
      readonly algorithm: "mod10";
      readonly evensMultiplier: number;
      readonly oddsMultiplier: number;
      /** Count positions from the right (the GS1 way) instead of from the left. */
      readonly reverse: boolean;
    }
  | { readonly algorithm: "mod7" }
  | { readonly algorithm: "luhn" }
  | { readonly algorithm: "s10"; readonly weightings: readonly number[] }
  | { readonly algorithm: "mod_37_36" }
  | {
      readonly algorithm: "sum_product";
      readonly weightings: readonly number[];
      readonly modulo1: number;
      readonly modulo2: number;
    };

/**
 * One concrete shape of a format over the normalized number (no spaces, upper case). A format whose upstream
 * regex has alternatives (optional prefixes, several lengths) lists one layout per alternative, in the order
 * the upstream regex would try them: the first layout whose pattern matches is the reading that is validated.
 */
export interface FormatLayout {
  /**
   * A regex subset, implicitly anchored: literals, `[...]` classes with ranges, `{n}` or `{m,n}` counts,
   * at most one variable count per layout (so the length fixes every position).
   */
  readonly pattern: string;
  /** Index where the serial number the check digit covers starts. */
  readonly serialStart: number;
  /** Position of the check digit counted from the end (1 = last character); the serial ends just before it. */
  readonly checkFromEnd?: number;
}

/** A slice of the number that must be in a lookup table for the number to be valid (S10's issuing country). */
export interface RequiredLookup {
  readonly name: string;
  /** Start of the slice counted from the end of the number. */
  readonly fromEnd: number;
  readonly length: number;
  readonly values: ReadonlySet<string>;
}

export interface TrackingFormat {
  readonly carrier: DetectableCarrier;
  /** The upstream format id (tracking_number_data), or its site slug when the upstream entry has no id. */
  readonly format: string;
  /** The upstream display name. */
  readonly name: string;
  readonly layouts: readonly FormatLayout[];
  /** null: the format has no check digit, so its shape is all that can be verified. */
  readonly checksum: ChecksumSpec | null;
  /** Upstream `serial_number_format.prepend_if`: prepend `content` unless the serial begins `unlessStartsWith`. */
  readonly prependToSerial?: { readonly content: string; readonly unlessStartsWith: string };
  readonly requiredLookup?: RequiredLookup;
}

/** One format the number has the shape of; `checksumValid` is true when every check the format defines passes. */
export interface DetectionCandidate {
  readonly carrier: DetectableCarrier;
  readonly format: string;
  readonly checksumValid: boolean;
}

export interface DetectionResult {
  /** The normalized number: spaces and dashes removed, upper case. */
  readonly trackingNumber: string;
  /** The carrier, only when exactly one carrier validly matches after preference; never a guess. */
  readonly carrier: DetectableCarrier | null;
  /** Ranked: checksum-valid first, then preferred carriers, then the most specific format. */
  readonly candidates: readonly DetectionCandidate[];
  /** True when several carriers match equally validly and preference does not separate them. */
  readonly ambiguous: boolean;
}

export interface DetectOptions {
  /** The seller's enabled carriers: a valid match among them wins over valid matches of other carriers. */
  readonly preferredCarriers?: readonly string[];
}
