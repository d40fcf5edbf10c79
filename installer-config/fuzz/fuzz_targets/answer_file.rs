//! Parse and validate any bytes as an answer file: never a panic, and no secret in
//! any rendered issue. A secret is a string given as the value of `password`,
//! `passphrase` or `password_hash` (at any depth) that appears nowhere else in the
//! document as a key or another value.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_yaml::Value;

const SECRET_KEYS: &[&str] = &["password", "passphrase", "password_hash"];

fn walk(v: &Value, secrets: &mut Vec<String>, others: &mut Vec<String>) {
    match v {
        Value::Mapping(m) => {
            for (k, val) in m {
                let key = k.as_str().unwrap_or("");
                match (SECRET_KEYS.contains(&key), val) {
                    (true, Value::String(s)) => secrets.push(s.clone()),
                    _ => walk(val, secrets, others),
                }
                walk(k, secrets, others);
            }
        }
        Value::Sequence(s) => s.iter().for_each(|x| walk(x, secrets, others)),
        Value::String(s) => others.push(s.clone()),
        Value::Tagged(t) => walk(&t.value, secrets, others),
        _ => {}
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let parsed = lainos_config::parse_answer_file(&text);
    let rendered: Vec<String> = parsed.issues.iter().map(|i| i.render("fuzz.yaml")).collect();
    if !parsed.has_errors() {
        assert!(parsed.value.is_some());
    }
    let Ok(doc) = serde_yaml::from_str::<Value>(&text) else {
        return;
    };
    let (mut secrets, mut others) = (Vec::new(), Vec::new());
    walk(&doc, &mut secrets, &mut others);
    for s in secrets.iter().filter(|s| s.len() >= 6) {
        if others.iter().any(|o| o.contains(s.as_str())) || SECRET_KEYS.iter().any(|k| k.contains(s.as_str())) {
            continue;
        }
        for line in &rendered {
            assert!(!line.contains(s.as_str()), "secret {s:?} printed: {line}");
        }
    }
});
