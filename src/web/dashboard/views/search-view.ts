/** Search results: one row per shipment (or order without shipments), best matches first. */
import { parcelName } from "../../../carriers/registry.js";
import type { FastifyRequest } from "fastify";
import type { SearchHit } from "../../../db/repositories/dashboard-search.js";
import { html, type Html } from "../html.js";
import { page } from "../layout.js";
import { age, statusBadge, scrollRegion } from "./format.js";

const MATCH_LABEL: Record<SearchHit["matched"], string> = {
  order_number: "order number",
  tracking_number: "tracking number",
  email: "email",
  phone: "phone",
  name: "name",
};

export function searchPage(request: FastifyRequest, query: string, hits: SearchHit[]): Html {
  const body = !query
    ? html`<p class="empty">
        Type an order number, tracking number, email, phone or first name in the search box.
      </p>`
    : hits.length === 0
      ? html`<p class="empty">Nothing matches “${query}”.</p>`
      : html`<p class="muted">
            ${hits.length}${hits.length === 100 ? "+" : ""} result${hits.length === 1 ? "" : "s"} for
            “${query}”
          </p>
          ${scrollRegion(
            "Search results",
            html`<table>
            <thead>
              <tr>
                <th>Order</th>
                <th>Customer</th>
                <th>Shipment</th>
                <th>Status</th>
                <th>Last scan</th>
                <th>Matched</th>
              </tr>
            </thead>
            <tbody>
              ${hits.map(
                (h) =>
                  html`<tr>
                    <td>
                      ${h.orderId ? html`<a href="/app/orders/${h.orderId}">${h.orderNumber}</a>` : html`<span class="muted">no order</span>`}
                    </td>
                    <td>${h.firstName ?? ""} <span class="muted">${h.email ?? ""} ${h.phone ?? ""}</span></td>
                    <td>
                      ${h.shipmentId ? html`<a href="/app/shipments/${h.shipmentId}">${parcelName(h.carrier, h.trackingNumber)}</a>` : html`<span class="muted">not shipped yet</span>`}
                    </td>
                    <td>${h.status ? statusBadge(h.status, h.substatus) : "—"}</td>
                    <td>${h.lastEventAt ? `${age(h.lastEventAt)} ago` : "—"}</td>
                    <td>${h.exact ? "" : "starts with "}${MATCH_LABEL[h.matched]}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`,
          )}`;
  return page(request, { title: "Search", section: "search", body });
}
