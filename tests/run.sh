#!/usr/bin/env bash
# The whole test suite, as CI runs it (`.ci/run`) and as the README tells newcomers.
# Run as root after `bash tests/setup.sh`. Every stage must pass; nothing is skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

stage() { printf '\n==> %s\n' "$*" >&2; }
export CARGO_TERM_COLOR=never

stage "format"
cargo fmt --all --check

stage "lints"
cargo clippy --workspace --all-targets --locked -- -D warnings

stage "unit and integration tests (root tests use loop devices)"
cargo nextest run --workspace --locked --no-fail-fast --test-threads 2

stage "all stages passed"
