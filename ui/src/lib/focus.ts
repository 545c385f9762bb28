// Focuses an element when it appears: `<input {@attach focusOnMount} />`. Used instead of
// the `autofocus` attribute, which Svelte only honours on the first render.
export function focusOnMount(node: HTMLElement): void {
  node.focus();
}
