// A line chart whose y values arrive as log10 (so 10^300 and 10^-300 both fit), with fixed
// levels (hlines) and places on x (vlines) marked across it.
// The svg carries its axis ranges as data-* attributes, so a test can map every
// drawn point back to the value it stands for.

// The y range always covers `yRange` (in decades) and grows in whole steps of `yStep`.
function logPlot({ xLabel, yLabel, description, yRange = [-10, 10], yStep = 10 }) {
  const W = 640, H = 360, box = { left: 72, right: 620, top: 16, bottom: 312 };
  const svg = s("svg", {
    viewBox: `0 0 ${W} ${H}`, class: "gg-plot", role: "img", "aria-label": description,
  });
  const layers = ["grid", "lines", "series", "marks"].map((name) => s("g", { class: `gg-${name}` }));
  svg.append(
    ...layers,
    s("text", { x: (box.left + box.right) / 2, y: H - 6, class: "gg-axis-label", "text-anchor": "middle", text: xLabel }),
    s("text", {
      x: 16, y: (box.top + box.bottom) / 2, class: "gg-axis-label", "text-anchor": "middle",
      transform: `rotate(-90 16 ${(box.top + box.bottom) / 2})`, text: yLabel,
    }),
  );
  const [grid, lines, seriesLayer, marks] = layers;

  function update({ xMin = 0, xMax, series, hlines = [], vlines = [] }) {
    const finite = series.flatMap((one) => Array.from(one.ys).filter(Number.isFinite));
    const lo = Math.min(yRange[0], Math.floor(Math.min(...finite, yRange[0]) / yStep) * yStep);
    const hi = Math.max(yRange[1], Math.ceil(Math.max(...finite, yRange[1]) / yStep) * yStep);
    const X = (x) => box.left + ((x - xMin) / (xMax - xMin)) * (box.right - box.left);
    const Y = (y) => box.bottom - ((y - lo) / (hi - lo)) * (box.bottom - box.top);
    setAttrs(svg, {
      "data-x-min": xMin, "data-x-max": xMax, "data-y-min": lo, "data-y-max": hi,
      "data-left": box.left, "data-right": box.right, "data-top": box.top, "data-bottom": box.bottom,
    });

    grid.replaceChildren(
      s("rect", { x: box.left, y: box.top, width: box.right - box.left, height: box.bottom - box.top, class: "gg-frame" }),
      ...ticks(xMin, xMax).flatMap((x) => [
        s("line", { x1: X(x), x2: X(x), y1: box.bottom, y2: box.bottom + 5, class: "gg-tick" }),
        s("text", { x: X(x), y: box.bottom + 20, "text-anchor": "middle", class: "gg-tick-label", text: x }),
      ]),
      ...ticks(lo, hi, true).flatMap((y) => [
        s("line", { x1: box.left, x2: box.right, y1: Y(y), y2: Y(y), class: y === 0 ? "gg-gridline gg-one" : "gg-gridline" }),
        s("text", { x: box.left - 8, y: Y(y) + 4, "text-anchor": "end", class: "gg-tick-label", text: y === 0 ? "1" : `10${superscript(y)}` }),
      ]),
    );

    lines.replaceChildren(...hlines.filter((line) => line.y > lo && line.y < hi).flatMap((line) => [
      s("line", { x1: box.left, x2: box.right, y1: Y(line.y), y2: Y(line.y), class: `gg-hline ${line.className}` }),
      s("text", { x: box.right - 4, y: Y(line.y) - 4, "text-anchor": "end", class: "gg-hline-label", text: line.label }),
    ]), ...vlines.filter((line) => line.x >= xMin && line.x <= xMax).flatMap((line) => [
      s("line", { x1: X(line.x), x2: X(line.x), y1: box.top, y2: box.bottom, class: `gg-vline ${line.className}` }),
      s("text", { x: X(line.x) + 4, y: box.top + 14, class: "gg-vline-label", text: line.label }),
    ]));

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
      const top = y === Infinity;
      const cy = top ? box.top + 6 : box.bottom - 6;
      return s("text", {
        x: X(x), y: cy + 4, "text-anchor": "middle", class: `gg-offchart ${one.className}`,
        "data-series": one.name, text: Number.isNaN(y) ? "?" : top ? "▲" : "▼",
      });
    }));
    return { lo, hi, offChart: offChart.length };
  }

  return { svg, update };
}

// Round tick positions between lo and hi (whole decades when `integer`).
function ticks(lo, hi, integer = false) {
  const raw = (hi - lo) / 6;
  const base = Math.pow(10, Math.floor(Math.log10(raw)));
  let step = [1, 2, 5, 10].map((m) => m * base).find((v) => v >= raw);
  if (integer) step = Math.max(1, Math.round(step));
  const out = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9; v += step) out.push(Math.round(v * 1e6) / 1e6);
  return out;
}
