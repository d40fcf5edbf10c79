//! `install`: execute a plan.

use std::process::ExitCode;

use anyhow::{Result, bail};
use lainos_engine::plan::InstallPlan;

pub fn run(_plan: &InstallPlan, _yes: bool, _json_events: bool) -> Result<ExitCode> {
    bail!("executing a plan is not available yet: run with --dry-run to see the plan")
}
