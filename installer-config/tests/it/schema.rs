//! The committed JSON Schemas (for editors) must match the Rust types.
//! `LAINOS_BLESS=1 cargo test -p lainos-config schema` rewrites them.

use std::path::Path;

fn check(file: &str, current: String) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("schema")
        .join(file);
    if std::env::var_os("LAINOS_BLESS").is_some() {
        std::fs::write(&path, &current).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == current,
        "{} is stale: run `LAINOS_BLESS=1 cargo test -p lainos-config schema` and commit it",
        path.display()
    );
}

#[test]
fn answer_file_schema_is_current() {
    check(
        "answer-file.schema.json",
        lainos_config::answer_file_schema(),
    );
}

#[test]
fn profile_schema_is_current() {
    check("profile.schema.json", lainos_config::profile_schema());
}

#[test]
fn schema_names_the_contract_fields() {
    let s = lainos_config::answer_file_schema();
    for field in [
        "version",
        "storage",
        "separate_boot",
        "passphrase_file",
        "hardware_clock",
        "password_hash",
        "post_install",
        "on_error",
        "batch_id",
        "finish",
    ] {
        assert!(s.contains(&format!("\"{field}\"")), "schema lacks {field}");
    }
}
