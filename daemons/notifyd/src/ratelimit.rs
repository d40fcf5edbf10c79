//! Token buckets per sender uid, so one noisy user cannot silence the others.

use std::collections::HashMap;
use std::time::{Duration, Instant};

/// Per-key token bucket limiter.
#[derive(Debug)]
pub struct RateLimiter {
    rate_per_sec: u32,
    burst: u32,
    buckets: HashMap<u32, Bucket>,
}

#[derive(Debug)]
struct Bucket {
    tokens: f64,
    last: Instant,
    dropped: u64,
}

/// Most buckets kept; idle ones are evicted beyond this.
const MAX_BUCKETS: usize = 4096;

impl RateLimiter {
    /// `rate_per_sec` messages per second sustained, `burst` at once.
    pub fn new(rate_per_sec: u32, burst: u32) -> Self {
        Self {
            rate_per_sec,
            burst: burst.max(1),
            buckets: HashMap::new(),
        }
    }

    /// Whether a message from `key` at `now` may pass. A message that does not pass is
    /// counted; [`Self::take_dropped`] returns and resets that count.
    pub fn allow(&mut self, key: u32, now: Instant) -> bool {
        if self.buckets.len() >= MAX_BUCKETS && !self.buckets.contains_key(&key) {
            let full = Duration::from_secs_f64(
                f64::from(self.burst) / f64::from(self.rate_per_sec.max(1)),
            );
            self.buckets
                .retain(|_, b| now.duration_since(b.last) < full || b.dropped > 0);
        }
        let burst = f64::from(self.burst);
        let b = self.buckets.entry(key).or_insert(Bucket {
            tokens: burst,
            last: now,
            dropped: 0,
        });
        let elapsed = now.saturating_duration_since(b.last).as_secs_f64();
        b.tokens = (b.tokens + elapsed * f64::from(self.rate_per_sec)).min(burst);
        b.last = now;
        if b.tokens >= 1.0 {
            b.tokens -= 1.0;
            true
        } else {
            b.dropped += 1;
            false
        }
    }

    /// Returns how many messages of `key` were dropped since the last call.
    pub fn take_dropped(&mut self, key: u32) -> u64 {
        self.buckets
            .get_mut(&key)
            .map(|b| std::mem::take(&mut b.dropped))
            .unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn burst_then_refill() {
        let mut r = RateLimiter::new(10, 5);
        let t0 = Instant::now();
        assert_eq!((0..8).filter(|_| r.allow(1000, t0)).count(), 5);
        assert_eq!(r.take_dropped(1000), 3);
        assert_eq!(r.take_dropped(1000), 0);
        // Another uid is not affected.
        assert!(r.allow(0, t0));
        // 0.5 s later five more tokens.
        let t1 = t0 + Duration::from_millis(500);
        assert_eq!((0..8).filter(|_| r.allow(1000, t1)).count(), 5);
    }
}
