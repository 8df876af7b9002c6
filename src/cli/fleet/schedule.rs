//! Runs one job per target on a bounded pool of threads: at most `concurrency` targets at once
//! (each holds one connection at a time, so that is also the connection cap), new connections
//! paced to `rate` per second over the whole run, and each target's checks within its own
//! deadline. Results come back in completion order through `on_result`, so output streams.
//!
//! Bounds: a target costs at most its deadline; a pacer wait at most `concurrency / rate`
//! seconds; the run at most `ceil(targets / concurrency) × (timeout + concurrency / rate)`.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Condvar, Mutex};
use std::time::{Duration, Instant};

use crate::cli::probe::Budget;

/// Hard caps, whatever the flags say.
pub const MAX_CONCURRENCY: usize = 256;
pub const MAX_TARGETS: usize = 10_000;
pub const MAX_RATE: u32 = 5_000;

#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub concurrency: usize,
    /// Per target, for all of its checks.
    pub timeout: Duration,
    /// New connections per second, over the whole run.
    pub rate: u32,
    pub retries: u32,
    pub max_bytes: usize,
}

/// Hands out connection start times `1 / rate` apart.
struct Pacer {
    next: Mutex<Instant>,
    interval: Duration,
}

impl Pacer {
    fn new(rate: u32) -> Pacer {
        let rate = rate.clamp(1, MAX_RATE);
        Pacer { next: Mutex::new(Instant::now()), interval: Duration::from_secs(1) / rate }
    }

    /// Waits for this connection's slot.
    fn wait(&self) {
        let slot = {
            let mut next = self.next.lock().unwrap_or_else(|p| p.into_inner());
            let slot = (*next).max(Instant::now());
            *next = slot + self.interval;
            slot
        };
        let now = Instant::now();
        if slot > now {
            std::thread::sleep(slot - now);
        }
    }
}

/// One target's work: its text, its budget, and the pacer to call before each connection.
pub type Job<'a, R> = dyn Fn(&str, Budget, &dyn Fn()) -> R + Sync + 'a;

/// Runs `job` for every target; `on_result(index, result)` is called on this thread as each
/// finishes.
pub fn run<R: Send>(targets: &[String], limits: Limits, job: &Job<'_, R>, on_result: &mut dyn FnMut(usize, R)) {
    let pacer = Pacer::new(limits.rate);
    let next = AtomicUsize::new(0);
    let workers = limits.concurrency.clamp(1, MAX_CONCURRENCY).min(targets.len());
    // Bounded: a worker whose result the printer has not taken yet waits, so finished reports
    // (one holds every certificate of the CA bundle) never pile up faster than they are written.
    let (tx, rx) = mpsc::sync_channel::<(usize, R)>(workers.max(1));
    std::thread::scope(|s| {
        for _ in 0..workers {
            let tx = tx.clone();
            let (pacer, next) = (&pacer, &next);
            // Small stacks: 256 threads × the default 2 MiB would be most of the memory budget.
            let spawned = std::thread::Builder::new().stack_size(256 * 1024).spawn_scoped(s, move || loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(target) = targets.get(i) else { break };
                // The first connection's wait is not the target's time: its deadline starts after.
                pacer.wait();
                let budget = Budget {
                    deadline: Instant::now() + limits.timeout,
                    max_bytes: limits.max_bytes,
                    retries: limits.retries,
                };
                let first = std::cell::Cell::new(true);
                let before = || {
                    if !first.replace(false) {
                        pacer.wait();
                    }
                };
                if tx.send((i, job(target, budget, &before))).is_err() {
                    break;
                }
            });
            if spawned.is_err() {
                // Fewer threads than asked (a thread limit): the others share the work.
                break;
            }
        }
        drop(tx);
        for (i, r) in rx {
            on_result(i, r);
        }
    });
}

/// A counting semaphore for the CPU-bound step (the analysis): the network waits run
/// `concurrency` wide, but only this many reports are built at once. Each analysis parses the
/// CA bundle (the RDS bundle: 122 certificates, about 1.5 MB while parsed), so letting 128 run
/// at once on two cores only multiplies the memory without finishing sooner.
pub struct Slots {
    free: Mutex<usize>,
    freed: Condvar,
}

impl Slots {
    pub fn new(n: usize) -> Slots {
        Slots { free: Mutex::new(n.max(1)), freed: Condvar::new() }
    }

    /// As many as the machine has cores.
    pub fn per_core() -> Slots {
        Slots::new(std::thread::available_parallelism().map_or(2, |n| n.get()))
    }

    /// Runs `f` holding one slot. A wait here is bounded by the analyses ahead of it, which
    /// do no I/O.
    pub fn run<T>(&self, f: impl FnOnce() -> T) -> T {
        {
            let mut free = self.free.lock().unwrap_or_else(|p| p.into_inner());
            while *free == 0 {
                free = self.freed.wait(free).unwrap_or_else(|p| p.into_inner());
            }
            *free -= 1;
        }
        // Released even if `f` panics.
        struct Release<'a>(&'a Slots);
        impl Drop for Release<'_> {
            fn drop(&mut self) {
                *self.0.free.lock().unwrap_or_else(|p| p.into_inner()) += 1;
                self.0.freed.notify_one();
            }
        }
        let _release = Release(self);
        f()
    }
}
