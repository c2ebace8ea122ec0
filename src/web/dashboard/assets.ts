/**
 * The dashboard's only stylesheet and script, served from /app/assets (CSP allows 'self' only). Every page
 * works without the script; it adds select-all for bulk actions, confirmations, auto-submitting filters and
 * the live branding preview.
 */
import { createHash } from "node:crypto";

export const APP_CSS = `
:root{--ink:#1d2733;--muted:#5b6775;--line:#d9dee4;--bg:#f5f7f9;--card:#fff;--accent:#1f6f5c;--bad:#b42318;--warn:#b54708;--ok:#067647}
*{box-sizing:border-box}body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg)}
a{color:var(--accent)}h1{font-size:1.4rem;margin:.2rem 0 1rem}h2{font-size:1.1rem;margin:1.4rem 0 .6rem}h3{font-size:1rem;margin:1rem 0 .4rem}
.top{display:flex;flex-wrap:wrap;gap:.8rem;align-items:center;padding:.6rem 1rem;background:#14213d;color:#fff}
.top a{color:#fff;text-decoration:none}.top nav a{padding:.3rem .6rem;border-radius:4px;white-space:nowrap;display:inline-block}.top nav a[aria-current]{background:rgba(255,255,255,.18)}
.brand{font-weight:700;margin:0}.seller{opacity:.8}.top .search{flex:1;display:flex;gap:.3rem;min-width:16rem}.top .search input{flex:1}
.account small{opacity:.75}button.link{background:none;border:0;color:inherit;text-decoration:underline;cursor:pointer;padding:0}
main{padding:1rem 1.2rem;max-width:1280px;margin:0 auto}main.narrow{max-width:28rem;margin-top:3rem;background:var(--card);border:1px solid var(--line);border-radius:8px;padding:1.5rem}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
input,select,textarea,button{font:inherit}input,select,textarea{max-width:100%;padding:.35rem .5rem;border:1px solid #aab4bf;border-radius:4px;background:#fff;color:var(--ink)}
button,.button{padding:.35rem .8rem;border:1px solid var(--accent);background:var(--accent);color:#fff;border-radius:4px;cursor:pointer;text-decoration:none;display:inline-block}
button.secondary{background:#fff;color:var(--accent)}button.danger{background:var(--bad);border-color:var(--bad)}button:disabled{opacity:.5;cursor:not-allowed}
label{display:block;margin:.5rem 0 .2rem;font-weight:600}.inline{display:inline}.row{display:flex;flex-wrap:wrap;gap:.6rem;align-items:end}.row label{margin:0 0 .2rem}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(15rem,1fr));gap:1rem}.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:.8rem 1rem}
.card h2{margin-top:0}.big{font-size:1.8rem;font-weight:700}.muted{color:var(--muted)}.empty{color:var(--muted);font-style:italic}
table{border-collapse:collapse;width:100%;background:var(--card)}th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid var(--line);vertical-align:top}th{font-size:.85rem;color:var(--muted)}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.badge{display:inline-block;padding:0 .45rem;border-radius:999px;font-size:.8rem;background:#e8edf2;white-space:nowrap}
.badge.delivered{background:#d1fadf;color:var(--ok)}.badge.exception,.badge.attempt_failed,.badge.lost,.badge.presumed_lost,.badge.overdue{background:#fee4e2;color:var(--bad)}.badge.late,.badge.stalled,.badge.at_risk,.badge.not_picked_up,.badge.failed_attempt,.badge.carrier_exception{background:#fef0c7;color:var(--warn)}
.flash{background:#ecfdf3;border:1px solid #abefc6;padding:.5rem .8rem;border-radius:6px}.error{background:#fef3f2;border:1px solid #fecdca;padding:.5rem .8rem;border-radius:6px}
.secret{font-family:ui-monospace,monospace;background:#fff8e1;padding:.5rem;border:1px dashed var(--warn);word-break:break-all}
pre{background:#0f172a;color:#e2e8f0;padding:.6rem;border-radius:6px;overflow:auto;max-height:22rem;font-size:.8rem;white-space:pre-wrap;word-break:break-all}
pre.message{background:var(--card);color:var(--ink);border:1px solid var(--line);font:inherit;max-width:46rem;max-height:none;word-break:normal;overflow-wrap:anywhere}
.timeline{list-style:none;padding:0;margin:0}.timeline li{border-left:3px solid var(--line);padding:.3rem .8rem;margin-left:.4rem}
.pair{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:1rem}@media (max-width:800px){.pair{grid-template-columns:1fr}}
details{margin:.3rem 0}summary{cursor:pointer}dl.facts{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:.2rem .8rem;margin:0}dl.facts dd{overflow-wrap:anywhere}dl.facts .badge{white-space:normal}dt{color:var(--muted)}dd{margin:0}
.subnav{display:flex;gap:.8rem;margin-bottom:1rem;flex-wrap:wrap}.subnav a[aria-current]{font-weight:700;text-decoration:none}
svg.chart,svg.preview{max-width:100%;height:auto;background:var(--card)}svg.chart text{font-size:11px;fill:var(--muted)}
.fields{display:grid;grid-template-columns:repeat(auto-fill,minmax(14rem,1fr));gap:0 1rem}.fields input{width:100%}
label.check{font-weight:400;display:flex;gap:.4rem;align-items:center}.actions{display:flex;flex-wrap:wrap;gap:.5rem;margin-top:.8rem}
form.card,div.card{margin:.8rem 0}.card h3{margin-top:0}
.scroll{overflow-x:auto;position:relative}.bulk{position:sticky;bottom:0;background:var(--card);border-top:1px solid var(--line);padding:.5rem;margin-top:.5rem}
.nowrap,.scroll th{white-space:nowrap}.scroll th[scope=row]{white-space:normal;min-width:12rem}td code{overflow-wrap:anywhere}
form.stack{max-width:46rem}form.stack input,form.stack textarea{width:100%}form.stack input[type=checkbox]{width:auto}
fieldset.choices{border:1px solid var(--line);border-radius:6px;margin:.8rem 0;padding:.3rem .8rem .6rem}fieldset.choices legend{font-weight:600;padding:0 .3rem}
fieldset.choices label.check{align-items:flex-start;margin:.35rem 0}label.check code{display:block;font-size:.75rem;color:var(--muted)}form.stack button{display:block;margin-top:.8rem}
.hint{display:block;font-weight:400;font-size:.85rem;color:var(--muted)}textarea[readonly]{width:100%;max-width:46rem;background:#fbfcfd}
@media (max-width:700px){main{padding:.8rem .6rem}.bulk{position:static}.top .search{min-width:0;flex-basis:100%}}
`;

export const APP_JS = `"use strict";
document.addEventListener("change", function (e) {
  var t = e.target;
  if (t.matches("[data-select-all]")) {
    document.querySelectorAll("input[name='" + t.getAttribute("data-select-all") + "']").forEach(function (c) { c.checked = t.checked; });
  }
  if (t.matches("[data-autosubmit]") && t.form) t.form.requestSubmit();
});
document.addEventListener("submit", function (e) {
  var f = e.target, b = e.submitter, msg = (b && b.getAttribute("data-confirm")) || f.getAttribute("data-confirm");
  if (msg && !window.confirm(msg)) e.preventDefault();
});
function preview() {
  document.querySelectorAll("[data-preview]").forEach(function (input) {
    var attr = input.getAttribute("data-preview-attr");
    var value = input.value;
    input.getAttribute("data-preview").split(" ").forEach(function (id) {
      var target = document.getElementById(id);
      if (!target) return;
      if (attr) { if (/^#[0-9a-fA-F]{6}$/.test(value)) target.setAttribute(attr, value); }
      else target.textContent = value;
    });
  });
}
document.addEventListener("input", function (e) { if (e.target.matches("[data-preview]")) preview(); });
// Enter on a checkbox of a bulk form would "click" its first submit button (the first row's action): ignore it.
document.addEventListener("keydown", function (e) {
  var t = e.target;
  if (e.key === "Enter" && t.matches && t.matches("form[data-bulk] input[type=checkbox]")) e.preventDefault();
});
document.addEventListener("click", function (e) {
  var b = e.target.closest && e.target.closest("[data-copy]");
  if (!b || !navigator.clipboard) return;
  var source = document.getElementById(b.getAttribute("data-copy"));
  if (source) navigator.clipboard.writeText(source.textContent.trim()).then(function () { b.textContent = "Copied"; });
});
`;

/** Changes whenever the assets change, so browsers never mix an old script with a new page. */
export const ASSET_VERSION = createHash("sha256").update(APP_CSS).update(APP_JS).digest("hex").slice(0, 10);
