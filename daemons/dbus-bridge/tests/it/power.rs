//! PowerOff/Reboot/Suspend: who may, what runs, what is announced.

use std::time::Duration;

use futures_util::StreamExt;

use crate::harness::{Fixture, uid_of};

#[test]
fn only_root_or_the_active_user_may_power_off_and_openrc_syntax_is_used() {
    // 30 s InhibitDelayMaxUSec: the delay lock below must be released by its fd, not time.
    let f = Fixture::start(30_000);
    // Root: yes.
    assert_eq!(f.manager_call(None, &["CanPowerOff"]).unwrap(), "s \"yes\"");
    assert_eq!(f.manager_call(None, &["CanHibernate"]).unwrap(), "s \"na\"");
    // A user without a session: no, and refused.
    assert_eq!(
        f.manager_call(Some("p7-bob"), &["CanPowerOff"]).unwrap(),
        "s \"no\""
    );
    assert_eq!(
        f.manager_call(Some("p7-bob"), &["CanSuspend"]).unwrap(),
        "s \"no\""
    );
    let err = f
        .dbus_send(Some("p7-bob"), "PowerOff", &["boolean:false"])
        .unwrap_err();
    assert!(
        err.contains("org.freedesktop.DBus.Error.AccessDenied")
            && err.contains("neither root nor the user of the active local session"),
        "{err}"
    );
    let err = f
        .dbus_send(Some("p7-bob"), "Hibernate", &["boolean:false"])
        .unwrap_err();
    assert!(
        err.contains("org.freedesktop.DBus.Error.NotSupported"),
        "{err}"
    );
    assert_eq!(f.shutdown_log(), "");

    // Root powers off: PrepareForShutdown(true), then `openrc-shutdown -p now`.
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let conn = f.connect().await;
        let m = f.manager(&conn).await;
        let mut sig = m.receive_signal("PrepareForShutdown").await.unwrap();
        let lock: zbus::zvariant::OwnedFd = m
            .call(
                "Inhibit",
                &("shutdown", "editor", "Ensure a clean shutdown", "delay"),
            )
            .await
            .unwrap();
        let () = m.call("PowerOff", &(false,)).await.unwrap();
        let msg = tokio::time::timeout(Duration::from_secs(10), sig.next())
            .await
            .unwrap()
            .unwrap();
        assert!(msg.body().deserialize::<bool>().unwrap());
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert_eq!(
            f.shutdown_log(),
            "",
            "the delay lock must hold the power-off"
        );
        drop(lock);
    });
    f.wait_until("openrc-shutdown -p now ran", || {
        f.shutdown_log() == "-p now\n"
    });

    // The user of the active session may reboot; a block lock of another kind does not
    // stop it, a block lock on shutdown does.
    let s = f.start_session("p7-bob");
    assert_eq!(
        f.manager_call(Some("p7-bob"), &["CanReboot"]).unwrap(),
        "s \"yes\""
    );
    f.wait_until("the previous action finished", || {
        f.manager_call(Some("p7-bob"), &["Reboot", "b", "false"])
            .is_ok()
    });
    f.wait_until("openrc-shutdown -r now ran", || {
        f.shutdown_log() == "-p now\n-r now\n"
    });
    rt.block_on(async {
        let conn = f.connect().await;
        let m = f.manager(&conn).await;
        let fd: zbus::zvariant::OwnedFd = m
            .call(
                "Inhibit",
                &("shutdown", "updater", "installing updates", "block"),
            )
            .await
            .unwrap();
        let mut refused = String::new();
        for _ in 0..100 {
            match f.dbus_send(Some("p7-bob"), "PowerOff", &["boolean:false"]) {
                Err(e) if e.contains("in progress") => {
                    tokio::time::sleep(Duration::from_millis(50)).await
                }
                Err(e) => {
                    refused = e;
                    break;
                }
                Ok(o) => panic!("PowerOff went through a block lock: {o}"),
            }
        }
        assert!(
            refused.contains("org.freedesktop.login1.BlockedByInhibitorLock")
                && refused.contains("blocked by 'updater'"),
            "{refused}"
        );
        drop(fd);
    });
    assert_eq!(uid_of("p7-bob"), s.uid);
    let runtime = format!("/run/user/{}", s.uid);
    s.stop();
    f.wait_until("p7-bob's session and runtime directory are gone", || {
        !std::path::Path::new(&runtime).exists()
    });
}
