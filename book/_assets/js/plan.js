// Chapter 8's one-page plan: "Copy the plan as text" writes its headings and what the reader
// typed as plain text, to the clipboard where the browser allows it and, always, into a box
// under the plan from which it can be copied by hand. Nothing is stored or sent. Before
// printing, each text box grows to show all it holds.
(function () {
  "use strict";

  function labelText(label) {
    var parts = [];
    label.childNodes.forEach(function (node) {
      var words = node.nodeType === Node.TEXT_NODE
        || (node.tagName === "SPAN" && !node.classList.contains("mmed-fill-print"));  // not the box's copy
      if (words) { parts.push(node.textContent); }
    });
    return parts.join(" ").replace(/\s+/g, " ").trim();
  }

  function planText(plan) {
    var lines = [];
    plan.querySelectorAll(".mmed-plan-title, .mmed-plan-heading, label").forEach(function (node) {
      if (node.tagName !== "LABEL") {
        if (lines.length) { lines.push(""); }
        lines.push(node.textContent.trim());
        return;
      }
      var input = node.querySelector("input, textarea");
      lines.push(labelText(node) + " " + (input.value.trim() || "\u2014"));
    });
    return lines.join("\n") + "\n";
  }

  function start(plan) {
    var button = plan.querySelector(".mmed-plan-copy"), status = plan.querySelector(".mmed-plan-status");
    if (!button) { return; }
    var holder = document.createElement("p");
    holder.className = "mmed-plan-text";
    holder.hidden = true;
    var label = document.createElement("label");
    label.textContent = "Your plan as text (select it and copy it if the button could not)";
    var box = document.createElement("textarea");
    box.readOnly = true;
    box.rows = 8;
    label.appendChild(box);
    holder.appendChild(label);
    plan.appendChild(holder);
    button.addEventListener("click", function () {
      var text = planText(plan);
      box.value = text;
      holder.hidden = false;
      var done = function () { status.textContent = "Copied: paste it where you keep notes. Nothing was sent anywhere."; };
      var manual = function () { box.select(); status.textContent = "Copy the text from the box below. Nothing was sent anywhere."; };
      if (navigator.clipboard && window.isSecureContext) { navigator.clipboard.writeText(text).then(done, manual); } else { manual(); }
    });
  }

  // A one-line box prints only what fits its width ("Kenya, psychi"): each box has a copy of
  // what it holds, as text, which print shows instead of the box (mmed.css), so every answer
  // prints whole, however it is printed (no print event is needed).
  function mirror(field) {
    var copy = document.createElement("span");
    copy.className = "mmed-fill-print" + (field.tagName === "TEXTAREA" ? " mmed-fill-print-block" : "");
    copy.setAttribute("aria-hidden", "true");
    var update = function () { copy.textContent = field.value; };
    field.addEventListener("input", update);
    field.addEventListener("change", update);
    update();
    field.parentNode.insertBefore(copy, field.nextSibling);
  }

  function grow() {
    document.querySelectorAll(".mmed-plan textarea.mmed-fill").forEach(function (area) {
      area.style.height = "auto";
      area.style.height = Math.max(area.scrollHeight, area.clientHeight) + "px";
    });
  }

  function init() {
    document.querySelectorAll(".mmed-plan").forEach(start);
    document.querySelectorAll(".mmed-plan .mmed-fill").forEach(mirror);
    window.addEventListener("beforeprint", grow);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
