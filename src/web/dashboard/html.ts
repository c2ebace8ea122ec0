/** The dashboard's HTML helpers: the shared escaping templates (src/web/html.ts) plus link sanitizing. */
export { Html, escapeHtml, html, raw } from "../html.js";

/** A URL for an href: only http(s) and same-site paths; anything else (javascript:) becomes "#". */
export function safeUrl(value: string | null | undefined): string {
  if (!value) return "#";
  if (value.startsWith("/") && !value.startsWith("//")) return value;
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:" ? url.toString() : "#";
  } catch {
    return "#";
  }
}
