// Chapter 5's kernel-free ROI explorer (mmedlearn.static_explorers.roi_config); the shared
// controls are js/explorer-common.js's, the model is js/mmed-model.gen.js's.
(function () {
  "use strict";
  var X = window.mmedExplorers;
  var el = X.el, uid = X.uid, formatNumber = X.formatNumber, formatMoney = X.formatMoney, ratesUsed = X.ratesUsed,
    rateNote = X.rateNote, readTyped = X.readTyped, parseTyped = X.parseTyped, numberControl = X.numberControl,
    checkboxGroup = X.checkboxGroup, select = X.select, embed = X.embed, readFragment = X.readFragment,
    linkTools = X.linkTools;


  // "Start from my situation": the values of mmedlearn.scenario.start_from_situation, computed
  // in Python when the book is built, for every country, funding and programme
  // (static_explorers.situation_data), one file a country in _static/situations/, loaded when
  // the reader picks that country, with a <script> element: fetch() cannot read a page opened
  // from file://. What the page sends grows with the countries, not with the programmes.
  var loadSituation = X.onDemand("mmedSituationLoaded", function (data) { return data.country; });
  // One situation from a country's file: the funding's values, with what the programme
  // changes laid over them (static_explorers._difference, undone). No rule is applied here.
  function situationFor(data, funding, programme) {
    var base = data.fundings[funding], fills = {};
    if (programme) {
      var found = data.programmes.filter(function (item) { return item.id === programme; })[0];
      fills = !found ? {} : (found.fills.by_funding ? found.fills.by_funding[funding] : found.fills);
    }
    var origins = Object.assign({}, base.origins, fills.origins || {});
    Object.keys(origins).forEach(function (name) { origins[name] = data.texts[origins[name]]; });
    return {currency: fills.currency || base.currency, notes: base.notes.concat(fills.notes_added || []),
            values: Object.assign({}, base.values, fills.values || {}), origins: origins};
  }
  window.mmedSituationFor = situationFor;  // for the tests, which hold it against Python in Node

  // ------------------------------------------------------------------ the ROI explorer
  // The page computes with mmed-model.gen.js (generated from mmedlearn.model, the tree that
  // roi.evaluate runs) and pushes rows into the Vega views, which only draw them: one change
  // is a few thousand multiplications, answered within a frame. The uncertainty band comes
  // after, in small chunks when the browser is idle, and is dropped if the reader moves on.
  function roiExplorer(root, config) {
    var M = window.mmedModel, vega = window.vega || (window.vegaEmbed && window.vegaEmbed.vega);
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
    var fields = {}, controls = {}, currency = config.currency, picked = null;
    config.fields.forEach(function (field) { fields[field.name] = field; });
    var results = el("div", {"class": "mmed-results", "aria-live": "polite"});
    var notes = el("p", {"class": "mmed-notes", "aria-live": "polite"});
    var chart = el("div", {"class": "mmed-chart"});
    var tornado = el("div", {"class": "mmed-chart mmed-tornado"});
    var printSummary = el("div", {"class": "mmed-print-summary"});
    var currencySelect = select("Currency", config.currencies.map(function (c) { return [c, c]; }), currency);
    var places = config.situations;
    var countrySelect = select("Your country", [["", "Choose a country"]].concat(places.countries.map(function (c) {
      return [c[0], c[0]];
    })), "");
    var fundingSelect = select("How your place is funded", places.fundings.map(function (f) { return [f, f]; }), places.fundings[0]);
    var programmeSelect = select("Programme", [["", "Choose a country first"]], "");
    programmeSelect.node.disabled = true;
    [countrySelect, fundingSelect, programmeSelect].forEach(function (s, k) {
      s.node.setAttribute("data-print", "1");
      s.node.setAttribute("data-name", ["country", "funding", "programme"][k]);
    });
    currencySelect.node.setAttribute("data-name", "currency");
    var situationStatus = el("p", {"class": "mmed-caption mmed-situation-status", role: "status"});

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
    // Where each value came from, said under its box: a source and the year it applies to,
    // "illustrative", or "you changed this" once the reader sets it (then it is theirs).
    var origins = {};
    function originText(name) {
      var o = origins[name], field = fields[name];
      if (o.kind === "yours") { return "You changed this."; }
      if (o.kind === "link") { return "From your link."; }
      if (o.kind === "source") {
        return "Source: " + o.text + (o.convertedTo ? "; converted to " + o.convertedTo + " at the exchange rates" : "");
      }
      return "Illustrative" + (isMoney(field) && currency !== config.currency ? " (converted from " + config.currency + ")" : "")
        + ": no source gives yours here.";
    }
    // A source is named in full on a tap (its titles and addresses are long); the line under
    // the box says that there is one and the year it applies to.
    function renderOrigin(name) {
      var o = origins[name], holder = controls[name].origin, text = originText(name);
      holder.textContent = "";
      holder.setAttribute("data-origin", o.kind);
      if (o.kind !== "source") { holder.textContent = text; return; }
      // The year the source applies to: at the end of a situation's text, or (the starting
      // case's, which ends with the rounding) its first "(2025)".
      var when = /\(([^()]*)\)(, converted from [A-Z]{3})?$/.exec(o.text) || /\((\d{4})[,)]/.exec(o.text);
      var summary = "Source" + (when ? ", " + when[1] : "") + (when && when[2] ? when[2] : "")
        + (o.convertedTo ? ", converted to " + o.convertedTo : "");
      holder.appendChild(el("details", {}, [el("summary", {text: summary}), el("span", {text: text})]));
    }
    function renderOrigins() { Object.keys(controls).forEach(renderOrigin); }
    config.fields.forEach(function (field) {
      var control = numberControl({
        name: field.name, label: field.label, value: config.start[field.name], allowed: field.allowed,
        digits: isMoney(field) ? 2 : 4, debounce: 350, decimalsOnly: !isMoney(field),
        unit: field.percent ? "%" : (isMoney(field) ? currency : (field.kind === "years" ? "years" : "")),
        toShown: function (v) { return field.percent ? Math.round(v * 100 * 1e9) / 1e9 : v; },
        toModel: function (x) { return field.percent ? x / 100 : x; },
        check: check(field), changed: function () { origins[field.name] = {kind: "yours"}; renderOrigin(field.name); update(); }
      });
      controls[field.name] = control;
      control.origin = el("div", {"class": "mmed-origin", id: uid("origin")});
      control.row.appendChild(control.origin);
      control.box.setAttribute("aria-describedby", control.box.getAttribute("aria-describedby") + " " + control.origin.id);
      // The starting case's own origins (cases.starting_case): a source where it gave the value.
      var first = (config.start_origins || {})[field.name];
      origins[field.name] = first && first !== places.illustrative ? {kind: "source", text: first, start: true} : {kind: "illustrative"};
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

    // What the notes say: the last situation or currency change, then (scenario.salary_notes)
    // which salaries are still the illustrative case and whether income while studying
    // exceeds the salary without the degree. A salary the reader sets is theirs from then on.
    var noteText = "", converted = false;
    function fill(template, values) {
      return template.replace(/\{(\w+)\}/g, function (all, name) { return values[name]; });
    }
    function renderNotes() {
      var said = noteText ? [noteText] : [], t = config.salary_notes;
      // Still the starting case's: illustrative, or sourced for the starting case's country only.
      var still = config.salary_fields.filter(function (name) { return origins[name].kind === "illustrative" || origins[name].start; })
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
    // Every amount follows the currency at the exchange rates, the reader's own included: what
    // they typed is converted, never reset. Returns what to say about it.
    function switchCurrency(to) {
      var from = currency, rates = config.rates, said;
      if (to === from) { return ""; }
      if (!currencySelect.node.querySelector('option[value="' + to + '"]')) {
        currencySelect.node.appendChild(el("option", {value: to, text: to}));
      }
      currency = to;
      currencySelect.node.value = to;
      if (rates[from] && rates[to]) {
        config.fields.forEach(function (field) {
          if (!isMoney(field)) { return; }
          controls[field.name].value = Math.round(controls[field.name].value / rates[from] * rates[to]);
          if (origins[field.name].kind === "source") { origins[field.name].convertedTo = to; }
        });
        said = "Amounts converted from " + from + " to " + to + ", yours included, rounded to whole units. Exchange rates: "
          + rateNote(config, ratesUsed(to, [from], rates)) + ".";
      } else {
        said = "No exchange rate between " + from + " and " + to + " here: the amounts are kept as they were; enter yours in " + to + ".";
      }
      setRanges();
      converted = true;
      renderOrigins();
      return said;
    }
    currencySelect.node.addEventListener("change", function () {
      noteText = switchCurrency(currencySelect.node.value);
      renderNotes();
      update();
    });
    // A situation fills every input its data give, in the country's currency, each with its
    // source; what the reader set stays theirs (as flags win in `mmedlearn roi --country`),
    // unless it no longer fits the programme chosen.
    function applySituation(s, choice) {
      var said = [], kept = [], filled = 0;
      var moved = switchCurrency(s.currency);
      config.fields.forEach(function (field) {
        var name = field.name;
        if (!(name in s.values)) { return; }
        if (origins[name].kind === "yours") { kept.push(name); return; }
        controls[name].set(s.values[name]);
        if (s.origins[name] === places.illustrative) { origins[name] = {kind: "illustrative"}; }
        else { origins[name] = {kind: "source", text: s.origins[name]}; filled += 1; }
      });
      var gaveWay = kept.filter(function (name) {
        if (!check(fields[name])(controls[name].value)) { return false; }
        controls[name].set(s.values[name]);
        origins[name] = s.origins[name] === places.illustrative ? {kind: "illustrative"} : {kind: "source", text: s.origins[name]};
        return true;
      });
      kept = kept.filter(function (name) { return gaveWay.indexOf(name) < 0; });
      said.push("Started from " + choice.country + ", " + choice.funding + ", "
        + (choice.programme ? choice.label : "no programme chosen") + ", in " + s.currency + ": "
        + filled + " inputs filled from sources (the source and year are under each box); the others are illustrative.");
      if (kept.length) { said.push("Kept what you set: " + kept.map(function (n) { return fields[n].label; }).join(", ") + "."); }
      if (gaveWay.length) {
        said.push("No longer fitting this programme, so replaced: " + gaveWay.map(function (n) { return fields[n].label; }).join(", ") + ".");
      }
      if (moved) { said.push(moved); }
      s.notes.forEach(function (note) { said.push(note + "."); });
      picked = choice;
      converted = true;
      noteText = said.join(" ");
      renderOrigins();
      renderNotes();
      root.setAttribute("data-situation", [choice.country, choice.funding, choice.programme].join("|"));
      update();
    }
    function programmeOptions(data) {
      programmeSelect.node.textContent = "";
      [["", data.programmes.length ? "No programme (pay, wait and bond only)" : "No programme in the data for " + data.country]]
        .concat(data.programmes.map(function (p) { return [p.id, p.label]; }))
        .forEach(function (o) { programmeSelect.node.appendChild(el("option", {value: o[0], text: o[1]})); });
      programmeSelect.node.disabled = !data.programmes.length;
    }
    function choose(then) {
      var country = countrySelect.node.value;
      if (!country) {
        programmeSelect.node.textContent = "";
        programmeSelect.node.appendChild(el("option", {value: "", text: "Choose a country first"}));
        programmeSelect.node.disabled = true;
        return;
      }
      var file = places.countries.filter(function (c) { return c[0] === country; })[0][1];
      situationStatus.textContent = "Loading " + country + "\u2019s pay scales and programmes\u2026";
      loadSituation(country, "situations/" + file).then(function (data) {
        if (countrySelect.node.value !== country) { return; }  // the reader moved on
        situationStatus.textContent = "";
        if (programmeSelect.node.getAttribute("data-country") !== country) {
          programmeOptions(data);
          programmeSelect.node.setAttribute("data-country", country);
        }
        then(data);
      }, function () {
        situationStatus.textContent = "The data for " + country + " could not be loaded (its file is missing from this copy of the book): enter your values yourself.";
      });
    }
    function pick() {
      choose(function (data) {
        var id = programmeSelect.node.value, option = programmeSelect.node.options[programmeSelect.node.selectedIndex];
        applySituation(situationFor(data, fundingSelect.node.value, id),
          {country: data.country, funding: fundingSelect.node.value, programme: id, label: id && option ? option.textContent : ""});
      });
    }
    countrySelect.node.addEventListener("change", function () { programmeSelect.node.value = ""; pick(); });
    fundingSelect.node.addEventListener("change", pick);
    programmeSelect.node.addEventListener("change", pick);

    var tools = linkTools(root, config.key, function () {
      var state = {currency: currency};
      if (picked) { state.country = picked.country; state.funding = picked.funding; state.programme = picked.programme; }
      Object.keys(controls).forEach(function (name) { state[name] = controls[name].value; });
      return state;
    }, function () { renderPrint(); });

    var simulationNote = el("p", {"class": "mmed-caption", text: "Shaded band: the 5th to 95th percentile of "
      + formatNumber(config.simulation.draws, 0) + " simulated cases, varying " + config.simulation.ranges
      + " (illustrative ranges, as in the live calculator)."});
    root.appendChild(el("div", {"class": "mmed-explorer-body"}, [
      el("h3", {"class": "mmed-situation-title", text: "Start from my situation"}),
      el("div", {"class": "mmed-row"}, [countrySelect.row, fundingSelect.row, programmeSelect.row, currencySelect.row]),
      situationStatus, notes,
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
    renderOrigins();
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
      // A currency alone converts the starting amounts (they are in config.currency), as the
      // currency box does: a link never relabels USD amounts as another currency's.
      if (saved.currency && config.currencies.indexOf(saved.currency) >= 0) { noteText = switchCurrency(saved.currency); }
      if (saved.country && places.countries.some(function (c) { return c[0] === saved.country; })) {
        countrySelect.node.value = saved.country;
        if (places.fundings.indexOf(saved.funding) >= 0) { fundingSelect.node.value = saved.funding; }
        picked = {country: saved.country, funding: fundingSelect.node.value, programme: "", label: ""};
        choose(function () {  // the programmes are listed once the country's file is in
          if (saved.programme && programmeSelect.node.querySelector('option[value="' + CSS.escape(saved.programme) + '"]')) {
            programmeSelect.node.value = saved.programme;
            picked.programme = saved.programme;
            picked.label = programmeSelect.node.options[programmeSelect.node.selectedIndex].textContent;
          }
        });
      }
      Object.keys(controls).forEach(function (name) {
        if (saved[name] === undefined) { return; }
        var control = controls[name], number = Number(saved[name]);
        control.box.value = saved[name];
        var problem = isNaN(number) ? "\u201c" + saved[name] + "\u201d from the link is not a number." : check(fields[name])(number);
        if (problem) { control.fail(problem); return; }
        // A value from a link is the reader's own unless it is the starting value it replaces.
        if (number !== control.value) { origins[name] = {kind: "link"}; }
        control.set(number);
      });
      renderOrigins();
      renderNotes();
    }
    root.mmedState = function () {
      var shown = {};
      Object.keys(controls).forEach(function (name) { shown[name] = originText(name); });
      return {currency: currency, situation: picked, values: values(), origins: shown};
    };
  }

  X.register("roi", roiExplorer);
})();
