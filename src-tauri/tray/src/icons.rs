//! Tray icons, one per state, embedded in the binary (drawn by `icons/make-icons.sh`).

use tray_icon::Icon;
use worktray_core::ipc::{Connection, Status};

/// The states the tray icon distinguishes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TrayState {
    SignedOut,
    Idle,
    Running,
    Offline,
    Error,
}

impl TrayState {
    pub fn of(status: &Status) -> TrayState {
        match (status.connection, &status.timer, &status.problem) {
            (Connection::SignedOut, _, _) => TrayState::SignedOut,
            (Connection::Offline, _, _) => TrayState::Offline,
            (Connection::Online, _, Some(_)) => TrayState::Error,
            (_, Some(_), _) => TrayState::Running,
            (_, None, _) => TrayState::Idle,
        }
    }
}

/// Panels are dark on most Linux desktops (GNOME, KDE's default, Windows' taskbar), so light
/// glyphs are the default; `WORKTRAY_TRAY_THEME=dark` picks dark glyphs for light panels.
fn light_glyphs() -> bool {
    std::env::var("WORKTRAY_TRAY_THEME")
        .map(|t| t != "dark")
        .unwrap_or(true)
}

fn png_bytes(state: TrayState) -> &'static [u8] {
    let light = light_glyphs();
    match (state, light) {
        (TrayState::Running, _) => include_bytes!("../../../icons/tray-running.png"),
        (TrayState::Error, _) => include_bytes!("../../../icons/tray-error.png"),
        (TrayState::Idle, true) => include_bytes!("../../../icons/tray-idle-light.png"),
        (TrayState::Idle, false) => include_bytes!("../../../icons/tray-idle-dark.png"),
        (TrayState::SignedOut, true) => include_bytes!("../../../icons/tray-signed-out-light.png"),
        (TrayState::SignedOut, false) => include_bytes!("../../../icons/tray-signed-out-dark.png"),
        (TrayState::Offline, true) => include_bytes!("../../../icons/tray-offline-light.png"),
        (TrayState::Offline, false) => include_bytes!("../../../icons/tray-offline-dark.png"),
    }
}

/// Why an embedded icon cannot be shown: a broken PNG, one of another pixel format, or one
/// the tray refuses.
#[derive(Debug, thiserror::Error)]
pub enum IconError {
    #[error("tray icon: {0}")]
    Decode(#[from] png::DecodingError),
    #[error("tray icon: expected 8-bit RGBA, got {color_type:?} {bit_depth:?}")]
    NotRgba {
        color_type: png::ColorType,
        bit_depth: png::BitDepth,
    },
    #[error("tray icon: {0}")]
    Refused(#[from] tray_icon::BadIcon),
}

/// Decodes the embedded PNG for `state` into the RGBA the tray wants.
pub fn icon(state: TrayState) -> Result<Icon, IconError> {
    let decoder = png::Decoder::new(png_bytes(state));
    let mut reader = decoder.read_info()?;
    let mut pixels = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut pixels)?;
    if info.color_type != png::ColorType::Rgba || info.bit_depth != png::BitDepth::Eight {
        return Err(IconError::NotRgba {
            color_type: info.color_type,
            bit_depth: info.bit_depth,
        });
    }
    pixels.truncate(info.buffer_size());
    Ok(Icon::from_rgba(pixels, info.width, info.height)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_state_has_a_decodable_icon() {
        for state in [
            TrayState::SignedOut,
            TrayState::Idle,
            TrayState::Running,
            TrayState::Offline,
            TrayState::Error,
        ] {
            icon(state).unwrap();
        }
    }
}
