//! Progress on standard error: a bar redrawn in place on a terminal (at most ten times a
//! second), one plain line per finished target otherwise (logs, CI).

use std::io::{IsTerminal as _, Write};
use std::time::{Duration, Instant};

pub struct Progress {
    total: usize,
    done: usize,
    passed: usize,
    failed: usize,
    unchecked: usize,
    tty: bool,
    last: Option<Instant>,
}

impl Progress {
    pub fn new(total: usize) -> Progress {
        Progress {
            total,
            done: 0,
            passed: 0,
            failed: 0,
            unchecked: 0,
            tty: std::io::stderr().is_terminal(),
            last: None,
        }
    }

    /// One target finished: `word` is its outcome (a status word or a failure kind).
    pub fn finished(&mut self, target: &str, word: &str, pass: bool, checked: bool) {
        self.done += 1;
        match (pass, checked) {
            (true, _) => self.passed += 1,
            (false, true) => self.failed += 1,
            (false, false) => self.unchecked += 1,
        }
        let mut err = std::io::stderr().lock();
        if !self.tty {
            let _ = writeln!(err, "fleet: [{}/{}] {} {word}", self.done, self.total, crate::text::clip(target, 80));
            return;
        }
        let due = self.last.is_none_or(|t| t.elapsed() >= Duration::from_millis(100)) || self.done == self.total;
        if due {
            self.last = Some(Instant::now());
            let width = 30;
            let filled = (self.done * width).checked_div(self.total).unwrap_or(width);
            let _ = write!(
                err,
                "\r[{}{}] {}/{}  pass {}  fail {}  unreachable {}",
                "#".repeat(filled),
                ".".repeat(width - filled),
                self.done,
                self.total,
                self.passed,
                self.failed,
                self.unchecked
            );
            if self.done == self.total {
                let _ = writeln!(err);
            }
            let _ = err.flush();
        }
    }
}
