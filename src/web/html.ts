/**
 * HTML with escaping by construction, for the tracking page and the dashboard alike: `html\`...\`` escapes every
 * interpolated value unless it is already `Html` (built by this tag or `raw`). Untrusted text (carrier
 * descriptions, place names, customer names, seller texts) only ever reaches a page through here, in text or in
 * a double-quoted attribute.
 */

/** Markup that is already safe to emit. */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
  "`": "&#96;",
};

/** Escapes text for an HTML text node or a quoted attribute value. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"'`]/g, (c) => ESCAPES[c]!);
}

type Interpolation = Html | string | number | boolean | null | undefined | readonly Interpolation[];

function render(value: Interpolation): string {
  if (value === null || value === undefined || value === false) return "";
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map(render).join("");
  return escapeHtml(String(value));
}

/** The template tag: `html\`<p>${untrusted}</p>\``. */
export function html(strings: TemplateStringsArray, ...values: Interpolation[]): Html {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + strings[i + 1]!;
  return new Html(out);
}

/** Marks trusted markup: our own constants, SVG built from numbers. Never pass data through this. */
export function raw(markup: string): Html {
  return new Html(markup);
}

/** Serializes a value for a JSON <script> island or an attribute, with `<` escaped so it cannot close a tag. */
export function jsonForHtml(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026");
}
