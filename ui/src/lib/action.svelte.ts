// What a button or a form does on the daemon, one at a time: busy while it runs (the view
// disables its controls), then either what it did or why it failed, until the next run.

import { toErrorView } from "./daemon";
import type { ErrorView } from "./protocol";

export class Action<T> {
  busy = $state(false);
  /** Why the last run failed. */
  error = $state<ErrorView | null>(null);
  /** What the last run did. */
  outcome = $state<T | null>(null);

  /**
   * Runs `work` unless a run is under way. Resolves to what it did, or to undefined when it
   * did not run or failed. A failure that `handled` takes (returns true) is not kept as the
   * error: the caller has dealt with it, by asking the user, say.
   */
  async run(
    work: () => Promise<T>,
    handled?: (error: ErrorView) => boolean,
  ): Promise<T | undefined> {
    if (this.busy) return undefined;
    this.busy = true;
    this.clear();
    try {
      const outcome = await work();
      this.outcome = outcome;
      return outcome;
    } catch (reason) {
      const error = toErrorView(reason);
      if (!handled?.(error)) this.error = error;
      return undefined;
    } finally {
      this.busy = false;
    }
  }

  /** Shows `error` as if a run had failed: the form's own check refused what was typed. */
  fail(error: ErrorView): void {
    this.outcome = null;
    this.error = error;
  }

  clear(): void {
    this.error = null;
    this.outcome = null;
  }
}
