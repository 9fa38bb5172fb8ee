// Shared by every view: DOM helpers, decoding of arrays from Python, and controls.
// Views only index into what Python computed and draw it; no maths of the book here.

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

// An array sent by gatesgrad.explorers.base.encode_array: float32 bytes in base64.
function decodeArray(encoded) {
  const bytes = Uint8Array.from(atob(encoded.float32), (c) => c.charCodeAt(0));
  return new Float32Array(bytes.buffer);
}

let controlCount = 0;

// A labelled slider over `values` (the grid Python computed); calls onChange(index).
function slider({ label, values, index, format, onChange }) {
  const id = `gg-control-${++controlCount}`;
  const output = h("output", { for: id, class: "gg-value" });
  const input = h("input", {
    id, type: "range", min: 0, max: values.length - 1, step: 1, value: index,
  });
  const show = () => {
    const text = format(values[Number(input.value)]);
    output.textContent = text;
    input.setAttribute("aria-valuetext", text);
  };
  input.addEventListener("input", () => { show(); onChange(Number(input.value)); });
  show();
  return h("div", { class: "gg-control" }, [h("label", { for: id, text: label }), input, output]);
}

// A labelled group of radio buttons over `options`; calls onChange(index).
function radios({ label, options, index, onChange }) {
  const name = `gg-radio-${++controlCount}`;
  const buttons = options.map((option, i) => {
    const input = h("input", { type: "radio", name, value: i });
    input.checked = i === index;
    input.addEventListener("change", () => { if (input.checked) onChange(i); });
    return h("label", { class: "gg-radio" }, [input, ` ${option}`]);
  });
  return h("fieldset", { class: "gg-control" }, [h("legend", { text: label }), ...buttons]);
}

// "3.2 × 10^−47" from a log10 value; honest words for ±inf and NaN.
function formatPow10(log10) {
  if (Number.isNaN(log10)) return "undefined (NaN)";
  if (log10 === Infinity) return "∞ (overflow)";
  if (log10 === -Infinity) return "0 (exactly)";
  const exponent = Math.floor(log10);
  const mantissa = Math.pow(10, log10 - exponent);
  if (exponent >= -2 && exponent <= 3) return (mantissa * Math.pow(10, exponent)).toPrecision(3);
  return `${mantissa.toFixed(1)} × 10${superscript(exponent)}`;
}

function superscript(n) {
  const digits = "⁰¹²³⁴⁵⁶⁷⁸⁹";
  const text = String(Math.abs(n)).split("").map((d) => digits[Number(d)]).join("");
  return (n < 0 ? "⁻" : "") + text;
}

// The value (or the curve, for a trailing free axis) of a grid array from
// gatesgrad.explorers.base.grid_array at the current selection {control: index}.
function gridAt(array, selection) {
  const values = array.decoded || (array.decoded = decodeArray(array));
  let index = 0;
  array.dims.forEach((name, k) => { index = index * array.shape[k] + selection[name]; });
  if (array.shape.length === array.dims.length) return values[index];
  const inner = array.shape.slice(array.dims.length).reduce((a, b) => a * b, 1);
  return values.subarray(index * inner, (index + 1) * inner);
}

// A short decimal for a readout: "0.731", "−2.00"; honest words for ±inf and NaN.
function formatNumber(value, digits = 3) {
  if (Number.isNaN(value)) return "undefined (NaN)";
  if (!Number.isFinite(value)) return value > 0 ? "∞" : "−∞";
  return value.toFixed(digits).replace("-", "−");
}

// Fill "{name}" placeholders with grid values at the selection: "{name}" as a decimal,
// "{name:sig}" with three significant digits, "{name:pow10}" for an array of log10
// values, shown as a power of ten.
function fillTemplate(template, arrays, selection) {
  return template.replace(/\{(\w+)(?::(pow10|sig))?\}/g, (_, name, style) => {
    const value = gridAt(arrays[name], selection);
    if (style === "pow10") return formatPow10(value);
    if (style === "sig" && Number.isFinite(value)) return value.toPrecision(3);
    return formatNumber(value);
  });
}
