// Printing a chapter shows the answers to its self-check questions: open every dropdown
// before printing and close again afterwards the ones the reader had not opened.
(function () {
  "use strict";
  var openedForPrint = [];
  window.addEventListener("beforeprint", function () {
    openedForPrint = Array.prototype.filter.call(document.querySelectorAll("details"), function (d) {
      return !d.open && !d.closest(".vega-embed");
    });
    openedForPrint.forEach(function (d) { d.open = true; });
  });
  window.addEventListener("afterprint", function () {
    openedForPrint.forEach(function (d) { d.open = false; });
    openedForPrint = [];
  });
})();
