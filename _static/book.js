// Content a click unfolds (an exercise's solution, a hidden cell) can scroll once shown.
// The theme gives a tab stop only to blocks that scroll when the page loads or when
// elements are added, not when a toggle shows them; without one, a keyboard user cannot
// scroll an unfolded solution's code. Give it one, by the theme's own rule; and a display
// equation that now scrolls gets one by the rule of _ext/ggsite/mathml.py (TAB_STOPS).
document.addEventListener("click", (event) => {
  if (!event.target.closest(".toggle-button, summary")) return;
  requestAnimationFrame(() => {
    document.querySelectorAll("pre, .cell_output > .output").forEach((block) => {
      if (block.scrollWidth > block.clientWidth || block.scrollHeight > block.clientHeight) {
        block.tabIndex = 0;
      }
    });
    document.querySelectorAll("div.gg-math-scroll").forEach((block) => {
      if (block.scrollWidth > block.clientWidth + 1) block.tabIndex = 0;
    });
  });
});
