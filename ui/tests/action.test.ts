import { describe, expect, it } from "vitest";
import { Action } from "../src/lib/action.svelte";
import { deferred } from "./ipc";

describe("Action", () => {
  it("is busy while it runs, then keeps what it did", async () => {
    const action = new Action<string>();
    const answer = deferred<string>();
    const run = action.run(() => answer.promise);
    expect(action.busy).toBe(true);
    expect(action.outcome).toBeNull();

    answer.resolve("Saved.");
    expect(await run).toBe("Saved.");
    expect(action.busy).toBe(false);
    expect(action.outcome).toBe("Saved.");
    expect(action.error).toBeNull();
  });

  it("runs once at a time: a second run while busy does nothing", async () => {
    const action = new Action<number>();
    const answer = deferred<number>();
    let runs = 0;
    const first = action.run(() => {
      runs += 1;
      return answer.promise;
    });
    expect(
      await action.run(async () => {
        runs += 1;
        return 2;
      }),
    ).toBeUndefined();
    answer.resolve(1);
    expect(await first).toBe(1);
    expect(runs).toBe(1);
  });

  it("shows the daemon's error, clears busy, and forgets it on the next run", async () => {
    const action = new Action<string>();
    await action.run(async () => "first");
    const failed = await action.run(async () => {
      throw { code: "offline", message: "cannot reach Worksection" };
    });
    expect(failed).toBeUndefined();
    expect(action.busy).toBe(false);
    expect(action.error).toEqual({ code: "offline", message: "cannot reach Worksection" });
    expect(action.outcome).toBeNull();

    const answer = deferred<string>();
    const next = action.run(() => answer.promise);
    expect(action.error).toBeNull();
    answer.resolve("again");
    await next;
    expect(action.outcome).toBe("again");
  });

  it("a failure the caller handles is not shown", async () => {
    const action = new Action<void>();
    const seen: string[] = [];
    await action.run(
      async () => {
        throw { code: "day_off", message: "Today is a day off" };
      },
      (error) => {
        seen.push(error.code);
        return error.code === "day_off";
      },
    );
    expect(seen).toEqual(["day_off"]);
    expect(action.error).toBeNull();
    expect(action.busy).toBe(false);
  });

  it("a rejection that is not the daemon's still reads as an error", async () => {
    const action = new Action<void>();
    await action.run(async () => {
      throw new Error("command not allowed");
    });
    expect(action.error).toEqual({ code: "window", message: "command not allowed" });
  });
});
