// Accessibility repairs for parts of the page the book does not write itself (the theme's
// header, vega-embed's menu, the ipywidgets sliders, Sphinx's citation list). Each gives an
// element the accessible name or role it lacks; no rule is switched off.
(function () {
  "use strict";

  function repair(root) {
    // Controls whose visible text differs from their aria-label (the theme's "Search Ctrl + K"
    // buttons named "Search", the code toggles named "Toggle hidden content"): a voice user
    // saying what they see would not find them. Name each by what it shows.
    root.querySelectorAll("button[aria-label], a[aria-label], summary[aria-label], [role=button][aria-label]")
      .forEach(function (control) {
        var shown = (control.innerText || "").replace(/\s+/g, " ").trim();
        var label = control.getAttribute("aria-label") || "";
        if (shown && label.toLowerCase().indexOf(shown.toLowerCase()) === -1) {
          control.setAttribute("aria-label", shown);
        }
      });
    // The colour-mode button's icons carry titles ("Light", "Dark"), which made them part of
    // its visible name; they are decorative, the button's own label names it.
    // (Font Awesome's script turns each <i> into an <svg>, sometimes carrying the title over
    // as a <title> element, at a moment of its own: cover both forms.)
    root.querySelectorAll(".theme-switch-button i[title]").forEach(function (icon) {
      icon.removeAttribute("title");
      icon.setAttribute("aria-hidden", "true");
    });
    root.querySelectorAll(".theme-switch-button svg").forEach(function (icon) {
      icon.querySelectorAll("title").forEach(function (title) { title.remove(); });
      if (icon.getAttribute("aria-hidden") !== "true") { icon.setAttribute("aria-hidden", "true"); }
    });
    // vega-embed's chart menu is a <details> whose <summary> holds only an icon.
    root.querySelectorAll(".vega-embed details > summary:not([aria-label])").forEach(function (summary) {
      summary.setAttribute("aria-label", "Chart actions: save as an image");
    });
    // ipywidgets sliders: the draggable handle carries role="slider" but no name; use the
    // widget's own visible label.
    root.querySelectorAll(".widget-slider").forEach(function (widget) {
      var label = widget.querySelector(".widget-label");
      var text = label ? label.innerText.trim() : "";
      widget.querySelectorAll("[role=slider]:not([aria-label])").forEach(function (handle) {
        if (text) { handle.setAttribute("aria-label", text); }
      });
    });
    // Sphinx marks the references role="list" but its entries are not list items: drop the
    // list role rather than misname each entry.
    root.querySelectorAll('.citation-list[role="list"]').forEach(function (list) {
      list.removeAttribute("role");
    });
  }

  function start() {
    repair(document);
    // Charts and widgets draw after the page loads, and the theme's scripts set titles and
    // labels as they start: repair what they add or change, as it happens. (Each repair
    // leaves nothing further to change, so the observer settles.)
    new MutationObserver(function () { repair(document); }).observe(document.body, {
      childList: true, subtree: true, attributes: true, attributeFilter: ["title", "aria-label", "aria-hidden"],
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
