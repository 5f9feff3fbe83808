// Draws the page's charts without making the text wait for Vega (200 kB compressed, and a
// long task to start on a phone). The build (book/_ext/mmed_book.py, load_charts_on_demand)
// leaves the vega scripts in the page's head with a type the browser neither fetches nor runs,
// and turns each Altair chart into a JSON block [spec, embed options] after its container.
// This script fetches the vega scripts once a chart or an explorer comes within a screen of
// being seen, draws that chart, then the page's other charts one at a time when the browser
// is idle. Printing or a test can ask for every chart at once: window.mmedDrawAllCharts().
//
// Any script that needs Vega waits for it, whatever order the scripts run in:
//   window.mmedVegaReady: a promise of window.vegaEmbed (exists once this script has run);
//   the "mmed:vega-ready" event on document, fired once when Vega has loaded;
//   window.mmedLoadVega(): start loading now (returns mmedVegaReady).
// So a script that may run before or after this one waits like this:
//   if (window.vegaEmbed) { start(); }
//   else if (window.mmedVegaReady) { window.mmedVegaReady.then(start); }
//   else { document.addEventListener("mmed:vega-ready", start, {once: true}); }
(function () {
  "use strict";

  var ON_DEMAND = 'script[type="text/x-mmed-on-demand"]';
  if (window.mmedLoadVega) { return; }  // loaded twice
  var resolveReady, rejectReady;
  window.mmedVegaReady = new Promise(function (resolve, reject) { resolveReady = resolve; rejectReady = reject; });

  var loading = false;
  function loadVega() {
    if (loading) { return window.mmedVegaReady; }
    loading = true;
    var pending = Array.prototype.slice.call(document.querySelectorAll(ON_DEMAND));
    if (window.vegaEmbed || !pending.length) { ready(); return window.mmedVegaReady; }
    // Fetched in parallel, run in order (async = false), as the scripts would in the head.
    var left = pending.length;
    pending.forEach(function (placeholder) {
      var script = document.createElement("script");
      script.src = placeholder.src;
      script.async = false;
      script.onload = function () { left -= 1; if (!left) { ready(); } };
      script.onerror = function () { failed("could not load " + placeholder.src); };
      document.head.appendChild(script);
    });
    return window.mmedVegaReady;
  }
  function ready() {
    if (!window.vegaEmbed) { failed("Vega did not start"); return; }
    resolveReady(window.vegaEmbed);
    document.dispatchEvent(new CustomEvent("mmed:vega-ready"));
  }
  function failed(reason) {
    rejectReady(new Error(reason));
    charts.forEach(function (chart) {
      if (!chart.drawn) { chart.node.textContent = "This chart could not be drawn: " + reason + "."; }
    });
  }
  window.mmedLoadVega = loadVega;

  // ------------------------------------------------------------------ the page's charts
  var charts = Array.prototype.map.call(document.querySelectorAll("script.mmed-chart-data"), function (data) {
    return {node: document.getElementById(data.getAttribute("data-for")), data: data, drawn: null};
  }).filter(function (chart) { return chart.node; });

  function draw(chart) {
    if (!chart.drawn) {
      chart.drawn = loadVega().then(function (vegaEmbed) {
        var specAndOptions = JSON.parse(chart.data.textContent);
        return vegaEmbed(chart.node, specAndOptions[0], specAndOptions[1]);
      }).catch(function (error) {
        chart.node.textContent = "This chart could not be drawn: " + error.message;
      });
    }
    return chart.drawn;
  }

  // Once Vega is here, the other charts follow one per idle moment, so that each is drawn by
  // the time the reader reaches it (or prints) and none holds up a tap or a scroll.
  function drawTheRestWhenIdle() {
    var idle = window.requestIdleCallback || function (callback) { return setTimeout(callback, 50); };
    var next = charts.filter(function (chart) { return !chart.drawn; })[0];
    if (next) { idle(function () { draw(next).then(drawTheRestWhenIdle); }); }
  }
  window.mmedVegaReady.then(drawTheRestWhenIdle, function () {});

  window.mmedDrawAllCharts = function () {
    return Promise.all(charts.map(draw)).then(function () { return loadVega(); });
  };
  window.addEventListener("beforeprint", function () { window.mmedDrawAllCharts(); });

  // A chart, or an explorer (which draws with Vega too), within a screen of being seen.
  var watched = charts.map(function (chart) { return chart.node; })
    .concat(Array.prototype.slice.call(document.querySelectorAll(".mmed-explorer")));
  if (!watched.length) { return; }
  if (!("IntersectionObserver" in window)) { window.mmedDrawAllCharts(); return; }
  var observer = new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (!entry.isIntersecting) { return; }
      observer.unobserve(entry.target);
      var chart = charts.filter(function (c) { return c.node === entry.target; })[0];
      if (chart) { draw(chart); } else { loadVega(); }
    });
  }, {rootMargin: "0px 0px 100% 0px"});
  watched.forEach(function (node) { observer.observe(node); });
})();
