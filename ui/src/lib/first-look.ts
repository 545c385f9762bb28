// What the window process handed this page with the window (src-tauri/window/first_look.rs):
// the daemon's answers for the first picture, in a script that ran before the page's own, so the
// first frame shows the whole view. Each part is taken once, by the view that draws it first; a
// view drawn later, or a part the daemon did not answer in time, asks the daemon as usual.

import type { FirstLook } from "./protocol";

declare global {
  interface Window {
    __WORKTRAY_FIRST_LOOK__?: FirstLook | null;
  }
}

/** The part of the first look named `part`, once; null when there is none or it was taken. */
export function takeFirst<K extends keyof FirstLook>(part: K): NonNullable<FirstLook[K]> | null {
  const look = window.__WORKTRAY_FIRST_LOOK__;
  if (!look) return null;
  const value = look[part];
  look[part] = null;
  return value ?? null;
}
