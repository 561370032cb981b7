// Small enhancements; every page works without them.
(function () {
  "use strict";

  // The server writes times in UTC ("4 Dec 2026, 05:17 UTC"); shown here in the viewer's
  // own zone, in the same format ("4 Dec 2026, 06:17 CET").
  var localTime = new Intl.DateTimeFormat("en-GB", {
    day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit",
    hourCycle: "h23", timeZoneName: "short"
  });
  function showLocalTimes(root) {
    root.querySelectorAll("time[datetime]").forEach(function (element) {
      var moment = new Date(element.getAttribute("datetime"));
      if (!isNaN(moment)) element.textContent = localTime.format(moment);
    });
  }

  // Copy buttons do nothing without JavaScript, so they are shown only with it.
  function revealCopyButtons(root) {
    root.querySelectorAll("[data-copy-target][hidden]").forEach(function (button) { button.hidden = false; });
  }
  document.addEventListener("DOMContentLoaded", function () {
    revealCopyButtons(document);
    showLocalTimes(document);
  });
  document.addEventListener("htmx:load", function (event) {
    revealCopyButtons(event.target);
    showLocalTimes(event.target);
  });

  // A swap that took away the focused button leaves the keyboard at the top of the page.
  // Unless the new content placed the focus itself (autofocus), it goes to what changed:
  // its message, or else its heading.
  document.addEventListener("htmx:afterSettle", function (event) {
    var focused = document.activeElement;
    if (focused && focused !== document.body) return;
    var target = event.detail.target;
    var changed = target && target.id ? document.getElementById(target.id) : null;
    if (!changed) return;
    var landing = changed.querySelector("[role=alert], [role=status]") || changed.querySelector("h1, h2, h3");
    if (!landing) return;
    if (!landing.hasAttribute("tabindex")) landing.setAttribute("tabindex", "-1");
    landing.focus({ preventScroll: true });
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy-target]");
    if (!button) return;
    var field = document.getElementById(button.getAttribute("data-copy-target"));
    if (!field) return;
    field.select();
    var done = function () { button.textContent = "Copied"; };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(done, function () { document.execCommand("copy"); done(); });
    } else {
      document.execCommand("copy");
      done();
    }
  });
})();
