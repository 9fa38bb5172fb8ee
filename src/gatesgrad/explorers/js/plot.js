// A line chart whose y values arrive as log10 (so 10^300 and 10^-300 both fit), with fixed
// levels (hlines) and places on x (vlines) marked across it.
//
// The chart is laid out for the width it is shown at, not scaled: its viewBox is its size in
// CSS px (1 unit = 1 px), so its text keeps its size (12 px below 480 px wide, 13 px above)
// at any width; margins, the number of ticks, axis labels (wrapped onto two lines when long)
// and the labels of hlines and vlines (moved apart when they would overlap) follow the width.
// It lays itself out again when its width changes, with the data it last drew.
// The svg carries its axis ranges and box as data-* attributes, updated at every layout, so a
// test can map every drawn point back to the value it stands for.

const PLOT_NARROW = 480;  // below this width: 12 px text, a shorter chart

// The chart's height for its width: shorter on narrow screens.
function plotHeight(width) {
  return Math.round(Math.min(360, Math.max(220, 0.62 * width)));
}

// Text widths without touching the page's layout: one canvas for every chart.
let measureContext = null;
function textWidth(text, size, family) {
  measureContext = measureContext || document.createElement("canvas").getContext("2d");
  measureContext.font = `${size}px ${family}`;
  return measureContext.measureText(String(text)).width;
}

// Words of `text` in lines no wider than `room` (at most two; the second gets the rest).
function wrapText(text, room, width) {
  if (width(text) <= room) return [text];
  const words = text.split(" ");
  let best = [text];
  for (let k = words.length - 1; k > 0; k--) {
    const first = words.slice(0, k).join(" ");
    if (width(first) <= room) { best = [first, words.slice(k).join(" ")]; break; }
  }
  return best;
}

// The y range always covers `yRange` (in decades; an update may give its own as `range`) and
// grows in whole steps of `yStep` to take every finite value.
function logPlot({ xLabel, yLabel, description, yRange = [-10, 10], yStep = 10 }) {
  const svg = s("svg", { class: "gg-plot", role: "img", "aria-label": description });
  const layers = ["grid", "lines", "series", "marks", "labels"].map((name) => s("g", { class: `gg-${name}` }));
  svg.append(...layers);
  const [grid, lines, seriesLayer, marks, labels] = layers;
  let shownWidth = 0, family = null, last = null;

  // The width the chart is shown at (640 until it is on the page and has one).
  function measure() {
    const width = Math.round(svg.getBoundingClientRect().width);
    if (width > 0 && family === null) family = getComputedStyle(svg).fontFamily || "sans-serif";
    return width > 0 ? width : 640;
  }

  function update(args) {
    last = args;
    if (!shownWidth) shownWidth = measure();
    return layout(args, shownWidth);
  }

  function layout({ xMin = 0, xMax, series, hlines = [], vlines = [], range = yRange }, W) {
    const H = plotHeight(W);
    const f = W < PLOT_NARROW ? 12 : 13;  // every text of the chart, in px
    const width = (text) => textWidth(text, f, family || "sans-serif");
    const line = f + 3;

    const finite = series.flatMap((one) => Array.from(one.ys).filter(Number.isFinite));
    const lo = Math.min(range[0], Math.floor(Math.min(...finite, range[0]) / yStep) * yStep);
    const hi = Math.max(range[1], Math.ceil(Math.max(...finite, range[1]) / yStep) * yStep);

    // Margins: the axis labels (one or two lines each), then the tick labels.
    const top = 10;
    const xLines = wrapText(xLabel, W - 8, width);
    const bottom = H - (f + 10) - xLines.length * line;
    const yLines = wrapText(yLabel, bottom - top, width);
    const yTicks = ticks(lo, hi, true, Math.max(3, Math.min(6, Math.floor((bottom - top) / (3 * f)))));
    const yText = (y) => (y === 0 ? "1" : `10${superscript(y)}`);
    const left = Math.ceil(4 + yLines.length * line + 6 + Math.max(...yTicks.map((y) => width(yText(y)))) + 8);
    const xEnd = width(xMax);
    const right = Math.floor(W - Math.max(8, xEnd / 2 + 4));
    const xRoom = Math.max(width(xMin), xEnd) + 3 * f;
    const xTicks = ticks(xMin, xMax, true, Math.max(2, Math.min(6, Math.floor((right - left) / xRoom))));
    const box = { left, right, top, bottom };

    const X = (x) => box.left + ((x - xMin) / (xMax - xMin)) * (box.right - box.left);
    const Y = (y) => box.bottom - ((y - lo) / (hi - lo)) * (box.bottom - box.top);
    setAttrs(svg, {
      viewBox: `0 0 ${W} ${H}`, "data-width": W, "data-height": H, "data-font": f,
      "data-x-min": xMin, "data-x-max": xMax, "data-y-min": lo, "data-y-max": hi,
      "data-left": box.left, "data-right": box.right, "data-top": box.top, "data-bottom": box.bottom,
    });
    svg.style.fontSize = `${f}px`;

    grid.replaceChildren(
      s("rect", { x: box.left, y: box.top, width: box.right - box.left, height: box.bottom - box.top, class: "gg-frame" }),
      ...xTicks.flatMap((x) => [
        s("line", { x1: X(x), x2: X(x), y1: box.bottom, y2: box.bottom + 5, class: "gg-tick" }),
        s("text", { x: X(x), y: box.bottom + 6 + f, "text-anchor": "middle", class: "gg-tick-label", text: x }),
      ]),
      ...yTicks.flatMap((y) => [
        s("line", { x1: box.left, x2: box.right, y1: Y(y), y2: Y(y), class: y === 0 ? "gg-gridline gg-one" : "gg-gridline" }),
        s("text", { x: box.left - 6, y: Y(y) + f / 3, "text-anchor": "end", class: "gg-tick-label", text: yText(y) }),
      ]),
      ...xLines.map((text, k) => s("text", {
        x: Math.min(Math.max((box.left + box.right) / 2, 4 + width(text) / 2), W - 4 - width(text) / 2), y: H - 6 - (xLines.length - 1 - k) * line, class: "gg-axis-label", "text-anchor": "middle", text,
      })),
      ...yLines.map((text, k) => {
        const x = 4 + f - 2 + k * line, y = (box.top + box.bottom) / 2;
        return s("text", { x, y, class: "gg-axis-label", "text-anchor": "middle", transform: `rotate(-90 ${x} ${y})`, text });
      }),
    );

    // Marked places and levels, their labels where they overlap no other label: a vline's
    // beside it near the top, a row lower when the row is taken; an hline's above its right
    // end, else its left end, else below (below first for an hline marked `below`); a label wider than the box is shortened (its whole
    // text in a <title>).
    const placed = [];
    const free = (r) => r.x >= box.left && r.x + r.w <= box.right && r.y >= box.top && r.y + r.h <= box.bottom
      && placed.every((p) => r.x >= p.x + p.w || p.x >= r.x + r.w || r.y >= p.y + p.h || p.y >= r.y + r.h);
    const fit = (text) => {
      if (width(text) <= box.right - box.left - 8) return text;
      let cut = text;
      while (cut.length > 1 && width(`${cut}…`) > box.right - box.left - 8) cut = cut.slice(0, -1);
      return `${cut.trimEnd()}…`;
    };
    const label = (text, r, cls) => {
      placed.push(r);
      const shown = fit(text);
      return s("text", { x: r.x, y: r.y + f - 2, class: cls, "data-label": text, text: shown === text ? text : null },
        shown === text ? [] : [s("title", { text }), shown]);
    };
    const shownV = vlines.filter((v) => v.x >= xMin && v.x <= xMax).sort((a, b) => a.x - b.x);
    const shownH = hlines.filter((h) => h.y > lo && h.y < hi);
    const vLabels = shownV.map((v) => {
      const w = Math.min(width(v.label), box.right - box.left - 8), x = X(v.x);
      for (let row = 0; row < 4; row++) {
        const y = box.top + 3 + row * line;
        for (const r of [{ x: x + 4, y, w, h: f }, { x: x - 4 - w, y, w, h: f }]) {
          if (free(r)) return label(v.label, r, "gg-vline-label");
        }
      }
      return label(v.label, { x: Math.min(x + 4, box.right - w), y: box.top + 3, w, h: f }, "gg-vline-label");
    });
    const hLabels = shownH.map((one) => {
      const w = Math.min(width(one.label), box.right - box.left - 8), y = Y(one.y);
      const above = [{ x: box.right - 4 - w, y: y - 3 - f, w, h: f }, { x: box.left + 4, y: y - 3 - f, w, h: f }];
      const below = [{ x: box.right - 4 - w, y: y + 3, w, h: f }, { x: box.left + 4, y: y + 3, w, h: f }];
      const spots = one.below ? [...below, ...above] : [...above, ...below];
      const fallback = one.below ? (y + 3 + f <= box.bottom ? below[0] : above[0])
        : (y - 3 - f >= box.top ? above[0] : below[0]);
      return label(one.label, spots.find(free) || fallback, `gg-hline-label ${one.className}`);
    });
    lines.replaceChildren(
      ...shownH.map((one) => s("line", { x1: box.left, x2: box.right, y1: Y(one.y), y2: Y(one.y), class: `gg-hline ${one.className}` })),
      ...shownV.map((v) => s("line", { x1: X(v.x), x2: X(v.x), y1: box.top, y2: box.bottom, class: `gg-vline ${v.className}` })),
    );
    labels.replaceChildren(...hLabels, ...vLabels);

    const offChart = [];
    seriesLayer.replaceChildren(...series.map((one) => {
      let d = "", pen = "M";
      one.ys.forEach((y, i) => {
        const x = one.xs[i];
        if (!Number.isFinite(y)) { offChart.push({ x, y, one }); pen = "M"; return; }
        d += `${pen}${X(x).toFixed(2)},${Y(y).toFixed(2)}`;
        pen = "L";
      });
      return s("path", { d, class: `gg-series ${one.className}`, "data-series": one.name });
    }));
    marks.replaceChildren(...offChart.map(({ x, y, one }) => {
      const up = y === Infinity;
      const cy = up ? box.top + 6 : box.bottom - 6;
      return s("text", {
        x: X(x), y: cy + f / 3, "text-anchor": "middle", class: `gg-offchart ${one.className}`,
        "data-series": one.name, text: Number.isNaN(y) ? "?" : up ? "▲" : "▼",
      });
    }));
    return { lo, hi, offChart: offChart.length };
  }

  // Laid out again when the shown width changes (a frame later, once per frame). The height
  // it sets cannot change its width; a width that flips back and forth (a page scrollbar
  // that comes and goes with the height) settles on the wider of the two.
  if (typeof ResizeObserver !== "undefined") {
    let pending = false, widths = [];
    new ResizeObserver(() => {
      if (pending) return;
      pending = true;
      requestAnimationFrame(() => {
        pending = false;
        const now = Math.round(svg.getBoundingClientRect().width);
        if (!now || now === shownWidth || !svg.isConnected) return;
        widths = [...widths, now].slice(-4);
        const flipping = widths.length === 4 && widths[0] === widths[2] && widths[1] === widths[3];
        if (flipping && now < shownWidth) return;
        if (family === null) family = getComputedStyle(svg).fontFamily || "sans-serif";
        shownWidth = now;
        if (last) layout(last, shownWidth);
      });
    }).observe(svg);
  }

  return { svg, update };
}

// Round tick positions between lo and hi, about `count` of them (whole numbers when `integer`).
function ticks(lo, hi, integer = false, count = 6) {
  const raw = (hi - lo) / count;
  const base = Math.pow(10, Math.floor(Math.log10(raw)));
  let step = [1, 2, 2.5, 5, 10].map((m) => m * base).find((v) => v >= raw && (!integer || v === Math.round(v) || v < 1));
  if (integer) step = Math.max(1, Math.round(step));
  const out = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9; v += step) out.push(Math.round(v * 1e6) / 1e6);
  return out;
}
