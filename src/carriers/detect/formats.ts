/**
 * The tracking-number format table. Transcribed from tracking_number_data (jkeen, MIT) release 2.0.0, with
 * its regexes rewritten over the normalized number (spaces and dashes stripped, so no `\s*`), plus GS1 SSCC
 * and DHL Paket (Germany) formats that upstream lacks. Shared numeric formats (12, 20 digits...) are expected
 * to match several carriers: detection reports them all and only names a carrier when one stands out.
 */
import { EXPRESS_FORMATS } from "./express-formats.js";
import { POSTAL_AND_REGIONAL_FORMATS } from "./regional-formats.js";
import type { TrackingFormat } from "./types.js";
import { USPS_FORMATS } from "./usps-formats.js";

export const TRACKING_FORMATS: readonly TrackingFormat[] = [
  ...EXPRESS_FORMATS,
  ...USPS_FORMATS,
  ...POSTAL_AND_REGIONAL_FORMATS,
];
