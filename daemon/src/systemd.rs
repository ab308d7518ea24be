//! The systemd service protocol (`sd_notify(3)`), for `Type=notify` units:
//! `READY=1` once the listener and the tree are up, `RELOADING=1` then
//! `READY=1` around a config reload, `STOPPING=1` when a stop begins, and
//! `WATCHDOG=1` from a task that pings only while the supervision tree
//! answers. Outside systemd (no `$NOTIFY_SOCKET`) it does nothing.

use std::os::unix::net::{SocketAddr, UnixDatagram};
use std::time::Duration;

pub struct Notifier {
    socket: Option<(UnixDatagram, SocketAddr)>,
}

impl Notifier {
    /// From `$NOTIFY_SOCKET`: a path, or `@name` for the abstract namespace.
    pub fn from_env() -> Self {
        let socket = std::env::var_os("NOTIFY_SOCKET").and_then(|path| {
            let addr = address(path.to_str()?)
                .inspect_err(|e| tracing::warn!("NOTIFY_SOCKET {path:?}: {e}"))
                .ok()?;
            let socket = UnixDatagram::unbound()
                .inspect_err(|e| tracing::warn!("cannot notify systemd: {e}"))
                .ok()?;
            Some((socket, addr))
        });
        Self { socket }
    }

    pub fn ready(&self) {
        self.send("READY=1\nSTATUS=serving");
    }

    /// Before a reload; systemd wants the monotonic time with it.
    pub fn reloading(&self) {
        let now = rustix::time::clock_gettime(rustix::time::ClockId::Monotonic);
        let usec = now.tv_sec as u64 * 1_000_000 + now.tv_nsec as u64 / 1000;
        self.send(&format!(
            "RELOADING=1\nMONOTONIC_USEC={usec}\nSTATUS=reloading the configuration"
        ));
    }

    pub fn stopping(&self) {
        self.send("STOPPING=1\nSTATUS=stopping");
    }

    pub fn watchdog(&self) {
        self.send("WATCHDOG=1");
    }

    pub fn status(&self, status: &str) {
        self.send(&format!("STATUS={}", status.replace('\n', " ")));
    }

    fn send(&self, message: &str) {
        if let Some((socket, addr)) = &self.socket {
            if let Err(e) = socket.send_to_addr(message.as_bytes(), addr) {
                tracing::warn!("cannot notify systemd ({message:?}): {e}");
            }
        }
    }
}

fn address(path: &str) -> std::io::Result<SocketAddr> {
    match path.strip_prefix('@') {
        Some(name) => {
            use std::os::linux::net::SocketAddrExt;
            SocketAddr::from_abstract_name(name)
        }
        None => SocketAddr::from_pathname(path),
    }
}

/// How often to check the tree and ping the watchdog: a sixth of
/// `$WATCHDOG_USEC`, when it is set for this process (`$WATCHDOG_PID` absent
/// or ours). A check waits at most as long, so healthy pings are at most a
/// third of the period apart, and one missed check still leaves a ping in time.
pub fn watchdog_every() -> Option<Duration> {
    if let Ok(pid) = std::env::var("WATCHDOG_PID") {
        if pid.trim().parse::<u32>().ok() != Some(std::process::id()) {
            return None;
        }
    }
    let usec: u64 = std::env::var("WATCHDOG_USEC").ok()?.trim().parse().ok()?;
    (usec > 0).then(|| Duration::from_micros(usec / 6))
}
