//! Sessions opened through lainos-init, seen by loginctl and busctl; /run/user.

use std::os::unix::fs::MetadataExt;

use crate::harness::{DEST, Fixture, uid_of};

#[test]
fn session_lifecycle_runtime_dir_and_loginctl() {
    let f = Fixture::start(5000);
    let uid = uid_of("p7-alice");
    let runtime = format!("/run/user/{uid}");
    let _ = std::fs::remove_dir_all(&runtime);
    let s = f.start_session("p7-alice");

    // /run/user/$UID for the real uid, 0700, owned by the user.
    let m = std::fs::metadata(&runtime).unwrap();
    assert!(m.is_dir());
    assert_eq!((m.uid(), m.mode() & 0o7777), (uid, 0o700));

    // The compositor's environment was built, not inherited.
    let env = s.env();
    for want in [
        format!("XDG_RUNTIME_DIR={runtime}"),
        "XDG_SESSION_ID=1".into(),
        "USER=p7-alice".into(),
        "LIBSEAT_BACKEND=seatd".into(),
        "LANG=C.UTF-8".into(),
    ] {
        assert!(env.lines().any(|l| l == want), "missing {want} in\n{env}");
    }
    for banned in ["NOTIFY_SOCKET=", "LD_PRELOAD=", "WAYLAND_DISPLAY="] {
        assert!(
            !env.lines().any(|l| l.starts_with(banned)),
            "{banned} leaked into\n{env}"
        );
    }
    // GetSession("auto") from inside the session resolves to it, by pid ancestry.
    assert_eq!(s.auto().trim(), "o \"/org/freedesktop/login1/session/_31\"");

    // busctl: ListSessions with the real name and uid.
    assert_eq!(
        f.manager_call(None, &["ListSessions"]).unwrap(),
        format!(
            "a(susso) 1 \"1\" {uid} \"p7-alice\" \"seat0\" \"/org/freedesktop/login1/session/_31\""
        )
    );
    let active = f.busctl(
        None,
        &[
            "get-property",
            DEST,
            "/org/freedesktop/login1/session/_31",
            "org.freedesktop.login1.Session",
            "Active",
            "State",
            "Type",
            "Class",
            "Seat",
        ],
    );
    assert_eq!(
        String::from_utf8_lossy(&active.stdout),
        "b true\ns \"active\"\ns \"wayland\"\ns \"user\"\n(so) \"seat0\" \"/org/freedesktop/login1/seat/seat0\"\n"
    );

    // loginctl, the real client.
    let list = f.loginctl(&["list-sessions", "--no-legend"]);
    assert!(
        list.split_whitespace().collect::<Vec<_>>().starts_with(&[
            "1",
            &uid.to_string(),
            "p7-alice",
            "seat0"
        ]),
        "{list}"
    );
    let show = f.loginctl(&["show-session", "1"]);
    for want in [
        "Name=p7-alice",
        "Active=yes",
        "State=active",
        "Type=wayland",
        "Class=user",
        "Seat=seat0",
        &format!("User={uid}"),
    ] {
        assert!(
            show.lines().any(|l| l == want),
            "show-session lacks {want}:\n{show}"
        );
    }
    let user = f.loginctl(&["show-user", "p7-alice"]);
    for want in [
        format!("UID={uid}"),
        "Name=p7-alice".into(),
        format!("RuntimePath={runtime}"),
        "State=active".into(),
        "Sessions=1".into(),
        "Display=1".into(),
    ] {
        assert!(
            user.lines().any(|l| l == want),
            "show-user lacks {want}:\n{user}"
        );
    }
    assert!(
        f.loginctl(&["list-users", "--no-legend"])
            .contains("p7-alice")
    );
    assert!(
        f.loginctl(&["show-seat", "seat0"])
            .lines()
            .any(|l| l == "ActiveSession=1")
    );

    // The compositor exits: session, user and runtime directory go away.
    s.stop();
    f.wait_until("the session is gone", || {
        f.manager_call(None, &["ListSessions"]).unwrap() == "a(susso) 0"
    });
    f.wait_until("the runtime directory is removed", || {
        !std::path::Path::new(&runtime).exists()
    });
    assert_eq!(f.manager_call(None, &["ListUsers"]).unwrap(), "a(uso) 0");
    assert!(
        f.manager_call(None, &["GetUser", "u", &uid.to_string()])
            .is_err()
    );
}
