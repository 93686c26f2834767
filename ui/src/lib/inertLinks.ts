/**
 * Svelte action for rendered post HTML (preview, reviewer's view): a click on
 * a link inside does nothing, so the window never leaves the app. The Rust
 * side refuses such navigations as well (src-tauri/src/navigation.rs); this
 * keeps the click from even trying.
 */
export function inertLinks(node: HTMLElement) {
  const stop = (event: MouseEvent) => {
    const target = event.target as Element | null;
    if (target?.closest?.("a")) event.preventDefault();
  };
  node.addEventListener("click", stop);
  node.addEventListener("auxclick", stop);
  return {
    destroy() {
      node.removeEventListener("click", stop);
      node.removeEventListener("auxclick", stop);
    },
  };
}
