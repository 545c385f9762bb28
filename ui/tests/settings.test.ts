// The settings view, and starting a timer on a day off.
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import App from "../src/App.svelte";
import SettingsView from "../src/components/Settings.svelte";
import type { Settings, StartReport } from "../src/lib/protocol";
import { filterTasks, status, tasks, timerOn } from "./fixtures";
import { fakeIpc, openedWith } from "./ipc";

const saved: Settings = {
  long_timer_hours: 8,
  start_at_login: false,
  pinned: [tasks[2], tasks[0]],
  picker_shortcut: null,
  log_time_shortcut: null,
  work_hours_reminder: null,
  keep_closed_window_seconds: 0,
  away_after_minutes: 10,
  away_time: "ask",
  stop_timer_on_sleep: false,
  language: "auto",
};

describe("settings", () => {
  it("loads the daemon's settings and saves what is changed", async () => {
    const user = userEvent.setup();
    const ipc = fakeIpc({
      get_settings: saved,
      save_settings: ({ settings }: { settings: Settings }) => settings,
    });
    render(SettingsView, { onclose: () => {} });

    const hours = (await screen.findByTestId("settings-long-timer")) as HTMLInputElement;
    expect(hours.value).toBe("8");
    expect((screen.getByTestId("settings-long-timer-on") as HTMLInputElement).checked).toBe(true);
    expect((screen.getByTestId("settings-start-at-login") as HTMLInputElement).checked).toBe(false);
    expect((screen.getByTestId("settings-shortcut") as HTMLInputElement).value).toBe("");
    expect(screen.getAllByTestId("settings-pinned-item").map((li) => li.dataset.taskId)).toEqual([
      "203",
      "101",
    ]);

    await user.clear(hours);
    await user.type(hours, "5");
    await user.click(screen.getByTestId("settings-start-at-login"));
    await user.type(screen.getByTestId("settings-shortcut"), "ctrl+alt+KeyT");
    await user.type(screen.getByTestId("settings-log-time-shortcut"), " ctrl+alt+KeyL ");
    await user.click(screen.getByTestId("settings-save"));

    expect(await screen.findByTestId("settings-saved")).toBeTruthy();
    expect(ipc.of("save_settings")[0].args).toEqual({
      settings: {
        long_timer_hours: 5,
        start_at_login: true,
        pinned: [tasks[2], tasks[0]],
        picker_shortcut: "ctrl+alt+KeyT",
        log_time_shortcut: "ctrl+alt+KeyL",
        work_hours_reminder: null,
        keep_closed_window_seconds: 0,
        away_after_minutes: 10,
        away_time: "ask",
        stop_timer_on_sleep: false,
        language: "auto",
      },
    });

    // Off is null, and an empty shortcut is none.
    await user.click(screen.getByTestId("settings-long-timer-on"));
    await user.clear(screen.getByTestId("settings-shortcut"));
    await user.clear(screen.getByTestId("settings-log-time-shortcut"));
    await user.click(screen.getByTestId("settings-save"));
    await waitFor(() => expect(ipc.of("save_settings")).toHaveLength(2));
    expect(ipc.of("save_settings")[1].args).toMatchObject({
      settings: { long_timer_hours: null, picker_shortcut: null, log_time_shortcut: null },
    });
  });

  it("saves the work-hours reminder as an object, and off as null", async () => {
    const user = userEvent.setup();
    const ipc = fakeIpc({
      get_settings: saved,
      save_settings: ({ settings }: { settings: Settings }) => settings,
    });
    render(SettingsView, { onclose: () => {} });

    const on = (await screen.findByTestId("settings-work-hours-on")) as HTMLInputElement;
    const start = screen.getByTestId("settings-work-start") as HTMLInputElement;
    const end = screen.getByTestId("settings-work-end") as HTMLInputElement;
    const after = screen.getByTestId("settings-work-after") as HTMLInputElement;
    expect(on.checked).toBe(false);
    expect([start.value, end.value, after.value]).toEqual(["09:00", "18:00", "30"]);
    expect(start.type).toBe("time");
    expect(start.disabled).toBe(true);
    expect(screen.getByText("Weekdays only; silent on days off.")).toBeTruthy();

    await user.click(on);
    expect(start.disabled).toBe(false);
    await fireEvent.input(start, { target: { value: "08:30" } });
    await fireEvent.input(end, { target: { value: "17:00" } });
    await user.clear(after);
    await user.type(after, "45");
    await user.click(screen.getByTestId("settings-save"));

    expect(await screen.findByTestId("settings-saved")).toBeTruthy();
    expect(ipc.of("save_settings")[0].args).toEqual({
      settings: {
        ...saved,
        work_hours_reminder: { start: "08:30", end: "17:00", after_minutes: 45 },
      },
    });
    // What the daemon saved comes back into the form.
    expect((screen.getByTestId("settings-work-hours-on") as HTMLInputElement).checked).toBe(true);
    expect((screen.getByTestId("settings-work-start") as HTMLInputElement).value).toBe("08:30");

    await user.click(screen.getByTestId("settings-work-hours-on"));
    await user.click(screen.getByTestId("settings-save"));
    await waitFor(() => expect(ipc.of("save_settings")).toHaveLength(2));
    expect(ipc.of("save_settings")[1].args).toEqual({ settings: saved });
  });

  it("shows the daemon's refusal of the work hours word for word", async () => {
    const user = userEvent.setup();
    const refusal = "work hours must end after they start";
    const ipc = fakeIpc({
      get_settings: {
        ...saved,
        work_hours_reminder: { start: "09:00", end: "18:00", after_minutes: 30 },
      },
      save_settings: () => {
        throw { code: "invalid_input", message: refusal };
      },
    });
    render(SettingsView, { onclose: () => {} });

    const end = (await screen.findByTestId("settings-work-end")) as HTMLInputElement;
    expect((screen.getByTestId("settings-work-hours-on") as HTMLInputElement).checked).toBe(true);
    // No minutes: refused here, nothing sent.
    await user.clear(screen.getByTestId("settings-work-after"));
    await user.click(screen.getByTestId("settings-save"));
    expect((await screen.findByTestId("settings-error")).textContent).toContain("minutes");
    expect(ipc.of("save_settings")).toHaveLength(0);

    await user.type(screen.getByTestId("settings-work-after"), "30");
    await fireEvent.input(end, { target: { value: "08:00" } });
    await user.click(screen.getByTestId("settings-save"));
    await waitFor(() => expect(screen.getByTestId("settings-error").textContent).toBe(refusal));
    expect(ipc.of("save_settings")[0].args).toMatchObject({
      settings: { work_hours_reminder: { start: "09:00", end: "08:00", after_minutes: 30 } },
    });
  });

  it("refuses fewer than one hour, and shows the daemon's refusal word for word", async () => {
    const user = userEvent.setup();
    const refusal =
      "global shortcuts are not available on Wayland; set one in the desktop's keyboard settings";
    const ipc = fakeIpc({
      get_settings: saved,
      save_settings: () => {
        throw { code: "invalid_input", message: refusal };
      },
    });
    render(SettingsView, { onclose: () => {} });

    const hours = await screen.findByTestId("settings-long-timer");
    await user.clear(hours);
    await user.type(hours, "0");
    await user.click(screen.getByTestId("settings-save"));
    expect((await screen.findByTestId("settings-error")).textContent).toContain("at least 1");
    expect(ipc.of("save_settings")).toHaveLength(0);

    await user.clear(hours);
    await user.type(hours, "2");
    await user.type(screen.getByTestId("settings-shortcut"), "ctrl+alt+KeyT");
    await user.click(screen.getByTestId("settings-save"));
    await waitFor(() => expect(screen.getByTestId("settings-error").textContent).toBe(refusal));
    expect(screen.getByTestId("settings-error").getAttribute("role")).toBe("alert");
    expect(screen.queryByTestId("settings-saved")).toBeNull();
  });

  it("keeps a closed window ready for whole seconds up to ten minutes", async () => {
    const user = userEvent.setup();
    const ipc = fakeIpc({
      get_settings: { ...saved, keep_closed_window_seconds: 30 },
      save_settings: ({ settings }: { settings: Settings }) => settings,
    });
    render(SettingsView, { onclose: () => {} });

    const keep = (await screen.findByTestId("settings-keep-window")) as HTMLInputElement;
    expect(keep.value).toBe("30");
    expect(screen.getByLabelText("Keep a closed window ready for")).toBe(keep);

    for (const wrong of ["601", "1.5"]) {
      await user.clear(keep);
      await user.type(keep, wrong);
      await user.click(screen.getByTestId("settings-save"));
      expect((await screen.findByTestId("settings-error")).textContent).toContain("0 to 600");
      expect(keep.getAttribute("aria-invalid")).toBe("true");
    }
    expect(ipc.of("save_settings")).toHaveLength(0);

    await user.clear(keep);
    await user.type(keep, "120");
    await user.click(screen.getByTestId("settings-save"));
    expect(await screen.findByTestId("settings-saved")).toBeTruthy();
    expect(ipc.of("save_settings")[0].args).toEqual({
      settings: { ...saved, keep_closed_window_seconds: 120 },
    });
  });

  it("saves the away-time settings, and refuses minutes it cannot use", async () => {
    const user = userEvent.setup();
    const ipc = fakeIpc({
      get_settings: { ...saved, away_after_minutes: 15, away_time: "keep" },
      save_settings: ({ settings }: { settings: Settings }) => settings,
    });
    render(SettingsView, { onclose: () => {} });

    const after = (await screen.findByTestId("settings-away-after")) as HTMLInputElement;
    const policy = screen.getByTestId("settings-away-time") as HTMLSelectElement;
    const sleep = screen.getByTestId("settings-stop-on-sleep") as HTMLInputElement;
    expect(after.value).toBe("15");
    expect(policy.value).toBe("keep");
    expect(sleep.checked).toBe(false);
    expect(screen.getByLabelText("Away after")).toBe(after);

    for (const wrong of ["481", "2.5"]) {
      await user.clear(after);
      await user.type(after, wrong);
      await user.click(screen.getByTestId("settings-save"));
      expect((await screen.findByTestId("settings-error")).textContent).toContain("0 to 480");
      expect(after.getAttribute("aria-invalid")).toBe("true");
    }
    expect(ipc.of("save_settings")).toHaveLength(0);

    await user.clear(after);
    await user.type(after, "5");
    await user.selectOptions(policy, "discard");
    await user.click(sleep);
    await user.click(screen.getByTestId("settings-save"));
    expect(await screen.findByTestId("settings-saved")).toBeTruthy();
    expect(ipc.of("save_settings")[0].args).toEqual({
      settings: { ...saved, away_after_minutes: 5, away_time: "discard", stop_timer_on_sleep: true },
    });

    // 0 turns away time off: what to do with it has nothing to act on.
    await user.clear(after);
    await user.type(after, "0");
    expect(policy.disabled).toBe(true);
    expect(sleep.disabled).toBe(true);
    await user.click(screen.getByTestId("settings-save"));
    await waitFor(() => expect(ipc.of("save_settings")).toHaveLength(2));
    expect(ipc.of("save_settings")[1].args).toMatchObject({ settings: { away_after_minutes: 0 } });
  });

  it("unpins a task and keeps what is typed", async () => {
    const user = userEvent.setup();
    const ipc = fakeIpc({
      get_settings: saved,
      pin_task: { ...saved, pinned: [tasks[0]] },
    });
    render(SettingsView, { onclose: () => {} });

    const hours = await screen.findByTestId("settings-long-timer");
    await user.clear(hours);
    await user.type(hours, "3");
    const unpin = screen.getAllByTestId("settings-unpin")[0];
    expect(unpin.getAttribute("aria-label")).toBe("Unpin Invoice template");
    await user.click(unpin);

    await waitFor(() =>
      expect(screen.getAllByTestId("settings-pinned-item").map((li) => li.dataset.taskId)).toEqual([
        "101",
      ]),
    );
    expect(ipc.of("pin_task")[0].args).toEqual({ task: "203", pinned: false });
    expect((hours as HTMLInputElement).value).toBe("3");
  });

  it("opens from the tray's Settings item and from the footer", async () => {
    const user = userEvent.setup();
    openedWith({ view: "settings" });
    fakeIpc({
      get_status: status(null),
      list_tasks: ({ query }: { query: string | null }) => filterTasks(query),
      get_settings: saved,
    });
    render(App);
    expect(await screen.findByTestId("settings-long-timer")).toBeTruthy();
    expect(screen.getByTestId("settings-button").getAttribute("aria-pressed")).toBe("true");

    await user.click(await screen.findByTestId("tab-timer"));
    await screen.findByTestId("timer-idle");
    await user.click(screen.getByTestId("settings-button"));
    expect(await screen.findByTestId("settings-save")).toBeTruthy();
  });
});

describe("starting on a day off", () => {
  const message = "Today is marked as vacation. Start the timer anyway?";

  function daemon() {
    return fakeIpc({
      get_status: status(null),
      list_tasks: ({ query }: { query: string | null }) => filterTasks(query),
      get_settings: { ...saved, pinned: [] },
      start_timer: ({ task, onDayOff }: { task: string; onDayOff?: boolean }) => {
        if (!onDayOff) throw { code: "day_off", message };
        const found = tasks.find((t) => t.id === task)!;
        const report: StartReport = {
          stopped_first: null,
          already_running: false,
          queued: null,
          booked_before_start: null,
          status: status(timerOn(found, "0:00")),
        };
        return report;
      },
    });
  }

  it("asks with the daemon's message, and Start anyway confirms", async () => {
    const user = userEvent.setup();
    const ipc = daemon();
    render(App);

    const items = await waitFor(() => {
      const found = screen.getAllByTestId("task-item");
      expect(found).toHaveLength(3);
      return found;
    });
    await user.click(items[1]);

    const confirm = await screen.findByTestId("day-off-confirm");
    expect(screen.getByTestId("day-off-message").textContent).toBe(message);
    expect(confirm.textContent).toBe("Start anyway");
    expect(document.activeElement).toBe(confirm);
    // Asked inline, not shown as a failure.
    expect(screen.queryByRole("alert")).toBeNull();
    expect(ipc.of("start_timer")[0].args).toEqual({ task: "102" });

    await user.keyboard("{Enter}");
    expect((await screen.findByTestId("timer-task")).textContent).toBe("Write release notes");
    expect(ipc.of("start_timer")[1].args).toEqual({ task: "102", onDayOff: true });
    expect(screen.queryByTestId("day-off-confirm")).toBeNull();
  });

  it("Cancel starts nothing", async () => {
    const user = userEvent.setup();
    const ipc = daemon();
    render(App);

    const items = await waitFor(() => {
      const found = screen.getAllByTestId("task-item");
      expect(found).toHaveLength(3);
      return found;
    });
    await user.click(items[0]);
    await user.click(await screen.findByTestId("day-off-cancel"));

    expect(screen.queryByTestId("day-off-confirm")).toBeNull();
    expect(screen.getByTestId("timer-idle")).toBeTruthy();
    expect(ipc.of("start_timer")).toHaveLength(1);
  });
});
