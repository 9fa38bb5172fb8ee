// The sequence view: heatmaps (units × steps) of the quantities data.quantities names, each
// titled data.titles[name], rows labelled data.units, below the inputs data.arrays.inputs with
// data.markers. What they are comes from gatesgrad.explorers.sequence; the view only draws.
// A cell's colour encodes its value: opacity = |value| (scaled to the range), hue = sign.

function render({ model, el }) {
  const data = model.get("data");
  const A = data.arrays;
  const inputs = gridAt(A.inputs, {});  // (2, T): value, marker
  const [H, T] = A.c.shape.slice(-2);
  const titles = data.titles;
  const scale = { i: 1, f: 1, o: 1, g: 1, h: 1, c: 1 };  // c: its largest size in this mode
  const cellW = 300 / T, cellH = 12, panelH = 18 + H * cellH + 14;
  const svg = s("svg", {
    viewBox: `0 0 680 ${52 + 3 * panelH}`, class: "gg-heatmaps", role: "img",
    "aria-label": data.description,
  });

  // the inputs: a strip of values, the markers as triangles
  const strip = s("g", { transform: "translate(40, 4)" }, [
    s("text", { x: -6, y: 20, "text-anchor": "end", class: "gg-hm-label", text: data.input_label }),
    ...Array.from({ length: T }, (_, t) => s("rect", {
      x: t * cellW * 2, y: 10, width: cellW * 2 - 1, height: 14,
      class: "gg-hm-input", "fill-opacity": inputs[t].toFixed(4),
    })),
    ...data.markers.map((m) => s("text", {
      x: (m - 0.5) * cellW * 2, y: 40, "text-anchor": "middle", class: "gg-hm-marker", text: `▲ marker, t = ${m}`,
    })),
  ]);
  svg.append(strip);

  const panels = {};
  let cTitle = null;
  data.quantities.forEach((name, k) => {
    const x0 = 40 + (k % 2) * 340, y0 = 52 + Math.floor(k / 2) * panelH;
    const cells = [];
    const title = s("text", { x: 0, y: 12, class: "gg-hm-title", text: titles[name] });
    if (name === "c") cTitle = title;
    const g = s("g", { transform: `translate(${x0}, ${y0})`, "data-quantity": name }, [title]);
    for (let u = 0; u < H; u++) {
      g.append(s("text", { x: -4, y: 18 + u * cellH + 10, "text-anchor": "end", class: "gg-hm-label", text: data.units[u] }));
      for (let t = 0; t < T; t++) {
        const rect = s("rect", { x: t * cellW, y: 18 + u * cellH, width: cellW - 0.5, height: cellH - 1 });
        cells.push(rect);
        g.append(rect);
      }
    }
    data.markers.forEach((m) => g.append(s("line", {
      x1: (m - 0.5) * cellW, x2: (m - 0.5) * cellW, y1: 16, y2: 18 + H * cellH + 2, class: "gg-hm-markline",
    })));
    panels[name] = cells;
    svg.append(g);
  });

  function draw(selection) {
    scale.c = gridAt(A.c_limit, selection);
    cTitle.textContent = `${titles.c} (full colour: ±${scale.c.toFixed(2)})`;
    for (const name of data.quantities) {
      const values = gridAt(A[name], selection);  // (H, T) flattened
      panels[name].forEach((rect, j) => {
        const v = values[j] / scale[name];
        setAttrs(rect, { class: v < 0 ? "gg-hm-neg" : "gg-hm-pos", "fill-opacity": Math.abs(v).toFixed(4) });
      });
    }
  }

  return mountExplorer({ model, el, figure: [svg], draw });
}
