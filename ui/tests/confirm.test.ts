import { render, screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import ConfirmButton from "../src/components/ConfirmButton.svelte";

const props = {
  testid: "delete",
  label: "Delete…",
  triggerLabel: "Delete 1:30 on Fix login redirect",
  question: "Delete this entry?",
  groupLabel: "Confirm delete",
  confirm: "Delete",
  cancel: "Keep",
};

describe("ConfirmButton", () => {
  it("asks first, and acts only on the second click", async () => {
    const user = userEvent.setup();
    const onconfirm = vi.fn();
    render(ConfirmButton, { ...props, onconfirm });

    const trigger = screen.getByTestId("delete-button");
    expect(trigger.textContent).toBe("Delete…");
    expect(trigger.getAttribute("aria-label")).toBe("Delete 1:30 on Fix login redirect");
    await user.click(trigger);
    expect(onconfirm).not.toHaveBeenCalled();

    const group = screen.getByRole("group", { name: "Confirm delete" });
    expect(group.textContent).toContain("Delete this entry?");
    expect(screen.queryByTestId("delete-button")).toBeNull();
    // The answer that does it has the focus: Enter confirms.
    expect(document.activeElement).toBe(screen.getByTestId("delete-confirm"));
    await user.keyboard("{Enter}");
    expect(onconfirm).toHaveBeenCalledTimes(1);
  });

  it("Escape or the cancel button takes the question back", async () => {
    const user = userEvent.setup();
    const onconfirm = vi.fn();
    render(ConfirmButton, { ...props, onconfirm });

    await user.click(screen.getByTestId("delete-button"));
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("group")).toBeNull();

    await user.click(screen.getByTestId("delete-button"));
    await user.click(screen.getByTestId("delete-cancel"));
    expect(screen.queryByRole("group")).toBeNull();
    expect(screen.getByTestId("delete-button")).toBeTruthy();
    expect(onconfirm).not.toHaveBeenCalled();
  });

  it("while busy the answer cannot be given; when disabled it cannot be asked", async () => {
    const user = userEvent.setup();
    const onconfirm = vi.fn();
    const view = render(ConfirmButton, { ...props, open: true, busy: true, onconfirm });

    expect(screen.getByTestId("delete-confirm")).toHaveProperty("disabled", true);
    await user.click(screen.getByTestId("delete-confirm"));
    expect(onconfirm).not.toHaveBeenCalled();

    await view.rerender({ open: false, busy: false, disabled: true });
    expect(screen.getByTestId("delete-button")).toHaveProperty("disabled", true);
  });
});
