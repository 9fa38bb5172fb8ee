// Shared by every view: DOM helpers, decoding of arrays from Python, the controls, the
// readout and the frame of an explorer. Views only index into what Python computed and
// draw it; no maths of the book here.
//
// The model is the one source of truth: a control sets `selection` on the model, and every
// view of the model redraws when `selection` changes, whoever changed it (a control, another
// view of the same widget, or Python setting `widget.selection`).

const SVG_NS = "http://www.w3.org/2000/svg";

function h(tag, attrs = {}, children = []) {
  const node = document.createElement(tag);
  setAttrs(node, attrs);
  node.append(...children);
  return node;
}

function s(tag, attrs = {}, children = []) {
  const node = document.createElementNS(SVG_NS, tag);
  setAttrs(node, attrs);
  node.append(...children);
  return node;
}

function setAttrs(node, attrs) {
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null) continue;
    if (key === "text") node.textContent = value;
    else node.setAttribute(key, String(value));
  }
}

// An array sent by gatesgrad.explorers.base.encode_array: float32, uint8 or uint16 bytes in
// base64 (little-endian, as every browser is). uint8 without lo and hi are codes, as they are;
// with lo and hi, levels k read as lo + k·(hi − lo)/n (n = 255 or 65535), in this order of
// operations, which decode_array repeats in Python.
function decodeArray(encoded) {
  const kind = ["float32", "uint16", "uint8"].find((k) => encoded[k] !== undefined);
  const bytes = Uint8Array.from(atob(encoded[kind]), (c) => c.charCodeAt(0));
  if (kind === "float32") return new Float32Array(bytes.buffer);
  const levels = kind === "uint16" ? new Uint16Array(bytes.buffer) : bytes;
  if (encoded.lo === undefined) return levels;
  const { lo, hi } = encoded;
  const n = kind === "uint16" ? 65535 : 255;
  return Float64Array.from(levels, (k) => lo + (k * (hi - lo)) / n);
}

// The value (or the curve, for a trailing free axis) of a grid array from
// gatesgrad.explorers.base.grid_array at the selection {control: index}. Decoded arrays are
// cached beside the model's data, not in it.
const decodedArrays = new WeakMap();

function gridAt(array, selection) {
  if (!decodedArrays.has(array)) decodedArrays.set(array, decodeArray(array));
  const values = decodedArrays.get(array);
  let index = 0;
  array.dims.forEach((name, k) => { index = index * array.shape[k] + selection[name]; });
  if (array.shape.length === array.dims.length) return values[index];
  const inner = array.shape.slice(array.dims.length).reduce((a, b) => a * b, 1);
  return values.subarray(index * inner, (index + 1) * inner);
}

// The last x of a curve: a fixed number, or the value of the control `data.x_max` names.
function xMaxAt(data, selection) {
  const control = data.controls.find((c) => c.name === data.x_max);
  return control ? control.values[selection[control.name]] : data.x_max;
}

// The first x of every curve: `data.x_min`, 0 unless set (an array's first value is at x_min).
function xMinAt(data) {
  return data.x_min ?? 0;
}

// A curve as drawn over x = x_min … xMax: the first xMax − x_min + 1 values, or, for an array
// aligned at the end (its axis counts steps back from xMax; x_min is 0), those in reverse.
function curveAt(data, name, selection) {
  const array = data.arrays[name];
  const values = gridAt(array, selection);
  const last = xMaxAt(data, selection);
  if (array.align === "end") return Float32Array.from({ length: last + 1 }, (_, x) => values[last - x]);
  return values.subarray(0, last - xMinAt(data) + 1);
}

// "3.2 × 10^−47" from a log10 value, "0.0481" between 0.01 and 1000; honest words for
// ±inf and NaN.
function formatPow10(log10) {
  if (Number.isNaN(log10)) return "undefined (NaN)";
  if (log10 === Infinity) return "∞ (overflow)";
  if (log10 === -Infinity) return "0 (exactly)";
  const value = Math.pow(10, log10);
  if (value >= 0.01 && value < 999.5) return value.toPrecision(3);
  let exponent = Math.floor(log10);
  let mantissa = Math.pow(10, log10 - exponent).toFixed(1);
  if (mantissa === "10.0") [mantissa, exponent] = ["1.0", exponent + 1];
  return `${mantissa}\u00a0×\u00a010${superscript(exponent)}`;  // never broken across lines
}

function superscript(n) {
  const digits = "⁰¹²³⁴⁵⁶⁷⁸⁹";
  const text = String(Math.abs(n)).split("").map((d) => digits[Number(d)]).join("");
  return (n < 0 ? "⁻" : "") + text;
}

// A short decimal for a readout: "0.731", "−2.00"; honest words for ±inf and NaN.
function formatNumber(value, digits = 3) {
  if (Number.isNaN(value)) return "undefined (NaN)";
  if (!Number.isFinite(value)) return value > 0 ? "∞" : "−∞";
  return minus(value.toFixed(digits));
}

// A typographic minus sign.
function minus(text) {
  return text.replace("-", "−");
}

// A control's value as its label shows it: the option of a radio group, a slider's number
// with the control's `digits` (whole numbers as they are when it names none).
function formatControl(control, index) {
  const value = control.values[index];
  if (control.kind === "radio") return value;
  if (control.digits !== undefined) return formatNumber(value, control.digits);
  return Number.isInteger(value) ? minus(String(value)) : formatNumber(value, 1);
}

// Fill the placeholders of a readout template at the selection:
//   {name}        a control's value as its label shows it, or a grid value as a decimal;
//   {name:sig}    three significant digits;
//   {name:pow10}  a log10 value shown as a power of ten;
//   {name[k]}     the value at x = k of a curve (as drawn, see curveAt);
//   {name:phrase} the sentence data.phrases[name][value], itself a template.
// gatesgrad.explorers.base checks in Python that every name exists.
function fillTemplate(template, data, selection) {
  return template.replace(/\{(\w+)(?:\[(\d+)\])?(?::(\w+))?\}/g, (_, name, at, style) => {
    const control = data.controls.find((c) => c.name === name);
    if (control) return formatControl(control, selection[name]);
    const value = at === undefined ? gridAt(data.arrays[name], selection) : curveAt(data, name, selection)[Number(at)];
    if (style === "phrase") return fillTemplate(data.phrases[name][value], data, selection);
    if (style === "pow10") return formatPow10(value);
    if (style === "sig" && Number.isFinite(value)) return minus(String(Number(value.toPrecision(3))));
    return formatNumber(value);
  });
}

// A slider over a control's values: its input inside its label (one accessible name, no id),
// its value shown beside the slider, not in the label. The label's text may take a line of its
// own; the slider and its value always share one.
function slider(control, choose) {
  const output = h("output", { class: "gg-value" });
  const input = h("input", { type: "range", min: 0, max: control.values.length - 1, step: 1 });
  input.addEventListener("input", () => choose(Number(input.value)));
  const show = (index) => {
    input.value = String(index);
    output.textContent = formatControl(control, index);
    input.setAttribute("aria-valuetext", output.textContent);
  };
  const label = h("label", {}, [h("span", { class: "gg-label", text: control.label }), input]);
  return { element: h("div", { class: "gg-control gg-slider" }, [label, output]), show, inputs: [input] };
}

// A group of radio buttons over a control's options, each input inside its label. The group's
// name is its legend, for assistive technology; the same words are shown in line with the
// options (a fieldset's legend cannot share their line).
function radios(control, choose) {
  const name = `gg-radio-${Math.random().toString(36).slice(2)}`;  // unique on any page
  const inputs = control.values.map((option, i) => {
    const input = h("input", { type: "radio", name, value: i });
    input.addEventListener("change", () => { if (input.checked) choose(i); });
    return input;
  });
  const show = (index) => inputs.forEach((input, i) => { input.checked = i === index; });
  const buttons = inputs.map((input, i) => h("label", { class: "gg-radio" }, [input, ` ${control.values[i]}`]));
  const element = h("fieldset", { class: "gg-control gg-radios" }, [
    h("legend", { class: "gg-sr-only", text: control.label }),
    h("span", { class: "gg-group-label", "aria-hidden": "true", text: control.label }),
    ...buttons,
  ]);
  return { element, show, inputs };
}

// Whether a control is in use at the selection: a control with `enabled_when`
// ({other control: [its indices where this one is used]}) is used only where every other
// control it names stands at one of its indices.
function controlEnabled(control, selection) {
  return Object.entries(control.enabled_when || {}).every(([other, indices]) => indices.includes(selection[other]));
}

// A control not in use at the selection: its inputs disabled, its note (`disabled_note`) shown.
function withEnabling(control, made) {
  if (!control.enabled_when) return made;
  const note = h("span", { class: "gg-note", text: control.disabled_note || "(not used here)", hidden: "" });
  made.element.append(note);
  const show = (index, selection) => {
    made.show(index);
    const enabled = controlEnabled(control, selection);
    made.inputs.forEach((input) => { input.disabled = !enabled; });
    made.element.classList.toggle("gg-disabled", !enabled);
    note.hidden = enabled;
  };
  return { ...made, show };
}

// The frame every explorer shares: title, controls, the view's figure, a readout filled
// from `data.explain` (one template or a list of paragraphs). `draw(selection)` redraws
// the figure; it runs whenever the model's selection changes. Returns the cleanup.
function mountExplorer({ model, el, figure, draw }) {
  const data = model.get("data");
  const controls = data.controls.map((control) => {
    const choose = (index) => {
      model.set("selection", { ...model.get("selection"), [control.name]: index });
      model.save_changes();
    };
    return { name: control.name, ...withEnabling(control, (control.kind === "radio" ? radios : slider)(control, choose)) };
  });
  const readout = h("div", { class: "gg-readout", "aria-live": "polite" });
  const explain = [].concat(data.explain || []);

  function redraw() {
    const selection = model.get("selection");
    controls.forEach((control) => control.show(selection[control.name], selection));
    draw(selection);
    readout.replaceChildren(...explain.map((template) => h("p", { text: fillTemplate(template, data, selection) })));
  }

  el.classList.add("gg-explorer-root");
  el.replaceChildren(
    h("div", { class: "gg-title", text: model.get("title") }),
    h("div", { class: "gg-controls" }, controls.map((control) => control.element)),
    ...figure,
    readout,
  );
  model.on("change:selection", redraw);
  redraw();
  return () => model.off("change:selection", redraw);
}
