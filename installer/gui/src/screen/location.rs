//! Location: searchable time zone and locale lists.

use iced::widget::{button, column, row, scrollable, text, text_input};
use iced::{Element, Fill};

use super::{Ctx, label, para, title};

/// How many matches a list shows.
const SHOWN: usize = 60;

#[derive(Debug, Clone, PartialEq)]
pub enum Message {
    TimezoneQuery(String),
    Timezone(String),
    LocaleQuery(String),
    Locale(String),
}

#[derive(Debug, Clone, Default)]
pub struct State {
    pub timezone: String,
    pub timezone_query: String,
    pub locale: String,
    pub locale_query: String,
    /// The user chose something: a language change no longer resets the defaults.
    pub touched: bool,
}

/// Case-insensitive substring matches, at most `SHOWN`.
pub fn matches<'a>(all: impl Iterator<Item = &'a str>, query: &str) -> Vec<&'a str> {
    let q = query.trim().to_lowercase().replace(' ', "_");
    all.filter(|s| q.is_empty() || s.to_lowercase().contains(&q))
        .take(SHOWN)
        .collect()
}

pub fn timezones() -> impl Iterator<Item = &'static str> {
    lainos_config::values::Timezone::all()
}

/// UTF-8 locales only: the installer never offers legacy charsets.
pub fn locales() -> impl Iterator<Item = &'static str> {
    lainos_config::values::Locale::all().filter(|l| l.ends_with(".UTF-8"))
}

impl State {
    pub fn update(&mut self, message: Message) {
        match message {
            Message::TimezoneQuery(q) => self.timezone_query = q,
            Message::Timezone(z) => {
                self.timezone = z;
                self.touched = true;
            }
            Message::LocaleQuery(q) => self.locale_query = q,
            Message::Locale(l) => {
                self.locale = l;
                self.touched = true;
            }
        }
    }

    pub fn view<'a>(&'a self, ctx: &Ctx<'a>) -> Element<'a, Message> {
        let tr = ctx.tr;
        let tz = list(
            ctx,
            tr.t("location-timezone"),
            &self.timezone_query,
            &self.timezone,
            &timezones().collect::<Vec<_>>(),
            Message::TimezoneQuery,
            Message::Timezone,
        );
        let lc = list(
            ctx,
            tr.t("location-locale"),
            &self.locale_query,
            &self.locale,
            &locales().collect::<Vec<_>>(),
            Message::LocaleQuery,
            Message::Locale,
        );
        let lists = if tr.rtl { row![lc, tz] } else { row![tz, lc] };
        column![title(ctx, tr.t("location-title")), lists.spacing(20)]
            .spacing(14)
            .into()
    }
}

fn list<'a>(
    ctx: &Ctx<'_>,
    name: String,
    query: &str,
    selected: &str,
    all_items: &[&'static str],
    on_query: fn(String) -> Message,
    on_pick: fn(String) -> Message,
) -> Element<'a, Message> {
    let tr = ctx.tr;
    let mut entries = column![].spacing(2);
    let mut items = matches(all_items.iter().copied(), query);
    if query.trim().is_empty() && !selected.is_empty() {
        // The current choice comes first, so it is visible without searching.
        items.retain(|i| *i != selected);
        if let Some(s) = all_items.iter().find(|i| **i == selected) {
            items.insert(0, *s);
        }
    }
    if items.is_empty() {
        entries = entries.push(para(
            ctx,
            tr.args("location-no-match", &[("query", query.to_string())]),
        ));
    }
    for item in items {
        let b = button(text(item).size(14))
            .width(Fill)
            .on_press(on_pick(item.to_string()));
        entries = entries.push(if item == selected {
            b.style(button::primary)
        } else {
            b.style(button::text)
        });
    }
    column![
        label(ctx, name),
        text_input(&tr.t("location-search"), query)
            .on_input(on_query)
            .padding(8),
        scrollable(entries).height(300),
        label(
            ctx,
            tr.args("location-selected", &[("value", selected.to_string())])
        ),
    ]
    .spacing(6)
    .width(Fill)
    .into()
}
