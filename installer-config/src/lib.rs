pub mod answer;
pub mod issue;
pub mod values;
