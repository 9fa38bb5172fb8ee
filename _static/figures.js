// The book's figures (gatesgrad.plotting.book_figure): a button under each one opens its wide
// drawing at its natural size in a dialog that scrolls; Esc or the close button closes it,
// and the focus goes back to the button. Clicking the figure opens it too.
(() => {
  let dialog = null;
  let opener = null;

  function makeDialog() {
    dialog = document.createElement("dialog");
    dialog.className = "gg-figure-dialog";
    dialog.setAttribute("aria-label", "Figure at full size");
    const bar = document.createElement("div");
    bar.className = "gg-figure-bar";
    const close = document.createElement("button");
    close.type = "button";
    close.className = "gg-figure-close";
    close.textContent = "Close ✕";
    close.addEventListener("click", () => dialog.close());
    bar.append(close);
    const scroll = document.createElement("div");
    scroll.className = "gg-figure-scroll";
    scroll.tabIndex = 0; // scrolls with the keyboard
    dialog.append(bar, scroll);
    dialog.addEventListener("close", () => {
      scroll.replaceChildren();
      if (opener) opener.focus();
    });
    document.body.append(dialog);
  }

  // A copy of the drawing whose ids (clip paths, markers) are not those of the page's copy.
  function copyOf(svg) {
    const copy = svg.cloneNode(true);
    const renamed = new Map();
    copy.querySelectorAll("[id]").forEach((e) => {
      renamed.set(e.id, `${e.id}-full`);
      e.id = `${e.id}-full`;
    });
    copy.querySelectorAll("*").forEach((e) => {
      for (const name of ["clip-path", "href", "xlink:href", "mask", "fill"]) {
        const value = e.getAttribute(name);
        if (!value || !value.includes("#")) continue;
        const swapped = value.replace(/#([^)"\s]+)/, (all, id) =>
          renamed.has(id) ? `#${renamed.get(id)}` : all);
        e.setAttribute(name, swapped);
      }
    });
    copy.removeAttribute("style");
    copy.style.fontFamily = svg.style.fontFamily;
    const viewBox = svg.viewBox.baseVal;
    copy.style.width = `${(viewBox.width * 4) / 3}px`; // 1 pt = 4/3 CSS px: its natural size
    copy.style.height = `${(viewBox.height * 4) / 3}px`;
    return copy;
  }

  function open(figure, button) {
    if (!dialog) makeDialog();
    opener = button;
    const svg = figure.querySelector(".gg-figure-wide svg");
    dialog.querySelector(".gg-figure-scroll").replaceChildren(copyOf(svg));
    dialog.showModal();
    dialog.querySelector(".gg-figure-close").focus();
  }

  function setUp() {
    document.querySelectorAll(".gg-figure").forEach((figure, k) => {
      if (figure.querySelector(".gg-figure-open")) return;
      const button = document.createElement("button");
      button.type = "button";
      button.className = "gg-figure-open";
      button.textContent = "Open full size";
      button.setAttribute("aria-label", `Open full size: figure ${k + 1}`);
      button.addEventListener("click", () => open(figure, button));
      figure.querySelectorAll("svg").forEach((svg) =>
        svg.addEventListener("click", () => open(figure, button)));
      figure.append(button);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();
