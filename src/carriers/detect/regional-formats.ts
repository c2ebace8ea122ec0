/**
 * Regional carriers, marketplaces and UPU S10 postal items, transcribed from tracking_number_data's
 * couriers/*.json. Many regional formats have no check digit: their shape is all there is to verify.
 */
import { MOD10_ODDS_DOUBLED } from "./express-formats.js";
import type { ChecksumSpec, TrackingFormat } from "./types.js";
import { UPU_S10_COUNTRY_CODES } from "./upu-countries.js";

const LUHN: ChecksumSpec = { algorithm: "luhn" };
const MOD_37_36: ChecksumSpec = { algorithm: "mod_37_36" };

/** A format with no check digit and one layout, which is most regional formats. */
function shapeOnly(
  carrier: TrackingFormat["carrier"],
  format: string,
  name: string,
  pattern: string,
): TrackingFormat {
  return { carrier, format, name, layouts: [{ pattern, serialStart: 0 }], checksum: null };
}

export const POSTAL_AND_REGIONAL_FORMATS: readonly TrackingFormat[] = [
  {
    carrier: "s10",
    format: "s10",
    name: "S10",
    // 2 service letters, 8 serial digits, the check digit, then the issuing country (which must exist).
    layouts: [{ pattern: "[A-Z]{2}[0-9]{9}[A-Z]{2}", serialStart: 2, checkFromEnd: 3 }],
    checksum: { algorithm: "s10", weightings: [8, 6, 4, 2, 3, 5, 9, 7] },
    requiredLookup: { name: "issuing postal operator", fromEnd: 2, length: 2, values: UPU_S10_COUNTRY_CODES },
  },
  {
    carrier: "canadapost",
    format: "canada_post",
    name: "Canada Post (16)",
    layouts: [{ pattern: "[0-9]{16}", serialStart: 0 }],
    checksum: { algorithm: "mod10", evensMultiplier: 3, oddsMultiplier: 1, reverse: false },
  },
  {
    carrier: "purolator",
    format: "purolator_numeric",
    name: "Purolator (12)",
    layouts: [{ pattern: "[0-5][0-9]{11}", serialStart: 0 }],
    checksum: LUHN,
  },
  shapeOnly("purolator", "purolator_alpha", "Purolator (alpha + 9)", "[A-Z]{3}[0-9]{9}"),
  shapeOnly("canpar", "canpar_22", "Canpar (22)", "[CDKLSUXZ][0-9]{21}"),
  shapeOnly("amazon", "amazon_logistics", "Amazon Logistics", "TB[ACM][0-9]{12}"),
  shapeOnly("amazon", "amazon_international", "Amazon International", "[AFC][0-9]{10}"),
  {
    carrier: "ontrac",
    format: "ontrac_c",
    name: "OnTrac",
    layouts: [{ pattern: "C[0-9]{14}", serialStart: 1 }],
    checksum: MOD10_ODDS_DOUBLED,
    // The check digit covers the serial with a 4 in front (standing for the C), unless it already starts with 4.
    prependToSerial: { content: "4", unlessStartsWith: "4" },
  },
  {
    carrier: "ontrac",
    format: "ontrac_d",
    name: "OnTrac D",
    layouts: [{ pattern: "D[0-9]{14}", serialStart: 1 }],
    checksum: MOD10_ODDS_DOUBLED,
    // The check digit covers the serial with a 5 in front (standing for the D), unless it already starts with 5.
    prependToSerial: { content: "5", unlessStartsWith: "5" },
  },
  shapeOnly("lasership", "lasership_lx", "LaserShip LX", "L[AIEHNX][1-3][0-9]{7}"),
  shapeOnly("lasership", "lasership_1ls7", "LaserShip 1LS7 (15)", "1LS7[12][0-9]{10}"),
  // Printed as 1LS7xxxxxxxxxxxx-1; normalization drops the dash, so the trailing 1 follows the serial directly.
  shapeOnly("lasership", "lasership-1ls7-18", "LaserShip 1LS7 (18)", "1LS7[12][0-9]{2}01[1-4][0-9]{6}1"),
  shapeOnly("lasership", "lasership_1lscx", "LaserShip 1LSCX (15)", "1LSCX[0-9A-Z]{10}"),
  shapeOnly("landmark", "landmark_global", "Landmark Global LTN", "LTN[0-9]{8}N1"),
  {
    carrier: "dpd",
    format: "dpd",
    name: "DPD (28)",
    // Destination ZIP (7), parcel number (14), service (3), country (3), then an alphanumeric check character.
    layouts: [{ pattern: "[0-9]{27}[0-9A-Z]", serialStart: 0 }],
    checksum: MOD_37_36,
  },
  {
    carrier: "dpd",
    format: "dpd_14",
    name: "DPD (14)",
    layouts: [{ pattern: "[0-9]{14}[0-9A-Z]", serialStart: 0 }],
    checksum: MOD_37_36,
  },
  {
    carrier: "yodel",
    format: "yodel",
    name: "Yodel",
    layouts: [
      { pattern: "JJD[0-9]{16}", serialStart: 3 },
      { pattern: "JD[0-9]{16}", serialStart: 2 },
    ],
    checksum: null,
  },
  shapeOnly("gofo", "gofo_us", "GOFO Express (US)", "GFUS[0-9]{14}"),
  shapeOnly("speedee", "speedee", "Spee-Dee (20)", "SP[0-9]{18}"),
  shapeOnly("yunexpress", "yunexpress", "YunExpress", "YT[0-9]{16}"),
  {
    carrier: "old_dominion",
    format: "old-dominion",
    name: "Old Dominion",
    layouts: [
      { pattern: "77[78][0-9]{8}", serialStart: 0 },
      { pattern: "072[0-9]{8}", serialStart: 0 },
      { pattern: "780[0-9]{8}", serialStart: 0 },
    ],
    checksum: LUHN,
  },
  {
    carrier: "old_dominion",
    format: "old-dominion-guaranteed-shipment",
    name: "Old Dominion Guaranteed Shipment",
    layouts: [{ pattern: "80[0-9]{9}", serialStart: 0 }],
    checksum: LUHN,
  },
];
