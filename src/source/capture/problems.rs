//! A bounded list of problems: a capture of a million malformed frames gives a readable list
//! and a count, not a million lines.

use super::error::{Location, Problem, ProblemKind};

/// Problems kept; the rest are counted.
pub const MAX_PROBLEMS: usize = 200;

#[derive(Debug, Default)]
pub(crate) struct Problems {
    list: Vec<Problem>,
    dropped: usize,
}

impl Problems {
    pub(crate) fn push(&mut self, at: Location, kind: ProblemKind) {
        if self.list.len() < MAX_PROBLEMS {
            self.list.push(Problem { at, kind });
        } else {
            self.dropped += 1;
        }
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = &Problem> {
        self.list.iter()
    }

    pub(crate) fn into_vec(mut self) -> Vec<Problem> {
        if self.dropped > 0 {
            self.list.push(Problem { at: Location::Input, kind: ProblemKind::More { more: self.dropped } });
        }
        self.list
    }
}
