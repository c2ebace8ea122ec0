/**
 * A seller's tracking-page branding, read defensively from `sellers.branding` and `settings` (they are JSON
 * and older rows may predate validation): only http(s) URLs, only #RRGGBB colours, and a brand colour darkened
 * when needed so it keeps the WCAG AA contrast ratio of 4.5:1 as text and as a background for white text.
 */
import type { Seller } from "../../db/repositories/sellers.js";

export interface BrandLink {
  label: string;
  url: string;
}

export interface SellerBrand {
  id: string;
  slug: string;
  name: string;
  logoUrl: string | null;
  /** The brand colour as configured, adjusted for contrast with white. */
  primaryColor: string;
  helpText: string | null;
  links: BrandLink[];
  supportEmail: string | null;
  supportUrl: string | null;
  customDomain: string | null;
  /** The `returns` part of the seller's settings (self-service, window), for the page's returns panel. */
  returnSettings: Record<string, unknown>;
}

const DEFAULT_COLOR = "#1d4ed8";

/** The URL when it is http(s), else null (no javascript:, data: or relative URLs from configuration). */
export function httpUrl(value: unknown): string | null {
  if (typeof value !== "string" || value.length > 2000) return null;
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
  } catch {
    return null;
  }
}

const text = (value: unknown, max: number): string | null =>
  typeof value === "string" && value.trim() ? value.trim().slice(0, max) : null;

function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** Contrast ratio of a colour against white. */
export function contrastWithWhite(hex: string): number {
  return 1.05 / (luminance(hex) + 0.05);
}

/**
 * White text on the brand colour, and brand-coloured links on the page background (#f6f6f4, 0.924 of white's
 * contrast), both need 4.5:1: so 4.9:1 against white.
 */
const MIN_CONTRAST_WITH_WHITE = 4.9;

/** The colour, darkened in small steps until it is readable as text on the page and under white text. */
export function accessibleColor(value: unknown): string {
  let hex =
    typeof value === "string" && /^#[0-9a-fA-F]{6}$/.test(value) ? value.toLowerCase() : DEFAULT_COLOR;
  for (let i = 0; i < 40 && contrastWithWhite(hex) < MIN_CONTRAST_WITH_WHITE; i++) {
    hex = `#${[1, 3, 5]
      .map((p) =>
        Math.floor(Number.parseInt(hex.slice(p, p + 2), 16) * 0.92)
          .toString(16)
          .padStart(2, "0"),
      )
      .join("")}`;
  }
  return hex;
}

/** The seller's branding as the page uses it. */
export function sellerBrand(seller: Seller): SellerBrand {
  const b = seller.branding;
  const s = seller.settings;
  const links = Array.isArray(b.links)
    ? b.links
        .map((l: unknown) => {
          const link = l as { label?: unknown; url?: unknown };
          const label = text(link?.label, 60);
          const url = httpUrl(link?.url);
          return label && url ? { label, url } : null;
        })
        .filter((l): l is BrandLink => l !== null)
        .slice(0, 10)
    : [];
  const email = text(s.supportEmail, 254);
  return {
    id: seller.id,
    slug: seller.slug,
    name: seller.name,
    logoUrl: httpUrl(b.logoUrl),
    primaryColor: accessibleColor(b.primaryColor),
    helpText: text(b.helpText, 2000),
    links,
    supportEmail: email && /^[^\s@<>"]+@[^\s@<>"]+$/.test(email) ? email : null,
    supportUrl: httpUrl(s.supportUrl),
    customDomain: text(b.customDomain, 253)?.toLowerCase() ?? null,
    returnSettings: { returns: s.returns ?? {} },
  };
}
