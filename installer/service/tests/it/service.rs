use std::sync::Arc;
use std::time::Duration;

use futures_util::StreamExt;
use lainos_dbus_api::{BusChoice, Client, ClientError, PlanDto};
use lainos_service::fake::FakeBackend;
use lainos_service::{Policy, ServiceOptions};

use crate::bus::{OPEN_POLICY, TestBus, dbus_send_as, policy_for_group};

const ANSWERS: &str = "version: 1
storage:
  disk: /dev/vda
  layout: erase
locale:
  timezone: Europe/Zurich
system:
  hostname: wired-01
users:
  - name: lain
    full_name: Lain Iwakura
    password: \"correct-horse-battery\"
    admin: true
";

const TIMEOUT: Duration = Duration::from_secs(20);

struct Fixture {
    bus: TestBus,
    _service: zbus::Connection,
    client: Client,
}

async fn start_with(policy_xml: &str, group: &str, backend: FakeBackend) -> Fixture {
    let bus = TestBus::start(policy_xml);
    let choice = BusChoice::Address(bus.address.clone());
    let service = lainos_service::serve(
        Arc::new(backend),
        &choice,
        ServiceOptions {
            policy: Policy {
                allowed_group: group.into(),
            },
        },
    )
    .await
    .expect("serve on the private bus");
    let client = Client::connect(&choice).await.expect("connect");
    Fixture {
        bus,
        _service: service,
        client,
    }
}

async fn start() -> Fixture {
    start_with(&policy_for_group("wheel"), "wheel", FakeBackend::default()).await
}

fn answers_with(from: &str, to: &str) -> String {
    assert!(ANSWERS.contains(from));
    ANSWERS.replace(from, to)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn version_probe_and_validate() {
    let f = start().await;
    assert_eq!(f.client.version().await.unwrap(), 1);
    let probe = f.client.probe().await.unwrap();
    assert_eq!(probe.firmware, "uefi");
    assert!(probe.disks.iter().any(|d| d.path == "/dev/vda"));
    // Each disk's partition table and largest free region cross the bus (for the
    // GUI's "alongside" choice).
    let vda = &probe.disks[0];
    assert_eq!(vda.partition_table.as_deref(), Some("gpt"));
    let free = vda.largest_free.expect("free space on vda");
    assert!(free.size_bytes > 8 << 30, "{free:?}");
    assert_eq!(
        free.start_bytes + free.size_bytes,
        vda.size_bytes - (1 << 20)
    );
    let vdb = probe.disks.iter().find(|d| d.path == "/dev/vdb").unwrap();
    assert_eq!(vdb.partition_table, None);
    assert_eq!(vdb.largest_free.map(|f| f.start_bytes), Some(1 << 20));

    let ok = f.client.validate(ANSWERS).await.unwrap();
    assert!(!ok.has_errors(), "{ok:?}");
    // The clear-text password is accepted with a warning that names its field.
    assert!(
        ok.issues.iter().any(|i| i.path == "users[0].password"),
        "{ok:?}"
    );

    let bad = f
        .client
        .validate(&answers_with("name: lain", "name: Lain"))
        .await
        .unwrap();
    let issue = bad.issues.iter().find(|i| i.is_error()).expect("an error");
    assert_eq!(issue.path, "users[0].name");
    assert!(issue.line.is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plan_then_install_emits_signals_and_finishes() {
    let f = start().await;
    let plan: PlanDto = f.client.plan(ANSWERS).await.unwrap();
    assert_eq!(plan.confirm_token.len(), 64);
    assert!(
        plan.destructive.iter().any(|d| d.contains("/dev/vda")),
        "{plan:?}"
    );
    assert!(!plan.summary.is_empty());
    let doc = serde_json::to_string(&plan).unwrap();
    assert!(
        !doc.contains("correct-horse"),
        "the plan leaks the password: {doc}"
    );

    let mut progress = f.client.proxy().receive_progress().await.unwrap();
    let mut logs = f.client.proxy().receive_log().await.unwrap();
    let mut finished = f.client.proxy().receive_finished().await.unwrap();
    let job = f
        .client
        .install(ANSWERS, &plan.confirm_token)
        .await
        .unwrap();
    assert!(job >= 1);

    let done = tokio::time::timeout(TIMEOUT, finished.next())
        .await
        .expect("Finished in time")
        .expect("a Finished signal");
    let args = done.args().unwrap();
    assert_eq!(*args.job(), job);
    assert!(*args.ok(), "failed: {}", args.error());

    let mut steps = Vec::new();
    let mut last_fraction = 0.0;
    while let Ok(Some(p)) = tokio::time::timeout(Duration::from_millis(200), progress.next()).await
    {
        let a = p.args().unwrap();
        assert_eq!(*a.job(), job);
        assert!(*a.fraction() >= last_fraction - 1e-9, "progress goes back");
        last_fraction = *a.fraction();
        if !steps.contains(a.step()) {
            steps.push(a.step().clone());
        }
    }
    assert_eq!(steps.first().map(String::as_str), Some("partition"));
    assert_eq!(steps.last().map(String::as_str), Some("verify"));
    assert!(
        (last_fraction - 1.0).abs() < 1e-9,
        "ends at {last_fraction}"
    );
    let first_log = tokio::time::timeout(Duration::from_millis(200), logs.next())
        .await
        .expect("a Log signal")
        .unwrap();
    assert_eq!(first_log.args().unwrap().level(), "info");

    let status = f.client.status().await.unwrap();
    assert_eq!(status.state, "succeeded");
    assert_eq!(status.job, job);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn install_needs_the_plan_of_the_same_answers() {
    let f = start().await;
    let err = f
        .client
        .install(ANSWERS, "0".repeat(64).as_str())
        .await
        .unwrap_err();
    assert!(matches!(err, ClientError::PlanRequired), "{err:?}");

    let plan = f.client.plan(ANSWERS).await.unwrap();
    let other = answers_with("wired-01", "wired-02");
    let err = f
        .client
        .install(&other, &plan.confirm_token)
        .await
        .unwrap_err();
    assert!(matches!(err, ClientError::PlanRequired), "{err:?}");
    let err = f.client.install(ANSWERS, "nope").await.unwrap_err();
    assert!(matches!(err, ClientError::PlanRequired), "{err:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plan_errors_name_the_field() {
    let f = start().await;
    let err = f
        .client
        .plan(&answers_with("/dev/vda", "/dev/sr0"))
        .await
        .unwrap_err();
    let ClientError::Invalid(issues) = err else {
        panic!("expected Invalid, got {err:?}");
    };
    assert!(
        issues
            .issues
            .iter()
            .any(|i| i.path == "storage.disk" && i.is_error()),
        "{issues:?}"
    );

    let err = f.client.plan("version: 2\n").await.unwrap_err();
    assert!(matches!(err, ClientError::Invalid(_)), "{err:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_job_at_a_time_and_cancel() {
    let backend = FakeBackend::default().with_step_time(Duration::from_millis(400));
    let f = start_with(&policy_for_group("wheel"), "wheel", backend).await;
    let err = f.client.cancel().await.unwrap_err();
    assert!(matches!(err, ClientError::NoJob), "{err:?}");

    let plan = f.client.plan(ANSWERS).await.unwrap();
    let mut finished = f.client.proxy().receive_finished().await.unwrap();
    let job = f
        .client
        .install(ANSWERS, &plan.confirm_token)
        .await
        .unwrap();
    let err = f
        .client
        .install(ANSWERS, &plan.confirm_token)
        .await
        .unwrap_err();
    assert!(matches!(err, ClientError::Busy), "{err:?}");

    f.client.cancel().await.unwrap();
    let done = tokio::time::timeout(TIMEOUT, finished.next())
        .await
        .expect("Finished in time")
        .unwrap();
    let a = done.args().unwrap();
    assert_eq!(*a.job(), job);
    assert!(!*a.ok());
    assert_eq!(a.error(), "cancelled");
    assert_eq!(f.client.status().await.unwrap().state, "cancelled");

    // A new job may start after the cancelled one.
    let job2 = f
        .client
        .install(ANSWERS, &plan.confirm_token)
        .await
        .unwrap();
    assert!(job2 > job);
    f.client.cancel().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_install_reports_the_step() {
    let f = start().await;
    let answers = answers_with("wired-01", "fail-at-unpack");
    let plan = f.client.plan(&answers).await.unwrap();
    let mut finished = f.client.proxy().receive_finished().await.unwrap();
    f.client
        .install(&answers, &plan.confirm_token)
        .await
        .unwrap();
    let done = tokio::time::timeout(TIMEOUT, finished.next())
        .await
        .expect("Finished in time")
        .unwrap();
    let a = done.args().unwrap();
    assert!(!*a.ok());
    assert!(a.error().contains("unpack"), "{}", a.error());
    assert_eq!(f.client.status().await.unwrap().state, "failed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_bus_policy_refuses_callers_outside_the_group() {
    // The real policy file; its group is `nogroup` here, the group of `nobody`.
    let f = start_with(
        &policy_for_group("nogroup"),
        "nogroup",
        FakeBackend::default(),
    )
    .await;
    let (ok, out) = dbus_send_as(1, 1, &f.bus.address, "Probe", &[]);
    assert!(!ok, "uid 1 (daemon) was let through: {out}");
    assert!(out.contains("AccessDenied"), "{out}");

    let (ok, out) = dbus_send_as(65534, 65534, &f.bus.address, "Probe", &[]);
    assert!(ok, "nobody (in nogroup) was refused: {out}");
    assert!(out.contains("/dev/vda"), "{out}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_service_itself_refuses_callers_outside_the_group() {
    // The bus lets everybody through; the service checks the caller's uid itself.
    let f = start_with(OPEN_POLICY, "nogroup", FakeBackend::default()).await;
    let (ok, out) = dbus_send_as(1, 1, &f.bus.address, "Probe", &[]);
    assert!(!ok, "uid 1 was let through: {out}");
    assert!(
        out.contains("org.lainos.Installer1.Error.AccessDenied"),
        "{out}"
    );
    let (ok, out) = dbus_send_as(1, 1, &f.bus.address, "Plan", &["string:version: 1"]);
    assert!(!ok && out.contains("AccessDenied"), "{out}");

    let (ok, out) = dbus_send_as(65534, 65534, &f.bus.address, "Probe", &[]);
    assert!(ok, "nobody (in nogroup) was refused: {out}");
    // Root is always allowed.
    assert_eq!(f.client.version().await.unwrap(), 1);
    f.client.probe().await.unwrap();
}

/// A writer into a shared buffer, for the log of the whole test binary.
#[derive(Clone, Default)]
struct Captured(Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_log_never_holds_the_password() {
    let captured = Captured::default();
    let writer = captured.clone();
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new("debug"))
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .init();
    let f = start().await;
    f.client.validate(ANSWERS).await.unwrap();
    let plan = f.client.plan(ANSWERS).await.unwrap();
    let mut finished = f.client.proxy().receive_finished().await.unwrap();
    f.client
        .install(ANSWERS, &plan.confirm_token)
        .await
        .unwrap();
    tokio::time::timeout(TIMEOUT, finished.next())
        .await
        .unwrap();
    let log = String::from_utf8_lossy(&captured.0.lock().unwrap()).to_string();
    assert!(
        log.contains("install finished"),
        "nothing was logged:\n{log}"
    );
    assert!(
        !log.contains("correct-horse"),
        "the log holds the password:\n{log}"
    );
}

/// The fake service binary next to this test binary (`target/debug/`).
fn fake_service_binary() -> std::path::PathBuf {
    let exe = std::env::current_exe().unwrap();
    let bin = exe
        .parent()
        .and_then(|d| d.parent())
        .unwrap()
        .join("lainos-fake-installer-service");
    assert!(
        bin.is_file(),
        "{} is missing: run `cargo build -p lainos-service --features fake-backend --bins`",
        bin.display()
    );
    bin
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_service_starts_on_demand_through_dbus_activation() {
    // The real activation file, its Exec= pointed at the fake service; the started
    // service finds the bus through DBUS_STARTER_ADDRESS.
    let exec = format!("{} --step-ms 10", fake_service_binary().display());
    let bus = TestBus::start_with_activation(&policy_for_group("wheel"), Some(&exec));
    let client = Client::connect(&BusChoice::Address(bus.address.clone()))
        .await
        .expect("connect");
    let probe = tokio::time::timeout(TIMEOUT, client.probe())
        .await
        .expect("activation in time")
        .expect("the activated service answers");
    assert!(probe.disks.iter().any(|d| d.path == "/dev/vda"));
    // The activated service is not our child: stop it, or it outlives the bus.
    let dbus = zbus::fdo::DBusProxy::new(client.proxy().inner().connection())
        .await
        .unwrap();
    let name = zbus::names::BusName::try_from(lainos_service::BUS_NAME).unwrap();
    let pid = dbus.get_connection_unix_process_id(name).await.unwrap();
    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(i32::try_from(pid).unwrap()),
        nix::sys::signal::Signal::SIGTERM,
    )
    .expect("stop the activated service");
}
