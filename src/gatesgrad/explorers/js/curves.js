// A generic explorer of curves on a log axis: sliders (or radio buttons) over the
// controls, one curve per series, a readout filled from Python's numbers. Each series
// is a grid array over the controls with a trailing axis x = 0 … max (NaN past the
// current end when the end is a control).

function render({ model, el }) {
  const data = model.get("data");
  const sel = { ...model.get("selection") };
  const A = data.arrays;
  // The x axis runs to a fixed number, or to the value of the control data.x_max names.
  const xControl = data.controls.find((c) => c.name === data.x_max);
  const xMax = () => (xControl ? xControl.values[sel[xControl.name]] : data.x_max);
  const plot = logPlot({
    xLabel: data.x_label, yLabel: data.y_label, description: data.description,
    yRange: data.y_range || [-10, 10], yStep: data.y_step || 10,
  });
  const readout = h("p", { class: "gg-readout", "aria-live": "polite" });
  const legend = h("div", { class: "gg-legend" },
    data.series.map((one) => h("span", { class: `gg-key ${one.className}`, text: one.label })));

  function draw() {
    const T = xMax();
    const ts = Array.from({ length: T + 1 }, (_, t) => t);
    plot.update({
      xMax: T,
      series: data.series.map((one) => ({
        name: one.name, className: one.className, xs: ts, ys: gridAt(A[one.name], sel).subarray(0, T + 1),
      })),
    });
    readout.textContent = fillTemplate(data.explain, A, sel);
    model.set("selection", { ...sel });
    model.save_changes();
  }

  const controls = h("div", { class: "gg-controls" }, data.controls.map((c) => (c.kind === "radio"
    ? radios({ label: c.label, options: c.values, index: sel[c.name], onChange: (i) => { sel[c.name] = i; draw(); } })
    : slider({
      label: c.label, values: c.values, index: sel[c.name],
      format: (v) => (Number.isInteger(v) ? String(v) : v.toFixed(1)),
      onChange: (i) => { sel[c.name] = i; draw(); },
    }))));
  el.classList.add("gg-explorer-root");
  el.replaceChildren(h("div", { class: "gg-title", text: model.get("title") }), controls, plot.svg, legend, readout);
  draw();
}
