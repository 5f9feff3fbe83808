// The ipywidgets HTML manager typesets widget labels with MathJax 2's MathJax.Hub.Queue;
// the book loads MathJax 3, which has no Hub, so every widget on a page with formulas threw
// "Cannot read properties of undefined (reading 'Queue')". Loaded (deferred) right after
// MathJax, this gives it the one call the widgets use, mapped to MathJax 3's typesetPromise.
if (window.MathJax && !window.MathJax.Hub) {
  window.MathJax.Hub = {
    Queue: function () {
      var elements = Array.prototype.slice.call(arguments)
        .map(function (job) { return Array.isArray(job) ? job[2] : null; })
        .filter(Boolean);
      if (window.MathJax.typesetPromise) { window.MathJax.typesetPromise(elements); }
    },
  };
}
