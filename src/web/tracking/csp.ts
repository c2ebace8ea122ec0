/**
 * The Content-Security-Policy of a tracking page: nothing from anywhere but this server, except the seller's
 * own images (logo, products) by origin; the one inline <style> (the brand colour) by its hash; no inline
 * script at all. Framing is refused except in embed mode, which exists to be framed.
 */
import { createHash } from "node:crypto";

function origin(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === "https:" || u.protocol === "http:" ? u.origin : null;
  } catch {
    return null;
  }
}

/** The policy for a page with this inline style and these image URLs. */
export function contentSecurityPolicy(input: {
  inlineStyle: string;
  imageUrls: readonly (string | null | undefined)[];
  embed: boolean;
}): string {
  const styleHash = createHash("sha256").update(input.inlineStyle).digest("base64");
  const images = [...new Set(input.imageUrls.map(origin).filter((o): o is string => o !== null))];
  return [
    "default-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${input.embed ? "*" : "'none'"}`,
    `img-src 'self' ${images.join(" ")}`.trim(),
    `style-src 'self' 'sha256-${styleHash}'`,
    "script-src 'self'",
    "connect-src 'self'",
  ].join("; ");
}
