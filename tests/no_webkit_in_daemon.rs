//! The daemon lives all day, so it must never load WebKit (≈60–90 MB even without a window);
//! only the on-demand window program may.

use std::process::Command;

use worktray_tests::program;

fn linked_libraries(name: &str) -> String {
    let output = Command::new("ldd")
        .arg(program(name))
        .output()
        .expect("ldd runs");
    assert!(
        output.status.success(),
        "ldd {name}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).to_lowercase()
}

#[test]
fn worktray_never_links_webkit() {
    let daemon = linked_libraries("worktray");
    assert!(daemon.contains("libgtk-3"), "the tray uses GTK: {daemon}");
    for webkit in ["webkit", "javascriptcore", "libsoup"] {
        assert!(
            !daemon.contains(webkit),
            "worktray links {webkit}:\n{daemon}"
        );
    }
}

#[test]
fn the_window_program_does_link_webkit() {
    // Shows that the check above would see WebKit if it were there.
    assert!(linked_libraries("worktray-window").contains("webkit2gtk"));
}
