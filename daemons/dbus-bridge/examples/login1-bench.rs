//! Method calls per second against the bridge, next to a baseline on the same bus.
//!
//! Usage: `login1-bench <bus address> <calls> <in flight>`. The baseline is
//! `org.freedesktop.DBus.GetId`, answered by dbus-daemon itself: the cost of one bus
//! round trip with no service behind it. Prints one line per measurement.
#![allow(clippy::print_stdout)]

use std::time::Instant;

use futures_util::StreamExt;
use futures_util::stream::FuturesUnordered;

async fn measure<F, Fut>(
    name: &str,
    calls: usize,
    in_flight: usize,
    baseline: Option<f64>,
    f: F,
) -> f64
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let start = Instant::now();
    let mut pending = FuturesUnordered::new();
    let mut issued = 0;
    while issued < calls || !pending.is_empty() {
        while issued < calls && pending.len() < in_flight {
            pending.push(f());
            issued += 1;
        }
        pending.next().await;
    }
    let rate = calls as f64 / start.elapsed().as_secs_f64();
    match baseline {
        Some(b) => println!(
            "{name:<40} {rate:>10.0} calls/s  ({:.2} x baseline)",
            rate / b
        ),
        None => println!("{name:<40} {rate:>10.0} calls/s  (baseline)"),
    }
    rate
}

fn main() {
    let mut args = std::env::args().skip(1);
    let address = args.next().expect("bus address");
    let calls: usize = args.next().map_or(5000, |n| n.parse().unwrap());
    let in_flight: usize = args.next().map_or(16, |n| n.parse().unwrap());
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let conn = zbus::connection::Builder::address(address.as_str())
            .unwrap()
            .build()
            .await
            .unwrap();
        let bus = zbus::Proxy::new(
            &conn,
            "org.freedesktop.DBus",
            "/org/freedesktop/DBus",
            "org.freedesktop.DBus",
        )
        .await
        .unwrap();
        let login = zbus::proxy::Builder::<zbus::Proxy<'_>>::new(&conn)
            .destination("org.freedesktop.login1")
            .unwrap()
            .path("/org/freedesktop/login1")
            .unwrap()
            .interface("org.freedesktop.login1.Manager")
            .unwrap()
            .cache_properties(zbus::proxy::CacheProperties::No)
            .build()
            .await
            .unwrap();
        let props = zbus::fdo::PropertiesProxy::builder(&conn)
            .destination("org.freedesktop.login1")
            .unwrap()
            .path("/org/freedesktop/login1")
            .unwrap()
            .build()
            .await
            .unwrap();
        for depth in [1, in_flight] {
            println!("-- {calls} calls, {depth} in flight");
            let base = measure(
                "dbus-daemon GetId (baseline)",
                calls,
                depth,
                None,
                || async {
                    let _: String = bus.call("GetId", &()).await.unwrap();
                },
            )
            .await;
            measure("login1 ListSessions", calls, depth, Some(base), || async {
                let _: Vec<(String, u32, String, String, zbus::zvariant::OwnedObjectPath)> =
                    login.call("ListSessions", &()).await.unwrap();
            })
            .await;
            measure(
                "login1 CanPowerOff (asks the bus for creds)",
                calls,
                depth,
                Some(base),
                || async {
                    let _: String = login.call("CanPowerOff", &()).await.unwrap();
                },
            )
            .await;
            let iface = zbus::names::InterfaceName::from_static_str_unchecked(
                "org.freedesktop.login1.Manager",
            );
            measure(
                "login1 Properties.GetAll(Manager)",
                calls / 5,
                depth,
                Some(base),
                || {
                    let iface = iface.clone();
                    let props = &props;
                    async move {
                        props.get_all(iface).await.unwrap();
                    }
                },
            )
            .await;
        }
    });
}
