/**
 * USPS formats, transcribed from tracking_number_data's usps.json. IMpb barcodes may carry a routing prefix
 * ("420" + destination ZIP or ZIP+4) in front of the tracking number; upstream expresses that, and which
 * lengths go with which mailer-id size, with optional groups and lookaheads. Here each combination is spelled
 * out as its own layout, in the order the upstream regex tries them (ZIP+4 first, then ZIP, then none).
 */
import type { FormatLayout, TrackingFormat } from "./types.js";

const ROUTING_ZIP9 = "420[0-9]{9}";
const ROUTING_ZIP5 = "420[0-9]{5}";
const ROUTING_ZIP9_LENGTH = 12;
const ROUTING_ZIP5_LENGTH = 8;

/** The same core layouts behind a routing prefix; the serial starts where the core does. */
function routed(prefix: string, prefixLength: number, cores: readonly string[]): FormatLayout[] {
  return cores.map((core) => ({ pattern: prefix + core, serialStart: prefixLength }));
}

function unrouted(cores: readonly string[]): FormatLayout[] {
  return cores.map((core) => ({ pattern: core, serialStart: 0 }));
}

// IMpb N (application identifier 94). A nine-digit mailer id starts with 9 and allows 22, 26 or 30 digits;
// a six-digit one allows 22 or 26, so only the 30-digit form pins the mailer id's first digit.
const IMPB_N_22 = ["94[0-9]{20}"];
const IMPB_N_26 = ["94[0-9]{24}"];
const IMPB_N_30 = ["94[0-9]{3}9[0-9]{24}"];

// IMpb C: 92 is followed by a nine-digit mailer id (starts with 9), 93 by a six-digit one, 95 by either.
const IMPB_C_22 = ["92[0-9]{3}9[0-9]{16}", "93[0-9]{3}[0-8][0-9]{16}", "95[0-9]{20}"];
const IMPB_C_26 = ["92[0-9]{3}9[0-9]{20}", "93[0-9]{3}[0-8][0-9]{20}", "95[0-9]{24}"];

// Legacy: 2-digit service, 9-digit shipper, 8-digit package, check digit; optionally after the 91 identifier.
const LEGACY_WITH_91 = ["91[0-9]{20}"];
const LEGACY_WITHOUT_91 = ["[0-9]{20}"];
const LEGACY = [...LEGACY_WITH_91, ...LEGACY_WITHOUT_91];

// USPS check digits are mod 10 weighted 3-1; the IMpb N entry counts from the right (GS1 style).
const WEIGHTED_3_1 = { algorithm: "mod10", evensMultiplier: 3, oddsMultiplier: 1, reverse: false } as const;

export const USPS_FORMATS: readonly TrackingFormat[] = [
  {
    carrier: "usps",
    format: "usps_20",
    name: "USPS 20",
    layouts: unrouted(["[0-9]{20}"]),
    checksum: WEIGHTED_3_1,
  },
  {
    carrier: "usps",
    format: "usps_impb_n",
    name: "USPS IMpb N",
    layouts: [
      // Upstream allows ZIP+4 only before a 22-digit number, and a plain ZIP only before 22 or 26 digits.
      ...routed(ROUTING_ZIP9, ROUTING_ZIP9_LENGTH, IMPB_N_22),
      ...routed(ROUTING_ZIP5, ROUTING_ZIP5_LENGTH, [...IMPB_N_22, ...IMPB_N_26]),
      ...unrouted([...IMPB_N_30, ...IMPB_N_26, ...IMPB_N_22]),
    ],
    checksum: { ...WEIGHTED_3_1, reverse: true },
  },
  {
    carrier: "usps",
    format: "usps_legacy",
    name: "USPS Legacy",
    layouts: [
      ...routed(ROUTING_ZIP9, ROUTING_ZIP9_LENGTH, LEGACY),
      ...routed(ROUTING_ZIP5, ROUTING_ZIP5_LENGTH, LEGACY),
      ...unrouted(LEGACY),
    ],
    checksum: WEIGHTED_3_1,
    // The check digit covers the 91 identifier even when the label leaves it out.
    prependToSerial: { content: "91", unlessStartsWith: "91" },
  },
  {
    carrier: "usps",
    format: "usps_impb_c",
    name: "USPS IMpb C",
    layouts: [
      // Upstream allows ZIP+4 only before a 22-digit number; a plain ZIP before either length.
      ...routed(ROUTING_ZIP9, ROUTING_ZIP9_LENGTH, IMPB_C_22),
      ...routed(ROUTING_ZIP5, ROUTING_ZIP5_LENGTH, [...IMPB_C_22, ...IMPB_C_26]),
      ...unrouted([...IMPB_C_26, ...IMPB_C_22]),
    ],
    checksum: WEIGHTED_3_1,
  },
];
