//! The one place that parses YAML.
//!
//! `serde_yaml` builds the value and the typed structure. Because typed deserialization
//! stops at the first error and `serde_yaml::Value` keeps no positions, two more pieces
//! make "every problem at once, with its line and column" possible:
//!
//! - [`Positions`]: a map from field paths (`users[0].name`) to line and column, built
//!   from the marked events of a second, event-level parser over the same text;
//! - a loop that deserializes, records the error with its path (`serde_path_to_error`),
//!   removes the offending entry from the value and tries again, so one bad field does
//!   not hide the next.

use std::collections::{HashMap, HashSet};

use saphyr_parser::{Event, Parser};
use serde::de::DeserializeOwned;
use serde_path_to_error::Segment;
use serde_yaml::Value;

use crate::issue::{Issue, Location, is_ancestor_or_self, sort_issues};

/// Files larger than this are refused before parsing.
pub const MAX_FILE_BYTES: usize = 1024 * 1024;
/// Nesting deeper than this is refused (the answer file needs five levels).
pub const MAX_DEPTH: usize = 32;
/// At most this many YAML nodes.
pub const MAX_NODES: usize = 100_000;
/// Stop collecting after this many problems.
pub const MAX_ISSUES: usize = 100;

/// Where each field of a YAML document stands.
#[derive(Debug, Default, Clone)]
pub struct Positions {
    /// path → (position of the key, position of the value)
    map: HashMap<String, (Option<Location>, Location)>,
}

impl Positions {
    /// The value's position for `path`, or that of its nearest ancestor present in the
    /// file.
    pub fn value(&self, path: &str) -> Option<Location> {
        let mut p = path;
        loop {
            if let Some((_, v)) = self.map.get(p) {
                return Some(*v);
            }
            p = parent_path(p)?;
        }
    }

    /// The key's position for `path` (falls back to the value's position).
    pub fn key(&self, path: &str) -> Option<Location> {
        match self.map.get(path) {
            Some((Some(k), _)) => Some(*k),
            _ => self.value(path),
        }
    }

    /// True when the file has this exact path.
    pub fn contains(&self, path: &str) -> bool {
        self.map.contains_key(path)
    }

    /// Fills in the location of every issue that has none, from its path.
    pub fn locate(&self, issues: &mut [Issue]) {
        for i in issues.iter_mut().filter(|i| i.location.is_none()) {
            i.location = self.value(&i.path);
        }
    }
}

fn parent_path(p: &str) -> Option<&str> {
    if p.is_empty() {
        return None;
    }
    let cut = p.rfind(['.', '[']).unwrap_or(0);
    Some(&p[..cut])
}

fn join_key(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_string()
    } else {
        format!("{parent}.{key}")
    }
}

fn loc(m: &saphyr_parser::Marker) -> Location {
    Location {
        line: m.line(),
        column: m.col() + 1,
    }
}

enum Frame {
    Map {
        path: String,
        /// The key whose value comes next, with the key's position; `None` when the
        /// next node is a key.
        key: Option<(String, Location)>,
    },
    Seq {
        path: String,
        index: usize,
    },
    /// A complex (non-scalar) mapping key: its contents have no field path.
    ComplexKey,
}

/// Scans the text's events, recording positions and refusing documents that are too
/// deep, too large, or more than one. The error carries the position of the problem.
pub fn scan_positions(text: &str) -> Result<Positions, Issue> {
    let mut pos = Positions::default();
    let mut stack: Vec<Frame> = Vec::new();
    let mut nodes = 0usize;
    let mut documents = 0usize;
    for ev in Parser::new_from_str(text) {
        let (ev, span) = ev.map_err(|e| Issue {
            location: Some(loc(e.marker())),
            ..Issue::error("", format!("YAML syntax error: {}", e.info()))
        })?;
        let here = loc(&span.start);
        let (is_node, opens) = match ev {
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    return Err(Issue {
                        location: Some(here),
                        ..Issue::error(
                            "",
                            "the file holds more than one YAML document; an answer file is one document",
                        )
                    });
                }
                (false, false)
            }
            Event::Scalar(..) | Event::Alias(_) => (true, false),
            Event::MappingStart(..) | Event::SequenceStart(..) => (true, true),
            Event::MappingEnd | Event::SequenceEnd => {
                stack.pop();
                (false, false)
            }
            _ => (false, false),
        };
        if !is_node {
            continue;
        }
        nodes += 1;
        if nodes > MAX_NODES {
            return Err(Issue {
                location: Some(here),
                ..Issue::error("", format!("the file has more than {MAX_NODES} YAML nodes"))
            });
        }
        // Work out this node's path, and whether it is a mapping key.
        let mut node_path: Option<String> = None;
        let mut complex_key = false;
        match stack.last_mut() {
            None => node_path = Some(String::new()),
            Some(Frame::ComplexKey) => {}
            Some(Frame::Seq { path, index }) => {
                node_path = Some(format!("{path}[{index}]"));
                *index += 1;
            }
            Some(Frame::Map { path, key }) => match key.take() {
                Some((k, kloc)) => {
                    let p = join_key(path, &k);
                    pos.map.insert(p.clone(), (Some(kloc), here));
                    node_path = Some(p);
                }
                None => {
                    if let Event::Scalar(s, ..) = &ev {
                        *key = Some((s.to_string(), here));
                    } else {
                        // A non-scalar key: the value after it gets the path `?`.
                        *key = Some(("?".to_string(), here));
                        complex_key = true;
                    }
                }
            },
        }
        if let Some(p) = &node_path {
            pos.map.entry(p.clone()).or_insert((None, here));
        }
        if opens {
            if stack.len() >= MAX_DEPTH {
                return Err(Issue {
                    location: Some(here),
                    ..Issue::error("", format!("the file nests deeper than {MAX_DEPTH} levels"))
                });
            }
            let frame = match (&ev, node_path) {
                _ if complex_key => Frame::ComplexKey,
                (_, None) => Frame::ComplexKey,
                (Event::MappingStart(..), Some(path)) => Frame::Map { path, key: None },
                (_, Some(path)) => Frame::Seq { path, index: 0 },
            };
            stack.push(frame);
        }
    }
    Ok(pos)
}

/// The result of parsing: the typed value when the structure was usable, every problem
/// found, and the positions for locating later (semantic) issues.
#[derive(Debug)]
pub struct Parsed<T> {
    pub value: Option<T>,
    pub issues: Vec<Issue>,
    pub positions: Positions,
    /// What is left of the document after every bad entry was removed: the sections
    /// that can still be checked when the whole could not be built.
    pub remainder: Option<Value>,
    removed: Removed,
}

/// Sequence elements removed while collecting errors, by the original path of their
/// sequence, so that later paths can be told with the indices the file has.
#[derive(Debug, Default)]
struct Removed(HashMap<String, Vec<usize>>);

impl Removed {
    /// Translates a path into the current (reduced) value into the file's path.
    fn original(&self, segments: &[Segment]) -> Vec<Segment> {
        let mut out: Vec<Segment> = Vec::with_capacity(segments.len());
        for seg in segments {
            match seg {
                Segment::Seq { index } => {
                    let here = path_string(&out);
                    let mut orig = *index;
                    if let Some(gone) = self.0.get(&here) {
                        // The `index`-th element that was not removed.
                        let mut kept = 0;
                        orig = 0;
                        loop {
                            if !gone.contains(&orig) {
                                if kept == *index {
                                    break;
                                }
                                kept += 1;
                            }
                            orig += 1;
                        }
                    }
                    out.push(Segment::Seq { index: orig });
                }
                other => out.push(other.clone()),
            }
        }
        out
    }

    fn record(&mut self, original: &[Segment]) {
        if let Some((Segment::Seq { index }, parent)) = original.split_last() {
            self.0.entry(path_string(parent)).or_default().push(*index);
        }
    }

    /// Translates a path string (as semantic checks on the reduced value produce).
    fn original_path(&self, path: &str) -> String {
        if self.0.is_empty() {
            return path.to_string();
        }
        path_string(&self.original(&parse_path(path)))
    }
}

/// Splits `a.b[2].c` into segments.
fn parse_path(path: &str) -> Vec<Segment> {
    let mut out = Vec::new();
    for part in path.split('.') {
        let (key, rest) = part.split_at(part.find('[').unwrap_or(part.len()));
        if !key.is_empty() {
            out.push(Segment::Map {
                key: key.to_string(),
            });
        }
        for idx in rest.split('[').filter(|x| !x.is_empty()) {
            if let Ok(index) = idx.trim_end_matches(']').parse() {
                out.push(Segment::Seq { index });
            }
        }
    }
    out
}

impl<T> Parsed<T> {
    pub fn has_errors(&self) -> bool {
        self.issues.iter().any(Issue::is_error)
    }

    /// Adds semantic issues: locates them, and drops those that concern a field whose
    /// structure was already reported (a removed bad field must not cause a second,
    /// misleading complaint about its parent).
    pub fn add_issues(&mut self, mut more: Vec<Issue>) {
        let reported: Vec<String> = self
            .issues
            .iter()
            .filter(|i| i.is_error())
            .map(|i| i.path.clone())
            .collect();
        for m in &mut more {
            m.path = self.removed.original_path(&m.path);
        }
        more.retain(|m| {
            !reported
                .iter()
                .any(|r| is_ancestor_or_self(&m.path, r) || is_ancestor_or_self(r, &m.path))
        });
        self.positions.locate(&mut more);
        self.issues.extend(more);
        sort_issues(&mut self.issues);
    }
}

/// Parses YAML text into `T`, collecting every structural problem. `required_root` names
/// the top-level fields that must be present, so that all missing ones are reported at
/// once (serde reports only the first).
pub fn from_yaml_str<T: DeserializeOwned>(text: &str, required: &[&str]) -> Parsed<T> {
    let mut required_root: Vec<&str> = Vec::new();
    for r in required {
        let root = r.split('.').next().unwrap_or(r);
        if !required_root.contains(&root) {
            required_root.push(root);
        }
    }
    let mut out = Parsed {
        value: None,
        issues: Vec::new(),
        positions: Positions::default(),
        remainder: None,
        removed: Removed::default(),
    };
    if text.len() > MAX_FILE_BYTES {
        out.issues.push(Issue::error(
            "",
            format!(
                "the file is {} bytes; an answer file may be at most {MAX_FILE_BYTES} bytes",
                text.len()
            ),
        ));
        return out;
    }
    match scan_positions(text) {
        Ok(p) => out.positions = p,
        Err(issue) => {
            // Prefer serde_yaml's own syntax message when it also fails.
            let issue = match serde_yaml::from_str::<Value>(text) {
                Err(e) => yaml_error_issue(&e),
                Ok(_) => issue,
            };
            out.issues.push(issue);
            return out;
        }
    }
    let mut value: Value = match serde_yaml::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            out.issues.push(yaml_error_issue(&e));
            return out;
        }
    };
    match &value {
        Value::Null => {
            out.issues.push(Issue::error(
                "",
                format!(
                    "the file is empty; it needs at least {}",
                    required_root
                        .iter()
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
            return out;
        }
        Value::Mapping(m) => {
            for key in &required_root {
                if !m.contains_key(*key) {
                    out.issues.push(Issue {
                        location: Some(Location { line: 1, column: 1 }),
                        ..Issue::error(*key, "is required")
                    });
                }
            }
            // Nested required fields whose parent mapping is present.
            for r in required.iter().filter(|r| r.contains('.')) {
                let (parent, key) = r.rsplit_once('.').unwrap_or(("", r));
                let mut cur = Some(&value);
                for seg in parent.split('.') {
                    cur = cur.and_then(|v| v.as_mapping()).and_then(|m| m.get(seg));
                }
                if let Some(Value::Mapping(pm)) = cur
                    && !pm.contains_key(key)
                {
                    out.issues.push(Issue {
                        location: out.positions.value(parent),
                        ..Issue::error(*r, "is required")
                    });
                }
            }
        }
        other => {
            out.issues.push(Issue {
                location: Some(Location { line: 1, column: 1 }),
                ..Issue::error(
                    "",
                    format!(
                        "the file must be a mapping of fields such as `version: 1`, not {}",
                        kind_of(other)
                    ),
                )
            });
            return out;
        }
    }

    let mut seen: HashSet<String> = out.issues.iter().map(|i| i.path.clone()).collect();
    // Paths taken out of the value after an error: a later "missing field" about
    // them (or inside them) is a consequence, not a problem of the file.
    let mut removed_paths: Vec<String> = Vec::new();
    loop {
        match serde_path_to_error::deserialize::<_, T>(value.clone()) {
            Ok(v) => {
                out.value = Some(v);
                break;
            }
            Err(err) => {
                let current: Vec<Segment> = err.path().iter().cloned().collect();
                let original = out.removed.original(&current);
                let path = path_string(&original);
                let message = err.into_inner().to_string();
                let issue = classify(&out.positions, &path, &message);
                let consequence = removed_paths.iter().any(|r| {
                    issue.path == *r
                        || issue.path.starts_with(&format!("{r}."))
                        || issue.path.starts_with(&format!("{r}["))
                });
                if !consequence && seen.insert(issue.path.clone()) {
                    out.issues.push(issue);
                }
                if out.issues.len() >= MAX_ISSUES || !remove_at(&mut value, &current) {
                    break;
                }
                removed_paths.push(path);
                out.removed.record(&original);
            }
        }
    }
    out.remainder = Some(value);
    sort_issues(&mut out.issues);
    out
}

/// Fields whose values are secrets: their error messages never quote the value.
const SECRET_KEYS: &[&str] = &["password", "passphrase", "password_hash"];

/// Turns one deserialization error into an issue.
fn classify(pos: &Positions, path: &str, message: &str) -> Issue {
    let last = path.rsplit(['.', '[']).next().unwrap_or("");
    if SECRET_KEYS.contains(&last) && !message.starts_with("missing field") {
        let shown = if last == "password_hash" && message.starts_with("this is not a crypt(3)") {
            message.to_string()
        } else {
            "must be a text string (the value is not shown because it is a secret)".to_string()
        };
        return Issue {
            location: pos.value(path),
            ..Issue::error(path, shown)
        };
    }
    if let Some(field) = backticked(message, "missing field `") {
        // The error's path is the struct that lacks the field.
        let full = join_key(path, field);
        return Issue {
            location: pos.value(path),
            ..Issue::error(full, "is required")
        };
    }
    if message.starts_with("unknown field `") {
        let key = backticked(message, "unknown field `").unwrap_or("");
        if let Some(secret) = SECRET_KEYS
            .iter()
            .filter(|k| key.starts_with(**k) && key.len() > k.len())
            .max_by_key(|k| k.len())
        {
            // `passphrase:"…"` without a space is one plain scalar: a key that holds
            // the secret. Neither the path nor the message may show it.
            let parent = path
                .strip_suffix(key)
                .map_or("", |p| p.trim_end_matches('.'));
            let shown = join_key(parent, &format!("{secret}…"));
            return Issue {
                location: pos.key(path),
                ..Issue::error(
                    shown,
                    format!(
                        "unknown key starting with `{secret}` (the rest is not shown: it may hold a secret); is a space missing after `{secret}:`?"
                    ),
                )
            };
        }
        let message = message.replacen("unknown field", "unknown key", 1);
        return Issue {
            location: pos.key(path),
            ..Issue::error(path, message)
        };
    }
    Issue {
        location: pos.value(path),
        ..Issue::error(path, tidy_message(message))
    }
}

fn backticked<'a>(message: &'a str, prefix: &str) -> Option<&'a str> {
    message.strip_prefix(prefix)?.split('`').next()
}

/// serde's messages name Rust types ("expected struct Storage"); say what a person
/// writes instead.
fn tidy_message(message: &str) -> String {
    let m = message.replace("invalid type: unit value", "no value");
    if let Some((head, tail)) = m.split_once(", expected struct ") {
        let _ = tail;
        return format!("{head}, expected a mapping of fields");
    }
    if let Some((head, tail)) = m.split_once(", expected enum ") {
        let _ = tail;
        return format!("{head}, expected one of the documented words");
    }
    m.replace("expected a sequence", "expected a list")
        .replace("invalid type: sequence", "invalid type: list")
        .replace("invalid type: map", "invalid type: mapping")
}

fn yaml_error_issue(e: &serde_yaml::Error) -> Issue {
    let mut msg = e.to_string();
    // serde_yaml appends " at line L column C"; the location is rendered separately.
    if let Some(i) = msg.find(" at line ") {
        msg.truncate(i);
    }
    Issue {
        location: e.location().map(|l| Location {
            line: l.line(),
            column: l.column(),
        }),
        ..Issue::error("", format!("YAML error: {msg}"))
    }
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "nothing",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a mapping",
        Value::Tagged(_) => "a tagged value",
    }
}

fn path_string(segments: &[Segment]) -> String {
    let mut s = String::new();
    for seg in segments {
        match seg {
            Segment::Seq { index } => s.push_str(&format!("[{index}]")),
            Segment::Map { key } => {
                if !s.is_empty() {
                    s.push('.');
                }
                s.push_str(key);
            }
            Segment::Enum { variant } => {
                if !s.is_empty() {
                    s.push('.');
                }
                s.push_str(variant);
            }
            Segment::Unknown => {
                if !s.is_empty() {
                    s.push('.');
                }
                s.push('?');
            }
        }
    }
    s
}

/// Removes the entry at `path` from `value`; false when there is nothing to remove
/// (the root, or a path that does not lead anywhere).
fn remove_at(value: &mut Value, path: &[Segment]) -> bool {
    let Some((last, parents)) = path.split_last() else {
        return false;
    };
    let mut cur = value;
    for seg in parents {
        let next = match (seg, cur) {
            (Segment::Seq { index }, Value::Sequence(s)) => s.get_mut(*index),
            (Segment::Map { key }, Value::Mapping(m)) => m.get_mut(key.as_str()),
            (_, Value::Tagged(t)) => Some(&mut t.value),
            _ => None,
        };
        match next {
            Some(n) => cur = n,
            None => return false,
        }
    }
    if let Value::Tagged(t) = cur {
        cur = &mut t.value;
    }
    match (last, cur) {
        (Segment::Seq { index }, Value::Sequence(s)) if *index < s.len() => {
            s.remove(*index);
            true
        }
        (Segment::Map { key }, Value::Mapping(m)) => m.shift_remove(key.as_str()).is_some(),
        _ => false,
    }
}

/// Serializes a value as YAML (files the installer writes for its own programs).
pub fn to_yaml_string<T: serde::Serialize>(value: &T) -> String {
    serde_yaml::to_string(value).expect("plain data serializes to YAML")
}

/// Deserializes a part of a parsed document (a remainder) into `T`.
pub(crate) fn from_value<T: DeserializeOwned>(value: Value) -> Option<T> {
    serde_yaml::from_value(value).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_of_nested_fields() {
        let text = "a: 1\nb:\n  c: x\n  d:\n    - e: 2\n    - [3, 4]\n";
        let p = scan_positions(text).unwrap();
        assert_eq!(p.value("a"), Some(Location { line: 1, column: 4 }));
        assert_eq!(p.key("b.c"), Some(Location { line: 3, column: 3 }));
        assert_eq!(p.value("b.c"), Some(Location { line: 3, column: 6 }));
        assert_eq!(
            p.value("b.d[0].e"),
            Some(Location {
                line: 5,
                column: 10
            })
        );
        assert_eq!(
            p.value("b.d[1][1]"),
            Some(Location {
                line: 6,
                column: 11
            })
        );
        // Unknown paths fall back to the nearest ancestor.
        assert_eq!(p.value("b.d[0].zzz"), p.value("b.d[0]"));
    }

    #[test]
    fn depth_limit() {
        let text = "[".repeat(200) + &"]".repeat(200);
        let e = scan_positions(&text).unwrap_err();
        assert!(e.message.contains("deeper"), "{e:?}");
    }
}
