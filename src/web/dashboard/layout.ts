/** The page shell every dashboard screen shares: header, navigation, search box, flash message. */
import type { FastifyRequest } from "fastify";
import { html, type Html } from "./html.js";
import { allows } from "./roles.js";
import { ASSET_VERSION } from "./assets.js";

export interface PageOptions {
  title: string;
  /** Which navigation item is current. */
  section?:
    | "overview"
    | "search"
    | "exceptions"
    | "returns"
    | "messages"
    | "support"
    | "analytics"
    | "settings"
    | "account";
  body: Html;
}

const NAV = [
  { section: "overview", href: "/app", label: "Overview", permission: "view" },
  { section: "exceptions", href: "/app/exceptions", label: "Exceptions", permission: "view" },
  { section: "returns", href: "/app/returns", label: "Returns", permission: "view" },
  { section: "messages", href: "/app/messages", label: "Messages", permission: "view" },
  { section: "support", href: "/app/support/wismo", label: "Reply helper", permission: "act" },
  { section: "analytics", href: "/app/analytics", label: "Analytics", permission: "view" },
  { section: "settings", href: "/app/settings", label: "Settings", permission: "configure" },
] as const;

/** A hidden CSRF field for a form on this page. */
export function csrfField(request: FastifyRequest): Html {
  return html`<input type="hidden" name="_csrf" value="${request.dashboard?.csrfToken ?? ""}" />`;
}

function head(title: string): Html {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} · Shipwatch</title>
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href="/app/assets/app.css?v=${ASSET_VERSION}" />
        <script src="/app/assets/app.js?v=${ASSET_VERSION}" defer></script>
      </head>
    </html>`;
}

/** A full page for a signed-in person. */
export function page(request: FastifyRequest, o: PageOptions): Html {
  const session = request.dashboard?.session;
  const flash = request.dashboard?.flash;
  const search = (request.query as Record<string, unknown> | undefined)?.q;
  return html`${head(o.title)}
<body><header class="top">
<a class="brand" href="/app">Shipwatch</a>
<span class="seller">${session?.sellerName ?? ""}</span>
<nav aria-label="Main">${NAV.filter((n) => session && allows(session.role, n.permission)).map(
    (n) =>
      html`<a href="${n.href}" ${o.section === n.section ? html` aria-current="page"` : ""}>${n.label}</a>`,
  )}</nav>
<form class="search" role="search" method="get" action="/app/search">
<label class="visually-hidden" for="global-q">Search orders and shipments</label>
<input id="global-q" name="q" type="search" placeholder="Order, tracking no., email, phone, name" value="${typeof search === "string" ? search : ""}" autocomplete="off">
<button type="submit">Search</button></form>
<a class="account" href="/app/account"${o.section === "account" ? html` aria-current="page"` : ""}>${session?.email ?? ""} <small>(${session?.role ?? ""})</small></a>
<form method="post" action="/app/sign-out" class="inline">${csrfField(request)}<button type="submit" class="link">Sign out</button></form>
</header>
<main id="main">${flash ? html`<p class="flash" role="status">${flash}</p>` : ""}
<h1>${o.title}</h1>
${o.body}</main></body></html>`;
}

/** A page for someone not signed in (sign-in, invitation, errors before sign-in). */
export function barePage(title: string, body: Html): Html {
  return html`${head(title)}<body class="bare"><main id="main" class="narrow">
<p class="brand">Shipwatch</p><h1>${title}</h1>${body}</main></body></html>`;
}
