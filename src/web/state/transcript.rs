//! A transcript as the page holds it and carries it to and from its workers.
//!
//! [`Transcript`] is `Deserialize` only: it may hold a login, so no report or link writes it.
//! The one place that does is here, for the trip between the page and its own workers (same
//! origin, same tab). Postcard writes struct fields in order, without names, so
//! [`TranscriptOut`] reads back as a [`Transcript`] (and, inside a message, as a
//! [`SharedTranscript`]).

use std::rc::Rc;

use serde::ser::SerializeStruct;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::vocab::Transcript;

/// A transcript written for a worker message.
#[derive(Debug, Clone, Copy)]
pub struct TranscriptOut<'a>(pub &'a Transcript);

impl Serialize for TranscriptOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Transcript", 3)?;
        st.serialize_field("to_server", &self.0.to_server)?;
        st.serialize_field("to_client", &self.0.to_client)?;
        st.serialize_field("order", &self.0.order)?;
        st.end()
    }
}

/// Shared: a 50 MB capture's transcripts are not cloned with every state change.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SharedTranscript(pub Rc<Transcript>);

impl Serialize for SharedTranscript {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        TranscriptOut(&self.0).serialize(s)
    }
}

impl<'de> Deserialize<'de> for SharedTranscript {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Transcript::deserialize(d).map(|t| SharedTranscript(Rc::new(t)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::Direction;

    #[test]
    fn a_written_transcript_reads_back_as_itself() {
        let t =
            Transcript::from_parts(&[(Direction::ServerToClient, vec![1, 2, 3]), (Direction::ClientToServer, vec![4])]);
        let bytes = postcard::to_allocvec(&TranscriptOut(&t)).expect("encodes");
        assert_eq!(postcard::from_bytes::<Transcript>(&bytes), Ok(t.clone()));
        let shared: SharedTranscript = postcard::from_bytes(&bytes).expect("decodes");
        assert_eq!(*shared.0, t);
    }
}
