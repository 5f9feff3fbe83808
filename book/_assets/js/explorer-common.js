// The book's kernel-free explorers (chapters 3 and 5), the part they share. Python writes,
// into each <div class="mmed-explorer">, a JSON configuration (mmedlearn.static_explorers):
// the Vega specs that draw, and every control's label, range and kind. This script holds what
// both explorers use (typed boxes with sliders, number reading, links, printing) and starts
// each explorer once its own script (js/roi-explorer.js, js/compare-explorer.js) has
// registered: a page loads only the explorer it shows (page weight, issue 26). Nothing leaves
// the page: "Copy link" writes the inputs into the address's fragment, which is never sent.
(function () {
  "use strict";

  var counter = 0;
  function uid(prefix) { counter += 1; return "mmed-" + prefix + "-" + counter; }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") { node.textContent = attrs[key]; }
      else if (key === "class") { node.className = attrs[key]; }
      else if (attrs[key] !== null && attrs[key] !== undefined) { node.setAttribute(key, attrs[key]); }
    });
    (children || []).forEach(function (child) { if (child) { node.appendChild(child); } });
    return node;
  }

  // Numbers as readers write them: thousands separators, no float noise, a true minus sign.
  function formatNumber(value, digits) {
    if (value === null || value === undefined || !isFinite(value)) { return "–"; }
    var text = Number(value).toLocaleString("en-US", {maximumFractionDigits: digits === undefined ? 4 : digits});
    return text.replace("-", "\u2212");
  }
  function formatMoney(value, currency) {
    var text = formatNumber(Math.round(value), 0);
    return (text === "\u22120" ? "0" : text) + " " + currency;
  }

  // Which rates a conversion used, in the words of mmedlearn.compare.rate_note (the phrases
  // come from Python; here they are only chosen and joined). `used` as compare.rates_used:
  // nothing when no fee changes currency, else both ends, the euro (1 by definition) excepted.
  function ratesUsed(currency, feeCurrencies, rates) {
    var used = {};
    feeCurrencies.forEach(function (c) { if (c && c !== currency && rates[c]) { used[c] = true; } });
    if (!Object.keys(used).length) { return []; }
    used[currency] = true;
    delete used.EUR;
    return Object.keys(used);
  }
  function rateNote(config, used) {
    var phrases = config.rate_groups.filter(function (group) {
      return group[1].some(function (code) { return used.indexOf(code) >= 0; });
    }).map(function (group) { return group[0]; });
    return phrases.length ? phrases.join("; ") : config.no_rates_note;
  }

  // What a reader types: "600,000", "600 000", "3 %", "−2.5", and decimal commas as much of
  // the world writes them: "1,5" and "2,75" are 1.5 and 2.75, "1.234,5" is 1234.5. A comma
  // followed by exactly three digits is a thousands separator ("600,000"), except where a
  // thousand makes no sense for the input (`decimalsOnly`: years, rates): "1,500" there is
  // refused with a message, never read silently as 1500 or 15.
  // Returns {value, problem}: value NaN with the reason when the text is not a number.
  function readTyped(text, decimalsOnly) {
    var cleaned = String(text).trim().replace(/[\s_\u00a0\u202f]/g, "").replace(/%$/, "").replace(/\u2212/g, "-");
    var commas = (cleaned.match(/,/g) || []).length, dots = (cleaned.match(/\./g) || []).length;
    var decimalComma = null;
    if (commas && dots) {
      // Both: whichever comes last separates the decimals ("1,234.5" or "1.234,5").
      decimalComma = cleaned.lastIndexOf(",") > cleaned.lastIndexOf(".");
      if (decimalComma && commas > 1) { decimalComma = null; }
    } else if (commas === 1) {
      var after = cleaned.split(",")[1], before = cleaned.split(",")[0];
      if (after.length !== 3 || /^[-+]?0?$/.test(before)) { decimalComma = true; }
      else if (decimalsOnly) {
        return {value: NaN, problem: "\u201c" + text + "\u201d could be " + before + after + " or " + before + "." + after
          + ": write it without the comma, with a decimal point (" + before + "." + after + ")"};
      } else { decimalComma = false; }
    } else if (commas > 1) {
      decimalComma = false;
    } else if (dots > 1) {
      cleaned = cleaned.replace(/\./g, "");  // "1.234.567": dots separating thousands
    }
    if (decimalComma === true) { cleaned = cleaned.replace(/\./g, "").replace(",", "."); }
    else if (decimalComma === false) {
      if (!/^[-+]?\d{1,3}(,\d{3})+(\.\d*)?$/.test(cleaned)) { return {value: NaN, problem: null}; }
      cleaned = cleaned.replace(/,/g, "");
    }
    if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(cleaned)) { return {value: NaN, problem: null}; }
    return {value: Number(cleaned), problem: null};
  }
  function parseTyped(text, decimalsOnly) { return readTyped(text, decimalsOnly).value; }
  window.mmedParseTyped = readTyped;  // for the tests, which hold it against examples in Node

  // ------------------------------------------------------------------ one number control
  // A labelled slider and a typed box for one value. `shown` converts model units to what the
  // reader sees (percentages), `check` returns a message or null. A bad value shows the message
  // beside the box, marks it invalid and changes nothing else: the last valid result stays.
  function numberControl(opts) {
    var id = uid("input");
    var label = el("label", {"for": id + "-box", id: id + "-label", text: opts.label});
    var unit = el("span", {"class": "mmed-unit", id: id + "-unit", text: opts.unit || ""});
    var range = el("input", {type: "range", id: id + "-range", "aria-labelledby": id + "-label", "data-name": opts.name,
                             "class": "mmed-range"});
    var box = el("input", {type: "text", id: id + "-box", inputmode: "decimal", autocomplete: "off",
                           "data-name": opts.name, "class": "mmed-box", "aria-describedby": id + "-message " + id + "-unit"});
    var message = el("span", {"class": "mmed-message", id: id + "-message", role: "alert"});
    var row = el("div", {"class": "mmed-control", "data-name": opts.name},
                 [label, el("div", {"class": "mmed-inputs"}, [range, box, unit]), message]);
    var control = {row: row, range: range, box: box, message: message, name: opts.name, value: opts.value};

    control.setRange = function (min, max, step) {
      range.min = min; range.max = max; range.step = step;
      control.stretch();
    };
    // A value beyond the slider's end widens the slider: it is never clamped to fit.
    control.stretch = function () {
      var shown = opts.toShown(control.value), step = Number(range.step) || 1;
      if (shown > Number(range.max)) { range.max = Math.ceil(shown / step) * step; }
      if (shown < Number(range.min)) { range.min = Math.floor(shown / step) * step; }
    };
    control.set = function (value) {  // from code: a preset, a restored link, a currency change
      control.value = value;
      control.stretch();
      range.value = opts.toShown(value);
      box.value = formatNumber(opts.toShown(value), opts.digits);
      control.clear();
    };
    control.clear = function () { message.textContent = ""; box.removeAttribute("aria-invalid"); };
    control.fail = function (text) { message.textContent = text; box.setAttribute("aria-invalid", "true"); };
    control.accept = function (value, fromBox) {
      var problem = opts.check(value);
      if (problem) { control.fail(problem); return false; }
      control.value = value;
      control.clear();
      control.stretch();
      if (fromBox) { range.value = opts.toShown(value); } else { box.value = formatNumber(opts.toShown(value), opts.digits); }
      opts.changed(control);
      return true;
    };
    range.addEventListener("input", function () {
      var shown = Number(range.value);
      control.accept(opts.toModel(shown), false);
    });
    function typed() {
      var read = readTyped(box.value, opts.decimalsOnly);
      if (isNaN(read.value)) {
        control.fail(read.problem ? read.problem + ". The results keep your last valid value."
          : "\u201c" + box.value + "\u201d is not a number: enter " + opts.allowed + ". The results keep your last valid value.");
        return;
      }
      control.accept(opts.toModel(read.value), true);
    }
    // With `debounce` (ms), typing recomputes once the reader pauses, never once per key;
    // leaving the box (change) applies at once.
    var timer = null;
    box.addEventListener("input", function () {
      if (!opts.debounce) { typed(); return; }
      window.clearTimeout(timer);
      // Cleared when it fires, so leaving the box afterwards does not apply the value again.
      timer = window.setTimeout(function () { timer = null; typed(); }, opts.debounce);
    });
    box.addEventListener("change", function () { if (timer !== null) { window.clearTimeout(timer); timer = null; typed(); } });
    box.addEventListener("change", function () { if (!box.getAttribute("aria-invalid")) { box.value = formatNumber(opts.toShown(control.value), opts.digits); } });
    return control;
  }

  function checkboxGroup(legend, name, values, labels) {
    var boxes = values.map(function (value, index) {
      var id = uid("check");
      var input = el("input", {type: "checkbox", id: id, value: value, "data-group": name});
      input.checked = true;
      return {input: input, node: el("span", {"class": "mmed-check"}, [input, el("label", {"for": id, text: labels ? labels[index] : value})])};
    });
    var message = el("span", {"class": "mmed-message", role: "alert"});
    var fieldset = el("fieldset", {"class": "mmed-group", "data-group": name},
                      [el("legend", {text: legend}), el("div", {"class": "mmed-checks"}, boxes.map(function (b) { return b.node; })), message]);
    return {
      node: fieldset, message: message, inputs: boxes.map(function (b) { return b.input; }),
      chosen: function () { return boxes.filter(function (b) { return b.input.checked; }).map(function (b) { return b.input.value; }); },
      set: function (list) { boxes.forEach(function (b) { b.input.checked = list.indexOf(b.input.value) >= 0; }); }
    };
  }

  function select(labelText, options, value) {
    var id = uid("select");
    var node = el("select", {id: id});
    options.forEach(function (option) {
      var item = el("option", {value: option[0], text: option[1]});
      node.appendChild(item);
    });
    node.value = value;
    return {node: node, row: el("div", {"class": "mmed-control mmed-select"}, [el("label", {"for": id, text: labelText}), node])};
  }

  function embed(container, spec) {
    return window.vegaEmbed(container, spec, {mode: "vega", renderer: "svg", actions: false}).then(function (result) {
      return result.view;
    });
  }

  // ------------------------------------------------------------------ state in the address
  function readFragment(key) {
    var params = new URLSearchParams(window.location.hash.replace(/^#/, "")), found = {};
    params.forEach(function (value, name) {
      if (name.indexOf(key + ".") === 0) { found[name.slice(key.length + 1)] = value; }
    });
    return found;
  }

  function linkTools(root, key, state, printable) {
    var copy = el("button", {type: "button", "class": "mmed-button", text: "Copy link"});
    var print = el("button", {type: "button", "class": "mmed-button", text: "Print my result"});
    var linkId = uid("link");
    var link = el("input", {type: "text", readonly: "readonly", id: linkId, "class": "mmed-link"});
    var status = el("span", {"class": "mmed-status", role: "status"});
    var linkRow = el("div", {"class": "mmed-link-row", hidden: "hidden"},
                     [el("label", {"for": linkId, text: "Link with your inputs"}), link]);
    copy.addEventListener("click", function () {
      var params = new URLSearchParams();
      var values = state();
      Object.keys(values).forEach(function (name) { params.set(key + "." + name, values[name]); });
      var url = window.location.href.split("#")[0] + "#" + params.toString();
      window.history.replaceState(null, "", url);
      link.value = url;
      linkRow.hidden = false;
      var done = function () { status.textContent = "Link copied. It holds your inputs; nothing was sent anywhere."; };
      var manual = function () { link.select(); status.textContent = "Copy the link from the box; nothing was sent anywhere."; };
      if (navigator.clipboard && window.isSecureContext) { navigator.clipboard.writeText(url).then(done, manual); } else { manual(); }
    });
    print.addEventListener("click", function () {
      printable();
      // Print only this explorer: hide every sibling of each of its ancestors, then restore.
      var hidden = [];
      for (var node = root; node && node !== document.body; node = node.parentElement) {
        Array.prototype.forEach.call(node.parentElement.children, function (sibling) {
          if (sibling !== node && !sibling.classList.contains("mmed-print-hidden")) {
            sibling.classList.add("mmed-print-hidden");
            hidden.push(sibling);
          }
        });
      }
      document.body.classList.add("mmed-printing");
      var restore = function () {
        hidden.forEach(function (node) { node.classList.remove("mmed-print-hidden"); });
        document.body.classList.remove("mmed-printing");
        window.removeEventListener("afterprint", restore);
      };
      window.addEventListener("afterprint", restore);
      root.mmedRestorePrint = restore;
      window.print();
    });
    return el("div", {"class": "mmed-tools"}, [copy, print, status, linkRow]);
  }

  // One update at a time: values go into every view, then the results are read back.

  // ------------------------------------------------------------------ starting the explorers
  var kinds = {};
  function start() {
    if (!window.vegaEmbed) { return; }
    document.querySelectorAll(".mmed-explorer").forEach(function (root) {
      if (root.mmedStarted) { return; }
      var config = JSON.parse(root.querySelector(".mmed-explorer-config").textContent);
      if (!kinds[config.kind]) { return; }  // its script has not run yet: it starts on registering
      root.mmedStarted = true;
      var loading = root.querySelector(".mmed-explorer-loading");
      if (loading) { loading.remove(); }
      kinds[config.kind](root, config);
    });
  }
  // The book loads Vega on demand (js/charts.js): wait for it, in whichever order the scripts run.
  function whenVega() {
    if (window.vegaEmbed) { start(); }
    else if (window.mmedVegaReady) { window.mmedVegaReady.then(start); }
    else { document.addEventListener("mmed:vega-ready", start, {once: true}); }
  }
  function register(kind, explorer) {
    kinds[kind] = explorer;
    if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", whenVega); } else { whenVega(); }
  }

  // ------------------------------------------------------------------ data files on demand
  // A data file under _static, loaded when it is needed with a <script> element: fetch()
  // cannot read a page opened from file://. The file calls window[callback](..., data), and
  // keyOf names it from those arguments. The returned load(key, path) promises the data, with
  // one request per key however many ask while it loads; a failed request rejects every
  // caller and may be tried again. Paths are relative to _static (this script's folder's parent).
  var ownSource = document.currentScript && document.currentScript.src;
  var staticBase = ownSource ? ownSource.split(/[?#]/)[0].replace(/[^\/]*$/, "") + "../" : "_static/";
  function onDemand(callback, keyOf) {
    var loaded = {}, waiting = {};
    window[callback] = function () {
      var key = keyOf.apply(null, arguments), data = arguments[arguments.length - 1];
      loaded[key] = data;
      (waiting[key] || []).forEach(function (done) { done[0](data); });
      delete waiting[key];
    };
    return function load(key, path) {
      if (loaded[key]) { return Promise.resolve(loaded[key]); }
      return new Promise(function (resolve, reject) {
        var first = !waiting[key];
        (waiting[key] = waiting[key] || []).push([resolve, reject]);
        if (!first) { return; }
        var script = document.createElement("script");
        script.src = staticBase + path;
        script.onerror = function () {
          (waiting[key] || []).forEach(function (done) { done[1](new Error(path)); });
          delete waiting[key];
          script.remove();
        };
        document.head.appendChild(script);
      });
    };
  }

  window.mmedExplorers = {
    onDemand: onDemand,
    register: register, uid: uid, el: el, formatNumber: formatNumber, formatMoney: formatMoney,
    ratesUsed: ratesUsed, rateNote: rateNote, readTyped: readTyped, parseTyped: parseTyped,
    numberControl: numberControl, checkboxGroup: checkboxGroup, select: select, embed: embed,
    readFragment: readFragment, linkTools: linkTools
  };
})();
