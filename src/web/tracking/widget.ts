/**
 * The embeddable widget: a script tag on the seller's own order-status page that inserts the tracking page in
 * an iframe (embed mode: no header or footer) and sizes the frame to its content. The same page can be framed
 * directly: <iframe src="https://…/track/{seller}?embed=1">.
 *
 *   <script src="https://track.example.com/track/demo/widget.js" data-token="…" data-lang="fr" async></script>
 *
 * data-token (optional): a signed link token, e.g. minted with POST /v1/tracking-links, to open an order directly;
 * without it the widget shows the lookup form. data-lang (optional): en, es, fr, de or pt-BR.
 */

/** The widget script for one seller (the slug is validated by the database: [a-z0-9-]). */
export function widgetScript(sellerSlug: string): string {
  return `/* Shipwatch tracking widget */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) return;
  var origin = new URL(script.src).origin;
  var token = script.getAttribute("data-token") || "";
  var lang = script.getAttribute("data-lang") || "";
  if (!/^[A-Za-z0-9_-]*$/.test(token)) token = "";
  var src = origin + "/track/" + ${JSON.stringify(sellerSlug)} + (token ? "/s/" + token : "") + "?embed=1" +
    (lang ? "&lang=" + encodeURIComponent(lang) : "");
  var frame = document.createElement("iframe");
  frame.src = src;
  frame.title = script.getAttribute("data-title") || "Order tracking";
  frame.setAttribute("loading", "lazy");
  frame.style.cssText = "display:block;width:100%;min-height:420px;border:0;";
  var target = script.getAttribute("data-target");
  var host = target ? document.getElementById(target) : null;
  if (host) host.appendChild(frame);
  else script.parentNode.insertBefore(frame, script.nextSibling);
  window.addEventListener("message", function (event) {
    if (event.origin !== origin || event.source !== frame.contentWindow) return;
    var data = event.data;
    if (data && data.type === "shipwatch:height" && typeof data.height === "number") {
      frame.style.height = Math.min(Math.max(data.height, 200), 20000) + "px";
    }
  });
})();
`;
}
