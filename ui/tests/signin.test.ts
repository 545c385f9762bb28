import { emit } from "@tauri-apps/api/event";
import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import App from "../src/App.svelte";
import type { Profile, SignInDefaults, Status } from "../src/lib/protocol";
import { status } from "./fixtures";
import { deferred, fakeIpc } from "./ipc";

const signedOut: Status = {
  ...status(null),
  connection: "signed_out",
  signed_in_as: null,
  checked_at: null,
};

const defaults: SignInDefaults = {
  client_id: "worktray-acme",
  redirect_uri: "http://127.0.0.1:47811/callback",
  scopes: "projects_read tasks_read costs_read costs_write",
  has_client_secret: true,
  signed_out_reason: "Worksection refused the saved sign-in (invalid_grant)",
};

const anna: Profile = {
  id: "7",
  name: "Anna Kovalenko",
  email: "anna@acme.example",
  role: "user",
  account_url: "https://acme.worksection.com",
};

const value = (testId: string) => (screen.getByTestId(testId) as HTMLInputElement).value;

describe("sign-in", () => {
  it("signed out, the window is the sign-in form, prefilled from the daemon", async () => {
    fakeIpc({ get_status: signedOut, sign_in_defaults: defaults });
    render(App);

    await waitFor(() => expect(value("client-id")).toBe("worktray-acme"));
    expect(value("redirect-uri")).toBe(defaults.redirect_uri);
    expect(value("scopes")).toBe(defaults.scopes);
    expect(value("client-secret")).toBe("");
    expect(screen.getByTestId("secret-note").textContent).toContain("kept in your keyring");
    expect(screen.getByTestId("signed-out-reason").textContent?.trim()).toBe(
      defaults.signed_out_reason,
    );
    expect(screen.getByTestId("sign-in-form").textContent).toContain(
      "Account settings → API → OAuth2 applications",
    );
    expect(screen.getByTestId("sign-in-form").textContent).toContain("redirect URI exactly");
    // A loopback HTTP redirect (as here) brings no certificate warning to explain.
    expect(screen.queryByTestId("certificate-note")).toBeNull();
    // Nothing else to do while signed out.
    expect(screen.queryByTestId("tab-timer")).toBeNull();
    expect(screen.queryByTestId("task-search")).toBeNull();
    expect(document.activeElement).toBe(screen.getByTestId("client-id"));
  });

  it("a team config dropped on the form fills it in; the certificate warning is explained before the browser opens", async () => {
    const team = {
      account_url: "https://acme.worksection.com",
      defaults: {
        client_id: "team-app",
        redirect_uri: "https://localhost:47811/callback",
        scopes: "projects_read tasks_read",
        has_client_secret: true,
        signed_out_reason: null,
      },
      with_secret: true,
    };
    const ipc = fakeIpc({
      get_status: signedOut,
      sign_in_defaults: { ...defaults, client_id: "", has_client_secret: false, signed_out_reason: null },
      import_team: team,
    });
    render(App);
    expect((await screen.findByTestId("team-drop")).textContent).toContain("worktray-team.json");
    expect(screen.queryByTestId("secret-note")).toBeNull();

    await emit("tauri://drag-drop", {
      paths: ["/home/anna/Downloads/worktray-team.json"],
      position: { x: 20, y: 40 },
    });

    await waitFor(() => expect(value("client-id")).toBe("team-app"));
    expect(value("redirect-uri")).toBe("https://localhost:47811/callback");
    expect(value("scopes")).toBe("projects_read tasks_read");
    expect(screen.getByTestId("team-imported").textContent).toContain(
      "https://acme.worksection.com imported, with the client secret",
    );
    expect(screen.getByTestId("secret-note")).toBeTruthy();
    expect(screen.getByTestId("certificate-note").textContent).toContain(
      "certificate of localhost",
    );
    expect(ipc.of("import_team").map((call) => call.args)).toEqual([
      { path: "/home/anna/Downloads/worktray-team.json" },
    ]);
  });

  it("a file that is not a team config is refused with the daemon's words, and the form stays", async () => {
    const refused = {
      code: "invalid_input",
      message: "/home/anna/notes.json is not a Worktray team file",
    };
    fakeIpc({
      get_status: signedOut,
      sign_in_defaults: defaults,
      import_team: () => {
        throw refused;
      },
    });
    render(App);
    await waitFor(() => expect(value("client-id")).toBe("worktray-acme"));

    await emit("tauri://drag-drop", { paths: ["/home/anna/notes.json"], position: { x: 1, y: 1 } });

    expect((await screen.findByTestId("sign-in-error")).textContent).toBe(refused.message);
    expect(value("client-id")).toBe("worktray-acme");
    expect(screen.queryByTestId("team-imported")).toBeNull();
  });

  it("a locked keyring is named, and Try again reads the saved sign-in once it is unlocked", async () => {
    const user = userEvent.setup();
    const locked = {
      code: "keyring_locked",
      message:
        "the system keyring is locked; unlock it (log in to your desktop session or open your keyring app) and try again",
    };
    let unlocked = false;
    const ipc = fakeIpc({
      get_status: signedOut,
      sign_in_defaults: () => {
        if (!unlocked) throw locked;
        return defaults;
      },
      reload_sign_in: () => {
        if (!unlocked) throw locked;
        return null;
      },
    });
    render(App);

    expect((await screen.findByTestId("sign-in-error")).textContent).toBe(locked.message);
    await user.click(screen.getByTestId("keyring-retry"));
    await waitFor(() => expect(ipc.of("reload_sign_in")).toHaveLength(1));
    expect((await screen.findByTestId("sign-in-error")).textContent).toBe(locked.message);

    unlocked = true;
    await user.click(screen.getByTestId("keyring-retry"));
    await waitFor(() => expect(ipc.of("reload_sign_in")).toHaveLength(2));
    await waitFor(() => expect(value("client-id")).toBe("worktray-acme"));
    expect(screen.queryByTestId("sign-in-error")).toBeNull();
    expect(screen.queryByTestId("keyring-retry")).toBeNull();
    // The daemon, signed in again, says so: the window leaves the sign-in form.
    await emit("status", status(null));
    await waitFor(() => expect(screen.queryByTestId("sign-in-form")).toBeNull());
  });

  it("sends the form once, waits for the browser, and forgets the typed secret", async () => {
    const user = userEvent.setup();
    const answer = deferred<Profile>();
    const ipc = fakeIpc({
      get_status: signedOut,
      sign_in_defaults: { ...defaults, has_client_secret: false, signed_out_reason: null },
      sign_in: () => answer.promise,
    });
    render(App);
    await waitFor(() => expect(value("client-id")).toBe("worktray-acme"));
    expect(screen.queryByTestId("secret-note")).toBeNull();
    expect(screen.queryByTestId("signed-out-reason")).toBeNull();

    await user.type(screen.getByTestId("client-secret"), "s3cr3t-from-worksection");
    await user.click(screen.getByTestId("sign-in-button"));

    await waitFor(() => expect(ipc.of("sign_in")).toHaveLength(1));
    expect(ipc.of("sign_in")[0].args).toEqual({
      clientId: "worktray-acme",
      clientSecret: "s3cr3t-from-worksection",
      redirectUri: defaults.redirect_uri,
      scopes: defaults.scopes,
    });
    // Out of the form at once, while the daemon waits for the browser.
    expect(value("client-secret")).toBe("");
    expect(screen.getByTestId("sign-in-button").textContent?.trim()).toBe(
      "Waiting for the browser…",
    );
    expect(screen.getByTestId("sign-in-button")).toHaveProperty("disabled", true);
    expect(screen.getByTestId("sign-in-waiting").textContent).toContain("Approve Worktray");

    answer.resolve(anna);
    await emit("status", status(null));
    await screen.findByTestId("timer-idle");
    expect(screen.getByTestId("tab-timer").getAttribute("aria-selected")).toBe("true");
    expect(ipc.of("sign_in")).toHaveLength(1);
  });

  it("while waiting, a pasted address goes to the daemon and leaves the field", async () => {
    const user = userEvent.setup();
    const answer = deferred<Profile>();
    const pasted = "http://127.0.0.1:47811/callback?code=abc123&state=xyz";
    let pastes = 0;
    const ipc = fakeIpc({
      get_status: signedOut,
      sign_in_defaults: defaults,
      sign_in: () => answer.promise,
      paste_sign_in: () => {
        pastes += 1;
        if (pastes === 1) {
          throw { code: "invalid_input", message: "no sign-in is waiting for an address" };
        }
        return null;
      },
    });
    render(App);
    await waitFor(() => expect(value("client-id")).toBe("worktray-acme"));
    // Only while the daemon waits for the browser.
    expect(screen.queryByTestId("sign-in-paste")).toBeNull();

    await user.click(screen.getByTestId("sign-in-button"));
    const field = await screen.findByTestId("sign-in-paste");
    expect(screen.getByTestId("sign-in-paste-form").textContent).toContain(
      "If your browser can't reach this computer, paste the address it ended on (or the code)",
    );
    expect(screen.getByTestId("sign-in-paste-submit")).toHaveProperty("disabled", true);

    await user.type(field, pasted);
    await user.click(screen.getByTestId("sign-in-paste-submit"));
    await waitFor(() => expect(ipc.of("paste_sign_in")).toHaveLength(1));
    expect(ipc.of("paste_sign_in")[0].args).toEqual({ text: pasted });
    expect(value("sign-in-paste")).toBe("");
    // The daemon's refusal, word for word; still waiting.
    expect((await screen.findByTestId("sign-in-paste-error")).textContent).toBe(
      "no sign-in is waiting for an address",
    );

    // Enter sends it too.
    await user.type(screen.getByTestId("sign-in-paste"), " abc123 {Enter}");
    await waitFor(() => expect(ipc.of("paste_sign_in")).toHaveLength(2));
    expect(ipc.of("paste_sign_in")[1].args).toEqual({ text: "abc123" });
    expect(value("sign-in-paste")).toBe("");
    await waitFor(() => expect(screen.queryByTestId("sign-in-paste-error")).toBeNull());
    // Pasting is not signing in again.
    expect(ipc.of("sign_in")).toHaveLength(1);

    answer.resolve(anna);
    await emit("status", status(null));
    await screen.findByTestId("timer-idle");
    expect(screen.queryByTestId("sign-in-paste")).toBeNull();
  });

  it("an empty secret keeps the saved one, and a refusal is shown", async () => {
    const user = userEvent.setup();
    const ipc = fakeIpc({
      get_status: signedOut,
      sign_in_defaults: defaults,
      sign_in: () => {
        throw {
          code: "sign_in_refused",
          message: "Worksection refused the sign-in: invalid_client (unknown client id)",
        };
      },
    });
    render(App);
    await waitFor(() => expect(value("client-id")).toBe("worktray-acme"));

    await user.click(screen.getByTestId("sign-in-button"));
    expect((await screen.findByTestId("sign-in-error")).textContent).toBe(
      "Worksection refused the sign-in: invalid_client (unknown client id)",
    );
    expect(ipc.of("sign_in")[0].args.clientSecret).toBeNull();
    // Ready for another try.
    expect(screen.getByTestId("sign-in-button").textContent?.trim()).toBe(
      "Sign in with Worksection",
    );
    expect(screen.getByTestId("sign-in-form")).toBeTruthy();
  });

  it("Enter in a field signs in; a missing client id keeps the button off", async () => {
    const user = userEvent.setup();
    const ipc = fakeIpc({ get_status: signedOut, sign_in_defaults: defaults, sign_in: anna });
    render(App);
    await waitFor(() => expect(value("client-id")).toBe("worktray-acme"));

    await user.clear(screen.getByTestId("client-id"));
    expect(screen.getByTestId("sign-in-button")).toHaveProperty("disabled", true);
    await user.type(screen.getByTestId("client-id"), " other-app {Enter}");
    await waitFor(() => expect(ipc.of("sign_in")).toHaveLength(1));
    expect(ipc.of("sign_in")[0].args.clientId).toBe("other-app");
  });
});

describe("account", () => {
  it("signs out after a confirmation, from the account view", async () => {
    const user = userEvent.setup();
    const ipc = fakeIpc({
      get_status: status(null),
      list_tasks: [],
      sign_in_defaults: defaults,
      sign_out: signedOut,
    });
    render(App);
    await screen.findByTestId("timer-idle");

    await user.click(screen.getByTestId("account-button"));
    expect((await screen.findByTestId("account-name")).textContent).toBe("Anna Kovalenko");
    await user.click(screen.getByTestId("sign-out-button"));
    expect(ipc.of("sign_out")).toHaveLength(0);
    await user.click(screen.getByTestId("sign-out-cancel"));
    await user.click(screen.getByTestId("sign-out-button"));
    await user.click(screen.getByTestId("sign-out-confirm"));

    await waitFor(() => expect(ipc.of("sign_out")).toHaveLength(1));
    await screen.findByTestId("sign-in-form");
    expect(screen.getByTestId("connection").dataset.state).toBe("signed_out");
    expect(screen.queryByTestId("tab-timer")).toBeNull();
    // The daemon is asked again why the sign-in ended.
    await waitFor(() => expect(ipc.of("sign_in_defaults").length).toBeGreaterThanOrEqual(2));
  });
});
