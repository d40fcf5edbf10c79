//! Problems as data: every check returns issues with a field path and a severity; the
//! caller decides whether warnings block.

use std::fmt;

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// A line and column in the answer file, both starting at 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Location {
    pub line: usize,
    pub column: usize,
}

/// One problem with an answer file or with the machine it is meant for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Issue {
    pub severity: Severity,
    /// The field concerned, as in `users[0].name`; empty for the whole file.
    pub path: String,
    pub message: String,
    /// Where in the file, when the issue concerns a field that is there.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
}

impl Issue {
    pub fn error(path: impl Into<String>, message: impl Into<String>) -> Self {
        Issue {
            severity: Severity::Error,
            path: path.into(),
            message: message.into(),
            location: None,
        }
    }
    pub fn warning(path: impl Into<String>, message: impl Into<String>) -> Self {
        Issue {
            severity: Severity::Warning,
            ..Issue::error(path, message)
        }
    }
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The spec's form: `FILE:LINE:COLUMN: field.path: message` (warnings say so).
    pub fn render(&self, file: &str) -> String {
        let loc = self.location.unwrap_or(Location { line: 1, column: 1 });
        let sev = match self.severity {
            Severity::Error => "",
            Severity::Warning => "warning: ",
        };
        if self.path.is_empty() {
            format!("{file}:{}:{}: {sev}{}", loc.line, loc.column, self.message)
        } else {
            format!(
                "{file}:{}:{}: {}: {sev}{}",
                loc.line, loc.column, self.path, self.message
            )
        }
    }
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// True when `ancestor` is `path` or one of its parents (`users` of `users[0].name`).
pub fn is_ancestor_or_self(ancestor: &str, path: &str) -> bool {
    if ancestor.is_empty() {
        return true;
    }
    path == ancestor
        || path
            .strip_prefix(ancestor)
            .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
}

/// Sorts issues by position, errors before warnings at the same place.
pub fn sort_issues(issues: &mut [Issue]) {
    issues.sort_by(|a, b| {
        (
            a.location.unwrap_or(Location { line: 0, column: 0 }),
            a.severity,
        )
            .cmp(&(
                b.location.unwrap_or(Location { line: 0, column: 0 }),
                b.severity,
            ))
    });
}
