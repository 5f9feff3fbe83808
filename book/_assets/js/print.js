// Printing a chapter shows the answers to its self-check questions: open every dropdown
// before printing and close again afterwards the ones the reader had not opened.
//
// "Print my result" (an explorer's button, js/explorer-common.js) prints that explorer alone: the
// body then has the class mmed-printing. The printout says what it is without the page around
// it: a title, the date, the situation chosen (the ROI explorer's country, funding and programme) and the page's
// address (with the reader's inputs, when they copied the link), so a sheet found in a drawer
// can be traced and reopened.
(function () {
  "use strict";
  var openedForPrint = [], header = null;

  function printedExplorer() {
    if (!document.body.classList.contains("mmed-printing")) { return null; }
    return Array.prototype.filter.call(document.querySelectorAll(".mmed-explorer"), function (explorer) {
      return !explorer.closest(".mmed-print-hidden");
    })[0] || null;
  }

  function labelOf(control) {
    var label = control.labels && control.labels[0];
    return label ? label.textContent.replace(/\s+/g, " ").trim() : "";
  }

  function line(className, term, value) {
    var p = document.createElement("p");
    p.className = className;
    if (term) {
      var strong = document.createElement("strong");
      strong.textContent = term + ": ";
      p.appendChild(strong);
    }
    p.appendChild(document.createTextNode(value));
    return p;
  }

  function addHeader(explorer) {
    header = document.createElement("div");
    header.className = "mmed-print-header";
    var heading = document.querySelector("article h1, main h1");
    var pageTitle = heading ? heading.textContent.replace(/[#¶]/g, "").replace(/\s+/g, " ").trim() : document.title;
    header.appendChild(line("mmed-print-title", "", "MMed Pathways \u2014 my result: " + pageTitle));
    var today = new Date();
    header.appendChild(line("mmed-print-line", "Printed", today.toLocaleDateString("en-GB", {day: "numeric", month: "long", year: "numeric"})));
    // The situation the result starts from (the ROI explorer's country, funding, programme).
    Array.prototype.forEach.call(explorer.querySelectorAll("select[data-print]"), function (select) {
      var chosen = select.options[select.selectedIndex];
      if (chosen && select.value) { header.appendChild(line("mmed-print-line", labelOf(select), chosen.textContent)); }
    });
    var copied = explorer.querySelector(".mmed-link");
    var link = copied && copied.value ? copied.value : window.location.href;
    header.appendChild(line("mmed-print-line mmed-print-link", copied && copied.value ? "Link with your inputs" : "Page", link));
    explorer.insertBefore(header, explorer.firstChild);
  }

  window.addEventListener("beforeprint", function () {
    openedForPrint = Array.prototype.filter.call(document.querySelectorAll("details"), function (d) {
      return !d.open && !d.closest(".vega-embed");
    });
    openedForPrint.forEach(function (d) { d.open = true; });
    var explorer = printedExplorer();
    if (explorer && !header) { addHeader(explorer); }
  });
  window.addEventListener("afterprint", function () {
    openedForPrint.forEach(function (d) { d.open = false; });
    openedForPrint = [];
    if (header) { header.remove(); header = null; }
  });
})();
