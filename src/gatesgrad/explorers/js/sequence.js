// The sequence view: heatmaps (units × steps) of the quantities data.quantities names, each
// titled data.titles[name], rows labelled data.units, below the inputs data.arrays.inputs with
// data.markers. What they are comes from gatesgrad.explorers.sequence; the view only draws.
// A cell's colour encodes its value: opacity = |value| / data.scales[name], hue = sign.
//
// Drawn for the width it has, its viewBox its size in px (1 unit = 1 px, text 12 px): two
// panels a row from TWO_COLUMNS px on; below, one a row, its rows shorter (9 px), the
// first unit labelled on its own and the others under one label ("1–3"). It is drawn
// again when the width changes.

const TWO_COLUMNS = 560;

function render({ model, el }) {
  const data = model.get("data");
  const A = data.arrays;
  const inputs = gridAt(A.inputs, {});  // (2, T): value, marker
  const [H, T] = A.c.shape.slice(-2);
  const svg = s("svg", { class: "gg-heatmaps", role: "img", "aria-label": data.description });
  const wrap = h("div", { class: "gg-heatmaps-wrap" }, [svg]);
  let panels = {};
  let width = 0;

  // the inputs over one column: a strip of values, the markers as triangles
  const strip = (x0, cellW) => s("g", { transform: `translate(${x0}, 0)` }, [
    s("text", { x: -6, y: 16, "text-anchor": "end", class: "gg-hm-label", text: data.input_label }),
    ...Array.from({ length: T }, (_, t) => s("rect", {
      x: t * cellW, y: 5, width: Math.max(cellW - 1, 0.5), height: 14,
      class: "gg-hm-input", "fill-opacity": inputs[t].toFixed(4),
    })),
    ...data.markers.map((m) => s("text", {
      x: (m - 0.5) * cellW - 6, y: 34, class: "gg-hm-marker", text: `▲ t = ${m}`,
    })),
  ]);

  function layout() {
    const measured = Math.floor(wrap.getBoundingClientRect().width);
    const next = Math.min(720, measured > 0 ? Math.max(240, measured) : 680);  // not in a page yet: 680
    if (next === width) return;
    width = next;
    const W = width, columns = W >= TWO_COLUMNS ? 2 : 1;
    const labelW = 34, gap = 16;  // the unit labels' column; between two columns
    const colW = (W - columns * labelW - (columns - 1) * gap) / columns;
    // one column: rows 9 px tall, the first labelled alone, the rest under one label
    const cellW = colW / T, cellH = columns === 2 ? 12 : 9;
    const top = 42, panelH = (columns === 2 ? 20 : 18) + H * cellH + (columns === 2 ? 10 : 4);
    const rows = Math.ceil(data.quantities.length / columns);
    const Hpx = top + rows * panelH;
    setAttrs(svg, { viewBox: `0 0 ${W} ${Hpx}`, "data-columns": columns });
    svg.style.width = `${W}px`;
    const x0s = Array.from({ length: columns }, (_, k) => labelW + k * (colW + labelW + gap));
    svg.replaceChildren(...x0s.map((x0) => strip(x0, cellW)));
    panels = {};
    data.quantities.forEach((name, k) => {
      const x0 = x0s[k % columns], y0 = top + Math.floor(k / columns) * panelH;
      const cells = [];
      const head = columns === 2 ? 20 : 18;  // the title's line, above the rows
      const title = s("text", { x: 0, y: head - 6, class: "gg-hm-title", text: data.titles[name] });
      const g = s("g", { transform: `translate(${x0}, ${y0})`, "data-quantity": name }, [title]);
      const labels = columns === 2 || H < 3
        ? data.units.map((unit, u) => [unit, head + u * cellH + cellH - 1])
        : [[data.units[0], head + cellH - 0.5], [`${data.units[1]}–${data.units[H - 1]}`, head + cellH + ((H - 1) * cellH) / 2 + 5]];
      for (const [text, y] of labels) g.append(s("text", { x: -4, y, "text-anchor": "end", class: "gg-hm-label", text }));
      for (let u = 0; u < H; u++) {
        for (let t = 0; t < T; t++) {
          const rect = s("rect", { x: t * cellW, y: head + u * cellH, width: Math.max(cellW - 0.5, 0.5), height: cellH - 1 });
          cells.push(rect);
          g.append(rect);
        }
      }
      data.markers.forEach((m) => g.append(s("line", {
        x1: (m - 0.5) * cellW, x2: (m - 0.5) * cellW, y1: head - 2, y2: head + H * cellH + 2, class: "gg-hm-markline",
      })));
      panels[name] = cells;
      svg.append(g);
    });
    draw(model.get("selection"));
  }

  function draw(selection) {
    for (const name of data.quantities) {
      const values = gridAt(A[name], selection);  // (H, T) flattened
      const scale = data.scales[name];
      panels[name].forEach((rect, j) => {
        const v = values[j] / scale;
        setAttrs(rect, { class: v < 0 ? "gg-hm-neg" : "gg-hm-pos", "fill-opacity": Math.abs(v).toFixed(4) });
      });
    }
  }

  layout();
  const observer = typeof ResizeObserver === "undefined" ? null : new ResizeObserver(() => layout());
  observer?.observe(wrap);
  const unmount = mountExplorer({ model, el, figure: [wrap], draw });
  return () => { observer?.disconnect(); unmount(); };
}
