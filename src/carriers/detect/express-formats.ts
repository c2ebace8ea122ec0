/**
 * UPS, FedEx and DHL formats. Transcribed from tracking_number_data (ups.json, fedex.json, dhl.json), except
 * the DHL Paket (dhl_parcel_de) entries, which come from Deutsche Post's published Identcode and SSCC rules.
 */
import type { ChecksumSpec, TrackingFormat } from "./types.js";

/** mod 10 with odd positions doubled; letters weigh (code - 3) mod 10. UPS and OnTrac. */
export const MOD10_ODDS_DOUBLED: ChecksumSpec = {
  algorithm: "mod10",
  evensMultiplier: 1,
  oddsMultiplier: 2,
  reverse: false,
};

/** GS1 check digit (SSCC): weights 3, 1, 3... from the rightmost data digit. */
export const GS1_MOD10: ChecksumSpec = {
  algorithm: "mod10",
  evensMultiplier: 3,
  oddsMultiplier: 1,
  reverse: true,
};

const FEDEX_GROUND_MOD10: ChecksumSpec = {
  algorithm: "mod10",
  evensMultiplier: 1,
  oddsMultiplier: 3,
  reverse: false,
};
const FEDEX_12_WEIGHTS = [3, 1, 7, 3, 1, 7, 3, 1, 7, 3, 1];
const FEDEX_13_WEIGHTS = [1, 7, 3, 1, 7, 3, 1, 7, 3, 1, 7, 3, 1];

function fedexMod11(weightings: readonly number[]): ChecksumSpec {
  return { algorithm: "sum_product", weightings, modulo1: 11, modulo2: 10 };
}

// Upstream accepts these DHL eCommerce prefixes, followed by 10 to 39 characters of which the first is a digit.
const DHL_ECOMMERCE_PREFIXES = ["GM", "LX", "RX", "UV", "CN", "SG", "TH", "IN", "HK", "MY"];

export const EXPRESS_FORMATS: readonly TrackingFormat[] = [
  {
    carrier: "ups",
    format: "ups",
    name: "UPS",
    layouts: [{ pattern: "1Z[0-9A-Z]{15}[0-9]", serialStart: 2 }],
    checksum: MOD10_ODDS_DOUBLED,
  },
  {
    carrier: "ups",
    format: "ups-waybill",
    name: "UPS Waybill",
    layouts: [{ pattern: "[AHJKTV][0-9]{10}", serialStart: 1 }],
    checksum: MOD10_ODDS_DOUBLED,
  },
  {
    carrier: "fedex",
    format: "fedex_12",
    name: "FedEx Express (12)",
    layouts: [{ pattern: "[0-9]{12}", serialStart: 0 }],
    checksum: fedexMod11(FEDEX_12_WEIGHTS),
  },
  {
    carrier: "fedex",
    format: "fedex_34",
    name: "FedEx Express (34)",
    // 15 digits of routing data and a 5-digit destination ZIP precede the 13-digit serial.
    layouts: [{ pattern: "[0-8][0-9]{33}", serialStart: 20 }],
    checksum: fedexMod11(FEDEX_13_WEIGHTS),
  },
  {
    carrier: "fedex",
    format: "fedex_astra_32",
    name: "FedEx ASTRA (32)",
    // Positions 17-28 hold a FedEx Express (12) number; four digits of unknown meaning follow its check digit.
    layouts: [{ pattern: "3[0-9]{31}", serialStart: 16, checkFromEnd: 5 }],
    checksum: fedexMod11(FEDEX_12_WEIGHTS),
  },
  {
    carrier: "fedex",
    format: "fedex_ground",
    name: "FedEx Ground",
    layouts: [{ pattern: "[0-9]{15}", serialStart: 0 }],
    checksum: FEDEX_GROUND_MOD10,
  },
  {
    carrier: "fedex",
    format: "fedex_ground_sscc_18",
    name: "FedEx Ground (SSCC-18)",
    // Upstream leaves the first two digits (its "container type") out of the check digit, but an SSCC is a GS1
    // key whose check digit covers all 17 data digits; the two agree whenever those digits are 00, as in every
    // upstream vector. The 20-digit layout is the same SSCC behind its GS1-128 application identifier 00.
    layouts: [
      { pattern: "[0-9]{18}", serialStart: 0 },
      { pattern: "00[0-9]{18}", serialStart: 2 },
    ],
    checksum: GS1_MOD10,
  },
  {
    carrier: "fedex",
    format: "fedex_ground_96",
    name: "FedEx Ground 96 (22)",
    // 96, a 2-digit carrier code and a 3-digit service precede the 14-digit serial.
    layouts: [{ pattern: "96[0-9]{20}", serialStart: 7 }],
    checksum: FEDEX_GROUND_MOD10,
  },
  {
    carrier: "fedex",
    format: "fedex_ground_gsn",
    name: "FedEx Ground GSN",
    layouts: [{ pattern: "96[0-9]{32}", serialStart: 20 }],
    checksum: fedexMod11(FEDEX_13_WEIGHTS),
  },
  {
    carrier: "dhl_express",
    format: "dhl_express",
    name: "DHL Express",
    layouts: [{ pattern: "[0-9]{9,10}[0-9]", serialStart: 0 }],
    checksum: { algorithm: "mod7" },
  },
  {
    carrier: "dhl_express",
    format: "dhl_express_piece_id",
    name: "DHL Express (Piece ID)",
    layouts: [
      { pattern: "J[A-Z]{3}[0-9]{9,10}", serialStart: 4 },
      { pattern: "J[A-Z]{2}[0-9]{9,10}", serialStart: 3 },
    ],
    checksum: null,
  },
  {
    carrier: "dhl_ecommerce",
    format: "dhl_ecommerce",
    name: "DHL E-Commerce",
    layouts: DHL_ECOMMERCE_PREFIXES.map((prefix) => ({
      pattern: `${prefix}[0-9][0-9A-Z]{9,38}`,
      serialStart: 2,
    })),
    checksum: null,
  },
  {
    carrier: "dhl_ecommerce",
    format: "dhl_ecommerce_14",
    name: "DHL E-Commerce (14)",
    layouts: [{ pattern: "[0-9]{14}", serialStart: 0 }],
    checksum: null,
  },
  {
    carrier: "dhl_parcel_de",
    format: "dhl_paket_sscc",
    name: "DHL Paket (20)",
    // An SSCC behind application identifier 00, under DHL's GS1 company prefix (labels read 0034043...).
    layouts: [{ pattern: "0034043[0-9]{13}", serialStart: 2 }],
    checksum: GS1_MOD10,
  },
  {
    carrier: "dhl_parcel_de",
    format: "dhl_paket_identcode",
    name: "DHL Paket Identcode (12)",
    // Deutsche Post's Identcode: 11 digits and a mod 10 check digit weighted 4, 9, 4, 9...
    layouts: [{ pattern: "[0-9]{12}", serialStart: 0 }],
    checksum: { algorithm: "mod10", evensMultiplier: 4, oddsMultiplier: 9, reverse: false },
  },
];
