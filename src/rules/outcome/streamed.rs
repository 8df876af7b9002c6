//! Judging a capture file's connections while it is still being read (natively): the reader
//! hands each connection over as it ends ([`Handoff`]), a second thread judges it and lets its
//! bytes go, and only the open connections — and the one to show — are ever held. When the
//! judge falls behind (judging costs about as much as reading), the reader judges the next one
//! itself, so both cores stay busy. On 10,000 sessions this overlaps judging with reading, and
//! memory holds the connections in flight instead of the whole file.
//!
//! The judge hands each batch back and the reader frees it: memory is freed on the thread
//! that allocated it. Freed on the judge's thread (glibc's allocator keeps an arena per
//! thread), the 10,000 connections of `cargo bench --bench capture` cost the judge 34–37 ms
//! just to drop, more than judging them, and the streamed read + judge took 75–79 ms, slower
//! than 46–50 ms with no second thread at all; handed back, 36–37 ms (in-process medians).
//!
//! The result is the one [`super::outcomes`] gives for the whole decoded capture: an ended
//! connection cannot change but by a protocol error (payload after both FINs or a reset, then
//! counted in its notes), and its packet count is taken at the end.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::mpsc::{channel, sync_channel, Receiver, Sender, SyncSender, TrySendError};
use std::thread::JoinHandle;

use crate::report::connections::{most_telling, telling_key, ConnectionOutcome, TellingKey};
use crate::report::Report;
use crate::source::capture::{Connection, Decoded, Handoff};
use crate::source::inputs::Inputs;
use crate::vocab::Transcript;

/// Connections go to the judge in batches of this many (one wake-up each, not one per
/// connection: waking a sleeping thread per connection was a tenth of the time).
const BATCH: usize = 16;
/// Batches waiting for the judge; when it is this far behind, the reader judges the next batch.
const IN_FLIGHT: usize = 4;

/// A capture read and judged: every connection's outcome, the one to show, and the decoded
/// capture where only that one (and the connections still open at the end) keep their bytes.
#[derive(Debug)]
pub struct Judged {
    pub decoded: Decoded,
    pub outcomes: Vec<ConnectionOutcome>,
    /// `keep` when given, else the most telling connection.
    pub selected: Option<usize>,
}

impl Judged {
    /// The capture's report ([`super::capture_report`] of the same capture, without judging
    /// it again): the selected connection through the whole analysis with `inputs`.
    pub fn report(self, inputs: &Inputs, now: i64) -> Report {
        let capture = self.decoded.transcript(self.selected);
        super::report_with_outcomes(self.outcomes, self.selected, &Inputs { capture, ..inputs.clone() }, now)
    }
}

/// The judging thread, started before the capture is read.
#[derive(Debug)]
pub struct Judge {
    worker: JoinHandle<Partial>,
    /// What the reader judged itself while the judge was behind.
    reader: Rc<RefCell<Partial>>,
    /// Batches the judge is done with, for the reader to free.
    back: Rc<Receiver<Vec<Connection>>>,
    now: Option<i64>,
    keep: Option<usize>,
}

/// The outcomes of some of the connections handed over, and the one to show among them.
#[derive(Debug, Default)]
struct Partial {
    outcomes: Vec<ConnectionOutcome>,
    /// The connection to show among these: `keep`, else the most telling so far (with its key).
    shown: Option<(usize, Transcript)>,
    best: Option<TellingKey>,
}

impl Partial {
    /// Judges `c` and takes its bytes when it is the one to show so far.
    fn take(&mut self, c: &mut Connection, now: Option<i64>, keep: Option<usize>) {
        let o = super::outcome_of(c, now);
        let shown = match keep {
            Some(id) => c.id == id,
            None => {
                let key = telling_key(&o);
                let better = self.best.is_none_or(|b| key > b);
                if better {
                    self.best = Some(key);
                }
                better
            }
        };
        if shown {
            self.shown = Some((c.id, std::mem::take(&mut c.transcript)));
        }
        self.outcomes.push(o);
    }
}

impl Judge {
    /// Starts judging; give the [`Handoff`] to the capture's [`crate::source::capture::Decoder`].
    /// `keep`: the connection to show whatever the outcomes (`--connection N`).
    pub fn start(now: Option<i64>, keep: Option<usize>) -> (Judge, Handoff) {
        let (tx, rx) = sync_channel::<Vec<Connection>>(IN_FLIGHT);
        let (back_tx, back_rx) = channel::<Vec<Connection>>();
        let worker = std::thread::spawn(move || judge(&rx, &back_tx, now, keep));
        let reader = Rc::new(RefCell::new(Partial::default()));
        let back = Rc::new(back_rx);
        let mut batcher = Batcher {
            tx,
            batch: Vec::with_capacity(BATCH),
            here: Rc::clone(&reader),
            back: Rc::clone(&back),
            now,
            keep,
        };
        let handoff = Handoff::new(move |c| batcher.add(c));
        (Judge { worker, reader, back, now, keep }, handoff)
    }

    /// The decoder has finished (so the handoff, and with it the channel, is gone): the
    /// handed-over outcomes, and the connections still open at the end judged here.
    pub fn finish(self, mut decoded: Decoded) -> Judged {
        let judged = match self.worker.join() {
            Ok(p) => p,
            Err(panic) => std::panic::resume_unwind(panic),
        };
        self.back.try_iter().for_each(drop);
        let here = std::mem::take(&mut *self.reader.borrow_mut());
        let Decoded::Connections { connections, .. } = &mut decoded else {
            return Judged { decoded, outcomes: Vec::new(), selected: None };
        };
        // Each part is in the order connections ended, close to id order: a stable sort
        // merges the runs.
        let mut outcomes = judged.outcomes;
        outcomes.extend(here.outcomes);
        let mut handed = vec![false; connections.len()];
        for o in &mut outcomes {
            if let (Some(c), Some(h)) = (connections.get(o.id), handed.get_mut(o.id)) {
                // Packets after the end (the last ACKs) are counted by now.
                o.packets = c.packets;
                *h = true;
            }
        }
        let open: Vec<&Connection> =
            connections.iter().filter(|c| !handed.get(c.id).copied().unwrap_or(true)).collect();
        outcomes.extend(super::judge_all(&open, self.now));
        outcomes.sort_by_key(|o| o.id);
        let selected = self.keep.or_else(|| most_telling(&outcomes));
        for (id, transcript) in judged.shown.into_iter().chain(here.shown) {
            if Some(id) == selected {
                if let Some(c) = connections.get_mut(id) {
                    c.transcript = transcript;
                }
            }
        }
        Judged { decoded, outcomes, selected }
    }
}

/// Gathers the connections handed over into batches for the judge; the last, partial batch
/// is sent when the handoff is dropped (the decoder has finished).
struct Batcher {
    tx: SyncSender<Vec<Connection>>,
    batch: Vec<Connection>,
    here: Rc<RefCell<Partial>>,
    back: Rc<Receiver<Vec<Connection>>>,
    now: Option<i64>,
    keep: Option<usize>,
}

impl Batcher {
    fn add(&mut self, c: Connection) {
        // What the judge is done with is freed here, where it was allocated.
        self.back.try_iter().for_each(drop);
        self.batch.push(c);
        if self.batch.len() >= BATCH {
            let batch = std::mem::replace(&mut self.batch, Vec::with_capacity(BATCH));
            match self.tx.try_send(batch) {
                Ok(()) => {}
                // Behind, or gone (a panic there, which `finish` reports): judged here.
                Err(TrySendError::Full(batch) | TrySendError::Disconnected(batch)) => self.judge_here(batch),
            }
        }
    }

    fn judge_here(&self, mut batch: Vec<Connection>) {
        let mut here = self.here.borrow_mut();
        for c in &mut batch {
            here.take(c, self.now, self.keep);
        }
    }
}

impl Drop for Batcher {
    fn drop(&mut self) {
        let batch = std::mem::take(&mut self.batch);
        if let Err(std::sync::mpsc::SendError(batch)) = self.tx.send(batch) {
            self.judge_here(batch);
        }
    }
}

/// The judging thread: each connection handed over is judged, its bytes kept if it is the one
/// to show, and each batch goes back to the reader to be freed (once the reader has finished,
/// nobody reads `back`: the last batches are freed by `Judge::finish`).
fn judge(
    rx: &Receiver<Vec<Connection>>,
    back: &Sender<Vec<Connection>>,
    now: Option<i64>,
    keep: Option<usize>,
) -> Partial {
    let mut p = Partial::default();
    for mut batch in rx.iter() {
        for c in &mut batch {
            p.take(c, now, keep);
        }
        // Fails only when the reader gave up (an unreadable file: its `Judge` was dropped
        // without `finish`); the batch is then freed here.
        let _ = back.send(batch);
    }
    p
}
