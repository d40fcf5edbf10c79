//! Users: full name, user name (derived, editable), password with strength and
//! confirmation, host name, administrator.

use std::str::FromStr;

use iced::widget::{checkbox, column, text, text_input};
use iced::{Element, Fill};

use super::disk::FieldError;
use super::{Ctx, field, hint, label, title};
use crate::answers::{derive_hostname, derive_user_name, password_strength};
use crate::secret::Secret;

#[derive(Debug, Clone, PartialEq)]
pub enum Message {
    FullName(String),
    Name(String),
    Password(Secret),
    PasswordConfirm(Secret),
    Hostname(String),
    Admin(bool),
    RootSamePassword(bool),
}

#[derive(Debug, Clone)]
pub struct State {
    pub full_name: String,
    pub name: String,
    pub name_edited: bool,
    pub password: Secret,
    pub password_confirm: Secret,
    pub hostname: String,
    pub hostname_edited: bool,
    pub admin: bool,
    /// Root gets the same password; otherwise root stays locked (doas for admins).
    pub root_same_password: bool,
    pub show_errors: bool,
    /// Setup mode: the one user is always an administrator (no checkbox).
    pub admin_fixed: bool,
}

impl Default for State {
    fn default() -> Self {
        State {
            full_name: String::new(),
            name: String::new(),
            name_edited: false,
            password: Secret::default(),
            password_confirm: Secret::default(),
            hostname: String::new(),
            hostname_edited: false,
            admin: true,
            root_same_password: false,
            show_errors: false,
            admin_fixed: false,
        }
    }
}

impl State {
    pub fn update(&mut self, message: Message) {
        match message {
            Message::FullName(n) => {
                self.full_name = n;
                if !self.name_edited {
                    self.name = derive_user_name(&self.full_name);
                    if !self.hostname_edited {
                        self.hostname = derive_hostname(&self.name);
                    }
                }
            }
            Message::Name(n) => {
                self.name = n;
                self.name_edited = true;
                if !self.hostname_edited {
                    self.hostname = derive_hostname(&self.name);
                }
            }
            Message::Password(p) => self.password = p,
            Message::PasswordConfirm(p) => self.password_confirm = p,
            Message::Hostname(h) => {
                self.hostname = h;
                self.hostname_edited = true;
            }
            Message::Admin(a) => self.admin = a || self.admin_fixed,
            Message::RootSamePassword(r) => self.root_same_password = r,
        }
    }

    /// Checked with the same rules as the answer-file parser.
    pub fn errors(&self) -> Vec<FieldError> {
        let mut e = vec![];
        if lainos_config::values::Username::from_str(&self.name).is_err() {
            e.push(("name", "err-name-invalid", vec![]));
        }
        if self.password.is_empty() {
            e.push(("password", "err-password-empty", vec![]));
        } else if self.password != self.password_confirm {
            e.push(("password_confirm", "err-password-mismatch", vec![]));
        }
        if lainos_config::values::Hostname::from_str(&self.hostname).is_err() {
            e.push(("hostname", "err-hostname-invalid", vec![]));
        }
        e
    }

    fn error_for(&self, ctx: &Ctx<'_>, field: &str) -> Option<String> {
        let errs = self.errors();
        let (_, id, args) = errs.iter().find(|(f, _, _)| *f == field)?;
        let filled = match field {
            "name" => !self.name.is_empty(),
            "password_confirm" => !self.password_confirm.is_empty(),
            "hostname" => !self.hostname.is_empty(),
            _ => false,
        };
        (self.show_errors || filled).then(|| ctx.tr.args(id, args))
    }

    pub fn view<'a>(&'a self, ctx: &Ctx<'a>) -> Element<'a, Message> {
        let tr = ctx.tr;
        let strength =
            (!self.password.is_empty()).then(|| match password_strength(&self.password) {
                0 => text(tr.t("strength-weak")).style(text::danger),
                1 => text(tr.t("strength-fair")).style(text::warning),
                _ => text(tr.t("strength-strong")).style(text::success),
            });
        let mut pw = column![
            text_input("", &self.password)
                .secure(true)
                .on_input(|p| Message::Password(p.into()))
                .padding(8)
        ]
        .spacing(4);
        if let Some(s) = strength {
            pw = pw.push(s.size(13));
        }
        column![
            title(ctx, tr.t("users-title")),
            field(
                ctx,
                tr.t("users-full-name"),
                text_input("", &self.full_name)
                    .on_input(Message::FullName)
                    .padding(8),
                None
            ),
            field(
                ctx,
                tr.t("users-name"),
                text_input("", &self.name)
                    .on_input(Message::Name)
                    .padding(8),
                self.error_for(ctx, "name")
            ),
            field(
                ctx,
                tr.t("users-password"),
                pw,
                self.error_for(ctx, "password")
            ),
            field(
                ctx,
                tr.t("users-password-confirm"),
                text_input("", &self.password_confirm)
                    .secure(true)
                    .on_input(|p| Message::PasswordConfirm(p.into()))
                    .padding(8),
                self.error_for(ctx, "password_confirm")
            ),
            field(
                ctx,
                tr.t("users-hostname"),
                text_input("", &self.hostname)
                    .on_input(Message::Hostname)
                    .padding(8),
                self.error_for(ctx, "hostname")
            ),
            if self.admin_fixed {
                label(ctx, tr.t("setup-users-admin"))
            } else {
                checkbox(self.admin)
                    .label(tr.t("users-admin"))
                    .on_toggle(Message::Admin)
                    .into()
            },
            checkbox(self.root_same_password)
                .label(tr.t("users-root-same"))
                .on_toggle(Message::RootSamePassword),
            hint(ctx, tr.t("keys-users")),
        ]
        .spacing(12)
        .width(Fill)
        .into()
    }
}
