//! Fuzz entry points: one function per cargo-fuzz target in `fuzz/fuzz_targets/`, each taking
//! the fuzzer's bytes. The targets and the corpus-replay tests (`tests/fuzz_corpus*.rs`) both
//! call these, so a corpus file replays exactly what the fuzzer ran.
//!
//! Besides "does not panic", each entry point checks its decoder's invariants and panics with a
//! message naming the broken one: libFuzzer reports that as a crash and saves the input, and
//! the replay test fails on it.
//!
//! | target | invariants |
//! |---|---|
//! | [`mysql_packets`] | every byte of each direction lands in exactly one message; a finer wire order of the same bytes decodes the same |
//! | [`tls_records`] | every byte of the TLS stream lands in one message; handshake reassembly does not depend on how fragments are cut |
//! | [`capture_pcap`] | two chunkings through the streaming decoder give the whole-input answer; every connection's bytes tile into messages |
//! | [`capture_text`] | every connection's bytes of a pasted dump tile into messages |
//! | [`pem_bundle`] | the PEM parser's result does not depend on line ends (LF, CRLF) |
//! | [`share_link`] | a state round-trips through a link; any fragment decodes without panic and within the caps |
//!
//! Not checked yet, because the code does not exist yet: that a capture's connection outcomes
//! agree with its messages (connections have no outcome), and the error-message and settings
//! parsers (not written; each gets a target when it lands).
//!
//! No I/O, clock or randomness: everything derives from the input.

mod capture;
mod conversation;
mod pem;
mod share;

pub use capture::{capture_pcap, capture_text};
pub use conversation::{assert_tiles, mysql_packets, tls_records};
pub use pem::pem_bundle;
pub use share::share_link;
