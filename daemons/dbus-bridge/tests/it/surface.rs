//! Introspection, properties, hardening of the running bridge.

use p7_common::harden::ProcStatus;

use crate::harness::{DEST, Fixture, MANAGER, MANAGER_IFACE, uid_of};

#[test]
fn busctl_introspects_manager_with_methods_signals_and_properties() {
    let f = Fixture::start(5000);
    let out = f.busctl(None, &["introspect", DEST, MANAGER, MANAGER_IFACE]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    for member in [
        ".ListSessions",
        ".ListSessionsEx",
        ".GetSession",
        ".GetSessionByPID",
        ".GetUser",
        ".GetSeat",
        ".ListInhibitors",
        ".Inhibit",
        ".PowerOff",
        ".Reboot",
        ".Suspend",
        ".CanPowerOff",
        ".PrepareForSleep",
        ".PrepareForShutdown",
        ".SessionNew",
        ".SessionRemoved",
        ".BlockInhibited",
        ".DelayInhibited",
        ".NAutoVTs",
        ".InhibitDelayMaxUSec",
    ] {
        assert!(
            text.contains(member),
            "introspection lacks {member}:\n{text}"
        );
    }
    // Typed, variant-wrapped properties, and GetAll is not empty (the v4.3 bug).
    assert_eq!(
        f.busctl(
            None,
            &["get-property", DEST, MANAGER, MANAGER_IFACE, "NAutoVTs"]
        )
        .stdout,
        b"u 6\n"
    );
    let all = f.busctl(
        None,
        &[
            "call",
            DEST,
            MANAGER,
            "org.freedesktop.DBus.Properties",
            "GetAll",
            "s",
            MANAGER_IFACE,
        ],
    );
    let all = String::from_utf8_lossy(&all.stdout);
    assert!(all.contains("\"InhibitDelayMaxUSec\" t 5000000"), "{all}");
    assert!(all.contains("\"HandleLidSwitch\" s \"ignore\""), "{all}");
    // Seats: seat0 through ListSeats, GetSeat and loginctl.
    assert_eq!(
        f.manager_call(None, &["ListSeats"]).unwrap(),
        "a(so) 1 \"seat0\" \"/org/freedesktop/login1/seat/seat0\""
    );
    assert_eq!(
        f.manager_call(None, &["GetSeat", "s", "seat0"]).unwrap(),
        "o \"/org/freedesktop/login1/seat/seat0\""
    );
    assert!(
        f.manager_call(None, &["GetSeat", "s", "seat9"])
            .unwrap_err()
            .contains("seat9")
    );
    let seat = f.loginctl(&["show-seat", "seat0"]);
    assert!(seat.contains("Id=seat0"), "{seat}");
    assert!(f.loginctl(&["list-seats"]).contains("seat0"));
    // No session yet: empty lists, and the right error for an unknown session.
    assert_eq!(
        f.manager_call(None, &["ListSessions"]).unwrap(),
        "a(susso) 0"
    );
    let err = f.busctl(
        None,
        &["call", DEST, MANAGER, MANAGER_IFACE, "GetSession", "s", "7"],
    );
    assert!(
        String::from_utf8_lossy(&err.stderr).contains("no session '7' known"),
        "{}",
        String::from_utf8_lossy(&err.stderr)
    );
}

#[test]
fn bridge_runs_unprivileged_under_seccomp_and_survives_load() {
    let f = Fixture::start(5000);
    let pid = f.bridge.id();
    let status = ProcStatus::read_pid(pid).unwrap();
    status.check_unprivileged(uid_of("lainos-login1")).unwrap();
    assert!(status.no_new_privs, "NoNewPrivs must be 1");
    assert_eq!(status.seccomp, 2, "a seccomp filter must be loaded");
    assert!(
        status.groups.is_empty(),
        "no supplementary groups: {:?}",
        status.groups
    );

    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let conn = f.connect().await;
        let m = f.manager(&conn).await;
        for i in 0..1500u32 {
            let _: Vec<(String, u32, String, String, zbus::zvariant::OwnedObjectPath)> =
                m.call("ListSessions", &()).await.unwrap();
            if i % 10 == 0 {
                let _: String = m.call("CanPowerOff", &()).await.unwrap();
                let fd: zbus::zvariant::OwnedFd = m
                    .call("Inhibit", &("sleep", "load", "test", "delay"))
                    .await
                    .unwrap();
                drop(fd);
                let _: String =
                    zbus::Proxy::new(&conn, DEST, MANAGER, "org.freedesktop.DBus.Introspectable")
                        .await
                        .unwrap()
                        .call("Introspect", &())
                        .await
                        .unwrap();
            }
        }
    });
    assert!(
        ProcStatus::read_pid(pid).is_ok(),
        "the bridge died under load:\n{}",
        f.bridge_log()
    );
    assert!(
        f.manager_call(None, &["ListSessions"]).is_ok(),
        "the bridge stopped answering:\n{}",
        f.bridge_log()
    );
}
