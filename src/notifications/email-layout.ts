/**
 * The branded HTML e-mail: a single table-based column that mail clients render alike, the seller's logo and
 * colour, a button to the tracking page. Every string passed in is plain text and escaped here.
 */

const ENTITIES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ENTITIES[ch]!);
}

/** Only http(s) links go into href/src: a `javascript:` URL in branding must not reach an inbox. */
function safeUrl(url: unknown): string | null {
  if (typeof url !== "string") return null;
  try {
    const u = new URL(url);
    return u.protocol === "https:" || u.protocol === "http:" ? u.toString() : null;
  } catch {
    return null;
  }
}

const COLOR = /^#[0-9a-fA-F]{6}$/;

export interface EmailLayoutInput {
  lang: string;
  title: string;
  seller: { name: string; branding?: Record<string, unknown> };
  headline: string;
  greeting: string;
  paragraphs: readonly string[];
  order: string;
  trackLabel: string;
  trackingLink: string;
  trackingLine: string;
  footer: string;
  unsubscribe: { label: string; url: string } | null;
}

/** The complete HTML document of a shopper e-mail. */
export function emailLayout(m: EmailLayoutInput): string {
  const e = escapeHtml;
  const brand = m.seller.branding ?? {};
  const color =
    typeof brand.primaryColor === "string" && COLOR.test(brand.primaryColor) ? brand.primaryColor : "#1f4fd1";
  const logo = safeUrl(brand.logoUrl);
  const link = safeUrl(m.trackingLink) ?? "#";
  const header = logo
    ? `<img src="${e(logo)}" alt="${e(m.seller.name)}" height="40" style="display:block;border:0;max-height:40px">`
    : `<strong style="font-size:18px">${e(m.seller.name)}</strong>`;
  const unsubscribe = m.unsubscribe
    ? `<br><a href="${e(safeUrl(m.unsubscribe.url) ?? "#")}" style="color:#6b7280">${e(m.unsubscribe.label)}</a>`
    : "";
  return `<!doctype html>
<html lang="${e(m.lang)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${e(m.title)}</title></head>
<body style="margin:0;padding:0;background:#f3f4f6;font-family:Arial,Helvetica,sans-serif;color:#111827">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f3f4f6"><tr><td align="center" style="padding:24px 12px">
<table role="presentation" width="560" cellpadding="0" cellspacing="0" style="max-width:560px;width:100%;background:#ffffff;border-radius:8px">
<tr><td style="padding:20px 24px;border-bottom:4px solid ${color}">${header}</td></tr>
<tr><td style="padding:24px">
<p style="margin:0 0 4px;color:#6b7280;font-size:13px">${e(m.order)}</p>
<h1 style="margin:0 0 16px;font-size:22px">${e(m.headline)}</h1>
<p style="margin:0 0 12px">${e(m.greeting)}</p>
${m.paragraphs.map((p) => `<p style="margin:0 0 12px;line-height:1.5">${e(p)}</p>`).join("\n")}
<p style="margin:24px 0"><a href="${e(link)}" style="background:${color};color:#ffffff;padding:12px 20px;border-radius:6px;text-decoration:none;display:inline-block">${e(m.trackLabel)}</a></p>
<p style="margin:0;color:#6b7280;font-size:13px">${e(m.trackingLine)}</p>
</td></tr>
<tr><td style="padding:16px 24px;color:#6b7280;font-size:12px;border-top:1px solid #e5e7eb">${e(m.footer)}${unsubscribe}</td></tr>
</table></td></tr></table></body></html>`;
}
