//! Share links: `#v1.`/`#v2.` fragments in, states out, and states back into links.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;

use crate::share::codec::{MAX_FRAGMENT, MAX_INFLATED, PREFIX, PREFIX_V2};
use crate::share::state::{MAX_HOSTS, MAX_HOST_LEN};
use crate::share::{decode, encode, preview, ShareError, SharedState};
use crate::source::inputs::Inputs;
use crate::vocab::Transcript;

/// A link opens the same in every transcript of at most this many messages.
const MAX_CAPTURE_MESSAGES: usize = 4096;

/// Any bytes as fragment text; as a state's wire bytes packed into a link; and as pasted
/// inputs (certificate text, hostnames, a capture) shared and opened again.
pub fn share_link(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Ok(s) = decode(&text) {
        check_opened(&text, s);
    }
    // Past base64 and deflate, to reach the state decoder with the fuzzer's bytes: the link
    // must read exactly what postcard reads.
    let packed = URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(data, 1));
    let (v1, v2) = (format!("{PREFIX}{packed}"), format!("{PREFIX_V2}{packed}"));
    let direct = postcard::from_bytes::<SharedState>(data).ok();
    if v2.len() <= MAX_FRAGMENT && data.len() <= MAX_INFLATED {
        assert_eq!(decode(&v2).ok(), direct, "the v2 link's state differs from the state its bytes hold");
        // v1 is v2's first fields (postcard reads a prefix and leaves the rest): bytes that are
        // a v2 state open as v1 with those fields and none of v2's.
        if let Some(s) = &direct {
            let v1_fields = SharedState { error: String::new(), settings: String::new(), warn_days: None, ..s.clone() };
            assert_eq!(decode(&v1).ok(), Some(v1_fields), "a v1 link does not read v2's first fields");
        }
        if let Ok(s) = decode(&v1) {
            assert!(s.error.is_empty() && s.settings.is_empty() && s.warn_days.is_none(), "a v1 link has v2 fields");
        }
    }
    if let Some(s) = direct {
        round_trip(s);
    }
    // A state as the page builds one: from what a person pasted.
    let hosts = text.lines().map(str::to_owned).collect();
    let (server, client) = data.split_at(data.len() / 2);
    let capture = Transcript::alternating(client.to_vec(), server.to_vec(), 1 + server.len() % 61);
    let inputs = Inputs {
        ca_bundle: text.to_string(),
        ca_label: None,
        chain: text.to_string(),
        hosts,
        capture: Some(capture),
        ..Inputs::default()
    };
    let at = data.first().map(|b| i64::from(*b) * 86_400 * 365);
    round_trip(SharedState::from_inputs(&inputs, at, None));
}

/// decode(encode(state)) is the state, unless it is too big for a link (then the cap says so).
fn round_trip(s: SharedState) {
    let link = encode(&s);
    let raw_len = postcard::to_allocvec(&s).map_or(0, |v| v.len());
    let expected = if link.len() > MAX_FRAGMENT {
        Err(ShareError::TooLong { len: link.len(), max: MAX_FRAGMENT })
    } else if raw_len > MAX_INFLATED {
        Err(ShareError::TooLarge { max: MAX_INFLATED })
    } else {
        Ok(s)
    };
    assert_eq!(decode(&link), expected, "a state did not survive its link {link}");
}

/// A fragment that opened stays within the caps, re-shares as the same state, and opens into
/// bounded inputs.
fn check_opened(fragment: &str, s: SharedState) {
    assert!(
        fragment.strip_prefix('#').unwrap_or(fragment).len() <= MAX_FRAGMENT,
        "a fragment over {MAX_FRAGMENT} opened"
    );
    let raw_len = postcard::to_allocvec(&s).map_or(0, |v| v.len());
    assert!(raw_len <= MAX_INFLATED, "a fragment opened into {raw_len} bytes of state, over {MAX_INFLATED}");
    let _ = preview::describe(&s);
    round_trip(s.clone());
    let Ok(opened) = s.into_inputs(None) else {
        return;
    };
    let hosts = &opened.inputs.hosts;
    assert!(hosts.len() <= MAX_HOSTS, "a link opened with {} hostnames", hosts.len());
    // `clip` keeps MAX_HOST_LEN characters and adds an ellipsis.
    let longest = hosts.iter().map(|h| h.chars().count()).max().unwrap_or(0);
    assert!(longest <= MAX_HOST_LEN + 1, "a link opened with a {longest}-character hostname");
    let messages = opened.inputs.capture.map_or(0, |t| t.order.len());
    assert!(messages <= MAX_CAPTURE_MESSAGES, "a link opened with a {messages}-message capture");
}
