// Charts that take their column's width (Altair's width="container", the explorers' charts)
// are sized by Vega on the window's resize event, which can come before the page has settled
// into its new layout (the sidebars appear, the column widens): a chart drawn at 720 px and
// widened to 1440 was redrawn 1,800 px wide in a 790 px column, and stayed cut until reload.
// Once the columns holding charts have their new width (a ResizeObserver reports after
// layout), the resize event is sent again, so each chart measures its settled column.
(function () {
  "use strict";
  if (typeof ResizeObserver === "undefined") { return; }
  var widths = new WeakMap(), pending = false, resending = false;

  function resend() {
    pending = false;
    resending = true;
    window.dispatchEvent(new Event("resize"));
    resending = false;
  }

  var observer = new ResizeObserver(function (entries) {
    var changed = entries.some(function (entry) {
      var width = Math.round(entry.contentRect.width);
      var before = widths.get(entry.target);
      widths.set(entry.target, width);
      return before !== undefined && before !== width;
    });
    if (changed && !pending && !resending) {
      pending = true;
      window.requestAnimationFrame(resend);
    }
  });

  function watch() {
    document.querySelectorAll(".vega-embed").forEach(function (chart) {
      var column = chart.parentElement;
      if (column && !column.mmedWatched) {
        column.mmedWatched = true;
        observer.observe(column);
      }
    });
  }
  // Charts are drawn after the page loads (vega-embed is asynchronous): look for new ones
  // whenever the page changes, cheaply.
  function start() {
    watch();
    new MutationObserver(function () { watch(); }).observe(document.body, {childList: true, subtree: true});
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
