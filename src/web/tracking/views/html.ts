/**
 * The tracking page's names for the shared escaping templates (src/web/html.ts): `SafeHtml` is `Html`, and
 * `trusted` marks our own constant markup.
 */
export { Html as SafeHtml, escapeHtml, html, jsonForHtml, raw as trusted } from "../../html.js";
