//! Inhibitor locks: Electron's delay lock around suspend, and release on fd close.

use std::time::Duration;

use futures_util::StreamExt;

use crate::harness::{Fixture, MANAGER_IFACE};

type Inhibitors = Vec<(String, String, String, String, u32, u32)>;

#[test]
fn electron_style_delay_lock_holds_suspend_until_the_fd_closes() {
    // A long InhibitDelayMaxUSec: if the release were not noticed the suspend would only
    // happen after 30 s and the waits below would time out.
    let f = Fixture::start(30_000);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let conn = f.connect().await;
        let m = f.manager(&conn).await;
        let mut sleep = m.receive_signal("PrepareForSleep").await.unwrap();
        // What power_observer_linux.cc does at start.
        let fd: zbus::zvariant::OwnedFd = m
            .call(
                "Inhibit",
                &(
                    "sleep",
                    "electron",
                    "Application cleanup before suspend",
                    "delay",
                ),
            )
            .await
            .unwrap();
        let list: Inhibitors = m.call("ListInhibitors", &()).await.unwrap();
        assert_eq!(list.len(), 1);
        assert_eq!(
            (
                list[0].0.as_str(),
                list[0].1.as_str(),
                list[0].3.as_str(),
                list[0].4
            ),
            ("sleep", "electron", "delay", 0)
        );
        assert_eq!(
            m.get_property::<String>("DelayInhibited").await.unwrap(),
            "sleep"
        );
        let can: String = m.call("CanSuspend", &()).await.unwrap();
        assert_eq!(can, "yes");

        let () = m.call("Suspend", &(false,)).await.unwrap();
        let msg = tokio::time::timeout(Duration::from_secs(10), sleep.next())
            .await
            .expect("PrepareForSleep(true)")
            .unwrap();
        assert!(
            msg.body().deserialize::<bool>().unwrap(),
            "first PrepareForSleep must be true"
        );
        // The delay lock is honoured: nothing written to the sleep interface yet.
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert_eq!(
            std::fs::read_to_string(f.path("sleep-state")).unwrap(),
            "freeze mem\n"
        );
        assert!(m.get_property::<bool>("PreparingForSleep").await.unwrap());

        // Electron closes its fd once it has handled the signal.
        drop(fd);
        let msg = tokio::time::timeout(Duration::from_secs(15), sleep.next())
            .await
            .expect("PrepareForSleep(false) after resume")
            .unwrap();
        assert!(!msg.body().deserialize::<bool>().unwrap());
        assert_eq!(
            std::fs::read_to_string(f.path("sleep-state")).unwrap(),
            "mem",
            "suspend goes through the kernel interface"
        );
        let list: Inhibitors = m.call("ListInhibitors", &()).await.unwrap();
        assert!(list.is_empty(), "lock not released: {list:?}");
    });
}

#[test]
fn hundreds_of_locks_are_released_when_their_fds_close() {
    let f = Fixture::start(5000);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let conn = f.connect().await;
        let m = f.manager(&conn).await;
        // The C bridge leaked every pipe and refused the 65th lock.
        let mut fds = Vec::new();
        for i in 0..200 {
            let what = if i % 2 == 0 {
                "sleep"
            } else {
                "shutdown:sleep"
            };
            let fd: zbus::zvariant::OwnedFd = m
                .call("Inhibit", &(what, format!("app{i}"), "why", "delay"))
                .await
                .unwrap();
            fds.push(fd);
        }
        let fd: zbus::zvariant::OwnedFd = m
            .call("Inhibit", &("idle", "locker", "why", "block"))
            .await
            .unwrap();
        fds.push(fd);
        let list: Inhibitors = m.call("ListInhibitors", &()).await.unwrap();
        assert_eq!(list.len(), 201);
        assert_eq!(
            m.get_property::<String>("DelayInhibited").await.unwrap(),
            "shutdown:sleep"
        );
        assert_eq!(
            m.get_property::<String>("BlockInhibited").await.unwrap(),
            "idle"
        );
        // Bad arguments are refused with InvalidArgs.
        let err = m
            .call::<_, _, zbus::zvariant::OwnedFd>("Inhibit", &("idle", "x", "y", "delay"))
            .await
            .unwrap_err();
        assert!(err.to_string().contains("InvalidArgs"), "{err}");
        let err = m
            .call::<_, _, zbus::zvariant::OwnedFd>("Inhibit", &("nap", "x", "y", "block"))
            .await
            .unwrap_err();
        assert!(err.to_string().contains("InvalidArgs"), "{err}");
        fds.clear();
        for _ in 0..100 {
            let list: Inhibitors = m.call("ListInhibitors", &()).await.unwrap();
            if list.is_empty() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let list: Inhibitors = m.call("ListInhibitors", &()).await.unwrap();
        assert!(list.is_empty(), "{} locks still held", list.len());
        assert_eq!(
            m.get_property::<String>("DelayInhibited").await.unwrap(),
            ""
        );
        let _ = MANAGER_IFACE;
    });
}
