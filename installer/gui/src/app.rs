//! The application: pages in order, the service connection, navigation, and the
//! install stream. `update` dispatches; screens own their state.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use iced::widget::{self, button, column, container, operation, row, scrollable, svg, text};
use iced::{Element, Fill, Subscription, Task, Theme, keyboard};
use lainos_dbus_api::{BusChoice, Client, ClientError, PlanDto, ProbeDto};

use crate::answers::{self, Documents, Draft, defaults_for};
use crate::branding::{Branding, parse_hex};
use crate::i18n::{Catalog, Tr};
use crate::keys::KeyPress;
use crate::screen::{
    self, Ctx, disk, done::Outcome, install, keyboard as kbd, location, summary, users, welcome,
};
use crate::setup::{SetupMode, WriteError};

/// The pages, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Page {
    Welcome,
    Location,
    Keyboard,
    Disk,
    Users,
    Summary,
    Install,
    Done,
}

impl Page {
    pub const ALL: [Page; 8] = [
        Page::Welcome,
        Page::Location,
        Page::Keyboard,
        Page::Disk,
        Page::Users,
        Page::Summary,
        Page::Install,
        Page::Done,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Page::Welcome => "page-welcome",
            Page::Location => "page-location",
            Page::Keyboard => "page-keyboard",
            Page::Disk => "page-disk",
            Page::Users => "page-users",
            Page::Summary => "page-summary",
            Page::Install => "page-install",
            Page::Done => "page-done",
        }
    }

    pub fn from_name(s: &str) -> Option<Page> {
        Page::ALL
            .into_iter()
            .find(|p| p.id().trim_start_matches("page-") == s)
    }

    /// The pages of setup mode: no disk, nothing installed; its summary page is
    /// [`crate::screen::confirm`].
    pub const SETUP: [Page; 5] = [
        Page::Welcome,
        Page::Location,
        Page::Keyboard,
        Page::Users,
        Page::Summary,
    ];

    fn next_in(self, pages: &[Page]) -> Page {
        let i = pages.iter().position(|p| *p == self).unwrap_or(0);
        pages[(i + 1).min(pages.len() - 1)]
    }

    fn prev_in(self, pages: &[Page]) -> Page {
        let i = pages.iter().position(|p| *p == self).unwrap_or(0);
        pages[i.saturating_sub(1)]
    }
}

/// How the GUI was started.
#[derive(Debug, Clone)]
pub struct Config {
    pub bus: BusChoice,
    pub branding: Arc<Branding>,
    pub catalog: Arc<Catalog>,
    pub lang: String,
    /// Where "Save answer file" writes.
    pub save_path: PathBuf,
    /// Walk forward to this page with demo answers (screenshots, tests): the same
    /// messages a user's clicks send, through `update` and the service.
    pub goto: Option<Page>,
    /// With `goto`: the disk to pick (its device path); `None` keeps the preselection.
    pub goto_disk: Option<PathBuf>,
    /// With `goto`: choose the manual layout on the disk page and assign the disk's
    /// partitions as [`App::demo_manual_layout`] does.
    pub goto_manual: bool,
    /// With `goto`: choose the alongside layout, encrypted, as
    /// [`App::demo_alongside_layout`] does.
    pub goto_alongside: bool,
    /// Print time to first frame and memory, then exit.
    pub benchmark: Option<Instant>,
    /// Setup mode: the first boot of an OEM install (no service, no disk pages; the
    /// answers go to a first-boot answer file).
    pub setup: Option<SetupMode>,
}

/// What the install stream reports.
#[derive(Debug, Clone)]
pub enum InstallEvent {
    Started(u64),
    Progress(install::Progress),
    Log { level: String, message: String },
    Finished { ok: bool, error: String },
    Error(String),
}

#[derive(Debug, Clone)]
pub enum Message {
    Connected(Result<Client, ClientError>),
    Probed(Result<ProbeDto, ClientError>),
    Welcome(welcome::Message),
    Location(location::Message),
    Keyboard(kbd::Message),
    Disk(disk::Message),
    Users(users::Message),
    Summary(summary::Message),
    Install(install::Message),
    Next,
    Back,
    Planned(Result<PlanDto, ClientError>),
    Installing(InstallEvent),
    Cancel,
    Cancelled(Result<(), ClientError>),
    Save,
    Saved(Result<PathBuf, String>),
    Restart,
    Quit,
    FocusNext,
    FocusPrevious,
    /// A key press no widget used: mapped by [`App::key_message`].
    Key(KeyPress),
    /// Give the keyboard focus to this text input.
    Focus(widget::Id),
    /// Whether this text input has the focus (asked after Tab).
    Focused(widget::Id, bool),
    Slide,
    FirstFrame,
    /// The window is open: with no window manager it fills the screen and takes the
    /// keyboard focus.
    WindowOpened(iced::window::Id),
    /// What became of that (see [`crate::focus`]).
    FocusTaken(Result<crate::focus::Focus, crate::focus::FocusError>),
    /// Setup mode: the first-boot answer file was written (or not).
    SetupWritten(Result<(), WriteError>),
}

pub struct App {
    pub config: Config,
    pub tr: Tr,
    pub page: Page,
    pub client: Option<Client>,
    pub service_error: Option<String>,
    pub probe: Option<ProbeDto>,
    pub welcome: welcome::State,
    pub location: location::State,
    pub keyboard: kbd::State,
    pub disk: disk::State,
    pub users: users::State,
    pub summary: summary::State,
    pub install: install::State,
    pub outcome: Option<Outcome>,
    /// The answers the shown plan was made for: Install sends exactly these, Save
    /// writes their file form (same password hashes, no clear-text secret).
    pub planned: Option<Documents>,
    pub notice: Option<String>,
    /// `goto` mode: the answers were saved before installing.
    goto_saved: bool,
    benchmark_done: bool,
    /// Setup mode: the answer file is being written.
    pub finishing: bool,
}

impl std::fmt::Debug for App {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("App")
            .field("page", &self.page)
            .finish_non_exhaustive()
    }
}

impl App {
    /// The state without any service call (tests start here).
    pub fn new(config: Config) -> Self {
        let lang = config.lang.clone();
        let tr = make_tr(&config, &lang);
        let mut app = App {
            tr,
            page: Page::Welcome,
            client: None,
            service_error: None,
            probe: None,
            welcome: welcome::State {
                setup: config.setup.is_some(),
            },
            location: location::State::default(),
            keyboard: kbd::State::default(),
            disk: disk::State::default(),
            users: users::State {
                admin_fixed: config.setup.is_some(),
                ..users::State::default()
            },
            summary: summary::State::default(),
            install: install::State::default(),
            outcome: None,
            planned: None,
            notice: None,
            goto_saved: false,
            benchmark_done: false,
            finishing: false,
            config,
        };
        app.apply_language_defaults();
        if app.config.goto.is_some() {
            app.fill_demo_answers();
        }
        app
    }

    /// The iced boot function: the state and the connection task.
    pub fn boot(config: Config) -> (Self, Task<Message>) {
        let bus = config.bus.clone();
        let mut app = App::new(config);
        if app.is_setup() {
            // Setup mode needs no service: its lists are built in (lainos-config). With
            // `goto`, the walk starts at once (the installer's starts on the probe).
            let walk = app.auto_advance();
            return (app, walk);
        }
        let task = Task::perform(
            async move { Client::connect(&bus).await },
            Message::Connected,
        );
        (app, task)
    }

    fn apply_language_defaults(&mut self) {
        let (locale, tz, layout) = defaults_for(&self.tr.lang);
        if !self.location.touched {
            self.location.locale = locale.to_string();
            self.location.timezone = tz.to_string();
        }
        if !self.keyboard.touched {
            self.keyboard.layout = layout.to_string();
            self.keyboard.variant = None;
        }
    }

    fn fill_demo_answers(&mut self) {
        for m in [
            users::Message::FullName("Lain Iwakura".into()),
            users::Message::Password("wired-Protocol-7".into()),
            users::Message::PasswordConfirm("wired-Protocol-7".into()),
        ] {
            self.users.update(m);
        }
    }

    /// The messages that make a demo manual layout on the chosen disk (screenshots,
    /// tests): an existing vfat partition reused as the EFI system partition, the
    /// largest other partition formatted as `/`, and a new 2 GiB swap partition.
    pub fn demo_manual_layout(&self) -> Vec<disk::Message> {
        let rows = &self.disk.rows;
        let esp = rows
            .iter()
            .position(|r| r.current_fs.as_deref() == Some("vfat"));
        let root = rows
            .iter()
            .enumerate()
            .filter(|(i, r)| Some(*i) != esp && !r.is_new() && !r.is_luks())
            .max_by_key(|(_, r)| r.size_bytes)
            .map(|(i, _)| i);
        // An existing LUKS volume is kept as /home, opened with its passphrase.
        let home = rows
            .iter()
            .enumerate()
            .filter(|(i, r)| Some(*i) != root && r.is_luks())
            .map(|(i, _)| i)
            .next();
        let mut m = vec![disk::Message::Layout(answers::Layout::Manual)];
        m.extend(esp.map(|i| disk::Message::Mount(i, disk::MountChoice::Esp)));
        m.extend(root.map(|i| disk::Message::Mount(i, disk::MountChoice::Root)));
        if let Some(i) = home {
            m.extend([
                disk::Message::Mount(i, disk::MountChoice::Home),
                disk::Message::Unlock(i, "wired-Home-7".into()),
            ]);
        }
        m.extend([
            disk::Message::NewSize("2GiB".into()),
            disk::Message::AddPartition,
            disk::Message::Mount(rows.len(), disk::MountChoice::Swap),
        ]);
        m
    }

    /// The messages that choose an encrypted install alongside the disk's partitions
    /// (screenshots, tests).
    pub fn demo_alongside_layout(&self) -> Vec<disk::Message> {
        vec![
            disk::Message::Layout(answers::Layout::Alongside),
            disk::Message::Encrypt(true),
            disk::Message::Passphrase("wired-Protocol-7".into()),
            disk::Message::PassphraseConfirm("wired-Protocol-7".into()),
        ]
    }

    pub fn title(&self) -> String {
        self.tr.t(if self.is_setup() {
            "setup-app-title"
        } else {
            "app-title"
        })
    }

    /// Setup mode (`--setup`).
    pub fn is_setup(&self) -> bool {
        self.config.setup.is_some()
    }

    /// The pages of this mode, in order.
    pub fn pages(&self) -> &'static [Page] {
        if self.is_setup() {
            &Page::SETUP
        } else {
            &Page::ALL
        }
    }

    pub fn theme(&self) -> Theme {
        let c = &self.config.branding.colors;
        let col = |s: &str| {
            let rgb = parse_hex(s).unwrap_or(crate::branding::Rgb(128, 128, 128));
            iced::Color::from_rgb8(rgb.0, rgb.1, rgb.2)
        };
        Theme::custom(
            self.config.branding.product_name.clone(),
            iced::theme::Palette {
                background: col(&c.background),
                text: col(&c.text),
                primary: col(&c.primary),
                success: col(&c.success),
                warning: col(&c.warning),
                danger: col(&c.danger),
            },
        )
    }

    /// The answer document from the pages.
    pub fn draft(&self) -> Draft {
        Draft {
            locale: self.location.locale.clone(),
            timezone: self.location.timezone.clone(),
            keyboard_layout: self.keyboard.layout.clone(),
            keyboard_variant: self.keyboard.variant.clone(),
            disk: self.disk.disk.clone(),
            layout: self.disk.layout,
            filesystem: self.disk.filesystem,
            partitions: self.disk.partitions(),
            swap: self.disk.swap,
            // The disk page offers encryption with the erase and alongside layouts.
            encryption: (self.disk.encrypt && self.disk.layout != answers::Layout::Manual)
                .then(|| self.disk.passphrase.0.clone()),
            full_name: self.users.full_name.clone(),
            user_name: self.users.name.clone(),
            password: self.users.password.0.clone(),
            hostname: self.users.hostname.clone(),
            admin: self.users.admin,
            root_same_password: self.users.root_same_password,
        }
    }

    /// May the user leave the current page forward?
    pub fn can_advance(&self) -> bool {
        match self.page {
            Page::Welcome => self.probe.is_some() || self.is_setup(),
            Page::Location => {
                !self.location.timezone.is_empty() && !self.location.locale.is_empty()
            }
            Page::Keyboard => !self.keyboard.layout.is_empty(),
            Page::Disk => self.disk.errors().is_empty(),
            Page::Users => self.users.errors().is_empty(),
            Page::Summary if self.is_setup() => !self.finishing,
            Page::Summary => self.summary.can_install(),
            Page::Install | Page::Done => false,
        }
    }

    pub fn update(&mut self, message: Message) -> Task<Message> {
        // The `--goto` walk is a chain: each of its steps asks for the next. Window
        // events outside it must not start a second chain, which would press Next
        // once too often (in setup mode: finish setup unasked).
        let walks = !matches!(message, Message::WindowOpened(_) | Message::FocusTaken(_));
        let task = match message {
            Message::Connected(r) => self.connected(r),
            Message::Probed(r) => self.probed(r),
            Message::Welcome(m) => self.on_welcome(m),
            Message::Location(m) => {
                let moved = matches!(m, location::Message::Move(_));
                self.location.update(m);
                if moved {
                    let (id, y) = self.location.scroll_target();
                    snap(id, y)
                } else {
                    Task::none()
                }
            }
            Message::Keyboard(m) => {
                let moved = matches!(m, kbd::Message::MoveLayout(_));
                self.keyboard.update(m);
                if moved {
                    snap(kbd::LAYOUT_LIST, self.keyboard.scroll_offset())
                } else {
                    Task::none()
                }
            }
            Message::Disk(m) => {
                self.disk.update(m, self.probe.as_ref());
                Task::none()
            }
            Message::Users(m) => {
                self.users.update(m);
                Task::none()
            }
            Message::Summary(m) => {
                self.summary.update(m);
                Task::none()
            }
            Message::Install(m) => {
                self.install.update(m);
                Task::none()
            }
            Message::Next => self.next(),
            Message::Back => self.back(),
            Message::Planned(r) => self.planned(r),
            Message::Installing(e) => self.installing(e),
            Message::Cancel => self.cancel(),
            Message::Cancelled(r) => {
                if let Err(e) = r {
                    self.install.cancelling = false;
                    self.notice = Some(e.to_string());
                }
                Task::none()
            }
            Message::Save => self.save(),
            Message::Saved(r) => {
                self.notice = Some(match r {
                    Ok(p) => self
                        .tr
                        .args("saved-to", &[("path", p.display().to_string())]),
                    Err(e) => self.tr.args("save-failed", &[("error", e)]),
                });
                Task::none()
            }
            Message::Restart => Task::perform(restart(), |_| Message::Quit),
            Message::Quit => iced::exit(),
            // On a bare X server (first-boot setup through xinit) nobody focuses the
            // window or fits it to the screen (see `focus`).
            Message::WindowOpened(id) => iced::window::raw_id::<Message>(id).then(|raw| {
                Task::perform(
                    async move {
                        tokio::task::spawn_blocking(move || {
                            crate::focus::settle_without_window_manager(raw)
                        })
                        .await
                        .unwrap_or_else(|e| {
                            Err(crate::focus::FocusError::Connection(e.to_string()))
                        })
                    },
                    Message::FocusTaken,
                )
            }),
            Message::FocusTaken(r) => {
                match r {
                    Ok(crate::focus::Focus::Taken { width, height }) => {
                        tracing::info!(
                            width,
                            height,
                            "no window manager: the installer fills the screen and took the keyboard focus"
                        );
                    }
                    Ok(f) => tracing::debug!(?f, "window size and focus left to the session"),
                    Err(e) => tracing::warn!(
                        error = %e,
                        "no window manager, and the window could not fill the screen or take the keyboard focus"
                    ),
                }
                Task::none()
            }
            Message::FocusNext => operation::focus_next().chain(self.focus_probe()),
            Message::FocusPrevious => operation::focus_previous().chain(self.focus_probe()),
            Message::Key(k) => match self.key_message(&k) {
                Some(m) => return self.update(m),
                None => Task::none(),
            },
            Message::Focus(id) => operation::focus(id.clone()).chain(self.focus_probe()),
            Message::Focused(id, focused) => {
                if focused {
                    self.focused(&id);
                }
                Task::none()
            }
            Message::Slide => {
                self.install.slide = self.install.slide.wrapping_add(1);
                Task::none()
            }
            Message::FirstFrame => self.first_frame(),
            Message::SetupWritten(r) => self.setup_written(r),
        };
        if walks {
            Task::batch([task, self.auto_advance()])
        } else {
            task
        }
    }

    /// Asks which search field has the focus, so that the arrow keys move in its list.
    fn focus_probe(&self) -> Task<Message> {
        let ids = match self.page {
            Page::Location => vec![location::TIMEZONE_SEARCH, location::LOCALE_SEARCH],
            _ => return Task::none(),
        };
        Task::batch(ids.into_iter().map(|id| {
            operation::is_focused(id.clone()).map(move |f| Message::Focused(id.clone(), f))
        }))
    }

    fn focused(&mut self, id: &widget::Id) {
        if *id == location::TIMEZONE_SEARCH {
            self.location
                .update(location::Message::Activate(location::List::Timezone));
        } else if *id == location::LOCALE_SEARCH {
            self.location
                .update(location::Message::Activate(location::List::Locale));
        }
    }

    fn connected(&mut self, r: Result<Client, ClientError>) -> Task<Message> {
        match r {
            Ok(client) => {
                tracing::info!("connected to the installer service");
                let c = client.clone();
                self.client = Some(client);
                self.service_error = None;
                Task::perform(async move { c.probe().await }, Message::Probed)
            }
            Err(e) => {
                tracing::error!(error = %e, "cannot reach the installer service");
                self.service_error = Some(e.to_string());
                Task::none()
            }
        }
    }

    fn probed(&mut self, r: Result<ProbeDto, ClientError>) -> Task<Message> {
        match r {
            Ok(p) => {
                self.disk.preselect(&p);
                let chosen = self.config.goto_disk.as_ref().map(|want| {
                    p.disks
                        .iter()
                        .position(|d| std::path::Path::new(&d.path) == want.as_path())
                });
                self.probe = Some(p);
                match chosen {
                    Some(Some(i)) => self
                        .disk
                        .update(disk::Message::Disk(i), self.probe.as_ref()),
                    Some(None) => tracing::error!(
                        disk = ?self.config.goto_disk,
                        "goto: the disk is not among the probed disks; staying on the disk page"
                    ),
                    None => {}
                }
                if self.config.goto.is_some() && self.config.goto_manual {
                    for m in self.demo_manual_layout() {
                        self.disk.update(m, self.probe.as_ref());
                    }
                }
                if self.config.goto.is_some() && self.config.goto_alongside {
                    for m in self.demo_alongside_layout() {
                        self.disk.update(m, self.probe.as_ref());
                    }
                }
            }
            Err(e) => self.service_error = Some(e.to_string()),
        }
        Task::none()
    }

    fn on_welcome(&mut self, m: welcome::Message) -> Task<Message> {
        match self.welcome.update(m) {
            Some(welcome::Event::LanguageChanged(code))
                if self.config.catalog.has_language(&code) =>
            {
                self.tr = make_tr(&self.config, &code);
                self.apply_language_defaults();
            }
            _ => {}
        }
        Task::none()
    }

    fn next(&mut self) -> Task<Message> {
        match self.page {
            Page::Disk if !self.can_advance() => {
                self.disk.show_errors = true;
                Task::none()
            }
            Page::Users if !self.can_advance() => {
                self.users.show_errors = true;
                Task::none()
            }
            Page::Users if self.is_setup() => {
                self.page = Page::Summary;
                Task::none()
            }
            Page::Users => {
                self.page = Page::Summary;
                self.plan()
            }
            Page::Summary if self.is_setup() && self.can_advance() => self.finish_setup(),
            Page::Summary if self.can_advance() => self.start_install(),
            _ if self.can_advance() => {
                self.page = self.page.next_in(self.pages());
                Task::none()
            }
            _ => Task::none(),
        }
    }

    fn back(&mut self) -> Task<Message> {
        if matches!(self.page, Page::Install | Page::Done | Page::Welcome) || self.finishing {
            return Task::none();
        }
        self.page = self.page.prev_in(self.pages());
        Task::none()
    }

    /// Setup mode's confirmation: the answers are hashed and written; the window
    /// closes once they are on disk.
    fn finish_setup(&mut self) -> Task<Message> {
        let Some(setup) = self.config.setup.clone() else {
            return Task::none();
        };
        self.finishing = true;
        self.notice = None;
        let draft = self.draft();
        Task::perform(
            async move { crate::setup::write_answers(&setup.answers_out, &draft) },
            Message::SetupWritten,
        )
    }

    fn setup_written(&mut self, r: Result<(), WriteError>) -> Task<Message> {
        match (r, &self.config.setup) {
            (Ok(()), Some(setup)) => {
                tracing::info!(path = %setup.answers_out.display(), "setup answers written");
                setup.mark_written();
                iced::exit()
            }
            (Err(e), _) => {
                tracing::error!(error = %e, "setup answers not written");
                self.finishing = false;
                self.notice = Some(
                    self.tr
                        .args("setup-write-failed", &[("error", e.to_string())]),
                );
                Task::none()
            }
            (Ok(()), None) => Task::none(),
        }
    }

    fn plan(&mut self) -> Task<Message> {
        self.summary.start_planning();
        let docs = match self.draft().documents() {
            Ok(d) => d,
            Err(e) => {
                self.planned = None;
                self.summary
                    .planned(Err(summary::PlanError::Other(e.to_string())));
                return Task::none();
            }
        };
        let yaml = docs.for_service.clone();
        self.planned = Some(docs);
        let Some(client) = self.client.clone() else {
            return Task::none();
        };
        Task::perform(async move { client.plan(&yaml).await }, Message::Planned)
    }

    fn planned(&mut self, r: Result<PlanDto, ClientError>) -> Task<Message> {
        let r = r.map_err(|e| match e {
            ClientError::Invalid(i) => {
                // Shown on the summary, and next to the rows and choices they concern
                // when the user goes back to the disk page.
                self.disk.set_engine_issues(&i.issues);
                summary::PlanError::Issues(i.issues)
            }
            other => summary::PlanError::Other(other.to_string()),
        });
        self.summary.planned(r);
        Task::none()
    }

    fn start_install(&mut self) -> Task<Message> {
        let (Some(client), Some(plan), Some(yaml)) = (
            self.client.clone(),
            self.summary.plan.clone(),
            self.planned.as_ref().map(|d| d.for_service.clone()),
        ) else {
            return Task::none();
        };
        self.page = Page::Install;
        self.install = install::State::default();
        Task::run(
            install_stream(client, yaml, plan.confirm_token),
            Message::Installing,
        )
    }

    fn installing(&mut self, e: InstallEvent) -> Task<Message> {
        match e {
            InstallEvent::Started(job) => self.install.job = Some(job),
            InstallEvent::Progress(p) => self.install.progress(p),
            InstallEvent::Log { level, message } => self.install.push_log(&level, &message),
            InstallEvent::Finished { ok, error } => {
                self.outcome = Some(if ok {
                    Outcome::Succeeded
                } else if error == "cancelled" {
                    Outcome::Cancelled
                } else {
                    Outcome::Failed(error)
                });
                if ok {
                    self.install.fraction = 1.0;
                }
                tracing::info!(outcome = ?self.outcome, "install finished");
                self.page = Page::Done;
            }
            InstallEvent::Error(error) => {
                tracing::error!(%error, "install could not run");
                self.outcome = Some(Outcome::Failed(error));
                self.page = Page::Done;
            }
        }
        Task::none()
    }

    fn cancel(&mut self) -> Task<Message> {
        let Some(client) = self.client.clone() else {
            return Task::none();
        };
        self.install.cancelling = true;
        Task::perform(async move { client.cancel().await }, Message::Cancelled)
    }

    fn save(&mut self) -> Task<Message> {
        // Only the answers of the shown plan are saved (Save is offered with a plan).
        let Some(yaml) = self.planned.as_ref().map(|d| d.for_file.clone()) else {
            return Task::none();
        };
        let path = self.config.save_path.clone();
        Task::perform(
            async move { answers::save(&path, &yaml).map(|()| path) },
            Message::Saved,
        )
    }

    /// In `--goto` mode, presses Next (and confirms the plan) until the target page.
    fn auto_advance(&mut self) -> Task<Message> {
        let Some(target) = self.config.goto else {
            return Task::none();
        };
        if let Some(setup) = &self.config.setup
            && setup.auto_confirm
            && self.page == Page::Summary
            && target == Page::Summary
            && !self.finishing
            && self.notice.is_none()
        {
            return Task::done(Message::Next);
        }
        if self.page >= target || self.summary.planning {
            return Task::none();
        }
        let chosen = self.disk.disk.as_deref().map(std::path::Path::new);
        if self.page == Page::Disk
            && self
                .config
                .goto_disk
                .as_deref()
                .is_some_and(|want| chosen != Some(want))
        {
            return Task::none();
        }
        if self.page == Page::Summary && self.summary.plan.is_some() {
            if target > Page::Summary && !self.goto_saved {
                self.goto_saved = true;
                return Task::done(Message::Save);
            }
            if !self.summary.confirmed {
                return Task::done(Message::Summary(summary::Message::Confirm(true)));
            }
        }
        if self.can_advance() {
            Task::done(Message::Next)
        } else {
            Task::none()
        }
    }

    #[allow(clippy::print_stdout)]
    fn first_frame(&mut self) -> Task<Message> {
        let Some(start) = self.config.benchmark else {
            return Task::none();
        };
        if self.benchmark_done {
            return Task::none();
        }
        self.benchmark_done = true;
        let ms = start.elapsed().as_secs_f64() * 1000.0;
        let (rss, peak) = memory_kib();
        println!("{{\"first_frame_ms\":{ms:.1},\"rss_kib\":{rss},\"peak_rss_kib\":{peak}}}");
        iced::exit()
    }

    pub fn subscription(&self) -> Subscription<Message> {
        let mut subs = vec![
            keyboard::listen().filter_map(crate::keys::listen),
            iced::window::open_events().map(Message::WindowOpened),
        ];
        if self.page == Page::Install {
            let secs = self.config.branding.slide_seconds.max(1);
            subs.push(
                iced::time::every(std::time::Duration::from_secs(secs)).map(|_| Message::Slide),
            );
        }
        if self.config.benchmark.is_some() && !self.benchmark_done {
            subs.push(iced::window::frames().map(|_| Message::FirstFrame));
        }
        Subscription::batch(subs)
    }

    pub fn view(&self) -> Element<'_, Message> {
        let ctx = Ctx {
            tr: &self.tr,
            branding: &self.config.branding,
            probe: self.probe.as_ref(),
        };
        let body: Element<'_, Message> = match self.page {
            Page::Welcome => self.welcome.view(&ctx).map(Message::Welcome),
            Page::Location => self.location.view(&ctx).map(Message::Location),
            Page::Keyboard => self.keyboard.view(&ctx).map(Message::Keyboard),
            Page::Disk => self.disk.view(&ctx).map(Message::Disk),
            Page::Users => self.users.view(&ctx).map(Message::Users),
            Page::Summary if self.is_setup() => screen::confirm::view(&ctx, &self.draft()),
            Page::Summary => self.summary.view(&ctx).map(Message::Summary),
            Page::Install => self.install.view(&ctx).map(Message::Install),
            Page::Done => match &self.outcome {
                Some(o) => screen::done::view(&ctx, o, &self.install.log),
                None => screen::para(&ctx, String::new()),
            },
        };
        let mut main = column![].spacing(10).padding(24).width(Fill);
        if let Some(e) = &self.service_error {
            main = main.push(screen::field_error(
                &ctx,
                self.tr.args("service-unreachable", &[("error", e.clone())]),
            ));
        } else if self.client.is_none() && !self.is_setup() {
            main = main.push(screen::label(&ctx, self.tr.t("service-connecting")));
        }
        // Room for the scrollbar, which floats over the content's end edge: right-
        // aligned (right-to-left) text would go under it.
        let body = container(body).padding(iced::Padding::ZERO.right(14));
        main = main.push(scrollable(body).height(Fill));
        if let Some(n) = &self.notice {
            main = main.push(screen::label(&ctx, n.clone()));
        }
        main = main.push(self.nav());
        let side = self.sidebar();
        let layout = if self.tr.rtl {
            row![main, side]
        } else {
            row![side, main]
        };
        container(layout).width(Fill).height(Fill).into()
    }

    fn sidebar(&self) -> Element<'_, Message> {
        let logo = svg(svg::Handle::from_path(self.config.branding.logo_path()))
            .width(64)
            .height(64);
        let mut c = column![
            logo,
            text(self.config.branding.product_name.clone()).size(22)
        ]
        .spacing(8)
        .padding(20)
        .width(200);
        for &p in self.pages() {
            let t = text(self.tr.t(p.id())).size(15);
            c = c.push(if p == self.page {
                t.style(text::primary)
            } else if p < self.page {
                t
            } else {
                t.style(text::secondary)
            });
        }
        container(c)
            .height(Fill)
            .style(|theme: &Theme| {
                let surface = theme.extended_palette().background.weak.color;
                container::Style::default().background(surface)
            })
            .into()
    }

    fn nav(&self) -> Element<'_, Message> {
        let tr = &self.tr;
        let mut left = row![].spacing(10);
        let mut right = row![].spacing(10);
        match self.page {
            Page::Install => {
                right = right.push(
                    button(text(tr.t("nav-cancel")))
                        .style(button::danger)
                        .on_press_maybe((!self.install.cancelling).then_some(Message::Cancel)),
                );
            }
            Page::Done => {
                if self.outcome == Some(Outcome::Succeeded) {
                    left = left.push(
                        button(text(tr.t("done-stay")))
                            .style(button::secondary)
                            .on_press(Message::Quit),
                    );
                    right =
                        right.push(button(text(tr.t("done-restart"))).on_press(Message::Restart));
                } else {
                    right = right.push(button(text(tr.t("done-close"))).on_press(Message::Quit));
                }
            }
            page => {
                if page != Page::Welcome {
                    left = left.push(
                        button(text(tr.t("nav-back")))
                            .style(button::secondary)
                            .on_press(Message::Back),
                    );
                }
                if page == Page::Summary && self.is_setup() {
                    let label = format!("{}  ({})", tr.t("nav-finish"), tr.t("nav-install-key"));
                    right = right.push(
                        button(text(label))
                            .on_press_maybe(self.can_advance().then_some(Message::Next)),
                    );
                } else if page == Page::Summary {
                    left = left.push(
                        button(text(tr.t("nav-save")))
                            .style(button::secondary)
                            .on_press_maybe(self.summary.plan.as_ref().map(|_| Message::Save)),
                    );
                    // The shortcut is on the button: Enter alone never installs.
                    let label = format!("{}  ({})", tr.t("nav-install"), tr.t("nav-install-key"));
                    right = right.push(
                        button(text(label))
                            .style(button::danger)
                            .on_press_maybe(self.can_advance().then_some(Message::Next)),
                    );
                } else {
                    // Next stays pressable on forms so that it can explain what is missing.
                    let enabled = self.can_advance() || matches!(page, Page::Disk | Page::Users);
                    right = right.push(
                        button(text(tr.t("nav-next")))
                            .on_press_maybe(enabled.then_some(Message::Next)),
                    );
                }
            }
        }
        let spacer = iced::widget::space::horizontal();
        let buttons = if self.tr.rtl {
            row![right, spacer, left]
        } else {
            row![left, spacer, right]
        };
        // The summary page's own hint line says how to install: Enter is no Next there.
        if matches!(self.page, Page::Summary | Page::Install | Page::Done) {
            return buttons.into();
        }
        // Alt+arrow points at the button it presses: mirrored right to left.
        let (back, next) = if tr.rtl {
            ("Alt+→", "Alt+←")
        } else {
            ("Alt+←", "Alt+→")
        };
        let ctx = Ctx {
            tr,
            branding: &self.config.branding,
            probe: self.probe.as_ref(),
        };
        column![
            screen::hint(
                &ctx,
                tr.args("keys-nav", &[("back", back.into()), ("next", next.into())])
            ),
            buttons
        ]
        .spacing(6)
        .into()
    }
}

fn make_tr(config: &Config, lang: &str) -> Tr {
    let rtl = config.branding.language(lang).is_some_and(|l| l.rtl);
    Tr::new(
        config.catalog.clone(),
        lang,
        rtl,
        &config.branding.product_name,
    )
}

/// Scrolls a list so that the row at relative offset `y` is in view.
fn snap(id: widget::Id, y: f32) -> Task<Message> {
    operation::snap_to(
        id,
        operation::RelativeOffset {
            x: None,
            y: Some(y),
        },
    )
}

/// Subscribes to the service's signals, starts the install, and reports until the
/// job's `Finished`.
fn install_stream(
    client: Client,
    yaml: String,
    token: String,
) -> impl iced::futures::Stream<Item = InstallEvent> {
    iced::stream::channel(
        64,
        async move |mut out: iced::futures::channel::mpsc::Sender<InstallEvent>| {
            use iced::futures::{SinkExt, StreamExt};
            let p = client.proxy();
            let subscribed = async {
                Ok::<_, zbus::Error>((
                    p.receive_progress().await?,
                    p.receive_log().await?,
                    p.receive_finished().await?,
                ))
            };
            let (mut progress, mut logs, mut finished) = match subscribed.await {
                Ok(s) => s,
                Err(e) => {
                    let _ = out.send(InstallEvent::Error(e.to_string())).await;
                    return;
                }
            };
            let job = match client.install(&yaml, &token).await {
                Ok(j) => j,
                Err(e) => {
                    let _ = out.send(InstallEvent::Error(e.to_string())).await;
                    return;
                }
            };
            let _ = out.send(InstallEvent::Started(job)).await;
            loop {
                let ev = tokio::select! {
                    Some(s) = progress.next() => s.args().ok().filter(|a| a.job == job).map(|a| InstallEvent::Progress(install::Progress {
                        step: a.step, fraction: a.fraction, bytes_done: a.bytes_done, bytes_total: a.bytes_total, message: a.message,
                    })),
                    Some(s) = logs.next() => s.args().ok().filter(|a| a.job == job).map(|a| InstallEvent::Log {
                        level: a.level, message: a.message,
                    }),
                    Some(s) = finished.next() => s.args().ok().filter(|a| a.job == job).map(|a| InstallEvent::Finished {
                        ok: a.ok, error: a.error,
                    }),
                    else => Some(InstallEvent::Error("the installer service went away".into())),
                };
                let Some(ev) = ev else { continue };
                let last = matches!(ev, InstallEvent::Finished { .. } | InstallEvent::Error(_));
                if out.send(ev).await.is_err() || last {
                    break;
                }
            }
        },
    )
}

/// Restarts through the login1 facade (Protocol 7 on LainOS).
async fn restart() {
    let r = async {
        let conn = zbus::Connection::system().await?;
        conn.call_method(
            Some("org.freedesktop.login1"),
            "/org/freedesktop/login1",
            Some("org.freedesktop.login1.Manager"),
            "Reboot",
            &(false,),
        )
        .await?;
        Ok::<(), zbus::Error>(())
    }
    .await;
    if let Err(e) = r {
        tracing::error!(error = %e, "restart through login1 failed");
    }
}

/// Current and peak resident memory of this process, KiB.
pub fn memory_kib() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}
