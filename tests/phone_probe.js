// What tests/test_site_phone.py measures on a page held as a phone (its docstring says what
// each list means). Called with [minText, minTarget, maxExplorer, minScale, scriptScale];
// returns the
// problems found, by kind.
([minText, minTarget, maxExplorer, minScale, scriptScale]) => {
  const W = document.documentElement.clientWidth;
  const out = { text: [], wide: [], targets: [], equations: [], tall: [], scaled: [] };
  const shown = (e) => e.checkVisibility() && e.getBoundingClientRect().width > 0;
  const name = (e) => `${e.tagName.toLowerCase()} "${(e.textContent || e.getAttribute("aria-label") || "").trim().slice(0, 30)}"`;
  const px = (e) => {
    const size = parseFloat(getComputedStyle(e).fontSize);
    if (!(e instanceof SVGElement)) return size;
    const m = e.getScreenCTM();
    return size * Math.hypot(m.a, m.b);
  };
  const scopes = document.querySelectorAll(".gg-explorer-root, .gg-check-root, .bd-article .cell_output svg, .bd-article figure svg");
  const seen = new Set();
  for (const scope of scopes) for (const e of [scope, ...scope.querySelectorAll("*")]) {
    if (seen.has(e)) continue;
    seen.add(e);
    const hasText = [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!hasText || !shown(e)) continue;
    // A figure label's sub- or superscript (a smaller tspan of its text) may be set at 0.7 of
    // the label, as TeX and matplotlib set it, provided the label itself is at least minText.
    const label = e.closest("text");
    const parts = label && e !== label ? [...label.querySelectorAll("tspan")] : [];
    const labelPx = parts.length ? Math.max(...parts.map(px)) : px(e);
    const least = px(e) < labelPx - 0.05 ? scriptScale * minText : minText;
    if (px(e) < least - 0.05 || labelPx < minText - 0.05) out.text.push(`${px(e).toFixed(1)} px: ${name(e)}`);
  }
  for (const img of document.querySelectorAll(".bd-article img")) {
    if (!shown(img) || !img.naturalWidth) continue;
    const scale = img.getBoundingClientRect().width / img.naturalWidth;
    if (scale < minScale) out.text.push(`picture ${img.src.split("/").pop()} at ${scale.toFixed(2)} of its size`);
  }
  // Held: inside a box that clips or scrolls sideways and is itself on the screen.
  const held = (e) => {
    for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
      const x = getComputedStyle(a).overflowX;
      const r = a.getBoundingClientRect();
      if ((x === "auto" || x === "scroll" || x === "hidden") && r.right <= W + 1 && r.left >= -1) return true;
    }
    return false;
  };
  const outside = new Set();  // reported once, at the outermost element that sticks out
  for (const e of document.querySelectorAll(".bd-article *")) {
    const r = e.getBoundingClientRect();
    if (r.width === 0 || (r.right <= W + 1 && r.left >= -1) || !shown(e)) continue;
    if (held(e)) continue;
    outside.add(e);
    if (!outside.has(e.parentElement)) out.wide.push(`${name(e)} spans ${r.left.toFixed(0)}..${r.right.toFixed(0)} px`);
  }
  if (document.documentElement.scrollWidth > W + 1) out.wide.push(`the page scrolls sideways to ${document.documentElement.scrollWidth} px`);
  const controls = document.querySelectorAll(".bd-article input, .bd-article button, .bd-article select, .bd-article summary, .bd-article [role=button]");
  for (const e of controls) {
    if (!shown(e)) continue;
    const target = e.type === "radio" || e.type === "checkbox" ? e.closest("label") || e : e;
    const r = target.getBoundingClientRect();
    if (r.height < minTarget - 0.05 || r.width < minTarget - 0.05) out.targets.push(`${name(target)} ${e.type || ""} ${r.width.toFixed(0)} x ${r.height.toFixed(0)} px`);
  }
  const cued = (e) => {
    for (let a = e; a && !a.matches(".bd-article"); a = a.parentElement) {
      const style = getComputedStyle(a);
      const scrolls = (style.overflowX === "auto" || style.overflowX === "scroll") && a.scrollWidth > a.clientWidth + 1;
      if (scrolls && (a.classList.contains("gg-scroll-cue") || style.backgroundImage.includes("gradient"))) return true;
    }
    return false;
  };
  for (const e of document.querySelectorAll(".bd-article math[display=block], .bd-article mjx-container[display]")) {
    if (!shown(e)) continue;
    const r = e.getBoundingClientRect();
    const right = Math.min(W, r.right);
    const clipped = e.scrollWidth > e.clientWidth + 1 || r.right > W + 1
      || [...e.querySelectorAll("*")].some((k) => k.getBoundingClientRect().right > right + 2)  // sub-pixel table padding;
    if (clipped && !cued(e)) out.equations.push(name(e));
  }
  for (const e of document.querySelectorAll(".gg-explorer-root")) {
    const height = e.getBoundingClientRect().height;
    if (height > maxExplorer) out.tall.push(`${height.toFixed(0)} px: ${name(e.querySelector(".gg-title") || e)}`);
  }
  // an explorer's drawing is laid out for its width: one unit of its viewBox is one CSS px
  for (const svg of document.querySelectorAll(".gg-explorer-root svg[viewBox]")) {
    const shownWidth = svg.getBoundingClientRect().width;
    if (shownWidth > 0 && Math.abs(svg.viewBox.baseVal.width - shownWidth) > 1) {
      out.scaled.push(`${svg.getAttribute("class")}: viewBox ${svg.viewBox.baseVal.width} drawn at ${shownWidth.toFixed(0)} px`);
    }
  }
  return out;
}
