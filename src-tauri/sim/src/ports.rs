//! Free loopback ports for the redirect URIs the demo and the tests register.
//!
//! Asking the kernel for port 0 and releasing it is racy: the port comes from the ephemeral
//! range, so the next outgoing connection (of this process or any other) may take it before
//! the app's callback listener binds it — a real failure seen on a busy CI machine. Ports below
//! every common ephemeral range (Linux 32768–60999, BSD/macOS/Windows 49152–65535) are only
//! ever taken by listeners that ask for them by number.

use std::io;
use std::net::{Ipv4Addr, Ipv6Addr, TcpListener};

use rand::Rng;

const FIRST: u16 = 20_000;
const BELOW_EPHEMERAL: u16 = 32_768;
const TRIES: usize = 200;

/// A port free on 127.0.0.1 (and on ::1 where the machine has IPv6) a moment ago, outside the
/// ephemeral range, so that nothing but another listener can take it before the caller binds.
pub fn free_loopback_port() -> io::Result<u16> {
    let mut random = rand::thread_rng();
    for _ in 0..TRIES {
        let port = random.gen_range(FIRST..BELOW_EPHEMERAL);
        if TcpListener::bind((Ipv4Addr::LOCALHOST, port)).is_err() {
            continue;
        }
        match TcpListener::bind((Ipv6Addr::LOCALHOST, port)) {
            Err(error) if error.kind() == io::ErrorKind::AddrInUse => continue,
            _ => return Ok(port),
        }
    }
    Err(io::Error::new(
        io::ErrorKind::AddrInUse,
        format!("no free loopback port between {FIRST} and {BELOW_EPHEMERAL} after {TRIES} tries"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_port_is_outside_the_ephemeral_range_and_bindable() {
        let port = free_loopback_port().expect("a free port");
        assert!((FIRST..BELOW_EPHEMERAL).contains(&port));
        TcpListener::bind((Ipv4Addr::LOCALHOST, port)).expect("still free");
    }

    #[test]
    fn a_port_in_use_is_not_offered() {
        let taken: Vec<TcpListener> = (0..50)
            .filter_map(|_| free_loopback_port().ok())
            .filter_map(|port| TcpListener::bind((Ipv4Addr::LOCALHOST, port)).ok())
            .collect();
        let taken_ports: Vec<u16> = taken
            .iter()
            .map(|l| l.local_addr().expect("addr").port())
            .collect();
        for _ in 0..50 {
            let port = free_loopback_port().expect("a free port");
            assert!(!taken_ports.contains(&port), "{port} is in use");
        }
    }
}
