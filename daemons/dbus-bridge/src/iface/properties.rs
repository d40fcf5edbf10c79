//! `org.freedesktop.DBus.Properties` that also accepts the empty interface name.
//!
//! sd-bus clients (`loginctl show-session`, `show-user`, `show-seat`) call
//! `GetAll("")`, meaning "every interface of the object", which the D-Bus specification
//! allows. zbus' built-in Properties rejects "" as an invalid interface name, so on every
//! login1 object the built-in one is replaced by this dispatcher, which forwards to the
//! object's own interfaces.

use std::collections::HashMap;

use zbus::message::Header;
use zbus::object_server::{Interface, SignalEmitter};
use zbus::zvariant::{OwnedObjectPath, OwnedValue, Value};
use zbus::{Connection, ObjectServer, fdo, interface};

use super::lainos::Sessions;
use super::manager::Manager;
use super::seat::Seat;
use super::session::Session;
use super::user::User;

/// The replacement Properties interface.
#[derive(Debug, Clone, Copy, Default)]
pub struct Properties;

/// Interfaces whose properties are empty.
const STANDARD: &[&str] = &[
    "org.freedesktop.DBus.Peer",
    "org.freedesktop.DBus.Introspectable",
    "org.freedesktop.DBus.Properties",
];

macro_rules! each_iface {
    ($server:expr, $path:expr, $filter:expr, |$name:ident, $iref:ident| $body:block) => {{
        each_iface!(@one Manager, $server, $path, $filter, |$name, $iref| $body);
        each_iface!(@one Session, $server, $path, $filter, |$name, $iref| $body);
        each_iface!(@one Seat, $server, $path, $filter, |$name, $iref| $body);
        each_iface!(@one User, $server, $path, $filter, |$name, $iref| $body);
        each_iface!(@one Sessions, $server, $path, $filter, |$name, $iref| $body);
    }};
    (@one $t:ty, $server:expr, $path:expr, $filter:expr, |$name:ident, $iref:ident| $body:block) => {
        let $name = <$t as Interface>::name();
        if $filter.is_empty() || $filter == $name.as_str() {
            if let Ok($iref) = $server.interface::<_, $t>($path.clone()).await {
                let $iref = $iref.get().await;
                let $iref: &$t = &*$iref;
                $body
            }
        }
    };
}

fn path_of(hdr: &Header<'_>) -> fdo::Result<OwnedObjectPath> {
    hdr.path()
        .map(|p| OwnedObjectPath::from(p.to_owned()))
        .ok_or_else(|| fdo::Error::Failed("message without path".into()))
}

#[interface(name = "org.freedesktop.DBus.Properties")]
impl Properties {
    async fn get(
        &self,
        interface_name: &str,
        property_name: &str,
        #[zbus(object_server)] server: &ObjectServer,
        #[zbus(connection)] conn: &Connection,
        #[zbus(header)] hdr: Header<'_>,
        #[zbus(signal_emitter)] emitter: SignalEmitter<'_>,
    ) -> fdo::Result<OwnedValue> {
        let path = path_of(&hdr)?;
        let mut known = false;
        each_iface!(server, path, interface_name, |_name, iface| {
            known = true;
            if let Some(r) =
                Interface::get(iface, property_name, server, conn, Some(&hdr), &emitter).await
            {
                return r;
            }
        });
        if known || STANDARD.contains(&interface_name) {
            Err(fdo::Error::UnknownProperty(format!(
                "unknown property '{property_name}'"
            )))
        } else {
            Err(fdo::Error::UnknownInterface(format!(
                "unknown interface '{interface_name}'"
            )))
        }
    }

    async fn get_all(
        &self,
        interface_name: &str,
        #[zbus(object_server)] server: &ObjectServer,
        #[zbus(connection)] conn: &Connection,
        #[zbus(header)] hdr: Header<'_>,
        #[zbus(signal_emitter)] emitter: SignalEmitter<'_>,
    ) -> fdo::Result<HashMap<String, OwnedValue>> {
        let path = path_of(&hdr)?;
        let mut out = HashMap::new();
        let mut known = false;
        each_iface!(server, path, interface_name, |_name, iface| {
            known = true;
            out.extend(Interface::get_all(iface, server, conn, Some(&hdr), &emitter).await?);
        });
        if known || STANDARD.contains(&interface_name) {
            Ok(out)
        } else {
            Err(fdo::Error::UnknownInterface(format!(
                "unknown interface '{interface_name}'"
            )))
        }
    }

    async fn set(
        &self,
        interface_name: &str,
        property_name: &str,
        _value: Value<'_>,
    ) -> fdo::Result<()> {
        Err(fdo::Error::PropertyReadOnly(format!(
            "property '{interface_name}.{property_name}' is read-only"
        )))
    }

    #[zbus(signal)]
    async fn properties_changed(
        emitter: &SignalEmitter<'_>,
        interface_name: &str,
        changed_properties: HashMap<&str, Value<'_>>,
        invalidated_properties: Vec<&str>,
    ) -> zbus::Result<()>;
}

/// Swaps zbus' Properties at `path` for [`Properties`].
pub async fn install(server: &ObjectServer, path: &str) -> zbus::Result<()> {
    server.remove::<fdo::Properties, _>(path).await?;
    server.at(path, Properties).await?;
    Ok(())
}
