/** The shared adapter machinery: import from "../shared/index.js" in an adapter. See ../README.md. */
export * from "./access.js";
export * from "./errors.js";
export * from "./guard.js";
export * from "./http.js";
export * from "./json.js";
export * from "./oauth.js";
export * from "./rate-limit.js";
export * from "./result.js";
export * from "./status-lookup.js";
export * from "./text.js";
export * from "./time.js";
export * from "./wall-clock.js";
export * from "./xml.js";
export * from "./zones.js";
