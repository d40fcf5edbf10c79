//! Keyboard: layout, variant, and a field to try it.

use iced::widget::{Id, button, column, container, pick_list, scrollable, text, text_input};
use iced::{Element, Fill};

use super::location::{all_matches, stepped};
use super::{Ctx, Step, active_list, field, hint, step_index, title, window};

/// How many matching layouts the list shows.
const SHOWN: usize = 60;

pub const LAYOUT_SEARCH: Id = Id::new("layout_search");
pub const LAYOUT_LIST: Id = Id::new("layout_list");
pub const TRY_FIELD: Id = Id::new("keyboard_try");

#[derive(Debug, Clone, PartialEq)]
pub enum Message {
    Query(String),
    Layout(String),
    Variant(String),
    Try(String),
    /// A keyboard move in the layout list.
    MoveLayout(Step),
    /// A keyboard move among the variants (the default first).
    MoveVariant(Step),
}

#[derive(Debug, Clone, Default)]
pub struct State {
    pub layout: String,
    pub query: String,
    /// None: the layout's default variant.
    pub variant: Option<String>,
    pub try_text: String,
    pub touched: bool,
}

pub fn variants_of(layout: &str) -> Vec<String> {
    match layout.parse::<lainos_config::values::XkbLayout>() {
        Ok(l) => l.variants().map(str::to_string).collect(),
        Err(_) => vec![],
    }
}

impl State {
    pub fn update(&mut self, message: Message) {
        match message {
            Message::Query(q) => self.query = q,
            Message::Layout(l) => {
                self.layout = l;
                self.variant = None;
                self.touched = true;
            }
            Message::Variant(v) => {
                self.variant = variants_of(&self.layout).contains(&v).then_some(v);
                self.touched = true;
            }
            Message::Try(t) => self.try_text = t,
            Message::MoveLayout(step) => {
                let all = lainos_config::values::XkbLayout::all();
                if let Some(l) = stepped(all, &self.query, &self.layout, step) {
                    self.layout = l.to_string();
                    self.variant = None;
                    self.touched = true;
                }
            }
            Message::MoveVariant(step) => {
                // Index 0 is the layout's default variant.
                let variants = variants_of(&self.layout);
                let at = match &self.variant {
                    None => 0,
                    Some(v) => variants.iter().position(|x| x == v).map_or(0, |i| i + 1),
                };
                if let Some(i) = step_index(variants.len() + 1, Some(at), step) {
                    self.variant = i.checked_sub(1).map(|i| variants[i].clone());
                    self.touched = true;
                }
            }
        }
    }

    /// The relative offset of the selected layout in its list.
    pub fn scroll_offset(&self) -> f32 {
        let items = all_matches(lainos_config::values::XkbLayout::all(), &self.query);
        let at = items.iter().position(|l| *l == self.layout);
        let (start, shown) = window(&items, at, SHOWN);
        at.map_or(0.0, |i| super::offset_of(i - start, shown.len()))
    }

    pub fn view<'a>(&'a self, ctx: &Ctx<'a>) -> Element<'a, Message> {
        let tr = ctx.tr;
        let mut entries = column![].spacing(2);
        let all = all_matches(lainos_config::values::XkbLayout::all(), &self.query);
        let at = all.iter().position(|l| *l == self.layout);
        for l in window(&all, at, SHOWN).1.iter().copied() {
            let b = button(text(l).size(14))
                .width(Fill)
                .on_press(Message::Layout(l.to_string()));
            entries = entries.push(if l == self.layout {
                b.style(button::primary)
            } else {
                b.style(button::text)
            });
        }
        let default = tr.t("keyboard-variant-default");
        let mut options = vec![default.clone()];
        options.extend(variants_of(&self.layout));
        let selected = self.variant.clone().unwrap_or(default);
        column![
            title(ctx, tr.t("keyboard-title")),
            field(
                ctx,
                tr.t("keyboard-layout"),
                column![
                    text_input(&tr.t("location-search"), &self.query)
                        .id(LAYOUT_SEARCH)
                        .on_input(Message::Query)
                        .padding(8),
                    container(scrollable(entries).id(LAYOUT_LIST).height(220))
                        .padding(2)
                        .style(active_list),
                ]
                .spacing(6),
                None
            ),
            field(
                ctx,
                tr.t("keyboard-variant"),
                pick_list(options, Some(selected), Message::Variant).width(Fill),
                None
            ),
            field(
                ctx,
                tr.t("keyboard-try"),
                text_input("", &self.try_text)
                    .id(TRY_FIELD)
                    .on_input(Message::Try)
                    .padding(8),
                None
            ),
            hint(ctx, tr.t("keys-keyboard")),
        ]
        .spacing(14)
        .into()
    }
}
