#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let parsed = lainos_config::parse_profile(&text);
    for i in &parsed.issues {
        let _ = i.render("profile.yaml");
    }
});
