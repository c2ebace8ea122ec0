/** Tracking-number detection: the public surface of src/carriers/detect. */
export { detectMany, detectTrackingNumber } from "./detect.js";
export { TRACKING_FORMATS } from "./formats.js";
export { normalizeTrackingNumber } from "./normalize.js";
export { isValidS10, isValidSscc } from "./standard-identifiers.js";
export { DETECTABLE_CARRIERS } from "./types.js";
export type {
  DetectableCarrier,
  DetectionCandidate,
  DetectionResult,
  DetectOptions,
  TrackingFormat,
} from "./types.js";
