//! Pasted text and dropped non-capture files: each dump tool's real output (fixtures made by
//! tests/fixtures/capture/make.sh from SYNTHETIC packets), base64, raw bytes; packets vs.
//! one-direction payload.

mod support;

use std::path::PathBuf;

use mysql_tls_doctor::source::capture::{
    decode, decode_text, CaptureError, Decoded, Format, Location, Problem, ProblemKind, TextError,
};

use mysql_tls_doctor::vocab::Direction;
use support::pcap_writer as w;
use support::wire;

fn fixture(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/capture").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn bytes_of(d: Decoded) -> (Vec<u8>, Format, Vec<Problem>) {
    match d {
        Decoded::Bytes { bytes, format, problems } => (bytes, format, problems),
        other => panic!("expected bytes, got {other:?}"),
    }
}

#[test]
fn reads_each_tools_dump_of_a_greeting() {
    let greeting = wire::greeting();
    for (name, format) in [
        ("greeting_xxd.txt", Format::Hex),
        ("greeting_xxd_g1.txt", Format::Hex),
        ("greeting_xxd_p.txt", Format::Hex),
        ("greeting_hexdump_C.txt", Format::Hex),
        ("greeting_od_x.txt", Format::Hex),
        ("greeting_od_octal.txt", Format::Hex),
        ("wireshark_hex_ascii.txt", Format::Hex),
        ("wireshark_hex_only.txt", Format::Hex),
        ("wireshark_hex_stream.txt", Format::Hex),
        ("wireshark_escaped.txt", Format::Hex),
        ("greeting_base64.txt", Format::Base64),
    ] {
        let text = fixture(name);
        for forced in [Format::Auto, format] {
            let d = decode_text(&text, forced).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(bytes_of(d), (greeting.clone(), format, vec![]), "{name} as {forced}");
        }
        // A dropped file holding the text reads the same.
        let d = decode(text.as_bytes(), Format::Auto).expect("decodes");
        assert_eq!(bytes_of(d).0, greeting, "{name} dropped");
    }
}

#[test]
fn reads_hexdump_words_byte_swapped_with_a_warning() {
    let d = decode_text(&fixture("greeting_hexdump.txt"), Format::Auto).expect("decodes");
    let (bytes, format, problems) = bytes_of(d);
    assert_eq!((bytes, format), (wire::greeting(), Format::Hex));
    assert_eq!(problems, vec![Problem { at: Location::Line(1), kind: ProblemKind::Text(TextError::SwappedWords) }]);
}

fn assert_fixture_session(d: &Decoded, link: &str) {
    let Decoded::Connections { connections, link_type, frames, problems } = d else {
        panic!("expected connections: {d:?}");
    };
    assert_eq!((link_type.as_str(), *frames), (link, 6), "{problems:?}");
    assert!(problems.is_empty(), "{problems:?}");
    let c = &connections[0];
    assert_eq!(connections.len(), 1);
    assert_eq!((c.client.to_string(), c.server.to_string()), ("127.0.0.1:54321".into(), "127.0.0.1:3306".into()));
    assert!(c.likely_mysql);
    assert_eq!(c.transcript.to_client, wire::greeting());
    assert_eq!(c.transcript.to_server, [wire::ssl_request(), wire::client_hello("db.example.com")].concat());
    assert_eq!(c.transcript.order, vec![(Direction::ServerToClient, 0..78), (Direction::ClientToServer, 0..125)]);
}

#[test]
fn reads_tcpdump_x_packets_as_raw_ip() {
    for name in ["tcpdump_X.txt", "tcpdump_x.txt"] {
        let d = decode_text(&fixture(name), Format::Auto).expect("decodes");
        assert_fixture_session(&d, "raw IP (101), from tcpdump -X");
    }
}

#[test]
fn reads_tcpdump_xx_packets_with_their_ethernet_header() {
    let d = decode_text(&fixture("tcpdump_XX.txt"), Format::Hex).expect("decodes");
    assert_fixture_session(&d, "Ethernet (1), from tcpdump -X");
}

#[test]
fn reads_tshark_x_packets_separated_by_offset_zero() {
    let d = decode_text(&fixture("tshark_x.txt"), Format::Auto).expect("decodes");
    assert_fixture_session(&d, "Ethernet (1), from Wireshark hex dump");
}

#[test]
fn reads_a_pcap_that_was_base64_or_xxd_encoded() {
    for name in ["session_pcap_base64.txt", "session_pcap_xxd.txt"] {
        let d = decode_text(&fixture(name), Format::Auto).expect("decodes");
        assert_fixture_session(&d, "Ethernet (1)");
    }
}

#[test]
fn reads_plain_hex_in_every_spelling() {
    let want = vec![0x16, 0x03, 0x01, 0x00, 0x2f];
    for text in [
        "1603 01002f",
        "16030100 2F\n",
        "16 03 01 00 2f",
        "16:03:01:00:2f",
        "0x16, 0x03, 0x01, 0x00, 0x2f",
        "{ 0x16,0x3,0x1,0x0,0x2f }",
        "\"\\x16\\x03\\x01\" \\\n\"\\x00\\x2f\"",
    ] {
        let d = decode_text(text, Format::Auto).unwrap_or_else(|e| panic!("{text:?}: {e}"));
        assert_eq!(bytes_of(d).0, want, "{text:?}");
    }
}

#[test]
fn never_reads_the_ascii_column_as_hex() {
    // Real `hexdump -C` of the bytes "deadbeef cafe babe face": the ASCII column is all hex.
    let text = "00000000  64 65 61 64 62 65 65 66  20 63 61 66 65 20 62 61  |deadbeef cafe ba|\n\
                00000010  62 65 20 66 61 63 65                              |be face|\n\
                00000017\n";
    assert_eq!(bytes_of(decode_text(text, Format::Auto).expect("decodes")).0, b"deadbeef cafe babe face");
    // The same bytes, Wireshark style, last line padded and not padded.
    for last in
        ["0010   62 65 20 66 61 63 65                              be face", "0010   62 65 20 66 61 63 65   be face"]
    {
        let text = format!("0000   64 65 61 64 62 65 65 66 20 63 61 66 65 20 62 61   deadbeef cafe ba\n{last}\n");
        assert_eq!(bytes_of(decode_text(&text, Format::Auto).expect("decodes")).0, b"deadbeef cafe babe face");
    }
    // xxd, last group partial.
    let text = "00000000: 6465 6164 6265 6566 2063 6166 6520 6261  deadbeef cafe ba\n\
                00000010: 6265 2066 6163 65                        be face\n";
    assert_eq!(bytes_of(decode_text(text, Format::Auto).expect("decodes")).0, b"deadbeef cafe babe face");
}

#[test]
fn reads_hexdump_repeat_lines() {
    let text = "00000000  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |................|\n\
                *\n\
                00000030  4a 00                                             |J.|\n\
                00000032\n";
    let (bytes, _, problems) = bytes_of(decode_text(text, Format::Auto).expect("decodes"));
    assert!(problems.is_empty());
    assert_eq!(bytes.len(), 50);
    assert_eq!(&bytes[48..], &[0x4a, 0]);
}

#[test]
fn ignores_text_around_a_dump_and_says_which_lines() {
    let text = format!("Here is the greeting:\n{}\nthanks\n", fixture("wireshark_hex_ascii.txt"));
    let (bytes, _, problems) = bytes_of(decode_text(&text, Format::Auto).expect("decodes"));
    assert_eq!(bytes, wire::greeting());
    let lines: Vec<Location> = problems.iter().map(|p| p.at).collect();
    assert_eq!(lines, vec![Location::Line(1), Location::Line(8)]);
    assert!(matches!(problems[0].kind, ProblemKind::LineIgnored { .. }));
}

#[test]
fn reads_several_wireshark_dumps_of_one_direction_as_one_byte_run() {
    // Two payload-only copies (a TLS record split over two segments): not packets, so bytes.
    let text = "0000   16 03 03 00 04   .....\n\n0000   0e 00 00 00   ....\n";
    let (bytes, format, _) = bytes_of(decode_text(text, Format::Auto).expect("decodes"));
    assert_eq!((bytes, format), (vec![0x16, 3, 3, 0, 4, 0x0e, 0, 0, 0], Format::Hex));
}

#[test]
fn reads_raw_files_as_bytes_or_as_one_packet() {
    let greeting = wire::greeting();
    let (bytes, format, _) = bytes_of(decode(&greeting, Format::Auto).expect("decodes"));
    assert_eq!((bytes, format), (greeting.clone(), Format::Raw));
    // A whole Ethernet frame exported from Wireshark ("Export Packet Bytes").
    let mut f = w::Flow::new("10.0.0.1:3306", "10.0.0.2:50000");
    let frame = w::Link::Ethernet.frame(&w::ip_packet(&f.client(&greeting)));
    let d = decode(&frame, Format::Auto).expect("decodes");
    let Decoded::Connections { connections, link_type, .. } = &d else { panic!("{d:?}") };
    assert_eq!(link_type, "Ethernet (1), from one raw packet");
    assert_eq!(connections[0].transcript.to_client, greeting);
    assert_eq!(connections[0].server.port(), 3306);
    // Forced raw: the bytes, whatever they look like.
    let (bytes, format, _) = bytes_of(decode(&frame, Format::Raw).expect("decodes"));
    assert_eq!((bytes, format), (frame, Format::Raw));
    // A MySQL packet of length 0x45 is not an IPv4 header.
    let look_alike = wire::packet(0, &[0x0a; 0x45]);
    assert!(matches!(decode(&look_alike, Format::Auto), Ok(Decoded::Bytes { .. })));
}

#[test]
fn rejects_text_that_is_no_format_with_line_and_column() {
    assert_eq!(
        decode_text("16 03 01\n00 2g", Format::Hex),
        Err(CaptureError::Text { line: 2, column: 5, error: TextError::NotHex { ch: 'g' } })
    );
    assert_eq!(
        decode_text("16 03 01\n00 2", Format::Auto),
        Err(CaptureError::Text { line: 2, column: 5, error: TextError::OddDigits { digits: 9 } })
    );
    assert_eq!(
        decode_text("SGVsbG8g\nd29y!GQ=", Format::Base64),
        Err(CaptureError::Text { line: 2, column: 5, error: TextError::NotBase64 { ch: '!' } })
    );
    assert_eq!(
        decode_text("ERROR 2026 (HY000): SSL connection error", Format::Auto),
        Err(CaptureError::Text { line: 1, column: 12, error: TextError::Unrecognised { ch: '(' } })
    );
    assert_eq!(
        decode_text("0000   4a 00 00 00   J...\n0010   0a 35   .5\n", Format::Auto),
        Err(CaptureError::Text { line: 1, column: 22, error: TextError::LineLength { expected: 16, got: 4 } })
    );
    assert_eq!(
        decode_text("00000000: 4a00 0000  J...\n00000010: 0a35  .5\n", Format::Auto),
        Err(CaptureError::Text { line: 1, column: 22, error: TextError::LineLength { expected: 16, got: 4 } })
    );
    assert_eq!(decode_text(" \n\t", Format::Auto), Err(CaptureError::Empty));
    assert_eq!(decode(b"", Format::Auto), Err(CaptureError::Empty));
}

#[test]
fn rejects_binary_forced_as_text_with_its_offset() {
    assert_eq!(
        decode(&[b'4', b'a', 0, 0], Format::Hex),
        Err(CaptureError::NotText { offset: 2, byte: 0, format: "hex" })
    );
}
