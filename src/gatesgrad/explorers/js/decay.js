// The gradient-decay explorer: ‖∂h_T/∂h_t‖ over t for a vanilla RNN, beside the bound
// (γ·‖W_hh‖₂)^(T−t). Every curve comes from gatesgrad.explorers.decay.decay_grid.

function render({ model, el }) {
  const data = model.get("data");
  const sel = { ...model.get("selection") };
  const norms = decodeArray(data.log10_norms);
  const bound = decodeArray(data.log10_bound);
  const R = data.radii.length;
  const Tmax = Math.max(...data.lengths);

  const plot = logPlot({
    xLabel: "time step t",
    yLabel: "‖∂h_T / ∂h_t‖ (log scale)",
    description: "Norm of the gradient reaching back from the last step T to each step t, on a log scale, beside its analytic bound.",
  });
  const readout = h("div", { class: "gg-readout", "aria-live": "polite" });
  const legend = h("div", { class: "gg-legend" }, [
    h("span", { class: "gg-key gg-measured", text: "measured ‖∂h_T/∂h_t‖" }),
    h("span", { class: "gg-key gg-bound", text: "bound (γ·‖W_hh‖₂)^(T−t)" }),
  ]);

  function draw() {
    const { activation: a, radius: r, length: l } = sel;
    const T = data.lengths[l];
    const start = (a * R + r) * data.block + data.offsets[l];
    const measured = norms.subarray(start, start + T + 1);
    const boundStart = (a * R + r) * (Tmax + 1);
    const ts = Array.from({ length: T + 1 }, (_, t) => t);
    const bounds = ts.map((t) => bound[boundStart + T - t]);
    plot.update({
      xMax: T,
      series: [
        { name: "bound", xs: ts, ys: bounds, className: "gg-bound" },
        { name: "measured", xs: ts, ys: measured, className: "gg-measured" },
      ],
      hlines: [
        { y: data.float32_log10_max, label: "float32 overflows above", className: "gg-limit" },
        { y: data.float32_log10_tiny, label: "float32 underflows to 0 below", className: "gg-limit" },
      ],
    });
    const first = measured[0];
    let storage = "";
    if (first > data.float32_log10_max) storage = " In float32 (how networks train) this gradient overflows to inf.";
    else if (first < data.float32_log10_tiny) storage = " In float32 (how networks train) it underflows to exactly 0.";
    const rate = data.rate[a][r];
    const regime = data.regimes[a][r] === "vanishing"
      ? `γ·‖W_hh‖₂ = ${rate.toPrecision(3)} < 1: vanishing is guaranteed.`
      : `γ·‖W_hh‖₂ = ${rate.toPrecision(3)} ≥ 1: exploding is possible, not guaranteed.`;
    readout.replaceChildren(
      h("p", {}, [h("strong", { text: `‖∂h_${T}/∂h_0‖ = ${formatPow10(first)}` }),
        ` (bound ${formatPow10(bounds[0])}).${storage}`]),
      h("p", { text: `ρ(W_hh) = ${data.radii[r]}, ‖W_hh‖₂ = ${data.norm2[r].toPrecision(3)}, γ = ${data.gamma[a]} for ${data.activations[a]}; ${regime}` }),
    );
    readout.dataset.log10First = String(first);
    model.set("selection", { ...sel });
    model.save_changes();
  }

  const controls = h("div", { class: "gg-controls" }, [
    slider({
      label: "spectral radius ρ(W_hh)", values: data.radii, index: sel.radius,
      format: (v) => v.toFixed(1), onChange: (i) => { sel.radius = i; draw(); },
    }),
    radios({
      label: "activation φ", options: data.activations, index: sel.activation,
      onChange: (i) => { sel.activation = i; draw(); },
    }),
    slider({
      label: "sequence length T", values: data.lengths, index: sel.length,
      format: (v) => String(v), onChange: (i) => { sel.length = i; draw(); },
    }),
  ]);
  el.classList.add("gg-explorer-root");
  el.replaceChildren(h("div", { class: "gg-title", text: model.get("title") }), controls, plot.svg, legend, readout);
  draw();
}
