// The gate explorer: one step of a one-unit LSTM drawn as the cell diagram, with the
// value on every wire. Every number comes from gatesgrad.explorers.gate.gate_grid.
//
// Drawn for the width it has, its viewBox its size in px (1 unit = 1 px, text 12–14 px):
// from WIDE px on, today's drawing (680 × 330, or its x positions narrowed to the width);
// below, a narrow drawing: the cell state across the top, the four gates in a 2 × 2 block,
// the inputs at the bottom. It is drawn again when the width changes.

const WIDE = 600;

function render({ model, el }) {
  const data = model.get("data");
  const svg = s("svg", {
    class: "gg-cell", role: "img",
    "aria-label": `LSTM cell diagram with the current value of every gate, the candidate, the cell state and the output; the ${data.gate} gate is highlighted.`,
  });
  const wrap = h("div", { class: "gg-cell-wrap" }, [svg]);
  let bars = {};  // name → { rect, x, width }: where each gate's bar starts and its full length
  let width = 0;  // the width laid out for

  const wire = (points, cls = "") => s("polyline", { points: points.map((p) => p.join(",")).join(" "), class: `gg-wire ${cls}` });
  const node = (x, y, symbol) => [
    s("circle", { cx: x, cy: y, r: 12, class: "gg-node" }),
    s("text", { x, y: y + 5, "text-anchor": "middle", class: "gg-node-symbol", text: symbol }),
  ];
  const value = (name, x, y, anchor = "middle") =>
    s("text", { x, y, "text-anchor": anchor, class: "gg-val", "data-name": name });
  const label = (text, x, y, anchor = "middle") =>
    s("text", { x, y, "text-anchor": anchor, class: "gg-wire-label", text });
  // a name and its value on one line: "cₜ₋₁ 2.000"
  const named = (text, name, x, y, anchor = "start") => s("text", { x, y, "text-anchor": anchor }, [
    s("tspan", { class: "gg-wire-label", text: `${text} ` }),
    s("tspan", { class: "gg-val", "data-name": name }),
  ]);
  const titles = { f: "forget fₜ", i: "input iₜ", g: "candidate gₜ", o: "output oₜ" };
  const fns = { f: "σ", i: "σ", g: "tanh", o: "σ" };
  const gateRect = (name, x, y, w, hgt) => s("rect", {
    x, y, width: w, height: hgt, rx: 6, class: `gg-gate${name === data.gate ? " gg-focus" : ""}`, "data-gate": name,
  });

  // today's drawing, gates in a row: 680 × 330 px, or narrowed to W px (WIDE … 680) by
  // moving every x in proportion; the text keeps its size
  function wideLayout(W) {
    const Wd = Math.min(W, 680);
    const X = (x) => Math.round((x * Wd) / 680);
    setAttrs(svg, { viewBox: `0 0 ${Wd} 330`, "data-layout": "wide" });
    svg.style.width = `${Wd}px`;
    const half = X(34), boxes = [["f", X(200)], ["i", X(300)], ["g", X(390)], ["o", X(490)]];
    const boxNodes = boxes.flatMap(([name, x]) => {
      const rect = s("rect", { x: x - half + 4, y: 204, height: 6, width: 0, class: `gg-bar gg-bar-${name}` });
      bars[name] = { rect, x: x - half + 4, width: 2 * half - 8 };
      return [
        gateRect(name, x - half, 166, 2 * half, 48),
        s("text", { x, y: 160, "text-anchor": "middle", class: "gg-gate-title", text: titles[name] }),
        s("text", { x, y: 183, "text-anchor": "middle", class: "gg-gate-fn", text: fns[name] }),
        value(name, x, 199), rect,
      ];
    });
    const [xF, xI, xG, xO, xT] = [X(200), X(300), X(390), X(490), X(560)];
    svg.replaceChildren(
      // the cell state, left to right
      wire([[X(70), 50], [X(610), 50]], "gg-cell-line"),
      label("cₜ₋₁", 14, 44, "start"), value("c", 14, 66, "start"),
      label("cₜ", Wd - 12, 44, "end"), value("c_t", Wd - 12, 66, "end"),
      // forget: f_t up into ×
      wire([[xF, 166], [xF, 62]]), ...node(xF, 50, "×"),
      label("kept f·c", xF + 10, 95, "start"), value("kept", xF + 10, 112, "start"),
      // input: i_t and g_t into ×, up into +
      wire([[xI, 166], [xI, 120], [xG - 12, 120]]), wire([[xG, 166], [xG, 132]]),
      ...node(xG, 120, "×"), wire([[xG, 108], [xG, 62]]), ...node(xG, 50, "+"),
      label("written i·g", xG + 10, 95, "start"), value("written", xG + 10, 112, "start"),
      // output: tanh(c_t), times o_t, gives h_t
      wire([[xT, 50], [xT, 104]]),
      s("ellipse", { cx: xT, cy: 120, rx: 24, ry: 14, class: "gg-node" }),
      s("text", { x: xT, y: 125, "text-anchor": "middle", class: "gg-node-symbol", text: "tanh" }),
      value("tanh_c", xT + 32, 125, "start"),
      wire([[xT, 134], [xT, 178]]), wire([[xO + half, 190], [xT - 12, 190]]), ...node(xT, 190, "×"),
      wire([[xT, 202], [xT, 262], [X(640), 262]]),
      label("hₜ", Wd - 12, 256, "end"), value("h_t", Wd - 12, 280, "end"),
      // inputs: h_{t−1} and x_t on one bus into every gate
      wire([[X(40), 290], [xO, 290]]), wire([[X(110), 318], [X(110), 290]]),
      ...boxes.map(([, x]) => wire([[x, 290], [x, 214]])),
      label("hₜ₋₁", 14, 285, "start"), value("h", 14, 306, "start"),
      named("xₜ", "x", X(110) + 14, 322),
      ...boxNodes,
    );
  }

  // narrow: W px wide (up to WIDE), 1 unit = 1 px; x positions from a 360-wide plan
  function narrowLayout(W) {
    const X = (x) => Math.round((x * W) / 360);
    const H = 372;
    setAttrs(svg, { viewBox: `0 0 ${W} ${H}`, "data-layout": "narrow" });
    svg.style.width = `${W}px`;
    const boxW = X(110), boxH = 56, rows = [186, 258], cols = [X(90), X(270)];
    const at = { f: [cols[0], rows[0]], o: [cols[1], rows[0]], i: [cols[0], rows[1]], g: [cols[1], rows[1]] };
    const boxNodes = Object.entries(at).flatMap(([name, [cx, y]]) => {
      const x = cx - boxW / 2;
      const rect = s("rect", { x: x + 5, y: y + 44, height: 6, width: 0, class: `gg-bar gg-bar-${name}` });
      bars[name] = { rect, x: x + 5, width: boxW - 10 };
      return [
        gateRect(name, x, y, boxW, boxH),
        s("text", { x: cx, y: y + 17, "text-anchor": "middle", class: "gg-gate-title", text: titles[name] }),
        s("text", { x: cx - 14, y: y + 36, "text-anchor": "end", class: "gg-gate-fn", text: fns[name] }),
        value(name, cx - 8, y + 36, "start"), rect,
      ];
    });
    const [xF, xP, xO] = [cols[0], X(180), W - X(30)];  // forget ×, + and input ×, output
    const [gapL, gapR] = [X(165), X(195)];  // the wires of i and g between the columns
    const bus = H - 36;
    svg.replaceChildren(
      named("cₜ₋₁", "c", 6, 18), named("cₜ", "c_t", W - 6, 18, "end"),
      wire([[6, 40], [W - 6, 40]], "gg-cell-line"),
      // forget: f_t up into ×
      wire([[xF, rows[0]], [xF, 52]]), ...node(xF, 40, "×"),
      label("kept f·c", xF + 8, 68, "start"), value("kept", xF + 8, 86, "start"),
      // input: i_t and g_t into ×, up into +
      wire([[cols[0] + boxW / 2, rows[1] + 24], [gapL, rows[1] + 24], [gapL, 110], [xP - 12, 110]]),
      wire([[cols[1] - boxW / 2, rows[1] + 24], [gapR, rows[1] + 24], [gapR, 110], [xP + 12, 110]]),
      ...node(xP, 110, "×"), wire([[xP, 98], [xP, 52]]), ...node(xP, 40, "+"),
      label("written i·g", xP + 16, 134, "start"), value("written", xP + 16, 152, "start"),
      // output: tanh(c_t), times o_t, gives h_t
      wire([[xO, 40], [xO, 68]]),
      s("ellipse", { cx: xO, cy: 82, rx: 22, ry: 14, class: "gg-node" }),
      s("text", { x: xO, y: 87, "text-anchor": "middle", class: "gg-node-symbol", text: "tanh" }),
      value("tanh_c", xO - 28, 87, "end"),
      wire([[xO, 96], [xO, 118]]), wire([[cols[1], rows[0]], [cols[1], 130], [xO - 12, 130]]),
      ...node(xO, 130, "×"), wire([[xO, 142], [xO, 154], [W - 6, 154]]),
      named("hₜ", "h_t", W - 6, 174, "end"),
      // inputs: h_{t−1} and x_t on one bus into every gate
      wire([[X(20), bus], [W - X(15), bus]]),
      wire([[X(20), bus], [X(20), rows[0] + 28], [cols[0] - boxW / 2, rows[0] + 28]]),
      wire([[W - X(15), bus], [W - X(15), rows[0] + 28], [cols[1] + boxW / 2, rows[0] + 28]]),
      wire([[cols[0], bus], [cols[0], rows[1] + boxH]]), wire([[cols[1], bus], [cols[1], rows[1] + boxH]]),
      named("hₜ₋₁", "h", 6, H - 8), named("xₜ", "x", W - 6, H - 8, "end"),
      ...boxNodes,
    );
  }

  function layout() {
    const measured = Math.floor(wrap.getBoundingClientRect().width);
    const next = Math.min(680, measured > 0 ? Math.max(240, measured) : 680);  // not in a page yet: 680
    if (next === width) return;
    width = next;
    bars = {};
    if (width >= WIDE) wideLayout(width);
    else narrowLayout(width);
    draw(model.get("selection"));
  }

  function draw(selection) {
    const at = (name) => valueAt(name, selection);
    svg.querySelectorAll(".gg-val").forEach((text) => {
      text.textContent = formatNumber(at(text.dataset.name));
    });
    for (const [name, { rect, x, width: full }] of Object.entries(bars)) {
      const v = at(name);  // gates in (0, 1); the candidate in (−1, 1), drawn from the middle
      if (name === "g") setAttrs(rect, { x: x + full / 2 + Math.min(v, 0) * (full / 2), width: Math.abs(v) * (full / 2) });
      else setAttrs(rect, { width: v * full });
    }
  }

  // a value on the diagram: a slider's (x, h, c) or one Python computed
  function valueAt(name, selection) {
    const control = data.controls.find((c) => c.name === name);
    return control ? control.values[selection[name]] : gridAt(data.arrays[name], selection);
  }

  layout();
  const observer = typeof ResizeObserver === "undefined" ? null : new ResizeObserver(() => layout());
  observer?.observe(wrap);
  const unmount = mountExplorer({ model, el, figure: [wrap], draw });
  return () => { observer?.disconnect(); unmount(); };
}
