//! Keyboard navigation: which [`Message`] a key press sends on the current page.
//!
//! iced 0.14 gives the keyboard focus to text inputs only, so lists, radio buttons,
//! check boxes, pick lists and the navigation buttons are driven by page shortcuts
//! here. Keys reach this mapping only when no widget used them (a focused text input
//! keeps the characters, Left/Right, Home/End and the first Escape, which leaves it).
//! Letter shortcuts go by the key's place on a Latin keyboard, as GTK and Qt do, so
//! they work the same with a Cyrillic or Greek layout.
//!
//! Right to left: the navigation row is mirrored (Back on the right, Next on the
//! left), so Alt+Right means Back and Alt+Left means Next: the arrow points at the
//! button it presses.

use iced::keyboard::key::Named;
use iced::keyboard::{self, Key, Modifiers};

use crate::answers::Layout;
use crate::app::{App, Message, Page};
use crate::screen::{Step, disk, done::Outcome, install, keyboard as kbd, location, summary};
use crate::screen::{step_index, users, welcome};

/// A key press that no widget used.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyPress {
    pub key: Key,
    /// The key's letter on a Latin layout (from its physical position).
    pub latin: Option<char>,
    pub modifiers: Modifiers,
}

impl KeyPress {
    pub fn named(n: Named, modifiers: Modifiers) -> Self {
        KeyPress {
            key: Key::Named(n),
            latin: None,
            modifiers,
        }
    }

    pub fn letter(c: char, modifiers: Modifiers) -> Self {
        KeyPress {
            key: Key::Character(c.to_string().into()),
            latin: Some(c),
            modifiers,
        }
    }
}

/// The subscription's filter: key presses become [`Message::Key`].
pub fn listen(event: keyboard::Event) -> Option<Message> {
    match event {
        keyboard::Event::KeyPressed {
            key,
            physical_key,
            modifiers,
            ..
        } => Some(Message::Key(KeyPress {
            latin: key.to_latin(physical_key),
            key,
            modifiers,
        })),
        _ => None,
    }
}

fn list_step(n: Named) -> Option<Step> {
    Some(match n {
        Named::ArrowUp => Step::Up,
        Named::ArrowDown => Step::Down,
        Named::PageUp => Step::PageUp,
        Named::PageDown => Step::PageDown,
        Named::Home => Step::First,
        Named::End => Step::Last,
        _ => return None,
    })
}

impl App {
    /// What a key press does on the current page; `None`: nothing.
    pub fn key_message(&self, k: &KeyPress) -> Option<Message> {
        let m = k.modifiers;
        let plain = m.is_empty();
        let ctrl = m.control() && !m.alt() && !m.logo();
        let alt = m.alt() && !m.control() && !m.shift() && !m.logo();
        if let Key::Named(n) = k.key {
            match n {
                Named::Tab if !m.control() && !m.alt() => {
                    return Some(if m.shift() {
                        Message::FocusPrevious
                    } else {
                        Message::FocusNext
                    });
                }
                Named::Escape if plain => return self.key_back(),
                Named::ArrowLeft if alt => {
                    return if self.tr.rtl {
                        self.forward()
                    } else {
                        self.key_back()
                    };
                }
                Named::ArrowRight if alt => {
                    return if self.tr.rtl {
                        self.key_back()
                    } else {
                        self.forward()
                    };
                }
                Named::Enter if plain => return self.primary(),
                Named::Enter if ctrl && self.page == Page::Summary => {
                    // The one explicit confirmation: only with the box ticked.
                    return self.can_advance().then_some(Message::Next);
                }
                _ => {}
            }
        }
        let letter = k.latin.map(|c| c.to_ascii_lowercase());
        match self.page {
            Page::Welcome => self.welcome_key(k),
            Page::Location => {
                named_step(k, plain).map(|s| Message::Location(location::Message::Move(s)))
            }
            Page::Keyboard => {
                if let Some(s) = named_step(k, plain) {
                    Some(Message::Keyboard(kbd::Message::MoveLayout(s)))
                } else {
                    named_step(k, ctrl && !m.shift())
                        .map(|s| Message::Keyboard(kbd::Message::MoveVariant(s)))
                }
            }
            Page::Disk => self.disk_key(k, letter),
            Page::Users => match letter {
                Some('d') if ctrl => Some(Message::Users(users::Message::Admin(!self.users.admin))),
                Some('r') if ctrl => Some(Message::Users(users::Message::RootSamePassword(
                    !self.users.root_same_password,
                ))),
                _ => None,
            },
            Page::Summary => {
                let plan = self.summary.plan.is_some() && !self.summary.planning;
                match (&k.key, letter) {
                    (Key::Named(Named::Space), _) if plain && plan => Some(Message::Summary(
                        summary::Message::Confirm(!self.summary.confirmed),
                    )),
                    (_, Some('s')) if ctrl && plan => Some(Message::Save),
                    _ => None,
                }
            }
            Page::Install => match letter {
                Some('l') if ctrl => Some(Message::Install(install::Message::ToggleLog)),
                _ => None,
            },
            Page::Done => None,
        }
    }

    /// Back, where the page has a Back button.
    fn key_back(&self) -> Option<Message> {
        (!matches!(self.page, Page::Welcome | Page::Install | Page::Done)).then_some(Message::Back)
    }

    /// Next, where the page has a Next button. Never on the summary page: installing
    /// takes Ctrl+Enter with the confirmation ticked.
    fn forward(&self) -> Option<Message> {
        match self.page {
            Page::Summary | Page::Install | Page::Done => None,
            // Next on a form explains what is missing.
            Page::Disk | Page::Users => Some(Message::Next),
            _ => self.can_advance().then_some(Message::Next),
        }
    }

    /// Enter: the page's default button.
    fn primary(&self) -> Option<Message> {
        match self.page {
            Page::Done => Some(match self.outcome {
                Some(Outcome::Succeeded) => Message::Restart,
                _ => Message::Quit,
            }),
            _ => self.forward(),
        }
    }

    fn welcome_key(&self, k: &KeyPress) -> Option<Message> {
        let step = named_step(k, k.modifiers.is_empty())?;
        let langs = &self.config.branding.languages;
        let at = langs.iter().position(|l| l.code == self.tr.lang);
        let i = step_index(langs.len(), at, step)?;
        (Some(i) != at).then(|| Message::Welcome(welcome::Message::Language(langs[i].code.clone())))
    }

    fn disk_key(&self, k: &KeyPress, letter: Option<char>) -> Option<Message> {
        let m = k.modifiers;
        let plain = m.is_empty();
        let ctrl = m.control() && !m.alt() && !m.logo() && !m.shift();
        let manual = self.disk.layout == Layout::Manual;
        let d = |m| Some(Message::Disk(m));
        if let Some(s) = named_step(k, ctrl) {
            return d(disk::Message::MoveDisk(s));
        }
        if let Some(s) = named_step(k, plain) {
            return d(if manual {
                disk::Message::MoveRow(s)
            } else {
                disk::Message::MoveDisk(s)
            });
        }
        if ctrl {
            return match letter? {
                // Erase, alongside (where the disk allows it), manual, erase…
                'l' => d(disk::Message::Layout(match self.disk.layout {
                    Layout::Erase if self.disk.alongside_refusal().is_none() => Layout::Alongside,
                    Layout::Erase | Layout::Alongside => Layout::Manual,
                    Layout::Manual => Layout::Erase,
                })),
                'p' => d(disk::Message::CycleSwap),
                'f' if !manual => d(disk::Message::CycleEraseFilesystem),
                'e' if !manual => d(disk::Message::Encrypt(!self.disk.encrypt)),
                'n' if manual => Some(Message::Focus(disk::NEW_SIZE)),
                _ => None,
            };
        }
        if !manual || self.disk.rows.is_empty() {
            return None;
        }
        let shift_only = m.shift() && !m.control() && !m.alt() && !m.logo();
        match (&k.key, letter) {
            (Key::Named(Named::Space), _) if plain => d(disk::Message::ToggleFormat),
            (Key::Named(Named::Delete), _) if plain => d(disk::Message::RemoveCurrent),
            (_, Some('m')) if plain => d(disk::Message::CycleMount(true)),
            (_, Some('m')) if shift_only => d(disk::Message::CycleMount(false)),
            (_, Some('f')) if plain => d(disk::Message::CycleFilesystem),
            _ => None,
        }
    }
}

/// The list move of an arrow, Page or Home/End key, when `when` holds.
fn named_step(k: &KeyPress, when: bool) -> Option<Step> {
    match k.key {
        Key::Named(n) if when => list_step(n),
        _ => None,
    }
}
