// A fake of the window's Rust commands for component tests: each command answers from a
// handler (a value, or a function of the arguments; throw to reject), and every call is kept.
import { mockIPC } from "@tauri-apps/api/mocks";

export type Call = { cmd: string; args: Record<string, unknown> };
type Handler = unknown | ((args: any) => unknown);

export function fakeIpc(handlers: Record<string, Handler>) {
  const calls: Call[] = [];
  mockIPC(
    (cmd, payload) => {
      const args = (payload ?? {}) as Record<string, unknown>;
      calls.push({ cmd, args });
      if (!(cmd in handlers)) throw new Error(`unexpected command ${cmd}`);
      const handler = handlers[cmd];
      return typeof handler === "function" ? handler(args) : handler;
    },
    { shouldMockEvents: true },
  );
  return {
    calls,
    of: (cmd: string) => calls.filter((call) => call.cmd === cmd),
  };
}

/** A promise to settle by hand, for a command that takes a while (sign-in). */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
