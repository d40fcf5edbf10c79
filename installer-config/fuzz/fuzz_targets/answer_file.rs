//! Parse and validate any bytes as an answer file: never a panic, every issue
//! rendered, no secret value in any message.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let parsed = lainos_config::parse_answer_file(&text);
    for i in &parsed.issues {
        let line = i.render("fuzz.yaml");
        assert!(!line.contains("FUZZ-SECRET-"), "a secret was printed: {line}");
    }
    if !parsed.has_errors() {
        assert!(parsed.value.is_some());
    }
});
