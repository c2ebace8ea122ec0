/**
 * Settings › Shops: the Shopify shops and WooCommerce sites that send orders in and get shipment progress back.
 * Stored credentials and webhook secrets never reach a page: a connection shows its secret's first characters
 * and which credential fields are set, masked; a generated secret is shown once, on the page that created it.
 */
import type { FastifyRequest } from "fastify";
import type { ConnectionView } from "../../../commerce/connections.js";
import type { Platform } from "../../../commerce/types.js";
import { html, type Html } from "../html.js";
import { csrfField, page } from "../layout.js";
import { maskedCredentials } from "./carrier-account-views.js";
import { formatTime } from "./format.js";
import { settingsNav } from "./settings-nav.js";

export const PLATFORM_LABEL: Record<Platform, string> = { shopify: "Shopify", woocommerce: "WooCommerce" };

/** Where a platform delivers its webhooks: /hooks/{seller}/{platform} under the public URL. */
export const hookUrl = (base: string, slug: string, platform: Platform) =>
  `${base}/hooks/${slug}/${platform}`;

/** The credential fields a connection has, masked (the names are the platform's, never the values). */
export function connectionCredentials(c: ConnectionView): Html {
  if (!c.hasCredentials) return html`<span class="muted">none (no write-back)</span>`;
  return maskedCredentials(c.platform === "shopify" ? ["accessToken"] : ["consumerKey", "consumerSecret"]);
}

export const connectionState = (c: ConnectionView): Html | string =>
  c.enabled ? "active" : html`<strong>disabled</strong>`;

/** What to paste where in the platform's admin (docs/commerce.md, "Connecting a shop"). */
export function setupSteps(platform: Platform): Html {
  if (platform === "shopify")
    return html`<ol>
      <li>
        In the Shopify admin, Settings → Notifications → Webhooks (or your custom app): create webhooks, format
        <strong>JSON</strong>, API version <strong>2025-01</strong>, URL: the webhook URL shown here, for the events
        <strong>Order creation</strong>, <strong>Fulfillment creation</strong> and <strong>Fulfillment update</strong>
        (optionally <strong>Order update</strong>). The key Shopify signs them with ("Your webhooks will be signed
        with …", or a custom app's client secret) is the webhook signing key given here.
      </li>
      <li>
        For write-back, in a custom app (Settings → Apps and sales channels → Develop apps) grant the Admin API scopes
        <code>read_orders</code> and <code>write_fulfillments</code>, install it, and give its Admin API access token
        (<code>shpat_…</code>) here.
      </li>
    </ol>`;
  return html`<ol>
    <li>
      In WordPress, WooCommerce → Settings → Advanced → Webhooks → Add webhook: status <strong>Active</strong>, topic
      <strong>Order created</strong> (and a second webhook for <strong>Order updated</strong>), delivery URL: the
      webhook URL shown here, secret: the webhook secret (the one shown here once, or the one you gave), API version
      <strong>WP REST API Integration v3</strong>. Saving sends a ping, which Shipwatch answers.
    </li>
    <li>
      For write-back, WooCommerce → Settings → Advanced → REST API → Add key, permissions
      <strong>Read/Write</strong>, and give its consumer key and consumer secret here.
    </li>
  </ol>`;
}

/** The URL to give the platform, where a long URL may wrap (a narrow screen never scrolls sideways). */
export const webhookUrlFact = (url: string): Html =>
  html`<dl class="facts">
    <dt>Webhook URL</dt>
    <dd><code>${url}</code></dd>
  </dl>`;

/** A password input for a credential or secret: never pre-filled, so nothing typed comes back on the page. */
export function secretInput(id: string, name: string, label: string, hint: string, required = false): Html {
  return html`<div>
    <label for="${id}">${label}${required ? "" : html` <small class="muted">(optional)</small>`}</label
    ><input id="${id}" name="${name}" type="password" autocomplete="off" minlength="8" maxlength="500"
      ${required ? html` required` : ""} aria-describedby="${id}-hint" />
    <small class="muted" id="${id}-hint">${hint}</small>
  </div>`;
}

/** The credential inputs of a platform (shared by connect and replace). */
export function credentialInputs(platform: Platform, prefix: string): Html {
  return platform === "shopify"
    ? secretInput(
        `${prefix}-token`,
        "accessToken",
        "Admin API access token",
        "shpat_…; needed for write-back.",
      )
    : html`${secretInput(`${prefix}-ck`, "consumerKey", "Consumer key", "ck_…; needed for write-back.")}
      ${secretInput(`${prefix}-cs`, "consumerSecret", "Consumer secret", "cs_…")}`;
}

function connectForm(request: FastifyRequest, platform: Platform, url: string): Html {
  const shopify = platform === "shopify";
  return html`<form method="post" action="/app/settings/shops" class="card">
    ${csrfField(request)}<input type="hidden" name="platform" value="${platform}" />
    <h3>Connect a ${PLATFORM_LABEL[platform]} ${shopify ? "shop" : "site"}</h3>
    ${webhookUrlFact(url)}
    <div class="fields">
      <div>
        <label for="${platform}-shop">${shopify ? "Shop domain" : "Site URL"}</label
        ><input id="${platform}-shop" name="shop" required maxlength="300" autocomplete="off"
          placeholder="${shopify ? "acme.myshopify.com" : "https://shop.example.com"}" />
      </div>
      ${
        shopify
          ? secretInput(
              "shopify-secret",
              "webhookSecret",
              "Webhook signing key",
              "The key Shopify signs webhooks with (Settings → Notifications → Webhooks, or the app's client secret).",
              true,
            )
          : secretInput(
              "woocommerce-secret",
              "webhookSecret",
              "Webhook secret",
              "Empty: Shipwatch makes one and shows it once.",
            )
      }
      ${credentialInputs(platform, platform)}
    </div>
    <p>
      <label class="check"
        ><input type="checkbox" name="writeback" value="on" checked /> Write shipment progress back to the
        ${shopify ? "shop" : "site"}</label
      >
    </p>
    <div class="actions"><button type="submit">Connect ${PLATFORM_LABEL[platform]}</button></div>
  </form>`;
}

export interface ShopsSettingsData {
  connections: ConnectionView[];
  /** Public base URL and the seller's slug, for the /hooks URLs. */
  base: string;
  slug: string;
  /** A connection just made, and its secret when Shipwatch generated it: shown this once. */
  created?: { connection: ConnectionView; webhookSecret?: string };
  error?: string;
}

function createdCard(d: ShopsSettingsData): Html | string {
  if (!d.created) return "";
  const { connection: c, webhookSecret } = d.created;
  return html`<div class="card" role="status">
    <p>${PLATFORM_LABEL[c.platform]} ${c.shop} is connected.</p>
    ${
      webhookSecret
        ? html`<p>Its webhook secret. Copy it into ${PLATFORM_LABEL[c.platform]} now: it is never shown again.</p>
            <p class="secret">${webhookSecret}</p>`
        : ""
    }
    ${webhookUrlFact(hookUrl(d.base, d.slug, c.platform))} ${setupSteps(c.platform)}
  </div>`;
}

function connectionsTable(request: FastifyRequest, d: ShopsSettingsData): Html {
  if (d.connections.length === 0)
    return html`<p class="empty">No shop is connected yet: orders come in only through the API and files.</p>`;
  const tz = request.dashboard!.session!.timeZone;
  return html`<div class="scroll" tabindex="0" role="region" aria-label="Connected shops">
    <table>
      <thead>
        <tr>
          <th scope="col">Platform</th>
          <th scope="col">Shop</th>
          <th scope="col">State</th>
          <th scope="col">Write-back</th>
          <th scope="col">Credentials</th>
          <th scope="col">Secret starts</th>
          <th scope="col">Last sync</th>
          <th scope="col">Last write-back</th>
          <th scope="col">Last error</th>
          <th scope="col"><span class="visually-hidden">Actions</span></th>
        </tr>
      </thead>
      <tbody>
        ${d.connections.map(
          (c) =>
            html`<tr>
              <td>${PLATFORM_LABEL[c.platform]}</td>
              <td>${c.shop}</td>
              <td>${connectionState(c)}</td>
              <td>${c.writeback ? "on" : "off"}</td>
              <td>${connectionCredentials(c)}</td>
              <td><code>${c.webhookSecretPrefix}…</code></td>
              <td>${formatTime(c.lastSyncAt, tz)}</td>
              <td>${formatTime(c.lastWritebackAt, tz)}</td>
              <td>${c.lastError ? html`${formatTime(c.lastErrorAt, tz)}: ${c.lastError}` : "—"}</td>
              <td>
                <a href="/app/settings/shops/${c.id}">Open<span class="visually-hidden"> ${c.shop}</span></a>
              </td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

export function shopsSettingsPage(request: FastifyRequest, d: ShopsSettingsData): Html {
  return page(request, {
    title: "Settings",
    section: "settings",
    body: html`${settingsNav("shops")}
      <h2>Shops</h2>
      ${d.error ? html`<p class="error" role="alert">${d.error}</p>` : ""} ${createdCard(d)}
      ${connectionsTable(request, d)}
      <p class="muted">
        Orders and parcels come in from the shop's webhooks; shipment progress goes back to the shop when write-back
        is on and credentials are set. See docs/commerce.md.
      </p>
      ${connectForm(request, "shopify", hookUrl(d.base, d.slug, "shopify"))}
      ${connectForm(request, "woocommerce", hookUrl(d.base, d.slug, "woocommerce"))}`,
  });
}
