/**
 * Carrier account forms: add (per carrier, with the fields its client reads), edit settings, replace
 * credentials, test the connection. Stored credentials never reach a page: an account shows which fields are
 * set, masked; a form only ever holds what the person typed in the same request.
 */
import type { FastifyRequest } from "fastify";
import { getCarrier, listCarriers } from "../../../carriers/registry.js";
import type { CarrierAccountRow } from "../../../db/repositories/dashboard-settings.js";
import { credentialFields } from "../../../ingest/polling/carrier-credential-fields.js";
import type { ConnectionTestResult } from "../../../ingest/polling/carrier-connection-test.js";
import { html, type Html } from "../html.js";
import { csrfField } from "../layout.js";

/** Carriers that can be polled, for the "add an account" picker. */
export function pollableCarriers() {
  return listCarriers().filter((c) => c.createClient && credentialFields(c.id));
}

/** Which credential fields an account has, each masked: "clientId ••••, clientSecret ••••". */
export function maskedCredentials(keys: readonly string[]): Html {
  if (keys.length === 0) return html`<span class="muted">none</span>`;
  return html`${keys.map((k, i) => html`${i ? ", " : ""}<code>${k}</code> ••••`)}`;
}

export function testResult(result: ConnectionTestResult | undefined): Html | string {
  if (!result) return "";
  return result.ok
    ? html`<p class="flash" role="status">${result.message}</p>`
    : html`<p class="error" role="alert">${result.message}</p>`;
}

/** The credential inputs of a carrier; `typed` re-fills what was typed in this request (after a test). */
function credentialInputs(carrier: string, typed: Record<string, string>, replacing: boolean): Html {
  const fields = credentialFields(carrier) ?? [];
  if (fields.length === 0) return html`<p class="muted">This carrier needs no credentials.</p>`;
  return html`<div class="fields">
    ${fields.map(
      (f) =>
        html`<div>
          <label for="cred-${f.name}">${f.name}${f.required ? "" : html` <small class="muted">(optional)</small>`}</label
          ><input
            id="cred-${f.name}"
            name="cred_${f.name}"
            type="${f.secret ? "password" : "text"}"
            autocomplete="off"
            value="${typed[f.name] ?? ""}"
            ${f.required && !replacing ? html` required` : ""}
          />
        </div>`,
    )}
  </div>`;
}

export interface AccountFormValues {
  carrier: string;
  name: string;
  polling: boolean;
  push: boolean;
  requestsPerMinute: number;
  burst: number;
  baseUrl: string;
  credentials: Record<string, string>;
}

/** Budget, polling and base URL inputs (shared by add and edit). */
function settingsInputs(v: AccountFormValues): Html {
  const adapter = getCarrier(v.carrier);
  return html`<div class="fields">
    <div>
      <label for="account-name">Account name</label
      ><input id="account-name" name="name" required maxlength="60" value="${v.name}" />
    </div>
    <div>
      <label for="account-rpm">Requests per minute</label
      ><input id="account-rpm" name="requestsPerMinute" type="number" min="1" max="100000" required value="${v.requestsPerMinute}" />
    </div>
    <div>
      <label for="account-burst">Burst</label
      ><input id="account-burst" name="burst" type="number" min="1" max="100000" required value="${v.burst}" />
    </div>
    <div>
      <label for="account-base">Base URL <small class="muted">(optional)</small></label
      ><input id="account-base" name="baseUrl" type="url" placeholder="${adapter?.defaultBaseUrl ?? ""}" value="${v.baseUrl}" />
    </div>
  </div>
  <p>
    <label class="check"
      ><input type="checkbox" name="polling" value="on" ${v.polling ? html` checked` : ""} /> Poll this carrier
      for shipments that are not delivered yet</label
    >
  </p>
  ${
    adapter?.pushApi
      ? html`<p>
        <label class="check"
          ><input type="checkbox" name="push" value="on" ${v.push ? html` checked` : ""} /> Subscribe shipments to
          ${adapter.pushApi}: the carrier pushes each scan to this instance's inbound ${adapter.label} webhook, and
          polls drop to a daily safety net</label
        >
        <small class="muted"
          >Needs the instance's public URL (SHIPWATCH_PUBLIC_URL) and an inbound ${adapter.label} webhook endpoint
          below; without them shipments are polled as usual.</small
        >
        ${adapter.pushSetup ? html`<small class="muted">${adapter.pushSetup}</small>` : ""}
      </p>`
      : ""
  }`;
}

/** The page to add an account of one carrier. */
export function addAccountBody(
  request: FastifyRequest,
  v: AccountFormValues,
  o: { error?: string; test?: ConnectionTestResult },
): Html {
  const adapter = getCarrier(v.carrier)!;
  return html`<p><a href="/app/settings/carriers">← Carriers &amp; webhooks</a></p>
    <h2>Add a ${adapter.label} account</h2>
    <p class="muted">${adapter.api} · ${adapter.defaultBaseUrl}</p>
    ${o.error ? html`<p class="error" role="alert">${o.error}</p>` : ""} ${testResult(o.test)}
    <form method="post" action="/app/settings/carriers/accounts" class="card">
      ${csrfField(request)}<input type="hidden" name="carrier" value="${v.carrier}" />
      <h3>Credentials</h3>
      ${credentialInputs(v.carrier, v.credentials, false)}
      <h3>Settings</h3>
      ${settingsInputs(v)}
      <div class="actions">
        <button type="submit" name="intent" value="save">Save account</button>
        <button type="submit" name="intent" value="test" class="secondary">Test connection</button>
      </div>
    </form>`;
}

/** The page of one account: settings, replace credentials (with a test), disable or enable, delete. */
export function editAccountBody(
  request: FastifyRequest,
  a: CarrierAccountRow,
  o: {
    error?: string;
    test?: ConnectionTestResult;
    typed?: Record<string, string>;
    values?: AccountFormValues;
  },
): Html {
  const adapter = getCarrier(a.carrier);
  const values: AccountFormValues = o.values ?? {
    carrier: a.carrier,
    name: a.name,
    polling: a.polling,
    push: a.push,
    requestsPerMinute: a.requestsPerMinute,
    burst: a.burst,
    baseUrl: a.baseUrl ?? "",
    credentials: {},
  };
  const base = `/app/settings/carriers/accounts/${a.id}`;
  return html`<p><a href="/app/settings/carriers">← Carriers &amp; webhooks</a></p>
    <h2>${adapter?.label ?? a.carrier} · ${a.name}</h2>
    <dl class="facts">
      <dt>State</dt>
      <dd>${a.enabled ? (a.polling ? "polling" : "enabled, not polling") : "disabled"}</dd>
      <dt>Credentials</dt>
      <dd>${maskedCredentials(a.credentialKeys)}</dd>
      <dt>Shipments polled</dt>
      <dd>${a.shipmentsPolled}</dd>
    </dl>
    ${o.error ? html`<p class="error" role="alert">${o.error}</p>` : ""} ${testResult(o.test)}
    <form method="post" action="${base}" class="card">
      ${csrfField(request)}
      <h3>Settings</h3>
      ${settingsInputs(values)}
      <div class="actions"><button type="submit">Save settings</button></div>
    </form>
    <form method="post" action="${base}/credentials" class="card">
      ${csrfField(request)}
      <h3>Replace credentials</h3>
      <p class="muted">
        Stored credentials are never shown. Type the new ones: all of them replace the old ones when saved; test
        them first if you like.
      </p>
      ${credentialInputs(a.carrier, o.typed ?? {}, true)}
      <div class="actions">
        <button type="submit" name="intent" value="save">Replace credentials</button>
        <button type="submit" name="intent" value="test" class="secondary">Test connection</button>
      </div>
    </form>
    <div class="card">
      <h3>Disable or delete</h3>
      <form method="post" action="${base}/enabled" class="inline">
        ${csrfField(request)}<input type="hidden" name="enabled" value="${a.enabled ? "false" : "true"}" />
        <button type="submit" class="secondary">${a.enabled ? "Disable account" : "Enable account"}</button>
      </form>
      <form
        method="post"
        action="${base}/delete"
        class="inline"
        data-confirm="Delete the ${a.carrier} account ${a.name}? Its credentials are erased."
      >
        ${csrfField(request)}<button type="submit" class="danger">Delete account</button>
      </form>
      <p class="muted">
        A disabled account keeps its credentials but is not used to poll; shipments of this carrier are then updated
        only by webhooks, files and the API.
      </p>
    </div>`;
}
