// Views that show queued writes (entries, days off) ask the daemon again when its queue
// counts change: a write went out, or Worksection refused one.

import { untrack } from "svelte";
import type { Status } from "./protocol";

/** Quiet time after a change of the counts before asking again: one write moves them twice
 * (queued, then sent) within moments. */
export const QUEUE_SETTLE_MS = 300;

/**
 * Calls `reload` a moment after the daemon's queue counts change, unless `busy` (an action of
 * the view is under way; it reloads when done). Call it while a component initialises.
 */
export function reloadOnQueueChange(
  status: () => Status | null,
  busy: () => boolean,
  reload: () => void,
): void {
  const key = $derived.by(() => {
    const current = status();
    return current ? `${current.queue.pending}/${current.queue.parked}` : null;
  });
  let seen: string | null = null;
  $effect(() => {
    const queue = key;
    if (queue === null) return;
    const changed = seen !== null && seen !== queue;
    seen = queue;
    if (!changed || untrack(busy)) return;
    const pending = setTimeout(reload, QUEUE_SETTLE_MS);
    return () => clearTimeout(pending);
  });
}
