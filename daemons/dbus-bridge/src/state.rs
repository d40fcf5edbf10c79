//! Sessions, users and inhibitors: the facade's state as plain data.

use std::collections::BTreeMap;

/// One login session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionInfo {
    pub id: String,
    pub uid: u32,
    pub gid: u32,
    pub user_name: String,
    /// The process that registered the session (it execs the compositor).
    pub leader: u32,
    pub vtnr: u32,
    pub tty: String,
    pub desktop: String,
    /// `wayland`, `x11`, `tty`.
    pub kind: String,
    pub class: String,
    pub service: String,
    pub timestamp_us: u64,
    pub timestamp_mono_us: u64,
    pub idle_hint: bool,
    pub idle_since_us: u64,
    pub locked_hint: bool,
}

impl SessionInfo {
    pub fn runtime_path(&self) -> String {
        runtime_path(self.uid)
    }
}

/// `/run/user/<uid>`.
pub fn runtime_path(uid: u32) -> String {
    format!("/run/user/{uid}")
}

/// What an inhibitor blocks or delays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum What {
    Shutdown,
    Sleep,
    Idle,
    HandlePowerKey,
    HandleSuspendKey,
    HandleHibernateKey,
    HandleLidSwitch,
    HandleRebootKey,
}

impl What {
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "shutdown" => Self::Shutdown,
            "sleep" => Self::Sleep,
            "idle" => Self::Idle,
            "handle-power-key" => Self::HandlePowerKey,
            "handle-suspend-key" => Self::HandleSuspendKey,
            "handle-hibernate-key" => Self::HandleHibernateKey,
            "handle-lid-switch" => Self::HandleLidSwitch,
            "handle-reboot-key" => Self::HandleRebootKey,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Shutdown => "shutdown",
            Self::Sleep => "sleep",
            Self::Idle => "idle",
            Self::HandlePowerKey => "handle-power-key",
            Self::HandleSuspendKey => "handle-suspend-key",
            Self::HandleHibernateKey => "handle-hibernate-key",
            Self::HandleLidSwitch => "handle-lid-switch",
            Self::HandleRebootKey => "handle-reboot-key",
        }
    }
}

/// Inhibitor mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Block,
    BlockWeak,
    Delay,
}

impl Mode {
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "block" => Self::Block,
            "block-weak" => Self::BlockWeak,
            "delay" => Self::Delay,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Block => "block",
            Self::BlockWeak => "block-weak",
            Self::Delay => "delay",
        }
    }
}

/// A held inhibitor lock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inhibitor {
    pub id: u64,
    pub what: Vec<What>,
    pub who: String,
    pub why: String,
    pub mode: Mode,
    pub uid: u32,
    pub pid: u32,
}

/// Why an inhibitor request was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InhibitError {
    #[error("invalid what specification `{0}`")]
    What(String),
    #[error("invalid mode `{0}` (block, block-weak or delay)")]
    Mode(String),
    #[error("delay inhibitors are only supported for shutdown and sleep")]
    DelayWhat,
    #[error("{0} too long (at most 255 bytes)")]
    TooLong(&'static str),
    #[error("maximum number of inhibitors ({0}) reached")]
    Limit(usize),
}

/// Parses and validates the arguments of `Inhibit`.
pub fn parse_inhibit(what: &str, mode: &str) -> Result<(Vec<What>, Mode), InhibitError> {
    let mode = Mode::parse(mode).ok_or_else(|| InhibitError::Mode(mode.to_owned()))?;
    let mut list = Vec::new();
    for w in what.split(':') {
        let w = What::parse(w).ok_or_else(|| InhibitError::What(what.to_owned()))?;
        if !list.contains(&w) {
            list.push(w);
        }
    }
    if list.is_empty() {
        return Err(InhibitError::What(what.to_owned()));
    }
    if mode == Mode::Delay
        && list
            .iter()
            .any(|w| !matches!(w, What::Shutdown | What::Sleep))
    {
        return Err(InhibitError::DelayWhat);
    }
    list.sort();
    Ok((list, mode))
}

/// The whole facade state.
#[derive(Debug)]
pub struct State {
    sessions: BTreeMap<u64, SessionInfo>,
    next_session: u64,
    active: Option<String>,
    inhibitors: BTreeMap<u64, Inhibitor>,
    next_inhibitor: u64,
    pub max_inhibitors: usize,
    pub preparing_shutdown: bool,
    pub preparing_sleep: bool,
}

impl Default for State {
    fn default() -> Self {
        Self::new(8192)
    }
}

impl State {
    pub fn new(max_inhibitors: usize) -> Self {
        Self {
            sessions: BTreeMap::new(),
            next_session: 1,
            active: None,
            inhibitors: BTreeMap::new(),
            next_inhibitor: 1,
            max_inhibitors,
            preparing_shutdown: false,
            preparing_sleep: false,
        }
    }

    /// Adds a session, makes it the active one on seat0 and returns its id and whether
    /// it is the user's first session.
    pub fn add_session(&mut self, mut info: SessionInfo) -> (String, bool) {
        let n = self.next_session;
        self.next_session += 1;
        info.id = n.to_string();
        let first = !self.sessions.values().any(|s| s.uid == info.uid);
        let id = info.id.clone();
        self.sessions.insert(n, info);
        self.active = Some(id.clone());
        (id, first)
    }

    /// Removes a session; returns it and whether it was the user's last one. If it was
    /// active, the most recent remaining session becomes active.
    pub fn remove_session(&mut self, id: &str) -> Option<(SessionInfo, bool)> {
        let n: u64 = id.parse().ok()?;
        let info = self.sessions.remove(&n)?;
        let last = !self.sessions.values().any(|s| s.uid == info.uid);
        if self.active.as_deref() == Some(id) {
            self.active = self.sessions.values().next_back().map(|s| s.id.clone());
        }
        Some((info, last))
    }

    pub fn session(&self, id: &str) -> Option<&SessionInfo> {
        self.sessions.get(&id.parse().ok()?)
    }

    pub fn session_mut(&mut self, id: &str) -> Option<&mut SessionInfo> {
        self.sessions.get_mut(&id.parse().ok()?)
    }

    pub fn sessions(&self) -> impl DoubleEndedIterator<Item = &SessionInfo> {
        self.sessions.values()
    }

    pub fn active_id(&self) -> Option<&str> {
        self.active.as_deref()
    }

    pub fn set_active(&mut self, id: &str) -> bool {
        if self.session(id).is_some() {
            self.active = Some(id.to_owned());
            true
        } else {
            false
        }
    }

    pub fn is_active(&self, id: &str) -> bool {
        self.active.as_deref() == Some(id)
    }

    /// The session whose leader is `pid` or one of its ancestors (`parent_of` walks up).
    pub fn session_of_pid(
        &self,
        mut pid: u32,
        parent_of: impl Fn(u32) -> Option<u32>,
    ) -> Option<&SessionInfo> {
        for _ in 0..64 {
            if pid <= 1 {
                return None;
            }
            if let Some(s) = self.sessions.values().find(|s| s.leader == pid) {
                return Some(s);
            }
            pid = parent_of(pid)?;
        }
        None
    }

    /// The display session of `uid`: its active session, else its newest.
    pub fn display_session_of(&self, uid: u32) -> Option<&SessionInfo> {
        let mut mine = self.sessions.values().filter(|s| s.uid == uid);
        if let Some(active) = self.active.as_deref() {
            if let Some(s) = self
                .sessions
                .values()
                .find(|s| s.uid == uid && s.id == active)
            {
                return Some(s);
            }
        }
        mine.next_back()
    }

    /// Distinct users with sessions: (uid, name).
    pub fn users(&self) -> Vec<(u32, String)> {
        let mut out: Vec<(u32, String)> = Vec::new();
        for s in self.sessions.values() {
            if !out.iter().any(|(u, _)| *u == s.uid) {
                out.push((s.uid, s.user_name.clone()));
            }
        }
        out
    }

    /// Root, or the owner of the active local session, may power off, reboot and suspend.
    pub fn may_power(&self, uid: u32) -> bool {
        uid == 0
            || self
                .active
                .as_deref()
                .and_then(|a| self.session(a))
                .is_some_and(|s| s.uid == uid)
    }

    /// Adds an inhibitor unless the limit is reached; returns its id.
    pub fn add_inhibitor(&mut self, mut inh: Inhibitor) -> Result<u64, InhibitError> {
        if self.inhibitors.len() >= self.max_inhibitors {
            return Err(InhibitError::Limit(self.max_inhibitors));
        }
        if inh.who.len() > 255 {
            return Err(InhibitError::TooLong("who"));
        }
        if inh.why.len() > 255 {
            return Err(InhibitError::TooLong("why"));
        }
        let id = self.next_inhibitor;
        self.next_inhibitor += 1;
        inh.id = id;
        self.inhibitors.insert(id, inh);
        Ok(id)
    }

    pub fn remove_inhibitor(&mut self, id: u64) -> Option<Inhibitor> {
        self.inhibitors.remove(&id)
    }

    pub fn inhibitors(&self) -> impl Iterator<Item = &Inhibitor> {
        self.inhibitors.values()
    }

    /// Colon-separated list of what is inhibited in `mode` (Block covers block-weak too),
    /// as in the BlockInhibited/DelayInhibited properties.
    pub fn inhibited(&self, delay: bool) -> String {
        let mut whats: Vec<What> = self
            .inhibitors
            .values()
            .filter(|i| (i.mode == Mode::Delay) == delay)
            .flat_map(|i| i.what.iter().copied())
            .collect();
        whats.sort();
        whats.dedup();
        whats
            .iter()
            .map(|w| w.as_str())
            .collect::<Vec<_>>()
            .join(":")
    }

    /// Whether a delay lock on `what` is held.
    pub fn delayed(&self, what: What) -> bool {
        self.inhibitors
            .values()
            .any(|i| i.mode == Mode::Delay && i.what.contains(&what))
    }

    /// A block lock on `what` that stops `uid`: any `block` lock, and `block-weak` locks
    /// of other users. Root is never blocked (as `systemctl --check-inhibitors=no`).
    pub fn blocker(&self, what: What, uid: u32) -> Option<&Inhibitor> {
        if uid == 0 {
            return None;
        }
        self.inhibitors.values().find(|i| {
            i.what.contains(&what)
                && (i.mode == Mode::Block || (i.mode == Mode::BlockWeak && i.uid != uid))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(uid: u32, leader: u32) -> SessionInfo {
        SessionInfo {
            id: String::new(),
            uid,
            gid: uid,
            user_name: format!("u{uid}"),
            leader,
            vtnr: 1,
            tty: "tty1".into(),
            desktop: "sway".into(),
            kind: "wayland".into(),
            class: "user".into(),
            service: "greetd".into(),
            timestamp_us: 1,
            timestamp_mono_us: 1,
            idle_hint: false,
            idle_since_us: 0,
            locked_hint: false,
        }
    }

    #[test]
    fn sessions_activate_and_fall_back() {
        let mut s = State::default();
        let (a, first) = s.add_session(session(1000, 10));
        assert!(first);
        let (b, first) = s.add_session(session(1000, 20));
        assert!(!first);
        assert!(s.is_active(&b));
        assert!(s.may_power(1000) && s.may_power(0) && !s.may_power(1001));
        let (_, last) = s.remove_session(&b).unwrap();
        assert!(!last);
        assert!(s.is_active(&a));
        let (_, last) = s.remove_session(&a).unwrap();
        assert!(last);
        assert!(s.active_id().is_none());
        assert!(!s.may_power(1000));
    }

    #[test]
    fn pid_lookup_walks_ancestors() {
        let mut s = State::default();
        s.add_session(session(1000, 10));
        let parent = |p: u32| match p {
            30 => Some(20),
            20 => Some(10),
            _ => Some(1),
        };
        assert_eq!(s.session_of_pid(30, parent).unwrap().leader, 10);
        assert!(s.session_of_pid(99, parent).is_none());
    }

    #[test]
    fn inhibit_parsing() {
        assert_eq!(
            parse_inhibit("sleep", "delay").unwrap(),
            (vec![What::Sleep], Mode::Delay)
        );
        assert_eq!(
            parse_inhibit("sleep:shutdown:sleep", "block").unwrap().0,
            vec![What::Shutdown, What::Sleep]
        );
        assert_eq!(parse_inhibit("idle", "delay"), Err(InhibitError::DelayWhat));
        assert!(matches!(
            parse_inhibit("nap", "block"),
            Err(InhibitError::What(_))
        ));
        assert!(matches!(
            parse_inhibit("", "block"),
            Err(InhibitError::What(_))
        ));
        assert!(matches!(
            parse_inhibit("sleep", "maybe"),
            Err(InhibitError::Mode(_))
        ));
    }

    #[test]
    fn inhibitor_bookkeeping_and_limit() {
        let mut s = State::new(2);
        let inh = |what, mode, uid| Inhibitor {
            id: 0,
            what: vec![what],
            who: "x".into(),
            why: "y".into(),
            mode,
            uid,
            pid: 1,
        };
        let a = s
            .add_inhibitor(inh(What::Sleep, Mode::Delay, 1000))
            .unwrap();
        s.add_inhibitor(inh(What::Shutdown, Mode::BlockWeak, 1000))
            .unwrap();
        assert_eq!(
            s.add_inhibitor(inh(What::Idle, Mode::Block, 1000)),
            Err(InhibitError::Limit(2))
        );
        assert_eq!(s.inhibited(true), "sleep");
        assert_eq!(s.inhibited(false), "shutdown");
        assert!(s.delayed(What::Sleep));
        assert!(s.blocker(What::Shutdown, 1000).is_none());
        assert!(s.blocker(What::Shutdown, 1001).is_some());
        assert!(s.blocker(What::Shutdown, 0).is_none());
        s.remove_inhibitor(a);
        assert!(!s.delayed(What::Sleep));
        assert_eq!(s.inhibited(true), "");
    }
}
