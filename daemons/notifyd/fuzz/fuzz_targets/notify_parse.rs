//! Fuzzes the sd_notify datagram parser and the log sanitiser with arbitrary datagrams.
//! Invariants: no panic; every line is accounted for as a field or a problem; what
//! would be logged has no control characters.
#![no_main]

use lainos_notifyd::parse::{Field, Problem, parse};
use libfuzzer_sys::fuzz_target;
use p7_common::sanitize::escape_untrusted;

fuzz_target!(|data: &[u8]| {
    let n = parse(data);
    let lines = data.split(|b| *b == b'\n').filter(|l| !l.is_empty()).count();
    assert_eq!(n.fields.len() + n.problems.len(), lines);
    for f in &n.fields {
        let text = match f {
            Field::Status(s) | Field::BusError(s) | Field::VarlinkError(s) | Field::ExitStatus(s) | Field::FdName(s) => s.clone(),
            Field::Other { key, value } => format!("{key}={value}"),
            other => format!("{other:?}"),
        };
        let logged = escape_untrusted(text.as_bytes(), 512);
        assert!(!logged.chars().any(char::is_control), "{logged:?}");
    }
    for p in &n.problems {
        if let Problem::NoAssignment { line } | Problem::BadKey { key: line } = p {
            let logged = escape_untrusted(line, 128);
            assert!(!logged.chars().any(char::is_control), "{logged:?}");
        }
    }
    let raw = escape_untrusted(data, usize::MAX);
    assert!(!raw.chars().any(char::is_control));
});
