//! Output for people: data to stdout, messages to stderr.

use lainos_config::values::human_bytes;
use lainos_engine::probe::{Firmware, MachineInfo};

#[allow(clippy::print_stdout)]
pub fn out(s: &str) {
    if s.ends_with('\n') {
        print!("{s}");
    } else {
        println!("{s}");
    }
}

#[allow(clippy::print_stderr)]
pub fn err(s: &str) {
    eprintln!("{s}");
}

/// The probe as a table.
pub fn probe_table(m: &MachineInfo) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "Firmware: {}    Memory: {}",
        match m.firmware {
            Firmware::Bios => "BIOS",
            Firmware::Uefi => "UEFI",
        },
        human_bytes(m.ram_bytes)
    );
    if let Some(l) = &m.live_medium {
        let _ = writeln!(s, "Live medium: {}", l.display());
    }
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "{:<16} {:>10} {:<8} {:<24} NOTES",
        "DISK", "SIZE", "BUS", "MODEL"
    );
    for d in &m.disks {
        let mut notes = Vec::new();
        if d.is_live_medium {
            notes.push("live medium".to_string());
        }
        if d.removable {
            notes.push("removable".into());
        }
        if d.read_only {
            notes.push("read-only".into());
        }
        if !d.mounted.is_empty() {
            notes.push("mounted".into());
        }
        if d.swap_active {
            notes.push("swap in use".into());
        }
        if let Some(b) = &d.backing_file {
            notes.push(format!("file {}", b.display()));
        }
        let _ = writeln!(
            s,
            "{:<16} {:>10} {:<8} {:<24} {}",
            d.path.display(),
            human_bytes(d.size_bytes),
            format!("{:?}", d.transport).to_lowercase(),
            d.model.as_deref().unwrap_or("-"),
            notes.join(", ")
        );
        for p in &d.partitions {
            let fs = p.fs.as_ref();
            let mounted: Vec<String> = p
                .mountpoints
                .iter()
                .map(|m| m.display().to_string())
                .collect();
            let _ = writeln!(
                s,
                "  {:<14} {:>10} {:<8} {:<24} {}",
                p.path.display(),
                human_bytes(p.size_bytes),
                fs.map_or("-", |f| f.fstype.as_str()),
                fs.and_then(|f| f.label.as_deref()).unwrap_or("-"),
                if mounted.is_empty() {
                    fs.and_then(|f| f.uuid.clone()).unwrap_or_default()
                } else {
                    format!("mounted at {}", mounted.join(", "))
                }
            );
        }
    }
    s
}
