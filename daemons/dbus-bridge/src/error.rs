//! D-Bus errors of the facade, named as logind names them.

/// Errors returned over D-Bus.
#[derive(Debug, zbus::DBusError)]
#[zbus(prefix = "org.freedesktop")]
pub enum LoginError {
    #[zbus(error)]
    ZBus(zbus::Error),
    #[zbus(name = "login1.NoSuchSession")]
    NoSuchSession(String),
    #[zbus(name = "login1.NoSuchUser")]
    NoSuchUser(String),
    #[zbus(name = "login1.NoSuchSeat")]
    NoSuchSeat(String),
    #[zbus(name = "login1.NoSessionForPID")]
    NoSessionForPid(String),
    #[zbus(name = "login1.NoUserForPID")]
    NoUserForPid(String),
    #[zbus(name = "login1.OperationInProgress")]
    OperationInProgress(String),
    #[zbus(name = "login1.BlockedByInhibitorLock")]
    BlockedByInhibitorLock(String),
    #[zbus(name = "DBus.Error.AccessDenied")]
    AccessDenied(String),
    #[zbus(name = "DBus.Error.InvalidArgs")]
    InvalidArgs(String),
    #[zbus(name = "DBus.Error.NotSupported")]
    NotSupported(String),
    #[zbus(name = "DBus.Error.LimitsExceeded")]
    LimitsExceeded(String),
    #[zbus(name = "DBus.Error.Failed")]
    Failed(String),
}

impl From<zbus::fdo::Error> for LoginError {
    fn from(e: zbus::fdo::Error) -> Self {
        LoginError::Failed(e.to_string())
    }
}

/// Result of a login1 method.
pub type LoginResult<T> = Result<T, LoginError>;
