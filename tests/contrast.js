// WCAG 2 AA text contrast of every visible piece of text under `root`, HTML and chart (SVG)
// text alike: 4.5:1, or 3:1 for large text (24 px, or 18.66 px bold). The ground is the first
// opaque background behind the text, with translucent layers blended over it; a chart's text
// counts its fill and opacity. Returns [how many elements were checked, the failures].
(root) => {
  function rgba(s) {
    const m = s && s.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  }
  function luminance(c) {
    const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
  }
  function ground(node) {
    const layers = [];
    for (let n = node; n; n = n.parentElement) {
      const c = rgba(getComputedStyle(n).backgroundColor);
      if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
    }
    let base = [255, 255, 255];
    for (let i = layers.length - 1; i >= 0; i--) {
      const c = layers[i];
      base = base.map((v, k) => c[k] * c[3] + v * (1 - c[3]));
    }
    return base;
  }
  const failures = [], seen = new Set();
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const text = walker.currentNode;
    if (!text.textContent.trim()) continue;
    const el = text.parentElement;
    if (seen.has(el)) continue;
    const style = getComputedStyle(el), box = el.getBoundingClientRect();
    if (!box.width || !box.height || style.visibility === 'hidden' || el.closest('[hidden]')) continue;
    seen.add(el);
    const inChart = !!el.closest('svg');
    const fg = rgba(inChart ? style.fill : style.color);
    if (!fg) continue;
    if (inChart) {
      let opacity = parseFloat(style.fillOpacity);
      for (let n = el; n && n.tagName.toLowerCase() !== 'svg'; n = n.parentElement) opacity *= parseFloat(getComputedStyle(n).opacity);
      fg[3] *= opacity;
    }
    const bg = ground(el);
    const ink = fg.slice(0, 3).map((v, k) => v * fg[3] + bg[k] * (1 - fg[3]));
    const a = luminance(ink), b = luminance(bg);
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    const size = parseFloat(style.fontSize), bold = parseInt(style.fontWeight, 10) >= 700;
    const needed = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
    if (ratio < needed) {
      failures.push({text: text.textContent.trim().slice(0, 40), ratio: Math.round(ratio * 100) / 100,
                     ink: 'rgb(' + ink.map(Math.round).join(',') + ')', ground: 'rgb(' + bg.map(Math.round).join(',') + ')'});
    }
  }
  return [seen.size, failures];
}
