// A generic explorer of curves on a log axis. Each series is a grid array over the
// controls with a trailing axis over x (see curveAt); `data.hlines` are fixed levels
// (a limit, a baseline) and `data.vlines` fixed places on x (a marked step), drawn across
// the plot with their labels.

function render({ model, el }) {
  const data = model.get("data");
  const plot = logPlot({
    xLabel: data.x_label, yLabel: data.y_label, description: data.description,
    yRange: data.y_range || [-10, 10], yStep: data.y_step || 10,
  });
  const legend = h("div", { class: "gg-legend" },
    data.series.map((one) => h("span", { class: `gg-key ${one.className}`, text: one.label })));

  function draw(selection) {
    const xMin = xMinAt(data), xMax = xMaxAt(data, selection);
    const xs = Array.from({ length: xMax - xMin + 1 }, (_, k) => xMin + k);
    plot.update({
      xMin,
      xMax,
      series: data.series.map((one) => ({
        name: one.name, className: one.className, xs, ys: curveAt(data, one.name, selection),
      })),
      hlines: data.hlines || [],
      vlines: data.vlines || [],
    });
  }

  return mountExplorer({ model, el, figure: [plot.svg, legend], draw });
}
