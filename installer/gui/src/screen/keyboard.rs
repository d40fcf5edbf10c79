//! Keyboard: layout, variant, and a field to try it.

use iced::widget::{button, column, pick_list, scrollable, text, text_input};
use iced::{Element, Fill};

use super::location::matches;
use super::{Ctx, field, title};

#[derive(Debug, Clone, PartialEq)]
pub enum Message {
    Query(String),
    Layout(String),
    Variant(String),
    Try(String),
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
        }
    }

    pub fn view<'a>(&'a self, ctx: &Ctx<'a>) -> Element<'a, Message> {
        let tr = ctx.tr;
        let mut entries = column![].spacing(2);
        for l in matches(lainos_config::values::XkbLayout::all(), &self.query) {
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
                        .on_input(Message::Query)
                        .padding(8),
                    scrollable(entries).height(220),
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
                    .on_input(Message::Try)
                    .padding(8),
                None
            ),
        ]
        .spacing(14)
        .into()
    }
}
