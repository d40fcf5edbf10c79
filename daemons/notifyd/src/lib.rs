//! lainos-notifyd: the sd_notify(3) datagram sink.
//!
//! - [`parse`]: the datagram parser (pure; fuzzed by `fuzz/fuzz_targets/parse.rs`);
//! - [`ratelimit`]: per-uid token buckets;
//! - [`sink`]: the socket, credential checks, fd closing and the receive loop.

pub mod parse;
pub mod ratelimit;
pub mod sink;
