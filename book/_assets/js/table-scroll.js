// A table wider than its column scrolls sideways in its frame (mmedlearn's tables, the theme's
// Markdown tables, the explorers' ranking); on a phone nothing showed that more columns lay to
// the right. Each such frame gets a line above it saying so, shown only while the table is
// wider than the frame, and is made reachable by keyboard (arrow keys scroll it).
(function () {
  "use strict";
  var FRAMES = ".mmed-table-wrap, .pst-scrollable-table-container, .mmed-table-holder";

  function cueFor(frame) {
    var cue = frame.previousElementSibling;
    if (cue && cue.classList.contains("mmed-scroll-cue")) { return cue; }
    cue = document.createElement("p");
    cue.className = "mmed-scroll-cue";
    cue.hidden = true;
    cue.textContent = "This table is wider than the screen: swipe or scroll it sideways for more columns \u2192";
    frame.parentNode.insertBefore(cue, frame);
    return cue;
  }

  function mark(frame) {
    var table = frame.querySelector("table");
    if (!table || frame.closest(".vega-embed")) { return; }
    var wider = frame.scrollWidth > frame.clientWidth + 1;
    var cue = cueFor(frame);
    cue.hidden = !wider;
    frame.classList.toggle("mmed-scrolls", wider);
    if (wider) {
      frame.setAttribute("tabindex", "0");
      if (!frame.hasAttribute("role")) { frame.setAttribute("role", "region"); }
      var caption = table.querySelector("caption");
      if (!frame.hasAttribute("aria-label")) {
        frame.setAttribute("aria-label", (caption ? caption.textContent.trim() + ": " : "") + "table, scrolls sideways");
      }
    }
  }

  var queued = false;
  function markAll() {
    queued = false;
    document.querySelectorAll(FRAMES).forEach(mark);
  }
  function soon() {
    if (!queued) { queued = true; window.requestAnimationFrame(markAll); }
  }

  function start() {
    markAll();
    window.addEventListener("resize", soon);
    // The explorers draw their tables after load, and redraw them on every change.
    new MutationObserver(function (records) {
      var onlyCues = records.every(function (r) {
        return Array.prototype.every.call(r.addedNodes, function (n) {
          return n.classList && n.classList.contains("mmed-scroll-cue");
        }) && r.removedNodes.length === 0;
      });
      if (!onlyCues) { soon(); }
    }).observe(document.body, {childList: true, subtree: true});
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
