//! How long `validate` + `plan` take for the spec's example answer file, against a
//! baseline in the same process: parsing the same text into an untyped YAML value.
//! `cargo run --release -p lainos-engine --example bench_plan`

use std::hint::black_box;
use std::path::Path;
use std::time::Instant;

use lainos_config::{parse_answer_file, parse_profile};
use lainos_engine::probe::{DiskInfo, Firmware, MachineInfo, Transport};
use lainos_engine::resolve::{CountingIds, ResolveInput, ResolveOptions, resolve};
use lainos_engine::source::SourceInfo;

#[allow(clippy::print_stdout)]
fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let answers =
        std::fs::read_to_string(root.join("installer-config/examples/spec-example.yaml")).unwrap();
    // The example's passphrase file (/run/secrets/luks) is not on this machine: plan
    // without encryption.
    let answers = answers.replace(
        "  encryption:                         # optional; absent means no encryption\n    passphrase_file: /run/secrets/luks   # or passphrase: \"…\" (a warning is printed)\n",
        "",
    );
    let profile_text = std::fs::read_to_string(
        root.join("iso-profile/airootfs/etc/lainos-installer/profile.yaml"),
    )
    .unwrap();
    let profile = parse_profile(&profile_text).value.unwrap();
    let disk = DiskInfo {
        path: "/dev/vda".into(),
        name: "vda".into(),
        size_bytes: 64 << 30,
        logical_sector_size: 512,
        physical_sector_size: 512,
        model: None,
        serial: None,
        transport: Transport::Virtio,
        removable: false,
        read_only: false,
        rotational: false,
        table: None,
        filesystem: None,
        partitions: Vec::new(),
        mounted: Vec::new(),
        swap_active: false,
        holders: Vec::new(),
        is_live_medium: false,
        backing_file: None,
        identify_error: None,
    };
    let machine = MachineInfo {
        firmware: Firmware::Uefi,
        ram_bytes: 8 << 30,
        disks: vec![disk.clone()],
        live_medium: None,
    };
    let source = SourceInfo {
        path: "/run/initramfs/live/arch/x86_64/airootfs.sfs".into(),
        compressed_bytes: 2 << 30,
        uncompressed_bytes: 6 << 30,
        inodes: 200_000,
        compression: "zstd".into(),
        programs: None,
    };
    let once = || {
        let parsed = parse_answer_file(&answers);
        let a = parsed.value.expect("the example is valid");
        let input = ResolveInput {
            answers: &a,
            profile: &profile,
            machine: &machine,
            disk: Some(&disk),
            source: Ok(source.clone()),
            options: ResolveOptions::default(),
        };
        let plan = resolve(input, &mut CountingIds::default()).expect("a plan");
        black_box(plan.0.render());
    };
    let baseline = || {
        black_box(serde_yaml::from_str::<serde_yaml::Value>(&answers).unwrap());
    };
    let n = 2000;
    once();
    let t = Instant::now();
    for _ in 0..n {
        once();
    }
    let ours = t.elapsed().as_secs_f64() / f64::from(n);
    let t = Instant::now();
    for _ in 0..n {
        baseline();
    }
    let base = t.elapsed().as_secs_f64() / f64::from(n);
    println!(
        "validate + plan of spec-example.yaml: {:.3} ms per run ({n} runs)",
        ours * 1e3
    );
    println!(
        "baseline, serde_yaml::Value parse of the same text: {:.3} ms",
        base * 1e3
    );
    println!(
        "ratio: {:.1}x the bare YAML parse (aim: under 10 ms in all)",
        ours / base
    );
}
