//! Every file in `tests/cases/` is a bad (or suspicious) answer file; the rendered
//! problems of each are a snapshot, so a change in any message or location shows up
//! in review. The spec example must be valid, and no secret may ever be printed.

use std::path::Path;

use lainos_config::{Severity, parse_answer_file};

fn render(file: &str, bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let parsed = parse_answer_file(&text);
    let mut out = String::new();
    for i in &parsed.issues {
        out.push_str(&i.render(file));
        out.push('\n');
    }
    out.push_str(&format!("valid: {}\n", !parsed.has_errors()));
    out
}

#[test]
fn spec_example_is_valid() {
    let file = "examples/spec-example.yaml";
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(file)).unwrap();
    let parsed = parse_answer_file(&text);
    let errors: Vec<_> = parsed
        .issues
        .iter()
        .filter(|i| i.severity == Severity::Error)
        .map(|i| i.render(file))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert!(parsed.value.is_some());
}

#[test]
fn oem_examples_are_valid() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    for name in ["examples/oem-factory.yaml", "examples/oem-image.yaml"] {
        let factory = std::fs::read_to_string(dir.join(name)).unwrap();
        let parsed = parse_answer_file(&factory);
        assert!(!parsed.has_errors(), "{name}: {:#?}", parsed.issues);
        assert!(parsed.value.unwrap().oem.enabled, "{name}");
    }
    // The boot test's first-boot answers (tests/vm/firstboot.yaml) are checked too.
    let vm = std::fs::read_to_string(dir.join("../tests/vm/firstboot.yaml")).unwrap();
    let parsed = lainos_config::firstboot::parse_firstboot_answers(&vm);
    assert!(parsed.issues.is_empty(), "{:#?}", parsed.issues);
    let firstboot = std::fs::read_to_string(dir.join("examples/oem-firstboot.yaml")).unwrap();
    let parsed = lainos_config::firstboot::parse_firstboot_answers(&firstboot);
    assert!(parsed.issues.is_empty(), "{:#?}", parsed.issues);
}

#[test]
fn storage_examples_are_valid() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    for (file, layout) in [
        (
            "examples/alongside.yaml",
            lainos_config::answer::Layout::Alongside,
        ),
        (
            "examples/keep-home.yaml",
            lainos_config::answer::Layout::Manual,
        ),
    ] {
        let text = std::fs::read_to_string(dir.join(file)).unwrap();
        let parsed = parse_answer_file(&text);
        assert!(!parsed.has_errors(), "{file}: {:#?}", parsed.issues);
        assert_eq!(parsed.value.unwrap().storage.layout, layout, "{file}");
    }
}

#[test]
fn bad_files() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".yaml"))
        .collect();
    names.sort();
    assert!(names.len() >= 10, "cases are missing: {names:?}");
    for name in names {
        let bytes = std::fs::read(dir.join(&name)).unwrap();
        let out = render(&name, &bytes);
        for secret in ["correct horse", "hunter2", "toor-secret"] {
            assert!(!out.contains(secret), "{name} printed a secret: {out}");
        }
        insta::assert_snapshot!(name.trim_end_matches(".yaml"), out);
    }
}

#[test]
fn every_line_has_the_spec_form() {
    // FILE:LINE:COLUMN: field.path: message, with LINE and COLUMN numbers.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    for name in [
        "bad-values.yaml",
        "unknown-fields.yaml",
        "manual-layout.yaml",
    ] {
        let text = std::fs::read_to_string(dir.join(name)).unwrap();
        let parsed = parse_answer_file(&text);
        assert!(parsed.has_errors(), "{name} should be invalid");
        for i in &parsed.issues {
            let line = i.render(name);
            let mut parts = line.splitn(4, ':');
            assert_eq!(parts.next(), Some(name), "{line}");
            let l: u32 = parts
                .next()
                .unwrap()
                .parse()
                .unwrap_or_else(|_| panic!("no line: {line}"));
            let c: u32 = parts
                .next()
                .unwrap()
                .parse()
                .unwrap_or_else(|_| panic!("no column: {line}"));
            assert!(l >= 1 && c >= 1, "{line}");
        }
    }
}
