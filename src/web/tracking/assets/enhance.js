/* global document, window */
// Enhances the server-rendered tracking page; everything works without it. When the server did not know the
// shopper's time zone, scan times are rewritten in the browser's own zone. In an embedded iframe, the page
// tells the seller's page its height so the frame fits its content.
(function () {
  "use strict";
  var note = document.getElementById("time-note");
  if (note && note.getAttribute("data-zone") === "") {
    var lang = document.documentElement.lang || "en";
    try {
      var format = new Intl.DateTimeFormat(lang, {
        weekday: "short",
        day: "numeric",
        month: "short",
        hour: "2-digit",
        minute: "2-digit",
      });
      var times = document.querySelectorAll("time[data-local]");
      for (var i = 0; i < times.length; i++) {
        var when = new Date(times[i].getAttribute("datetime"));
        if (!isNaN(when.getTime())) times[i].textContent = format.format(when);
      }
      var zone = new Intl.DateTimeFormat(lang, { timeZoneName: "longGeneric" })
        .formatToParts(new Date())
        .filter(function (p) {
          return p.type === "timeZoneName";
        })[0];
      if (zone && note.getAttribute("data-zone-template")) {
        note.textContent = note.getAttribute("data-zone-template").replace("{zone}", zone.value);
      }
    } catch {
      // An old browser keeps the server's UTC times, which the note already says.
    }
  }
  var alert = document.getElementById("lookup-error");
  if (alert) alert.focus();
  if (window.parent !== window && document.documentElement.classList.contains("embed")) {
    var last = 0;
    var report = function () {
      var height = document.documentElement.scrollHeight;
      if (height !== last) {
        last = height;
        window.parent.postMessage({ type: "shipwatch:height", height: height }, "*");
      }
    };
    window.addEventListener("load", report);
    window.addEventListener("resize", report);
    document.addEventListener("toggle", report, true);
    report();
  }
})();
