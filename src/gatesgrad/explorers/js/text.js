// A passage of text, drawn from `data.chars` and the uint8 codes of the array `codes` (over
// the controls, or fixed). With an array `colour` (uint8 levels over the controls, one per
// character), each character's background shows a value of gatesgrad.explorers.char_text:
// where `signed` is 1, level 0 … 255 runs from −scale (blue) through 0 (none) to +scale
// (orange); where it is 0, from 0 (none) to 1 (orange). `data.prime` is shown before the text.

function render({ model, el }) {
  const data = model.get("data");
  const A = data.arrays;
  const passage = h("p", { class: "gg-text", "aria-label": data.description });
  const key = h("p", { class: "gg-text-key" });
  const figure = [passage, key];

  function draw(selection) {
    const codes = gridAt(A.codes, selection);
    const spans = [];
    if (data.prime) spans.push(h("span", { class: "gg-prime", text: data.prime }));
    const levels = A.colour ? gridAt(A.colour, selection) : null;
    const signed = A.colour ? gridAt(A.signed, selection) === 1 : false;
    codes.forEach((code, t) => {
      const char = data.chars[code];
      const span = h("span", { class: "gg-char", text: char === "\n" ? "↵" : char });
      if (levels) {
        const v = signed ? (levels[t] - 127.5) / 127.5 : levels[t] / 255;
        span.classList.add(v < 0 ? "gg-tx-neg" : "gg-tx-pos");
        span.style.setProperty("--gg-a", Math.abs(v).toFixed(4));
      }
      spans.push(span);
      if (char === "\n") spans.push("\n");
    });
    passage.replaceChildren(...spans);
    if (A.colour) {
      const scale = formatNumber(gridAt(A.scale, selection), 2);
      key.textContent = signed
        ? `Colour: blue below 0, orange above, full at ±${scale}; ↵ is a line break.`
        : "Colour: none at 0, full orange at 1; ↵ is a line break.";
    } else {
      key.textContent = "↵ is a line break.";
    }
  }

  return mountExplorer({ model, el, figure, draw });
}
