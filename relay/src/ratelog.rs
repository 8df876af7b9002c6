//! A budget for log lines about refusals: a flood of refused clients must not become a flood of
//! log lines (disk, and the operator's attention). At most [`PER_SECOND`] lines a second; the
//! next line that gets through says how many were left out.

use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

/// Refusal lines per second, at most.
pub const PER_SECOND: u32 = 20;

#[derive(Debug)]
struct Window {
    start: Instant,
    used: u32,
    suppressed: u64,
}

/// Shared by every connection of one relay.
#[derive(Debug)]
pub struct LogBudget {
    window: Mutex<Window>,
}

impl Default for LogBudget {
    fn default() -> Self {
        LogBudget { window: Mutex::new(Window { start: Instant::now(), used: 0, suppressed: 0 }) }
    }
}

impl LogBudget {
    /// `Some(left_out)` when this line may be logged (`left_out` lines were dropped since the last
    /// one that was), `None` when it must be dropped.
    pub fn take(&self) -> Option<u64> {
        self.take_at(Instant::now())
    }

    fn take_at(&self, now: Instant) -> Option<u64> {
        let mut w = self.window.lock().unwrap_or_else(PoisonError::into_inner);
        if now.duration_since(w.start) >= Duration::from_secs(1) {
            w.start = now;
            w.used = 0;
        }
        if w.used >= PER_SECOND {
            w.suppressed += 1;
            return None;
        }
        w.used += 1;
        Some(std::mem::take(&mut w.suppressed))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lets_through_per_second_then_counts_what_it_dropped() {
        let budget = LogBudget::default();
        let t0 = Instant::now();
        let first: Vec<Option<u64>> = (0..PER_SECOND + 3).map(|_| budget.take_at(t0)).collect();
        let mut want = vec![Some(0); PER_SECOND as usize];
        want.extend([None, None, None]);
        assert_eq!(first, want);
        assert_eq!(budget.take_at(t0 + Duration::from_secs(1)), Some(3));
        assert_eq!(budget.take_at(t0 + Duration::from_secs(1)), Some(0));
    }
}
