/** Branding settings with a live preview of the tracking page (inline SVG: colours are attributes, CSP-safe). */
import type { FastifyRequest } from "fastify";
import { accessibleColor } from "../../tracking/brand.js";
import { html, safeUrl, type Html } from "../html.js";
import { csrfField, page } from "../layout.js";
import { settingsNav } from "./settings-nav.js";

export interface BrandingForm {
  primaryColor: string;
  logoUrl: string;
  helpText: string;
  links: { label: string; url: string }[];
}

function preview(sellerName: string, f: BrandingForm): Html {
  const color = accessibleColor(f.primaryColor);
  return html`<svg
    class="preview"
    viewBox="0 0 360 250"
    width="360"
    height="250"
    role="img"
    aria-label="Tracking page preview"
  >
    <rect x="0" y="0" width="360" height="250" fill="#f5f7f9" />
    <rect id="preview-header" x="0" y="0" width="360" height="44" fill="${color}" />
    <text x="14" y="28" fill="#ffffff" font-size="15" font-weight="700">${sellerName}</text>
    <rect x="14" y="58" width="332" height="120" rx="8" fill="#ffffff" stroke="#d9dee4" />
    <text x="28" y="84" fill="#1d2733" font-size="13">Order SW-10001 · On its way</text>
    <rect x="28" y="98" width="300" height="8" rx="4" fill="#e8edf2" />
    <rect id="preview-progress" x="28" y="98" width="190" height="8" rx="4" fill="${color}" />
    <text x="28" y="128" fill="#5b6775" font-size="11">Expected Thursday, between 10:00 and 14:00</text>
    <rect id="preview-button" x="28" y="142" width="130" height="26" rx="4" fill="${color}" />
    <text x="40" y="159" fill="#ffffff" font-size="11">Track with carrier</text>
    <text id="preview-help" x="14" y="204" fill="#5b6775" font-size="11">${f.helpText.slice(0, 70)}</text>
  </svg>`;
}

export function brandingPage(
  request: FastifyRequest,
  o: { sellerName: string; slug: string; form: BrandingForm; error?: string },
): Html {
  const f = o.form;
  const links = [...f.links, { label: "", url: "" }, { label: "", url: "" }].slice(
    0,
    Math.max(3, f.links.length),
  );
  return page(request, {
    title: "Settings",
    section: "settings",
    body: html`${settingsNav("branding")}
      <h2>Tracking page branding</h2>
      ${o.error ? html`<p class="error" role="alert">${o.error}</p>` : ""}
      <div class="pair">
        <form method="post" action="/app/settings/branding">
          ${csrfField(request)} <label for="primaryColor">Brand colour</label
          ><input
            id="primaryColor"
            name="primaryColor"
            type="color"
            value="${/^#[0-9a-fA-F]{6}$/.test(f.primaryColor) ? f.primaryColor : "#1d4ed8"}"
            data-preview="preview-header preview-progress preview-button"
            data-preview-attr="fill"
          />
          <p class="muted">Darkened automatically on the page when white text on it would be hard to read.</p>
          <label for="logoUrl">Logo URL (https)</label
          ><input id="logoUrl" name="logoUrl" type="url" value="${f.logoUrl}" size="40" />
          <label for="helpText">Help text</label
          ><textarea
            id="helpText"
            name="helpText"
            rows="3"
            cols="40"
            maxlength="2000"
            data-preview="preview-help"
          >
${f.helpText}</textarea>
          <fieldset>
            <legend>Links shown on the page</legend>
            ${links.map(
              (l, i) =>
                html`<div class="row">
                  <div>
                    <label for="link-label-${i}">Label</label
                    ><input id="link-label-${i}" name="linkLabel" value="${l.label}" maxlength="60" />
                  </div>
                  <div>
                    <label for="link-url-${i}">URL</label
                    ><input id="link-url-${i}" name="linkUrl" type="url" value="${l.url}" />
                  </div>
                </div>`,
            )}
          </fieldset>
          <p><button type="submit">Save branding</button></p>
        </form>
        <div>
          <h3>Preview</h3>
          ${preview(o.sellerName, f)}
          ${f.logoUrl ? html`<p class="muted">Logo: <a href="${safeUrl(f.logoUrl)}" rel="noreferrer">${f.logoUrl}</a></p>` : ""}
          <p><a href="/track/${o.slug}" target="_blank" rel="noopener">Open the live tracking page</a></p>
        </div>
      </div>`,
  });
}
