import { describe, expect, it } from "vitest";
import { Loader } from "../src/lib/loader.svelte";
import { deferred } from "./ipc";

describe("Loader", () => {
  it("applies the latest request's answer even when an older one arrives after it", async () => {
    const loader = new Loader<string>();
    const slow = deferred<string>();
    const fast = deferred<string>();

    const first = loader.load(() => slow.promise);
    const second = loader.load(() => fast.promise);
    fast.resolve("week");
    expect(await second).toEqual({ value: "week" });
    expect(loader.value).toBe("week");
    expect(loader.loading).toBe(false);

    slow.resolve("today");
    expect(await first).toBeNull();
    expect(loader.value).toBe("week");
  });

  it("drops an older answer that arrives first, and stays loading for the latest", async () => {
    const loader = new Loader<string>();
    const older = deferred<string>();
    const newer = deferred<string>();

    const first = loader.load(() => older.promise);
    const second = loader.load(() => newer.promise);
    older.resolve("old");
    expect(await first).toBeNull();
    expect(loader.value).toBeNull();
    expect(loader.loading).toBe(true);

    newer.resolve("new");
    await second;
    expect(loader.value).toBe("new");
    expect(loader.loading).toBe(false);
  });

  it("shows the latest failure beside the last answer, and an older failure not at all", async () => {
    const loader = new Loader<string>();
    await loader.load(async () => "November");
    const late = deferred<string>();
    const first = loader.load(() => late.promise);
    const second = loader.load(async () => {
      throw { code: "offline", message: "no network" };
    });

    expect(await second).toEqual({ error: { code: "offline", message: "no network" } });
    expect(loader.error?.message).toBe("no network");
    expect(loader.value).toBe("November");

    late.reject(new Error("timed out"));
    expect(await first).toBeNull();
    expect(loader.error?.message).toBe("no network");

    await loader.load(async () => "December");
    expect(loader.error).toBeNull();
    expect(loader.value).toBe("December");
  });

  it("after a reset, the answer under way is dropped", async () => {
    const loader = new Loader<string>();
    await loader.load(async () => "before");
    const pending = deferred<string>();
    const load = loader.load(() => pending.promise);
    loader.reset();
    expect(loader.loading).toBe(false);

    pending.resolve("stale");
    expect(await load).toBeNull();
    expect(loader.value).toBeNull();
  });
});
