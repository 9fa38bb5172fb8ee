// The website has no kernel: each explorer's view (and each exercise's check) is mounted on a
// model that holds the state embedded in the page (see gatesgrad.explorers.base.static_view_html)
// and, like a widget's model, tells every listener when a value changes.
function staticModel(state) {
  const handlers = {};
  return {
    get: (key) => state[key],
    set: (key, value) => {
      state[key] = value;
      (handlers["change:" + key] || []).forEach((f) => f());
    },
    on: (event, f) => { (handlers[event] = handlers[event] || []).push(f); },
    off: (event, f) => { handlers[event] = (handlers[event] || []).filter((g) => g !== f); },
    save_changes: () => {},
  };
}
function mountAll() {
  document.querySelectorAll("div.gg-explorer[data-gg-view], div.gg-check[data-gg-view]").forEach((host) => {
    if (host.dataset.ggMounted) return;
    const view = views[host.dataset.ggView];
    const script = host.querySelector("script.gg-explorer-state, script.gg-check-state");
    if (!view || !script) return;
    host.dataset.ggMounted = "true";
    const fallback = [...host.childNodes];
    try {
      const state = JSON.parse(script.textContent);
      host.replaceChildren();
      view.render({ model: staticModel(state), el: host });
    } catch (error) {  // one broken view keeps its fallback text and stops no other
      host.replaceChildren(...fallback);
      console.error(`explorer ${host.dataset.ggView} could not be drawn:`, error);
    }
  });
}
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mountAll);
else mountAll();
