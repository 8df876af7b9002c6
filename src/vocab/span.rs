//! A decoded value with the absolute byte range it came from: what lets the views light up the
//! bytes behind a field. Shared by the MySQL and TLS decoders and the field trees.

use std::ops::Range;

use serde::Serialize;

/// A decoded value and the absolute byte range it was read from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Spanned<T> {
    pub value: T,
    pub range: Range<usize>,
}

impl<T> Spanned<T> {
    pub fn new(value: T, range: Range<usize>) -> Self {
        Spanned { value, range }
    }

    /// The same range with a converted value.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Spanned<U> {
        Spanned { value: f(self.value), range: self.range }
    }
}
