// Touch readers cannot hover: a tap (or click) on a chart's bar, cell or point writes what its
// tooltip says into a line under the chart, read out by screen readers as it changes. The text
// is the mark's own accessible label (Vega-Lite builds it from the tooltip's fields).
(function () {
  "use strict";

  // "Route: X; Example: A; B; Sources say: Y" -> [["Route", "X"], ["Example", "A; B"], ...]:
  // a "; " starts a new field only when a short "Name: " follows it. Vega-Lite also lists the
  // encoded data fields by their raw names (feature_label, route): the titled ones say it.
  function fields(label) {
    return label.split(/; (?=[A-Za-z_][^;:]{0,40}: )/).map(function (part) {
      var colon = part.indexOf(": ");
      return colon < 0 ? ["", part] : [part.slice(0, colon), part.slice(colon + 2)];
    }).filter(function (pair) { return !/^[a-z_]+$/.test(pair[0]); });
  }

  function show(chart, mark) {
    var box = chart.nextElementSibling;
    if (!box || !box.classList.contains("mmed-chart-detail")) {
      box = document.createElement("div");
      box.className = "mmed-chart-detail";
      box.setAttribute("aria-live", "polite");
      chart.parentNode.insertBefore(box, chart.nextSibling);
    }
    var list = document.createElement("dl");
    fields(mark.getAttribute("aria-label")).forEach(function (pair) {
      var term = document.createElement("dt"), value = document.createElement("dd");
      term.textContent = pair[0];
      value.textContent = pair[1];
      list.appendChild(term);
      list.appendChild(value);
    });
    box.textContent = "";
    box.appendChild(list);
  }

  document.addEventListener("click", function (event) {
    var chart = event.target.closest && event.target.closest(".vega-embed");
    if (!chart || chart.closest(".mmed-explorer")) { return; }  // the explorers have their tables
    var mark = event.target.closest(".role-mark [aria-label]");
    if (!mark) { return; }
    if (mark.closest(".mark-text")) {
      // A cell's text (✓, ✗) sits on its rectangle: prefer the shape under the tap.
      var under = document.elementsFromPoint(event.clientX, event.clientY).filter(function (node) {
        return node.matches && node.matches(".role-mark [aria-label]") && !node.closest(".mark-text");
      })[0];
      mark = under || mark;
    }
    show(chart, mark);
  });
})();
