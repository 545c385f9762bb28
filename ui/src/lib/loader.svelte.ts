// What a view shows from the daemon, asked for again and again (another range, another month,
// another query): the daemon's answers can come back in any order, so only the answer to the
// latest request is applied. An older, slower answer never overwrites a newer one.

import { toErrorView } from "./daemon";
import type { ErrorView } from "./protocol";

/** How a request ended, when it was still the latest one. */
export type Answer<T> = { value: T } | { error: ErrorView };

export class Loader<T> {
  /** The latest answer; kept when a later request fails, so the view does not empty itself. */
  value = $state<T | null>(null);
  /** Why the latest request failed; cleared by the next answer. */
  error = $state<ErrorView | null>(null);
  /** A request is under way whose answer will be applied. */
  loading = $state(false);
  #latest = 0;

  /**
   * Sends `request`, overtaking every request before it. Resolves to how it ended, or to null
   * when a later `load` or `reset` overtook it (its answer is then dropped).
   */
  async load(request: () => Promise<T>): Promise<Answer<T> | null> {
    const ticket = ++this.#latest;
    this.loading = true;
    try {
      const value = await request();
      if (ticket !== this.#latest) return null;
      this.value = value;
      this.error = null;
      return { value };
    } catch (reason) {
      if (ticket !== this.#latest) return null;
      const error = toErrorView(reason);
      this.error = error;
      return { error };
    } finally {
      if (ticket === this.#latest) this.loading = false;
    }
  }

  /** Forgets the last answer and drops the one under way: there is nothing to ask for now. */
  reset(): void {
    this.#latest += 1;
    this.value = null;
    this.error = null;
    this.loading = false;
  }
}
