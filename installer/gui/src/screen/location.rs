//! Location: searchable time zone and locale lists.

use iced::widget::{Id, button, column, container, row, scrollable, text, text_input};
use iced::{Element, Fill};

use super::{Ctx, Step, active_list, hint, label, para, step_index, title, window};

/// How many matches a list shows.
const SHOWN: usize = 60;

pub const TIMEZONE_SEARCH: Id = Id::new("timezone_search");
pub const LOCALE_SEARCH: Id = Id::new("locale_search");
pub const TIMEZONE_LIST: Id = Id::new("timezone_list");
pub const LOCALE_LIST: Id = Id::new("locale_list");

/// The list the arrow keys move in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum List {
    #[default]
    Timezone,
    Locale,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Message {
    TimezoneQuery(String),
    Timezone(String),
    LocaleQuery(String),
    Locale(String),
    /// The arrow keys now move in this list (its search field took the focus).
    Activate(List),
    /// A keyboard move in the active list.
    Move(Step),
}

#[derive(Debug, Clone, Default)]
pub struct State {
    pub timezone: String,
    pub timezone_query: String,
    pub locale: String,
    pub locale_query: String,
    /// The user chose something: a language change no longer resets the defaults.
    pub touched: bool,
    pub active: List,
}

/// Case-insensitive substring matches, at most `SHOWN`.
pub fn matches<'a>(all: impl Iterator<Item = &'a str>, query: &str) -> Vec<&'a str> {
    let mut v = all_matches(all, query);
    v.truncate(SHOWN);
    v
}

/// Every case-insensitive substring match (keyboard moves go through all of them).
pub fn all_matches<'a>(all: impl Iterator<Item = &'a str>, query: &str) -> Vec<&'a str> {
    let q = query.trim().to_lowercase().replace(' ', "_");
    all.filter(|s| q.is_empty() || s.to_lowercase().contains(&q))
        .collect()
}

pub fn timezones() -> impl Iterator<Item = &'static str> {
    lainos_config::values::Timezone::all()
}

/// UTF-8 locales only: the installer never offers legacy charsets.
pub fn locales() -> impl Iterator<Item = &'static str> {
    lainos_config::values::Locale::all().filter(|l| l.ends_with(".UTF-8"))
}

/// The entry a keyboard move selects among the matches of `query`.
pub fn stepped<'a>(
    all: impl Iterator<Item = &'a str>,
    query: &str,
    selected: &str,
    step: Step,
) -> Option<&'a str> {
    let items = all_matches(all, query);
    let at = items.iter().position(|i| *i == selected);
    step_index(items.len(), at, step).map(|i| items[i])
}

impl State {
    pub fn update(&mut self, message: Message) {
        match message {
            Message::TimezoneQuery(q) => {
                self.timezone_query = q;
                self.active = List::Timezone;
            }
            Message::Timezone(z) => {
                self.timezone = z;
                self.touched = true;
                self.active = List::Timezone;
            }
            Message::LocaleQuery(q) => {
                self.locale_query = q;
                self.active = List::Locale;
            }
            Message::Locale(l) => {
                self.locale = l;
                self.touched = true;
                self.active = List::Locale;
            }
            Message::Activate(l) => self.active = l,
            Message::Move(step) => match self.active {
                List::Timezone => {
                    if let Some(z) =
                        stepped(timezones(), &self.timezone_query, &self.timezone, step)
                    {
                        self.timezone = z.to_string();
                        self.touched = true;
                    }
                }
                List::Locale => {
                    if let Some(l) = stepped(locales(), &self.locale_query, &self.locale, step) {
                        self.locale = l.to_string();
                        self.touched = true;
                    }
                }
            },
        }
    }

    /// The active list's scrollable and the relative offset of its selected row, to
    /// keep that row in view after a keyboard move.
    pub fn scroll_target(&self) -> (Id, f32) {
        let (id, all, query, selected) = match self.active {
            List::Timezone => (
                TIMEZONE_LIST,
                timezones().collect::<Vec<_>>(),
                &self.timezone_query,
                &self.timezone,
            ),
            List::Locale => (
                LOCALE_LIST,
                locales().collect::<Vec<_>>(),
                &self.locale_query,
                &self.locale,
            ),
        };
        let items = all_matches(all.into_iter(), query);
        let at = items.iter().position(|i| i == selected);
        let (start, shown) = window(&items, at, SHOWN);
        let offset = at.map_or(0.0, |i| super::offset_of(i - start, shown.len()));
        (id, offset)
    }

    pub fn view<'a>(&'a self, ctx: &Ctx<'a>) -> Element<'a, Message> {
        let tr = ctx.tr;
        let tz = list(
            ctx,
            Spec {
                name: tr.t("location-timezone"),
                search: TIMEZONE_SEARCH,
                scroll: TIMEZONE_LIST,
                active: self.active == List::Timezone,
            },
            &self.timezone_query,
            &self.timezone,
            &timezones().collect::<Vec<_>>(),
            Message::TimezoneQuery,
            Message::Timezone,
        );
        let lc = list(
            ctx,
            Spec {
                name: tr.t("location-locale"),
                search: LOCALE_SEARCH,
                scroll: LOCALE_LIST,
                active: self.active == List::Locale,
            },
            &self.locale_query,
            &self.locale,
            &locales().collect::<Vec<_>>(),
            Message::LocaleQuery,
            Message::Locale,
        );
        let lists = if tr.rtl { row![lc, tz] } else { row![tz, lc] };
        column![
            title(ctx, tr.t("location-title")),
            lists.spacing(20),
            hint(ctx, tr.t("keys-location")),
        ]
        .spacing(14)
        .into()
    }
}

struct Spec {
    name: String,
    search: Id,
    scroll: Id,
    active: bool,
}

fn list<'a>(
    ctx: &Ctx<'_>,
    spec: Spec,
    query: &str,
    selected: &str,
    all_items: &[&'static str],
    on_query: fn(String) -> Message,
    on_pick: fn(String) -> Message,
) -> Element<'a, Message> {
    let tr = ctx.tr;
    let mut entries = column![].spacing(2);
    let all = all_matches(all_items.iter().copied(), query);
    // The rows around the current choice, so that it is shown without searching.
    let at = all.iter().position(|i| *i == selected);
    let (_, items) = window(&all, at, SHOWN);
    if items.is_empty() {
        entries = entries.push(para(
            ctx,
            tr.args("location-no-match", &[("query", query.to_string())]),
        ));
    }
    for item in items {
        let b = button(text(*item).size(14))
            .width(Fill)
            .on_press(on_pick(item.to_string()));
        entries = entries.push(if *item == selected {
            b.style(button::primary)
        } else {
            b.style(button::text)
        });
    }
    let mut scroller = container(scrollable(entries).id(spec.scroll).height(300)).padding(2);
    if spec.active {
        scroller = scroller.style(active_list);
    }
    column![
        label(ctx, spec.name),
        text_input(&tr.t("location-search"), query)
            .id(spec.search)
            .on_input(on_query)
            .padding(8),
        scroller,
        label(
            ctx,
            tr.args("location-selected", &[("value", selected.to_string())])
        ),
    ]
    .spacing(6)
    .width(Fill)
    .into()
}
