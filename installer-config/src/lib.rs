//! The LainOS installer's configuration: the answer file (a contract, see
//! `spec/answer-file.md`), the distribution profile, parsing with exact error
//! locations, and validation of the file alone.

pub mod answer;
pub mod firstboot;
pub mod issue;
pub mod keyboard;
pub mod parse;
pub mod profile;
pub mod system_files;
pub mod validate;
pub mod values;

pub use answer::AnswerFile;
pub use issue::{Issue, Location, Severity};
pub use parse::Parsed;
pub use profile::{Profile, parse_profile};
pub use validate::parse_answer_file;

/// The JSON Schema of the answer file, as committed in `schema/answer-file.schema.json`.
pub fn answer_file_schema() -> String {
    let s = schemars::schema_for!(AnswerFile);
    serde_json::to_string_pretty(&s).expect("a schema serializes") + "\n"
}

/// The JSON Schema of the distribution profile, as committed in
/// `schema/profile.schema.json`.
pub fn profile_schema() -> String {
    let s = schemars::schema_for!(Profile);
    serde_json::to_string_pretty(&s).expect("a schema serializes") + "\n"
}
