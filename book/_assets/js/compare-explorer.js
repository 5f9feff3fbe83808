// Chapter 3's kernel-free comparison explorer (mmedlearn.static_explorers.compare_config);
// the shared controls are js/explorer-common.js's, the ranking is js/compare-rule.js's.
(function () {
  "use strict";
  var X = window.mmedExplorers;
  var el = X.el, uid = X.uid, formatNumber = X.formatNumber, formatMoney = X.formatMoney, ratesUsed = X.ratesUsed,
    rateNote = X.rateNote, readTyped = X.readTyped, parseTyped = X.parseTyped, numberControl = X.numberControl,
    checkboxGroup = X.checkboxGroup, select = X.select, embed = X.embed, readFragment = X.readFragment,
    linkTools = X.linkTools;

  // ------------------------------------------------------------------ the catalogue, on demand
  // The page holds only its first view (static_explorers.comparison_first_view: the default
  // ranking's first rows, as mmedlearn.compare computed them when the book was built). The
  // catalogue is a file of its own under _static (static_explorers.comparison_file), loaded
  // when the reader reaches for a control, changes a setting, presses "Show all" or opens a
  // copied link, with a <script> element: fetch() cannot read a page opened from file://. So
  // what the page sends grows with what the reader looks at, not with the catalogue.
  var loadFile = X.onDemand("mmedExplorerFileLoaded", function (name) { return name; });

  // ------------------------------------------------------------------ the comparison explorer
  // The ranking is compare-rule.js's (generated from mmedlearn/compare_rule.py, the rule
  // mmedlearn.compare runs); this part only wires controls to it and draws what it returns:
  // the chart's top rows and the table's, never the whole catalogue at once.
  function foldText(text) {
    return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  function compareExplorer(root, config) {
    var rule = window.mmedCompareRule, first = config.first_view;
    // Until the catalogue is loaded, `data` holds the first view's rows only (row k of it is
    // row first.positions[k] of the catalogue); once loaded, the whole catalogue.
    var data = rule.columnar(first.data.rule), shown = first.data.shown, cats = data.categories;
    var whole = false;
    var currency = config.currency, showAll = false, query = "";
    function position(row) { return whole ? row : first.positions[row]; }  // in the catalogue
    function currentData() { return data; }
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
      if (!whole) { return ""; }  // a search loads the catalogue first
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
    function wholeNumber(min, max, name) {
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
    checks.max_duration_years = wholeNumber(0, 10);
    var duration = numberControl({name: "max_duration_years", label: "Can be finished within (years)", value: 4,
      allowed: "a number from 0 to 10", digits: 2, unit: "years", toShown: identity, toModel: identity,
      check: checks.max_duration_years, changed: function () { limitDuration.checked = true; update(); }});
    duration.setRange(config.duration_slider[0], config.duration_slider[1], config.duration_slider[2]);
    duration.set(4);
    checks.max_annual_cost = wholeNumber(0, null);
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
      checks["w_" + c.name] = wholeNumber(0, config.max_weight, true);
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
    function rank(f, catalogueData) {
      var data = catalogueData || currentData();
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
        return el("tr", {"data-row": String(position(row))}, columns.map(function (c) {
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
    // The first view as the rule's result would give it (static_explorers.comparison_first_view).
    function firstResult() {
      var n = first.positions.length, out = {order: [], unknown: first.unknown, matched: first.matched, converted: first.converted};
      for (var k = 0; k < n; k++) { out.order.push(k); }
      Object.keys(first.result).forEach(function (name) {
        out[name] = Float64Array.from(first.result[name], function (v) { return v === null ? NaN : v; });
      });
      return out;
    }
    function showFirstView() {
      result = firstResult();
      matches = result.order.slice();
      rankedWith.textContent = describe(filters());
    }
    function item(k) {
      var row = result.order[k], out = {row: row, rank: k + 1, score: result.score[k], annual_cost: result.annual_cost[k],
        unknown: result.unknown ? result.unknown[k] : rule.flagLabels(data, row, result.flags[k]).join(", ")};
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
      var total = whole ? result.order.length : result.matched, searching = query.trim() !== "";
      var converted = whole ? [] : result.converted;
      for (var k = 0; whole && k < total; k++) { if (!isNaN(result.annual_cost[k])) { converted.push(text("fee_currency", result.order[k])); } }
      var count = whole ? matches.length : total;  // the first view holds only the first rows
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
      chartCaption.textContent = empty ? "" : "The chart shows the first " + Math.min(config.chart_rows, count) + " of these; the table below lists them with what is unknown.";
      var listed = showAll ? matches.length : Math.min(config.table_rows, matches.length);
      renderTable(matches.slice(0, listed).map(item));
      more.hidden = count <= config.table_rows;
      more.textContent = showAll ? "Show the first " + config.table_rows + " only" : "Show all " + count;
      return f;
    }

    // While the catalogue loads, the explorer says so and shows no ranking: the one on screen
    // was made with other settings (explorers.css hides it, keeping its place).
    function busy(on) {
      if (on) {
        root.setAttribute("data-busy", "catalogue");
        root.setAttribute("aria-busy", "true");
        summary.classList.remove("mmed-empty");
        summary.textContent = "Loading all " + config.total + " programmes to rank them with your settings\u2026";
        rankedWith.textContent = "";
        chartCaption.textContent = "";
      } else {
        root.removeAttribute("data-busy");
        root.removeAttribute("aria-busy");
      }
    }
    // The catalogue is asked for as soon as the reader reaches for a control (a tap, a key, the
    // focus), so that it has usually arrived by the time they change something; a reader who
    // only reads never loads it. A failed load is asked for again on the next change.
    var catalogue = null, arrived = null;
    function fetchCatalogue() {
      if (!catalogue) {
        catalogue = loadFile(config.data_file, config.data_file).then(function (raw) {
          arrived = {data: rule.columnar(raw.rule), shown: raw.shown};
          // Rank once while the reader is still choosing, result unused: the browser then has
          // the rule's code compiled for a catalogue this size before the change it waits for
          // (not when a change has ranked the catalogue already).
          (window.requestIdleCallback || window.setTimeout)(function () { if (!whole) { rank(last, arrived.data); } });
        }, function (error) { catalogue = null; throw error; });
      }
      return catalogue;
    }
    // The first ranking with the whole catalogue: from now on the page ranks it all itself.
    function useCatalogue() {
      if (whole) { return; }
      data = arrived.data; shown = arrived.shown; cats = data.categories;
      whole = true; haystack = null;
      // Fold the search text while the reader is still reading, not on their next key.
      (window.requestIdleCallback || window.setTimeout)(function () { searchText(0); });
    }
    function loadCatalogue() {  // for a change: says it is loading, or that it failed
      if (arrived) { return Promise.resolve(); }
      busy(true);
      return fetchCatalogue().then(function () { busy(false); }, function (error) {
        root.setAttribute("data-busy", "failed");  // the old ranking stays out of sight
        root.removeAttribute("aria-busy");
        summary.textContent = "The ranking could not be loaded (the file " + config.data_file + " is missing from this copy of the book, or the connection failed): change a setting to try again.";
        throw error;
      });
    }
    ["pointerdown", "keydown", "focusin"].forEach(function (kind) {
      root.addEventListener(kind, function () { fetchCatalogue().catch(function () {}); }, {once: true, passive: true});
    });

    // Changes made in one event are drawn once, right after it (a microtask, not the next
    // animation frame): the ranking takes a few milliseconds, so waiting a frame would only
    // add to what a reader waits for.
    var update = function () {};
    embed(chart, config.specs.ranking).then(function (view) {
      var pending = false, running = Promise.resolve();
      root.mmedViews = {ranking: view};
      root.mmedUpdates = 0;
      function draw(prepare) {
        prepare();
        render();
        view.data("top", chartRows());
        return view.runAsync().then(function () {
          root.mmedUpdates += 1;
          root.setAttribute("data-updates", String(root.mmedUpdates));
        });
      }
      update = function () {
        if (pending) { return running; }
        pending = true;
        var ready = loadCatalogue();
        running = Promise.all([running, ready]).then(function () {
          pending = false;
          return draw(function () { useCatalogue(); compute(); });
        }, function () { pending = false; });
        return running;
      };
      // A copied link is ranked with its settings, so it needs the catalogue; a first visit
      // shows the first view, computed when the book was built.
      if (restore()) { update(); } else { draw(showFirstView); }
    });
    function restore() {  // whether a link set anything
      var saved = readFragment(config.key);
      if (!Object.keys(saved).length) { return false; }
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
      return true;
    }
    root.mmedState = filters;
    // Every ranked row, for tests: position in the catalogue, rank, score, flags. Before the
    // catalogue is loaded, the first view's rows only (mmedComplete says which).
    root.mmedComplete = function () { return whole; };
    root.mmedRanking = function () {
      return Array.prototype.map.call(result.order, function (row, k) {
        var it = item(k);
        return {row: position(row), rank: it.rank, score: it.score, coverage: result.coverage[k],
          annual_cost: isNaN(it.annual_cost) ? null : it.annual_cost, unknown: it.unknown};
      });
    };
  }
  X.register("compare", compareExplorer);
})();
