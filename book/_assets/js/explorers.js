// The book's kernel-free explorers (chapters 3 and 5). Python writes, into each
// <div class="mmed-explorer">, a JSON configuration (mmedlearn.static_explorers): the Vega
// specs that compute, and every control's label, range and kind. This script draws the
// controls (a slider and a typed box for each number), checks what is typed, and pushes
// valid values into the Vega views with view.signal(name, value). Nothing leaves the page:
// "Copy link" writes the inputs into the address's fragment, which is never sent.
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
      timer = window.setTimeout(typed, opts.debounce);
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
  function updater(root, views, push, after) {
    var pending = false, running = Promise.resolve();
    root.mmedUpdates = 0;
    return function () {
      if (pending) { return running; }
      pending = true;
      running = running.then(function () {
        return new Promise(function (resolve) { window.requestAnimationFrame(resolve); });
      }).then(function () {
        pending = false;
        views.forEach(push);
        return Promise.all(views.map(function (view) { return view.runAsync(); }));
      }).then(function () {
        after();
        root.mmedUpdates += 1;
        root.setAttribute("data-updates", String(root.mmedUpdates));
      });
      return running;
    };
  }

  // ------------------------------------------------------------------ the ROI explorer
  // The page computes with mmed-model.gen.js (generated from mmedlearn.model, the tree that
  // roi.evaluate runs) and pushes rows into the Vega views, which only draw them: one change
  // is a few thousand multiplications, answered within a frame. The uncertainty band comes
  // after, in small chunks when the browser is idle, and is dropped if the reader moves on.
  function roiExplorer(root, config) {
    var M = window.mmedModel, vega = window.vega || (window.vegaEmbed && window.vegaEmbed.vega);
    // static_explorers.packed_presets, unpacked: notes are indices into config.preset_texts,
    // with the programme's own amounts, fee context and length as placeholders.
    var texts = config.preset_texts || [];
    function fillOwn(template, values) {  // fills what is the programme's own, keeps the rest
      return template.replace(/\{(\w+)\}/g, function (all, name) { return values.hasOwnProperty(name) ? values[name] : all; });
    }
    function unpackPreset(row) {
      var p = {id: row[0], label: texts[row[1]] + " \u00b7 " + texts[row[2]], currency: row[3], duration_years: row[4]};
      var own = {context: texts[row[6]], years: row[4] === null ? "" : formatNumber(row[4])};
      // static_explorers._packed_fee: a note index (missing), [value, note] (fixed) or
      // [value, note, template] (a fee in the programme's own currency).
      [["tuition_per_year", row[7], "tuition"], ["one_off_fees", row[8], "one_off"]].forEach(function (pair) {
        var f = pair[1];
        if (Array.isArray(f) && f.length === 3) { own[pair[2]] = formatMoney(f[0], row[3]); }
      });
      p.duration_note = fillOwn(texts[row[5]], own);
      [["tuition_per_year", row[7]], ["one_off_fees", row[8]]].forEach(function (pair) {
        var f = pair[1];
        if (!Array.isArray(f)) { p[pair[0]] = {kind: "missing", value: null, note: fillOwn(texts[f], own), template: null}; return; }
        p[pair[0]] = {kind: f.length === 3 ? "fee" : "fixed", value: f[0], note: fillOwn(texts[f[1]], own),
                      template: f.length === 3 ? fillOwn(texts[f[2]], own) : null};
      });
      return p;
    }
    config.presets = config.presets.map(function (row) { return Array.isArray(row) ? unpackPreset(row) : row; });
    // The simulation's uniform numbers: numpy's, regenerated from the generator's state when
    // first needed (roi.simulate draws block k of them for the k-th range it draws).
    var uniforms = null;
    function simulationUniforms() {
      if (!uniforms) {
        var sim = config.simulation, all = M.numpyUniforms(sim.generator[0], sim.generator[1], sim.blocks * sim.draws);
        uniforms = [];
        for (var b = 0; b < sim.blocks; b++) { uniforms.push(all.slice(b * sim.draws, (b + 1) * sim.draws)); }
      }
      return uniforms;
    }
    var fields = {}, controls = {}, currency = config.currency, preset = "";
    config.fields.forEach(function (field) { fields[field.name] = field; });
    var results = el("div", {"class": "mmed-results", "aria-live": "polite"});
    var notes = el("p", {"class": "mmed-notes", "aria-live": "polite"});
    var chart = el("div", {"class": "mmed-chart"});
    var tornado = el("div", {"class": "mmed-chart mmed-tornado"});
    var printSummary = el("div", {"class": "mmed-print-summary"});
    var currencySelect = select("Currency", config.currencies.map(function (c) { return [c, c]; }), currency);
    var presetSelect = select("Programme preset", [["", "Your own values"]].concat(config.presets.map(function (p) {
      return [p.id, p.label];
    })), "");

    function isMoney(field) { return field.kind === "money"; }
    function sliderFor(field) {
      var s = field.slider, scale = isMoney(field) ? (config.scales[currency] || 1) : 1, f = field.percent ? 100 : 1;
      var step = isMoney(field) ? s[2] * scale / (config.money_step_divisor || 1) : s[2] * f;
      return [s[0] * scale * f, s[1] * scale * f, step];
    }
    function lastFullYear(duration) { return Math.max(1, Math.floor(duration)); }
    function check(field) {
      return function (value) {
        if (M.checkField(field.name, value)) { return "Enter " + field.allowed + ". The results keep your last valid value."; }
        // roi.Assumptions' rule joining two inputs: the years counted outlast the programme.
        var duration = field.name === "duration_years" ? value : controls.duration_years.value;
        var horizon = field.name === "horizon_years" ? value : controls.horizon_years.value;
        if ((field.name === "duration_years" || field.name === "horizon_years") && !(horizon > Math.ceil(duration))) {
          return "Years counted (" + horizon + ") must be more than the programme's last year (" + Math.ceil(duration)
            + "). The results keep your last valid values.";
        }
        // roi.Assumptions' rule (roi-model.md): a non-finisher leaves by the last full year.
        var leaving = field.name === "dropout_year" ? value : controls.dropout_year.value;
        if ((field.name === "duration_years" || field.name === "dropout_year") && leaving > lastFullYear(duration)) {
          return fields.dropout_year.label + " (" + leaving + ") must be at most " + lastFullYear(duration)
            + ", the programme's last full year (length " + formatNumber(duration) + " years). The results keep your last valid values.";
        }
        return null;
      };
    }
    var grid = el("div", {"class": "mmed-grid"});
    config.fields.forEach(function (field) {
      var control = numberControl({
        name: field.name, label: field.label, value: config.start[field.name], allowed: field.allowed,
        digits: isMoney(field) ? 2 : 4, debounce: 350, decimalsOnly: !isMoney(field),
        unit: field.percent ? "%" : (isMoney(field) ? currency : (field.kind === "years" ? "years" : "")),
        toShown: function (v) { return field.percent ? Math.round(v * 100 * 1e9) / 1e9 : v; },
        toModel: function (x) { return field.percent ? x / 100 : x; },
        check: check(field), changed: function () { delete illustrative[field.name]; update(); }
      });
      controls[field.name] = control;
      grid.appendChild(control.row);
    });
    function setRanges() {
      config.fields.forEach(function (field) {
        var r = sliderFor(field);
        controls[field.name].setRange(r[0], r[1], r[2]);
        controls[field.name].set(controls[field.name].value);
        if (isMoney(field)) { controls[field.name].row.querySelector(".mmed-unit").textContent = currency; }
      });
    }
    setRanges();

    // What the notes say: the last preset or currency change, then (scenario.salary_notes)
    // which salaries are still the illustrative case and whether income while studying
    // exceeds the salary without the degree. A salary the reader sets is theirs from then on.
    var noteText = "", converted = false, illustrative = {};
    (config.salary_fields || []).forEach(function (name) { illustrative[name] = true; });
    function fill(template, values) {
      return template.replace(/\{(\w+)\}/g, function (all, name) { return values[name]; });
    }
    function renderNotes() {
      var said = noteText ? [noteText] : [], t = config.salary_notes;
      var still = config.salary_fields.filter(function (name) { return illustrative[name]; })
        .map(function (name) { return fields[name].label; });
      if (converted && still.length) {
        said.push(fill(t.illustrative, {example_currency: config.currency, fields: still.join(", "),
          converted: currency !== config.currency ? t.converted : ""}));
      }
      var v = values();
      if (v.study_income > v.baseline_salary) {
        said.push(fill(t.study_above_baseline, {study_income: formatMoney(v.study_income, currency),
          baseline_salary: formatMoney(v.baseline_salary, currency), currency: currency}));
      }
      notes.textContent = said.join(" ");
    }
    function presetFee(p, name) {
      var f = p[name];
      if (f.kind === "fixed") { return [f.value, f.note]; }
      if (f.kind === "missing") { return [null, fill(f.note, {currency: currency})]; }
      if (p.currency === currency) { return [f.value, f.note]; }
      var rates = config.rates;
      if (!rates[p.currency] || !rates[currency]) {
        return [null, "Its fee is published in " + p.currency + ", which has no exchange rate to " + currency + " here"];
      }
      var value = f.value / rates[p.currency] * rates[currency];  // as compare.annual_cost converts
      return [value, fill(f.template, {money: formatMoney(value, currency),
                                       rates: rateNote(config, ratesUsed(currency, [p.currency], rates))})];
    }
    function applyPreset(id) {
      preset = id;
      if (!id) { noteText = ""; renderNotes(); return; }
      var p = config.presets.filter(function (item) { return item.id === id; })[0];
      var said = [];
      if (p.duration_years !== null) { controls.duration_years.set(p.duration_years); said.push(p.duration_note); }
      else { said.push(p.duration_note + ": your " + formatNumber(controls.duration_years.value) + " years are kept."); }
      // Each fee is stored once, in the programme's own currency, with programme_scenario's
      // notes: the page converts it with the rates and fills the note's placeholders.
      [["tuition_per_year", "your tuition of {money} a year is kept"], ["one_off_fees", "your one-off fees of {money} are kept"]]
        .forEach(function (pair) {
          var name = pair[0], fee = presetFee(p, name);
          if (fee[0] !== null) { controls[name].set(fee[0]); said.push(fee[1]); }
          else { said.push(fee[1] + ": " + fill(pair[1], {money: formatMoney(controls[name].value, currency)}) + "."); }
        });
      // scenario.programme_scenario's rule: the years counted outlast the programme.
      var last = Math.ceil(controls.duration_years.value);
      if (controls.horizon_years.value <= last) {
        controls.horizon_years.set(last + 1);
        said.push("Years counted extended to " + (last + 1) + ", past the programme.");
      }
      var leaves = lastFullYear(controls.duration_years.value);
      if (controls.dropout_year.value > leaves) {
        controls.dropout_year.set(leaves);
        said.push("A non-finisher leaves after year " + leaves + ", the programme's last full year.");
      }
      converted = true;
      noteText = said.join(" ");
      renderNotes();
    }
    presetSelect.node.addEventListener("change", function () { applyPreset(presetSelect.node.value); update(); });
    currencySelect.node.addEventListener("change", function () {
      var from = currency, to = currencySelect.node.value, rates = config.rates;
      currency = to;
      var said;
      if (rates[from] && rates[to]) {
        config.fields.forEach(function (field) {
          if (isMoney(field)) { controls[field.name].value = Math.round(controls[field.name].value / rates[from] * rates[to]); }
        });
        said = "Amounts converted from " + from + " to " + to + ", rounded to whole units. Exchange rates: " + rateNote(config, ratesUsed(to, [from], rates)) + ".";
      } else {
        said = "No exchange rate between " + from + " and " + to + " here: the amounts are kept as they were; enter yours in " + to + ".";
      }
      setRanges();
      converted = true;
      if (preset) { applyPreset(preset); said = noteText + " " + said; }
      noteText = said;
      renderNotes();
      update();
    });

    var tools = linkTools(root, config.key, function () {
      var state = {currency: currency};
      if (preset) { state.preset = preset; }
      Object.keys(controls).forEach(function (name) { state[name] = controls[name].value; });
      return state;
    }, function () { renderPrint(); });

    var simulationNote = el("p", {"class": "mmed-caption", text: "Shaded band: the 5th to 95th percentile of "
      + formatNumber(config.simulation.draws, 0) + " simulated cases, varying " + config.simulation.ranges
      + " (illustrative ranges, as in the live calculator)."});
    root.appendChild(el("div", {"class": "mmed-explorer-body"}, [
      el("div", {"class": "mmed-row"}, [presetSelect.row, currencySelect.row]), notes,
      results, chart, simulationNote, grid, el("h3", {text: "Which assumptions matter most"}),
      el("p", {"class": "mmed-caption", text: "Each bar: the NPV when that input alone is 20 % lower and 20 % higher."}),
      tornado, tools, printSummary]));

    function values() {
      var out = {};
      Object.keys(controls).forEach(function (name) { out[name] = controls[name].value; });
      return out;
    }
    function row(term, value) { return el("div", {"class": "mmed-result"}, [el("dt", {text: term}), el("dd", {text: value})]); }
    function irrText(r) {
      if (r.irr !== null) { return formatNumber(r.irr * 100, 1) + " % a year"; }
      var changes = M.signChanges(r.net_flow);
      var gains = r.net_flow.some(function (x) { return x > 0; }), costs = r.net_flow.some(function (x) { return x < 0; });
      if (!costs) { return "none: nothing is paid or given up, so there is no rate to earn it back"; }
      if (!gains) { return "none: no year gains more than the degree costs"; }
      if (changes > 1) { return "none: the yearly gains change sign " + changes + " times, so no single rate describes them"; }
      return "none between \u221290 % and 100,000 % a year";
    }
    function salaryText(r) {
      var b = r.breakeven_post_salary;
      if (b === null) { return "none: no specialist pay falls within the years counted"; }
      if (b === 0) { return "any: the degree pays back even with no salary after it"; }
      return formatMoney(b, currency) + " a year (you entered " + formatMoney(controls.post_salary.value, currency) + ")";
    }
    function renderResults() {
      if (!last) { return; }
      var s = last.result, h = last.inputs.horizon_years, sim = last.simulation, q = {};
      if (sim) { sim.percentiles.forEach(function (d) { q[d.prob] = d.value; }); }
      results.textContent = "";
      results.appendChild(el("dl", {}, [
        row("NPV over " + h + " years", formatMoney(s.npv, currency)),
        row("Internal rate of return (IRR)", irrText(s)),
        row("Break-even salary after the degree (NPV 0)", salaryText(s)),
        row("Break-even year", s.breakeven_year === null ? "not within " + h + " years" : String(s.breakeven_year)),
        row("Payback year (undiscounted)", s.payback_year === null ? "not within " + h + " years" : String(s.payback_year)),
        row("Total cost (fees, extra costs, loan payments, income given up)", formatMoney(s.total_cost, currency)),
        row("Chance that the NPV is above 0 (simulation)", sim ? Math.round(100 * sim.probability_positive) + " %" : "computing\u2026"),
        row("NPV, 5th to 95th percentile (simulation)", sim ? formatMoney(q[0.05], currency) + " to " + formatMoney(q[0.95], currency) : "computing\u2026")
      ]));
      var leaves = Math.min(controls.dropout_year.value, lastFullYear(controls.duration_years.value));
      if (controls.dropout_year.value > leaves) {
        results.appendChild(el("p", {text: "A non-finisher leaves after year " + leaves + ", the programme's last full year."}));
      }
    }
    function renderPrint() {
      printSummary.textContent = "";
      var body = el("tbody");
      config.fields.forEach(function (field) {
        var v = controls[field.name].value;
        var shown = field.percent ? formatNumber(v * 100) + " %" : (isMoney(field) ? formatMoney(v, currency) : formatNumber(v));
        body.appendChild(el("tr", {}, [el("th", {scope: "row", text: field.label}), el("td", {text: shown})]));
      });
      printSummary.appendChild(el("h3", {text: "Your inputs"}));
      printSummary.appendChild(el("table", {"class": "mmed-table"}, [body]));
    }

    var views = null, generation = 0, last = null, scheduled = false;
    root.mmedUpdates = 0;
    function bump() { root.mmedUpdates += 1; root.setAttribute("data-updates", String(root.mmedUpdates)); }
    function replace(view, name, rows) {
      view.change(name, vega.changeset().remove(function () { return true; }).insert(rows));
    }
    // The model's inputs: a non-finisher leaves by the programme's last full year at the latest.
    function scenario() {
      var v = values(), leaves = Math.min(v.dropout_year, lastFullYear(v.duration_years));
      return {inputs: Object.assign({}, v, {dropout_year: leaves}), leaves: leaves, moved: v.dropout_year > leaves};
    }
    // The rows of every view for one scenario (deterministic part).
    function results_(inputs) {
      var r = M.evaluate(inputs), sens = M.sensitivity(inputs, config.spread), H = inputs.horizon_years, flows = [], band = [];
      var leaves = inputs.dropout_year, asked = controls.dropout_year.value;
      for (var k = 0; k < H; k++) {
        flows.push({year: k + 1, cumulative: r.cumulative_discounted[k], net_flow: r.net_flow[k]});
        band.push({year: k + 1, low: r.cumulative_discounted[k], high: r.cumulative_discounted[k]});
      }
      var summary = {npv: r.npv, breakeven_year: r.breakeven_year, payback_year: r.payback_year, total_cost: r.total_cost,
                     irr: r.irr, breakeven_post_salary: r.breakeven_post_salary, leaves_after: leaves, dropout_moved: asked > leaves};
      sens.forEach(function (row, index) {
        row.position = index + 1;
        row.low = Math.min(row.npv_low, row.npv_high); row.high = Math.max(row.npv_low, row.npv_high);
        row.direction = row.npv_high >= row.npv_low ? "Raising it raises the NPV" : "Raising it lowers the NPV";
      });
      last = {result: r, sensitivity: sens, simulation: null, inputs: inputs};
      return {roi: {flows: flows, summary: [summary], band: band},
              tornado: {sensitivity: sens, bars: sens.filter(function (row) { return row.swing > 0; })}};
    }
    function compute() {
      scheduled = false;
      generation += 1;
      var mine = generation, s = scenario(), rows = results_(s.inputs);
      var roiView = views[0], tornadoView = views[1];
      roiView.signal("currency", currency).signal("horizon_years", s.inputs.horizon_years);
      replace(roiView, "flows", rows.roi.flows);
      replace(roiView, "summary", rows.roi.summary);
      tornadoView.signal("currency", currency);
      replace(tornadoView, "sensitivity", rows.tornado.sensitivity);
      replace(tornadoView, "bars", rows.tornado.bars);
      renderResults(); renderPrint(); renderNotes();
      return Promise.all([roiView.runAsync(), tornadoView.runAsync()]).then(function () {
        root.setAttribute("data-busy", "simulation");  // the band is on its way
        bump();
        simulate(mine, s.inputs);
      });
    }
    // One computation a frame however many changes arrive in it.
    var update = function () {
      if (!views || scheduled) { return; }
      scheduled = true;
      window.requestAnimationFrame(compute);
    };
    function later(fn) {
      if (window.requestIdleCallback) { window.requestIdleCallback(fn, {timeout: 100}); } else { window.setTimeout(fn, 0); }
    }
    function quantile(sorted, p) {  // linear between order statistics, as numpy and Vega
      var h = (sorted.length - 1) * p, lo = Math.floor(h);
      return lo + 1 < sorted.length ? sorted[lo] + (sorted[lo + 1] - sorted[lo]) * (h - lo) : sorted[lo];
    }
    function numeric(a, b) { return a - b; }
    // roi.simulate over the page's draws (numpy's uniform numbers, shipped with the page).
    function simulate(mine, inputs) {
      var n = config.simulation.draws, u = simulationUniforms(), H = inputs.horizon_years;
      var npv = new Array(n), byYear = [], k = 0, t;
      for (t = 0; t < H; t++) { byYear.push(new Array(n)); }
      function chunk(deadline) {
        if (mine !== generation) { return; }  // the reader changed something: start again there
        // Work while the browser is idle (at least 25 draws a turn), then yield to input.
        var minimum = Math.min(n, k + 25);
        for (; k < n && (k < minimum || (deadline && deadline.timeRemaining && deadline.timeRemaining() > 2)); k++) {
          var r = M.years(M.simulationDraw(inputs, u, k));
          npv[k] = r.npv;
          for (t = 0; t < H; t++) { byYear[t][k] = r.cumulative_discounted[t]; }
        }
        if (k < n) { later(chunk); return; }
        var band = byYear.map(function (values, index) {
          values.sort(numeric);
          return {year: index + 1, low: quantile(values, 0.05), high: quantile(values, 0.95)};
        });
        var sorted = npv.slice().sort(numeric);
        var positive = npv.filter(function (x) { return x > 0; }).length / n;
        var percentiles = [0.05, 0.5, 0.95].map(function (p) { return {prob: p, value: quantile(sorted, p)}; });
        last.simulation = {percentiles: percentiles, probability_positive: positive};
        replace(views[0], "band", band);
        replace(views[0], "simulation_percentiles", percentiles);
        replace(views[0], "simulation_chance", [{probability_positive: positive, draws: n}]);
        renderResults();
        views[0].runAsync().then(function () {
          if (mine === generation) { root.removeAttribute("data-busy"); bump(); }
        });
      }
      later(chunk);
    }
    // The first result goes into the specs before they are drawn: the views start complete.
    function withRows(spec, rows) {
      var copy = JSON.parse(JSON.stringify(spec));
      copy.data.forEach(function (d) { if (rows[d.name]) { d.values = rows[d.name]; } });
      copy.signals.forEach(function (signal) {
        if (signal.name === "currency") { signal.value = currency; }
        if (signal.name === "horizon_years") { signal.value = controls.horizon_years.value; }
      });
      return copy;
    }
    restore();
    var first = results_(scenario().inputs);
    Promise.all([embed(chart, withRows(config.specs.roi, first.roi)),
                 embed(tornado, withRows(config.specs.tornado, first.tornado))]).then(function (made) {
      views = made;
      root.mmedViews = {roi: made[0], tornado: made[1]};
      update();
    });
    function restore() {
      var saved = readFragment(config.key);
      if (!Object.keys(saved).length) { return; }
      if (saved.currency && config.currencies.indexOf(saved.currency) >= 0) {
        currency = saved.currency; currencySelect.node.value = currency; setRanges();
      }
      if (saved.preset && config.presets.some(function (p) { return p.id === saved.preset; })) {
        preset = saved.preset; presetSelect.node.value = preset;
      }
      Object.keys(controls).forEach(function (name) {
        if (saved[name] === undefined) { return; }
        var control = controls[name], number = Number(saved[name]);
        control.box.value = saved[name];
        var problem = isNaN(number) ? "\u201c" + saved[name] + "\u201d from the link is not a number." : check(fields[name])(number);
        if (problem) { control.fail(problem); return; }
        control.set(number);
        // A salary from a link is the reader's own unless it is the illustrative starting value.
        if (number !== config.start[name] || currency !== config.currency) { delete illustrative[name]; }
      });
    }
    root.mmedState = function () { return {currency: currency, preset: preset, values: values()}; };
  }

  // ------------------------------------------------------------------ the comparison explorer
  // The ranking is compare-rule.js's (generated from mmedlearn/compare_rule.py, the rule
  // mmedlearn.compare runs); this part only wires controls to it and draws what it returns:
  // the chart's top rows and the table's, never the whole catalogue at once.
  function foldText(text) {
    return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  function compareExplorer(root, config) {
    var rule = window.mmedCompareRule;
    var data = rule.columnar(config.data.rule), shown = config.data.shown, cats = data.categories;
    var currency = config.currency, showAll = false, query = "";
    function text(name, row) {  // a category column's value, or null where missing
      var code = data.columns[name][row];
      return code < cats[name].length ? cats[name][code] : null;
    }
    function shownText(name, row) {
      var code = shown[name].codes[row];
      return code >= 0 ? shown[name].categories[code] : null;
    }
    var haystack = null;  // what a search looks in, folded once, on the first search
    function searchText(row) {
      if (!haystack && data.n) {
        haystack = [];
        for (var i = 0; i < data.n; i++) {
          haystack.push(foldText([text("institution", i), shownText("programme", i), shownText("specialty", i), text("country", i)].join(" ")));
        }
      }
      return haystack ? haystack[row] : "";
    }

    var groups = {
      research: checkboxGroup("Research required", "research", config.choices.research),
      delivery: checkboxGroup("Delivery", "delivery", config.choices.delivery),
      paid_post: checkboxGroup("Paid post while studying", "paid_post", config.choices.paid_post)
    };
    var searchId = uid("search");
    var search = el("input", {type: "search", id: searchId, "class": "mmed-search", autocomplete: "off",
      placeholder: "e.g. Nairobi, psychiatry", "aria-describedby": searchId + "-hint"});
    var searchRow = el("div", {"class": "mmed-control mmed-search-row"}, [
      el("label", {"for": searchId, text: "Find a programme"}), search,
      el("span", {"class": "mmed-caption", id: searchId + "-hint", text: "Institution, programme, specialty or country: the ranking keeps its order and shows only the programmes that match."})]);
    var countrySelect = select("Country", [["", "All countries"]].concat(config.choices.countries.map(function (c) { return [c, c]; })), "");
    var specialtySelect = select("Specialty", [["", "All specialties"]].concat(config.choices.specialties.map(function (c) { return [c, c]; })), "");
    var currencySelect = select("Currency", config.currencies.map(function (c) { return [c, c]; }), currency);
    countrySelect.node.setAttribute("data-name", "country");
    specialtySelect.node.setAttribute("data-name", "specialty");
    currencySelect.node.setAttribute("data-name", "currency");
    var summary = el("p", {"class": "mmed-summary", role: "status"});
    var rankedWith = el("p", {"class": "mmed-ranked-with"});
    var chart = el("div", {"class": "mmed-chart"});
    var chartCaption = el("p", {"class": "mmed-caption"});
    // Focusable, so that keyboard users can scroll a table wider than a phone.
    var tableHolder = el("div", {"class": "mmed-table-holder", tabindex: "0", role: "region", "aria-label": "Ranking table"});
    var more = el("button", {type: "button", "class": "mmed-button mmed-show-all"});
    var limitDuration = el("input", {type: "checkbox", id: uid("limit"), "data-name": "limit_duration"});
    var limitCost = el("input", {type: "checkbox", id: uid("limit"), "data-name": "limit_cost"});
    function whole(min, max, name) {
      return function (v) {
        if (!(isFinite(v) && v >= min && (max === null || v <= max))) {
          return "Enter a number " + (max === null ? "of at least " + min : "from " + min + " to " + max) + ". The results keep your last valid value.";
        }
        if (name && Math.round(v) !== v) { return "Enter a whole number from " + min + " to " + max + "."; }
        return null;
      };
    }
    var identity = function (v) { return v; };
    var checks = {};
    checks.max_duration_years = whole(0, 10);
    var duration = numberControl({name: "max_duration_years", label: "Can be finished within (years)", value: 4,
      allowed: "a number from 0 to 10", digits: 2, unit: "years", toShown: identity, toModel: identity,
      check: checks.max_duration_years, changed: function () { limitDuration.checked = true; update(); }});
    duration.setRange(config.duration_slider[0], config.duration_slider[1], config.duration_slider[2]);
    duration.set(4);
    checks.max_annual_cost = whole(0, null);
    var cost = numberControl({name: "max_annual_cost", label: "Annual tuition at most", value: 10000 * (config.scales[currency] || 1),
      allowed: "a number of at least 0", digits: 2, unit: currency, toShown: identity, toModel: identity,
      check: checks.max_annual_cost, changed: function () { limitCost.checked = true; update(); }});
    function costRange() {
      var s = config.cost_slider, scale = config.scales[currency] || 1;
      cost.setRange(s[0] * scale, s[1] * scale, s[2] * scale);
      cost.row.querySelector(".mmed-unit").textContent = currency;
    }
    costRange();
    cost.set(10000 * (config.scales[currency] || 1));
    var weights = {};
    config.criteria.forEach(function (c) {
      checks["w_" + c.name] = whole(0, config.max_weight, true);
      weights[c.name] = numberControl({name: "w_" + c.name, label: "Weight: " + c.label, value: 1,
        allowed: "a whole number from 0 to " + config.max_weight, digits: 0, toShown: identity, toModel: identity,
        check: checks["w_" + c.name], changed: function () { update(); }});
      weights[c.name].setRange(0, config.max_weight, 1);
      weights[c.name].set(1);
    });
    var weightMessage = el("p", {"class": "mmed-message", role: "alert"});

    Object.keys(groups).forEach(function (name) {
      groups[name].inputs.forEach(function (input) { input.addEventListener("change", function () { update(); }); });
    });
    [limitDuration, limitCost, countrySelect.node, specialtySelect.node].forEach(function (node) {
      node.addEventListener("change", function () { showAll = false; update(); });
    });
    search.addEventListener("input", function () { query = search.value; showAll = false; update(); });
    more.addEventListener("click", function () { showAll = !showAll; update(); });
    currencySelect.node.addEventListener("change", function () {
      var from = currency, to = currencySelect.node.value;
      currency = to;
      // The cost limit follows the currency at the ECB rates (whole units).
      cost.value = Math.round(cost.value / config.rates[from] * config.rates[to]);
      costRange();
      cost.set(cost.value);
      update();
    });

    function filters() {
      var f = {};
      Object.keys(groups).forEach(function (name) { f[name] = groups[name].chosen(); });
      f.countries = countrySelect.node.value ? [countrySelect.node.value] : [];
      f.specialties = specialtySelect.node.value ? [specialtySelect.node.value] : [];
      f.max_duration_years = limitDuration.checked ? duration.value : null;
      f.max_annual_cost = limitCost.checked ? cost.value : null;
      f.currency = currency;
      config.criteria.forEach(function (c) { f["w_" + c.name] = weights[c.name].value; });
      return f;
    }
    // A choice that leaves nothing to compare is said, not shown as an empty ranking.
    function problems(f) {
      var bad = false;
      Object.keys(groups).forEach(function (name) {
        var empty = f[name].length === 0;
        groups[name].message.textContent = empty ? "Tick at least one. The results keep your last valid choice." : "";
        bad = bad || empty;
      });
      var total = config.criteria.reduce(function (sum, c) { return sum + f["w_" + c.name]; }, 0);
      weightMessage.textContent = total > 0 ? "" : "At least one weight must be above 0. The results keep your last valid weights.";
      return bad || total === 0;
    }
    function rank(f) {
      var weightsNow = {};
      config.criteria.forEach(function (c) { weightsNow[c.name] = f["w_" + c.name]; });
      var choices = {countries: f.countries, specialties: f.specialties, research: f.research, delivery: f.delivery, paid_post: f.paid_post};
      var settings = {max_duration_years: f.max_duration_years, max_annual_cost: f.max_annual_cost, currency: f.currency, weights: weightsNow};
      return rule.run(data, rule.buildTables(data, choices, config.rates), rule.buildParams(data, settings, config.rates));
    }
    // What the ranking was made with, in words: on screen and on paper.
    function describe(f) {
      var all = function (name, list) { return list.length === config.choices[name].length ? "any" : list.join(", "); };
      var parts = [
        "country: " + (f.countries[0] || "all"), "specialty: " + (f.specialties[0] || "all"),
        "research: " + all("research", f.research), "delivery: " + all("delivery", f.delivery),
        "paid post: " + all("paid_post", f.paid_post),
        "finished within: " + (f.max_duration_years === null ? "no limit" : formatNumber(f.max_duration_years) + " years"),
        "annual tuition: " + (f.max_annual_cost === null ? "no limit" : "at most " + formatMoney(f.max_annual_cost, f.currency)),
        "weights: " + config.criteria.map(function (c) { return c.label.toLowerCase() + " " + f["w_" + c.name]; }).join(", ")
      ];
      return "Ranked with " + parts.join("; ") + (query.trim() ? "; showing the programmes that match \u201c" + query.trim() + "\u201d" : "") + ".";
    }

    var durationRow = el("div", {"class": "mmed-limit"}, [
      el("span", {"class": "mmed-check"}, [limitDuration, el("label", {"for": limitDuration.id,
        text: "Only programmes that can be finished within the years below (their longest reported duration)"})]),
      duration.row,
      el("p", {"class": "mmed-caption", text: config.unknown_duration + " programmes report no duration: they stay in the ranking, flagged \u201cduration\u201d."})]);
    var costRow = el("div", {"class": "mmed-limit"}, [
      el("span", {"class": "mmed-check"}, [limitCost, el("label", {"for": limitCost.id,
        text: "Limit the annual tuition (a programme with no published fee, or no exchange rate, stays in, flagged)"})]),
      cost.row]);
    var tools = linkTools(root, config.key, function () {
      var f = filters(), state = {};
      ["research", "delivery", "paid_post"].forEach(function (name) { state[name] = f[name].join("|"); });
      state.country = f.countries[0] || ""; state.specialty = f.specialties[0] || ""; state.q = query;
      state.limit_duration = limitDuration.checked ? 1 : 0; state.max_duration_years = duration.value;
      state.limit_cost = limitCost.checked ? 1 : 0; state.max_annual_cost = cost.value; state.currency = currency;
      config.criteria.forEach(function (c) { state["w_" + c.name] = weights[c.name].value; });
      return state;
    }, function () {});
    var moreFilters = el("details", {"class": "mmed-more"}, [
      el("summary", {text: "More filters: research, delivery, paid post, length, tuition"}),
      el("p", {"class": "mmed-caption", text: "A programme is removed only when its sources show it fails a filter; what no source gives stays in and is flagged."}),
      el("div", {"class": "mmed-groups"}, [groups.research.node, groups.delivery.node, groups.paid_post.node]),
      durationRow, costRow]);
    var weightPanel = el("details", {"class": "mmed-more"}, [
      el("summary", {text: "Weights: how much each criterion matters (0 ignores it)"}),
      el("div", {"class": "mmed-grid"}, config.criteria.map(function (c) { return weights[c.name].row; }))]);
    root.appendChild(el("div", {"class": "mmed-explorer-body"}, [
      searchRow,
      el("div", {"class": "mmed-row mmed-selects"}, [countrySelect.row, specialtySelect.row, currencySelect.row]),
      moreFilters, weightPanel, weightMessage, summary, rankedWith, chartCaption, chart, tableHolder, more, tools]));

    function years(row) {
      var low = data.columns.duration_min_years[row], high = data.columns.duration_max_years[row];
      if (isNaN(low) && isNaN(high)) { return "not stated"; }
      if (isNaN(low) || isNaN(high) || low === high) { return formatNumber(isNaN(low) ? high : low); }
      return formatNumber(low) + "\u2013" + formatNumber(high);
    }
    function fee(row) {
      var c = data.columns, cur = text("fee_currency", row), year = c.fee_year[row], parts = [];
      if (!isNaN(c.tuition_per_year[row])) { parts.push(formatMoney(c.tuition_per_year[row], cur) + " a year"); }
      if (!isNaN(c.one_off_fees[row])) { parts.push(formatMoney(c.one_off_fees[row], cur) + " one-off"); }
      if (!parts.length) { return "not stated"; }
      var whom = shownText("fee_applies_to", row);
      return parts.join(" + ") + (whom ? " for " + whom : "") + " (" + (isNaN(year) ? "no year given" : String(year)) + ")";
    }
    function labels(row) {
      var inst = data.columns.institution[row], specialty = shownText("specialty", row) || shownText("programme", row);
      var country = text("country", row), institution = text("institution", row) || "";
      var abroad = shown.institution_abroad[inst];
      return {
        wide: [institution, specialty + (country && institution.indexOf(country) < 0 ? " \u00b7 " + country : "")],
        narrow: [shown.institution_short[inst] + (abroad ? ", " + country : ""), specialty],
        name: institution + " \u00b7 " + specialty + (country ? " \u00b7 " + country : "")
      };
    }
    function onlyCountry(country) {
      countrySelect.node.value = country;
      showAll = false;
      update();
    }
    function renderTable(items) {
      tableHolder.textContent = "";
      if (!items.length) { return; }
      var columns = [["programme", "Programme"], ["annual_cost", "In " + currency], ["score", "Score"],
        ["unknown", "Unknown (scores 0), or fee to check"], ["country", "Country", true], ["years", "Duration (years)", true],
        ["research", "Research", true], ["paid_post", "Paid post", true], ["fee", "Published fee", true]];
      var head = el("tr", {}, columns.map(function (c) {
        return el("th", {scope: "col", "class": c[2] ? "mmed-secondary" : null, text: c[1]});
      }));
      var body = el("tbody", {}, items.map(function (item) {
        var row = item.row, country = text("country", row), span = years(row);
        var values = {annual_cost: isNaN(item.annual_cost) ? "unknown" : formatNumber(Math.round(item.annual_cost), 0),
          score: formatNumber(item.score, 2), unknown: item.unknown || "nothing", country: country || "not stated",
          years: span, research: text("research_requirement", row), paid_post: text("paid_post", row), fee: fee(row)};
        var details = [span === "not stated" ? "duration not stated" : span + " years", "research: " + values.research,
          "paid post: " + values.paid_post, "fee: " + values.fee].join(" \u00b7 ");
        var only = countrySelect.node.value || !country ? null
          : el("button", {type: "button", "class": "mmed-only", "data-country": country, text: "Only " + country});
        if (only) { only.addEventListener("click", function () { onlyCountry(country); }); }
        var name = el("th", {scope: "row", "class": "mmed-programme"}, [
          el("span", {"class": "mmed-rank", text: item.rank + ". "}), el("span", {text: text("institution", row)}),
          el("span", {"class": "mmed-programme-name", text: shownText("programme", row)}),
          el("span", {"class": "mmed-details", text: (country ? country + " \u00b7 " : "") + details}), only]);
        return el("tr", {"data-row": String(row)}, columns.map(function (c) {
          if (c[0] === "programme") { return name; }
          return el("td", {"class": c[2] ? "mmed-secondary" : (c[0] === "unknown" ? "mmed-unknown" : null), text: values[c[0]]});
        }));
      }));
      tableHolder.appendChild(el("table", {"class": "mmed-table mmed-ranking"}, [
        el("caption", {text: "The ranking, with what each programme's sources leave unknown"}), el("thead", {}, [head]), body]));
    }

    var last = filters(), result = null, matches = [];
    function compute() {
      var f = filters();
      if (problems(f)) { f = last; } else { last = f; }
      result = rank(f);
      var words = foldText(query).split(/\s+/).filter(Boolean);
      matches = [];
      for (var k = 0; k < result.order.length; k++) {
        var row = result.order[k];
        if (!words.length || words.every(function (w) { return searchText(row).indexOf(w) >= 0; })) { matches.push(k); }
      }
      rankedWith.textContent = describe(f);
      return f;
    }
    function item(k) {
      var row = result.order[k], out = {row: row, rank: k + 1, score: result.score[k], annual_cost: result.annual_cost[k],
        unknown: rule.flagLabels(data, row, result.flags[k]).join(", ")};
      config.criteria.forEach(function (c) { out["from_" + c.name] = result["from_" + c.name][k]; });
      return out;
    }
    function chartRows() {
      return matches.slice(0, config.chart_rows).map(function (k, index) {
        var it = item(k), names = labels(it.row);
        return {slot: index + 1, rank: it.rank, score: it.score, unknown: it.unknown, wide: names.wide, narrow: names.narrow,
          name: names.name, from_duration: it.from_duration, from_cost: it.from_cost, from_research: it.from_research,
          from_paid_post: it.from_paid_post};
      });
    }
    function render(f) {
      var total = result.order.length, searching = query.trim() !== "";
      var converted = [];
      for (var k = 0; k < total; k++) { if (!isNaN(result.annual_cost[k])) { converted.push(text("fee_currency", result.order[k])); } }
      var matched = total + " of " + config.total + " programmes match";
      if (!total) {
        summary.textContent = "No programme matches these filters. Widen a filter (another country or specialty, more answers under More filters, a longer duration, a higher tuition limit) to see programmes again.";
      } else if (searching && !matches.length) {
        summary.textContent = matched + ", but none of them matches \u201c" + query.trim() + "\u201d. Check the spelling, or search for the institution's town or the specialty alone.";
      } else {
        summary.textContent = matched + (searching ? "; " + matches.length + " of them match \u201c" + query.trim() + "\u201d" : "")
          + ". Exchange rates: " + rateNote(config, ratesUsed(currency, converted, config.rates)) + ".";
      }
      var empty = !matches.length;
      summary.classList.toggle("mmed-empty", empty);
      chart.hidden = empty;
      chartCaption.textContent = empty ? "" : "The chart shows the first " + Math.min(config.chart_rows, matches.length) + " of these; the table below lists them with what is unknown.";
      var listed = showAll ? matches.length : Math.min(config.table_rows, matches.length);
      renderTable(matches.slice(0, listed).map(item));
      more.hidden = matches.length <= config.table_rows;
      more.textContent = showAll ? "Show the first " + config.table_rows + " only" : "Show all " + matches.length;
      return f;
    }

    // Changes made in one event are drawn once, right after it (a microtask, not the next
    // animation frame): the ranking takes a few milliseconds, so waiting a frame would only
    // add to what a reader waits for.
    var update = function () {};
    embed(chart, config.specs.ranking).then(function (view) {
      var pending = false, running = Promise.resolve();
      root.mmedViews = {ranking: view};
      root.mmedUpdates = 0;
      update = function () {
        if (pending) { return running; }
        pending = true;
        running = running.then(function () {
          pending = false;
          compute();
          render();
          view.data("top", chartRows());
          return view.runAsync();
        }).then(function () {
          root.mmedUpdates += 1;
          root.setAttribute("data-updates", String(root.mmedUpdates));
        });
        return running;
      };
      restore();
      update().then(function () {
        // Fold the search text while the reader is still reading, not on their first key.
        (window.requestIdleCallback || window.setTimeout)(function () { searchText(0); });
      });
    });
    function restore() {
      var saved = readFragment(config.key);
      if (!Object.keys(saved).length) { return; }
      Object.keys(groups).forEach(function (name) {
        if (saved[name] === undefined) { return; }
        groups[name].set(saved[name] ? saved[name].split("|") : []);
      });
      [[countrySelect, "country", "countries"], [specialtySelect, "specialty", "specialties"]].forEach(function (s) {
        var value = saved[s[1]];
        if (value === undefined) { return; }
        s[0].node.value = value && config.choices[s[2]].indexOf(value) >= 0 ? value : "";
      });
      if (saved.q !== undefined) { query = saved.q; search.value = saved.q; }
      if (saved.currency && config.currencies.indexOf(saved.currency) >= 0) { currency = saved.currency; currencySelect.node.value = currency; costRange(); }
      limitDuration.checked = saved.limit_duration === "1";
      limitCost.checked = saved.limit_cost === "1";
      // A number from a link is checked as the boxes check it: what a box refuses, the link
      // cannot set (a negative, infinite, hexadecimal or empty weight or limit).
      [[duration, "max_duration_years"], [cost, "max_annual_cost"]].concat(config.criteria.map(function (c) { return [weights[c.name], "w_" + c.name]; }))
        .forEach(function (pair) {
          var value = saved[pair[1]];
          if (value === undefined) { return; }
          var number = parseTyped(value), problem = isNaN(number) ? "is not a number" : checks[pair[1]](number);
          if (problem) {
            pair[0].fail("\u201c" + value + "\u201d from the link was not used: " + (isNaN(number) ? "it is not a number." : problem));
            pair[0].box.value = value;
            var panel = pair[0].row.closest("details");
            if (panel) { panel.open = true; }  // the reader sees why
            if (pair[1] === "max_duration_years") { limitDuration.checked = false; }
            if (pair[1] === "max_annual_cost") { limitCost.checked = false; }
            return;
          }
          pair[0].set(number);
        });
    }
    root.mmedState = filters;
    root.mmedRanking = function () {  // every ranked row, for tests: position in the catalogue, rank, score, flags
      return Array.prototype.map.call(result.order, function (row, k) {
        var it = item(k);
        return {row: row, rank: it.rank, score: it.score, coverage: result.coverage[k],
          annual_cost: isNaN(it.annual_cost) ? null : it.annual_cost, unknown: it.unknown};
      });
    };
  }

  function start() {
    if (!window.vegaEmbed) { return; }
    document.querySelectorAll(".mmed-explorer").forEach(function (root) {
      if (root.mmedStarted) { return; }
      root.mmedStarted = true;
      var config = JSON.parse(root.querySelector(".mmed-explorer-config").textContent);
      var loading = root.querySelector(".mmed-explorer-loading");
      if (loading) { loading.remove(); }
      (config.kind === "roi" ? roiExplorer : compareExplorer)(root, config);
    });
  }
  // The book loads Vega on demand (js/charts.js): wait for it, in whichever order the scripts run.
  function whenVega() {
    if (window.vegaEmbed) { start(); }
    else if (window.mmedVegaReady) { window.mmedVegaReady.then(start); }
    else { document.addEventListener("mmed:vega-ready", start, {once: true}); }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", whenVega); } else { whenVega(); }
})();
