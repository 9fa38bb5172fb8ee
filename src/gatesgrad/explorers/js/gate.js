// The gate explorer: one step of a one-unit LSTM drawn as the cell diagram, with the
// value on every wire. Every number comes from gatesgrad.explorers.gate.gate_grid.

function render({ model, el }) {
  const data = model.get("data");
  const svg = s("svg", {
    viewBox: "0 0 680 330", class: "gg-cell", role: "img",
    "aria-label": `LSTM cell diagram with the current value of every gate, the candidate, the cell state and the output; the ${data.gate} gate is highlighted.`,
  });

  const wire = (points, cls = "") => s("polyline", { points: points.map((p) => p.join(",")).join(" "), class: `gg-wire ${cls}` });
  const node = (x, y, symbol) => [
    s("circle", { cx: x, cy: y, r: 12, class: "gg-node" }),
    s("text", { x, y: y + 5, "text-anchor": "middle", class: "gg-node-symbol", text: symbol }),
  ];
  const value = (name, x, y, anchor = "middle") =>
    s("text", { x, y, "text-anchor": anchor, class: "gg-val", "data-name": name });
  const label = (text, x, y, anchor = "middle") =>
    s("text", { x, y, "text-anchor": anchor, class: "gg-wire-label", text });

  // gate boxes: name, centre x, symbol, range of the bar
  const boxes = [
    { name: "f", x: 200, fn: "σ", title: "forget fₜ" },
    { name: "i", x: 300, fn: "σ", title: "input iₜ" },
    { name: "g", x: 390, fn: "tanh", title: "candidate gₜ" },
    { name: "o", x: 490, fn: "σ", title: "output oₜ" },
  ];
  const bars = {};
  const boxNodes = boxes.flatMap(({ name, x, fn, title }) => {
    const focus = name === data.gate ? " gg-focus" : "";
    bars[name] = s("rect", { x: x - 30, y: 204, height: 6, width: 0, class: `gg-bar gg-bar-${name}` });
    return [
      s("rect", { x: x - 34, y: 166, width: 68, height: 48, rx: 6, class: `gg-gate${focus}`, "data-gate": name }),
      s("text", { x, y: 160, "text-anchor": "middle", class: "gg-gate-title", text: title }),
      s("text", { x, y: 183, "text-anchor": "middle", class: "gg-gate-fn", text: fn }),
      value(name, x, 199), bars[name],
    ];
  });

  svg.append(
    // the cell state, left to right
    wire([[70, 50], [610, 50]], "gg-cell-line"),
    label("cₜ₋₁", 14, 44, "start"), value("c", 14, 66, "start"),
    label("cₜ", 668, 44, "end"), value("c_t", 668, 66, "end"),
    // forget: f_t up into ×
    wire([[200, 166], [200, 62]]), ...node(200, 50, "×"),
    label("kept f·c", 210, 95, "start"), value("kept", 210, 112, "start"),
    // input: i_t and g_t into ×, up into +
    wire([[300, 166], [300, 120], [378, 120]]), wire([[390, 166], [390, 132]]),
    ...node(390, 120, "×"), wire([[390, 108], [390, 62]]), ...node(390, 50, "+"),
    label("written i·g", 400, 95, "start"), value("written", 400, 112, "start"),
    // output: tanh(c_t), times o_t, gives h_t
    wire([[560, 50], [560, 104]]),
    s("ellipse", { cx: 560, cy: 120, rx: 24, ry: 14, class: "gg-node" }),
    s("text", { x: 560, y: 125, "text-anchor": "middle", class: "gg-node-symbol", text: "tanh" }),
    value("tanh_c", 592, 125, "start"),
    wire([[560, 134], [560, 178]]), wire([[524, 190], [548, 190]]), ...node(560, 190, "×"),
    wire([[560, 202], [560, 262], [640, 262]]),
    label("hₜ", 668, 256, "end"), value("h_t", 668, 280, "end"),
    // inputs: h_{t−1} and x_t on one bus into every gate
    wire([[40, 290], [490, 290]]), wire([[110, 318], [110, 290]]),
    ...boxes.map(({ x }) => wire([[x, 290], [x, 214]])),
    label("hₜ₋₁", 14, 285, "start"), value("h", 14, 306, "start"),
    label("xₜ", 124, 322, "start"),
    ...boxNodes,
  );

  function draw(selection) {
    const at = (name) => valueAt(name, selection);
    svg.querySelectorAll(".gg-val").forEach((text) => {
      text.textContent = formatNumber(at(text.dataset.name));
    });
    for (const [name, bar] of Object.entries(bars)) {
      const v = at(name);  // gates in (0, 1); the candidate in (−1, 1), drawn from the middle
      if (name === "g") setAttrs(bar, { x: v >= 0 ? 390 : 390 + v * 30, width: Math.abs(v) * 30 });
      else setAttrs(bar, { width: v * 60 });
    }
  }

  // a value on the diagram: a slider's (x, h, c) or one Python computed
  function valueAt(name, selection) {
    const control = data.controls.find((c) => c.name === name);
    return control ? control.values[selection[name]] : gridAt(data.arrays[name], selection);
  }

  return mountExplorer({ model, el, figure: [svg], draw });
}
