//! The window on an X server without a window manager.
//!
//! winit hands key presses only to a window the X server has reported focused, and on
//! an X server without a window manager (first-boot setup started through `xinit`, a
//! kiosk session) nobody focuses a new window: the installer would take no key at all,
//! and a click does not help either. Nobody fits it to the screen either: scaled for a
//! high-density screen (winit takes the scale from the monitor's size), its window can
//! be larger than the screen, with the navigation buttons off it. So when no window
//! manager runs, the installer makes its window fill the screen and gives it the
//! focus, as kiosk clients do. Under a window manager (and on Wayland) it does
//! nothing: that is the window manager's job.

use std::time::{Duration, Instant};

use x11rb::connection::Connection;
use x11rb::errors::{ConnectError, ConnectionError, ReplyError};
use x11rb::protocol::xproto::{AtomEnum, ConfigureWindowAux, ConnectionExt as _, InputFocus};

/// How long the window may take to become viewable (X refuses to focus it before).
const VIEWABLE_WAIT: Duration = Duration::from_secs(10);

/// What became of the keyboard focus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Focus {
    /// The session is not X11 (Wayland): nothing to do.
    NotX11,
    /// A window manager runs (it announces itself on the root window): it focuses.
    WindowManager,
    /// No window manager: the installer's window fills the screen (this size, in
    /// pixels) and took the focus.
    Taken { width: u16, height: u16 },
}

#[derive(Debug, Clone, thiserror::Error)]
pub enum FocusError {
    #[error("cannot connect to the X server: {0}")]
    Connect(String),
    #[error("the X server connection failed: {0}")]
    Connection(String),
    #[error("the window id {0:#x} is not an X window")]
    NotAWindow(u64),
    #[error("the X server did not give the window {0:#x} the keyboard focus")]
    Refused(u32),
}

impl From<ConnectError> for FocusError {
    fn from(e: ConnectError) -> Self {
        FocusError::Connect(e.to_string())
    }
}

impl From<ConnectionError> for FocusError {
    fn from(e: ConnectionError) -> Self {
        FocusError::Connection(e.to_string())
    }
}

impl From<ReplyError> for FocusError {
    fn from(e: ReplyError) -> Self {
        FocusError::Connection(e.to_string())
    }
}

/// Makes `window` (winit's id of the installer's window: its X window on X11) fill the
/// screen and gives it the keyboard focus when no window manager runs. Blocks for up
/// to ten seconds while the window is not yet viewable.
pub fn settle_without_window_manager(window: u64) -> Result<Focus, FocusError> {
    // winit prefers Wayland when both are there; without DISPLAY it is not X either.
    if std::env::var_os("WAYLAND_DISPLAY").is_some() || std::env::var_os("DISPLAY").is_none() {
        return Ok(Focus::NotX11);
    }
    let xid = u32::try_from(window).map_err(|_| FocusError::NotAWindow(window))?;
    let (conn, screen) = x11rb::connect(None)?;
    let screen = &conn.setup().roots[screen];
    let (root, width, height) = (screen.root, screen.width_in_pixels, screen.height_in_pixels);
    if window_manager_runs(&conn, root)? {
        return Ok(Focus::WindowManager);
    }
    conn.configure_window(
        xid,
        &ConfigureWindowAux::new()
            .x(0)
            .y(0)
            .width(u32::from(width))
            .height(u32::from(height)),
    )?
    .check()?;
    let deadline = Instant::now() + VIEWABLE_WAIT;
    loop {
        // BadMatch while the window is not mapped yet: try again a moment later.
        let set = conn
            .set_input_focus(InputFocus::PARENT, xid, x11rb::CURRENT_TIME)?
            .check();
        if set.is_ok() && conn.get_input_focus()?.reply()?.focus == xid {
            return Ok(Focus::Taken { width, height });
        }
        if Instant::now() >= deadline {
            return Err(FocusError::Refused(xid));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Whether a window manager announces itself (EWMH `_NET_SUPPORTING_WM_CHECK` on the
/// root window naming a window).
fn window_manager_runs(conn: &impl Connection, root: u32) -> Result<bool, FocusError> {
    let atom = conn
        .intern_atom(true, b"_NET_SUPPORTING_WM_CHECK")?
        .reply()?
        .atom;
    if atom == u32::from(AtomEnum::NONE) {
        return Ok(false);
    }
    let prop = conn
        .get_property(false, root, atom, AtomEnum::WINDOW, 0, 1)?
        .reply()?;
    Ok(prop.value32().is_some_and(|mut v| v.next().is_some()))
}
