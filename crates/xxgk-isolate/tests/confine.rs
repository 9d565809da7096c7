//! The confinement, checked in a real process: this test binary re-runs
//! itself with `XXGK_CONFINE_PROBE` set, and the re-run confines itself and
//! then runs at nice 19 and fails to open a socket, start a program or take
//! more memory than its limit, while a socket and a large allocation still work unconfined.

use std::process::Command;

const PROBE: &str = "XXGK_CONFINE_PROBE";
const NAME: &str = "a_confined_process_has_no_network_no_exec_and_bounded_memory";

#[test]
fn a_confined_process_has_no_network_no_exec_and_bounded_memory() {
    if std::env::var_os(PROBE).is_some() {
        let limits = xxgk_isolate::Limits { memory_mib: 256, cpu_seconds: 10, wall_seconds: 10, ..Default::default() };
        xxgk_isolate::confine(&limits).expect("confine");
        let socket = std::net::UdpSocket::bind("127.0.0.1:0").expect_err("no socket when confined");
        assert_eq!(socket.kind(), std::io::ErrorKind::PermissionDenied, "{socket}");
        assert!(std::net::TcpStream::connect("127.0.0.1:9").is_err());
        assert!(Command::new("/bin/true").status().is_err(), "no exec when confined");
        assert!(Vec::<u8>::new().try_reserve(512 << 20).is_err(), "512 MiB over a 256 MiB limit");
        assert!(Vec::<u8>::new().try_reserve(32 << 20).is_ok(), "32 MiB under it");
        assert_eq!(rustix::process::getpriority_process(None).unwrap(), 19, "the lowest CPU priority");
        return;
    }
    // Unconfined, the same things work.
    assert!(std::net::UdpSocket::bind("127.0.0.1:0").is_ok());
    assert!(Vec::<u8>::new().try_reserve(512 << 20).is_ok());
    let exe = std::env::current_exe().unwrap();
    let out = Command::new(exe).args(["--exact", NAME, "--nocapture"]).env(PROBE, "1").output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && text.contains("1 passed"), "{text}");
}
