import { describe, expect, it } from "vitest";
import { TimerStore } from "../src/lib/timer.svelte";
import type { StopReport } from "../src/lib/protocol";
import { status, tasks, timerOn } from "./fixtures";
import { deferred, fakeIpc } from "./ipc";

describe("TimerStore", () => {
  it("shows the daemon's timer and moves its clock only when the daemon says so", () => {
    const store = new TimerStore();
    expect(store.timer).toBeNull();
    expect(store.started).toBeNull();

    // checked_at is 28 November: a timer started that day shows its time alone.
    store.status = status(timerOn(tasks[0], "1:25"));
    expect(store.timer?.elapsed_text).toBe("1:25");
    expect(store.started).toBe("09:12");

    // The next minute's push.
    store.status = { ...status(timerOn(tasks[0], "1:26")), checked_at: "2025-11-29T00:30:00+00:00" };
    expect(store.timer?.elapsed_text).toBe("1:26");
    expect(store.started).toBe("28 Nov 09:12");
  });

  it("keeps what Stop saved until the next start, and says when it is queued", async () => {
    const stopped: StopReport = {
      status: status(null),
      stopped: timerOn(tasks[1], "0:40"),
      queued: { why: "failed", code: "offline", message: "cannot reach Worksection" },
    };
    fakeIpc({
      stop_timer: stopped,
      start_timer: { status: status(timerOn(tasks[0], "0:00")), stopped: null, queued: null },
    });
    const store = new TimerStore();
    store.status = status(timerOn(tasks[1], "0:40"));

    await store.stop("notes");
    expect(store.timer).toBeNull();
    expect(store.savedText).toBe("Queued 0:40 · Write release notes");

    await store.start(tasks[0]);
    expect(store.timer?.task.id).toBe("101");
    expect(store.saved).toBeNull();
  });

  it("is busy while an action runs, and takes no second one meanwhile", async () => {
    const answer = deferred<unknown>();
    const ipc = fakeIpc({ refresh_status: () => answer.promise, discard_timer: status(null) });
    const store = new TimerStore();
    store.status = status(timerOn(tasks[0]));

    const refresh = store.refresh();
    expect(store.action.busy).toBe(true);
    expect(store.ready).toBe(false);
    await store.discard();
    expect(ipc.of("discard_timer")).toHaveLength(0);

    answer.resolve(status(null));
    await refresh;
    expect(store.action.busy).toBe(false);
    expect(store.timer).toBeNull();
  });

  it("asks before starting on a day off, and shows a refusal of the confirmed start", async () => {
    const dayOff = { code: "day_off", message: "Today is marked as vacation." };
    const ipc = fakeIpc({
      start_timer: () => {
        throw dayOff;
      },
    });
    const store = new TimerStore();
    store.status = status(null);

    await store.start(tasks[2]);
    expect(store.dayOff).toEqual({ task: tasks[2], message: dayOff.message });
    expect(store.action.error).toBeNull();

    await store.start(tasks[2], true);
    expect(ipc.of("start_timer")[1].args).toEqual({ task: "203", onDayOff: true });
    expect(store.dayOff).toBeNull();
    expect(store.action.error).toEqual(dayOff);
  });

  it("when the daemon is unreachable the window is lost, not merely in error", async () => {
    const ipc = fakeIpc({
      refresh_status: () => {
        throw { code: "daemon_unreachable", message: "Worktray is not running" };
      },
    });
    const store = new TimerStore();
    store.status = status(null);

    await store.refresh();
    expect(store.lost?.message).toBe("Worktray is not running");
    expect(store.action.error).toBeNull();
    expect(store.ready).toBe(false);
    // Nothing more is sent to a daemon that is gone.
    await store.refresh();
    expect(ipc.of("refresh_status")).toHaveLength(1);
  });
});
