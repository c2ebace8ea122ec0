/** The page shell: language, branding header, language switcher, skip link, footer with the seller's help. */
import { LANGUAGES, translator, type Language, type Translate } from "../../i18n/index.js";
import type { SellerBrand } from "../brand.js";
import { html, trusted, type SafeHtml } from "./html.js";

export interface ViewContext {
  lang: Language;
  t: Translate;
  brand: SellerBrand;
  /** "/track/<slug>" */
  basePath: string;
  /** Inside the seller's own page (iframe widget): no header or footer chrome. */
  embed: boolean;
  /** The path of the current page without query, for the language switcher. */
  currentPath: string;
  assets: { css: string; js: string };
}

/** The query string every link and form of the page carries (language and embed mode). */
export function carried(ctx: ViewContext, lang: Language = ctx.lang): string {
  return `?lang=${encodeURIComponent(lang)}${ctx.embed ? "&embed=1" : ""}`;
}

/** Hidden inputs carrying the same state through form posts. */
export function carriedInputs(ctx: ViewContext): SafeHtml {
  return html`<input
      type="hidden"
      name="lang"
      value="${ctx.lang}"
    />${ctx.embed ? html`<input type="hidden" name="embed" value="1" />` : ""}`;
}

/** The inline theme: only a validated #rrggbb colour, so its CSP hash is computed from trusted text. */
export function themeCss(brand: SellerBrand): string {
  return `:root{--brand:${brand.primaryColor}}`;
}

/**
 * The <style> element, built outside the `html` templates on purpose: the formatter reflows those, and one
 * changed space inside <style> would no longer match the hash in the Content-Security-Policy.
 */
function themeStyle(brand: SellerBrand): SafeHtml {
  return trusted(`<style>${themeCss(brand)}</style>`);
}

function languageSwitcher(ctx: ViewContext): SafeHtml {
  const items = LANGUAGES.map((lang) => {
    const name = translator(lang)("lang.name");
    return lang === ctx.lang
      ? html`<li>
          <a
            href="${ctx.currentPath}${carried(ctx, lang)}"
            lang="${lang}"
            hreflang="${lang}"
            aria-current="true"
            >${name}</a
          >
        </li>`
      : html`<li>
          <a href="${ctx.currentPath}${carried(ctx, lang)}" lang="${lang}" hreflang="${lang}">${name}</a>
        </li>`;
  });
  return html`<nav class="langs" aria-label="${ctx.t("nav.language")}">
    <ul>
      ${items}
    </ul>
  </nav>`;
}

function sellerHelp(ctx: ViewContext): SafeHtml {
  const { brand, t } = ctx;
  const links = [
    ...(brand.supportUrl
      ? [{ label: t("help.contact", { seller: brand.name }), url: brand.supportUrl }]
      : []),
    ...brand.links,
  ];
  return html`<div class="seller-help">
    ${brand.helpText ? html`<p>${brand.helpText}</p>` : ""}
    <ul class="links">
      ${links.map((l) => html`<li><a href="${l.url}" rel="noopener">${l.label}</a></li>`)}
      ${brand.supportEmail ? html`<li><a href="mailto:${brand.supportEmail}">${t("help.email", { email: brand.supportEmail })}</a></li>` : ""}
    </ul>
  </div>`;
}

/** A whole HTML document. */
export function layout(ctx: ViewContext, input: { title: string; main: SafeHtml }): SafeHtml {
  const { t, brand } = ctx;
  const header = ctx.embed
    ? ""
    : html`<header class="top">
        <div class="wrap top-row">
          ${
            brand.logoUrl
              ? html`<a class="logo" href="${ctx.basePath}${carried(ctx)}"
                  ><img src="${brand.logoUrl}" alt="${brand.name}" height="40"
                /></a>`
              : html`<a class="logo name" href="${ctx.basePath}${carried(ctx)}">${brand.name}</a>`
          }
          ${languageSwitcher(ctx)}
        </div>
      </header>`;
  const footer = ctx.embed
    ? ""
    : html`<footer class="foot">
        <div class="wrap">
          ${sellerHelp(ctx)}
          <p class="powered">${t("footer.poweredBy")}</p>
        </div>
      </footer>`;
  return html`<!doctype html>
    <html lang="${ctx.lang}" class="${ctx.embed ? "embed" : "page"}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex, nofollow" />
        <title>${input.title}</title>
        <link rel="stylesheet" href="${ctx.assets.css}" />
        ${themeStyle(brand)}
        <script src="${ctx.assets.js}" defer></script>
      </head>
      <body>
        <a class="skip" href="#main">${t("nav.skip")}</a>
        ${header}
        <main id="main" class="wrap" tabindex="-1">${input.main}</main>
        ${footer}
      </body>
    </html> `;
}
