//! Share links: round trips, size, redaction, and safety when opening a stranger's link.

mod support;

use mysql_tls_doctor::share::state::{Builtin, CaRef, CertRef};
use mysql_tls_doctor::share::{decode, encode, preview, ShareError, SharedState};
use mysql_tls_doctor::source::builtin;
use mysql_tls_doctor::vocab::{Direction, Transcript};
use mysql_tls_doctor::{analyze, Inputs};
use proptest::prelude::*;
use support::certs::{pem, Spec};
use support::wire;

const NOW: i64 = 1_767_225_600;
const ENDPOINT: &str = "mydb.abc123xyz.us-east-1.rds.amazonaws.com";

fn rds() -> Builtin<'static> {
    Builtin::new(builtin::RDS_GLOBAL_ID, builtin::RDS_GLOBAL_PEM)
}

fn rds_like() -> (String, String) {
    let root = Spec::rds_ca("Amazon RDS us-east-1 Root CA RSA2048 G1").issue_ca(None);
    let sub = Spec::rds_ca("Amazon RDS us-east-1 Subordinate CA RSA2048 G1.A.1").issue_ca(Some(&root));
    let leaf = Spec::leaf(ENDPOINT, &[ENDPOINT]).issue(&sub);
    (pem(&root), format!("{leaf}{}", pem(&sub)))
}

/// The verdicts and finding ids of a report, for comparing two analyses.
fn outcome(i: &Inputs, at: i64) -> (Vec<(String, String, bool)>, Vec<String>) {
    let r = analyze(i, at);
    (
        r.verdicts.iter().map(|v| (v.host.clone(), v.client.to_string(), v.ok)).collect(),
        r.findings.iter().map(|f| f.id.to_string()).collect(),
    )
}

#[test]
fn a_link_reopens_to_the_same_diagnosis() {
    let (root, chain) = rds_like();
    let inputs = Inputs {
        ca_bundle: root,
        ca_label: None,
        chain,
        hosts: vec![ENDPOINT.into(), "db.mycompany.example:3306".into()],
        capture: None,
        ..Default::default()
    };
    let link = encode(&SharedState::from_inputs(&inputs, Some(NOW), None));
    assert!(link.starts_with("v1."));
    let opened = decode(&format!("#{link}")).expect("decodes").into_inputs(None).expect("opens");
    assert_eq!(opened.at, Some(NOW));
    assert_eq!(outcome(&inputs, NOW), outcome(&opened.inputs, NOW));
}

/// RSA-2048 like the real RDS G1 chain, so the size is the real one.
fn rds_like_rsa() -> (String, String, Vec<Vec<u8>>) {
    let root = Spec::rds_ca("Amazon RDS us-east-1 Root CA RSA2048 G1").rsa().issue_ca(None);
    let sub = Spec::rds_ca("Amazon RDS us-east-1 Subordinate CA RSA2048 G1.A.1").rsa().issue_ca(Some(&root));
    let leaf = Spec::leaf(ENDPOINT, &[ENDPOINT]).rsa().issue(&sub);
    let chain = format!("{leaf}{}", pem(&sub));
    let ders = mysql_tls_doctor::decode::pki::pem::parse(&chain).certs.into_iter().map(|c| c.der).collect();
    (pem(&root), chain, ders)
}

/// A TLS 1.2 handshake as the server would send it (SYNTHETIC bytes around real certificates).
fn tls12_capture(chain: &[Vec<u8>]) -> Transcript {
    let ders: Vec<&[u8]> = chain.iter().map(Vec::as_slice).collect();
    let parts = [
        (Direction::ServerToClient, wire::greeting()),
        (Direction::ClientToServer, wire::ssl_request()),
        (Direction::ClientToServer, wire::client_hello(ENDPOINT)),
        (Direction::ServerToClient, wire::server_flight(&ders)),
    ];
    Transcript::from_parts(&parts)
}

#[test]
fn typical_rds_case_fits_in_4000_characters() {
    let (_root, chain, ders) = rds_like_rsa();
    let b = rds();
    let inputs = Inputs {
        ca_bundle: builtin::RDS_GLOBAL_PEM.into(),
        ca_label: Some(builtin::RDS_GLOBAL_ID.into()),
        chain,
        hosts: vec![
            ENDPOINT.into(),
            "mydb.cluster-abc123xyz.us-east-1.rds.amazonaws.com".into(),
            "db.mycompany.example".into(),
        ],
        capture: Some(tls12_capture(&ders)),
        ..Default::default()
    };
    let state = SharedState::from_inputs(&inputs, None, Some(&b));
    let kept = state.capture.as_ref().map(|c| c.messages.len()).unwrap_or(0);
    assert!(kept >= 4, "greeting, SSLRequest, ClientHello, the server flight: {kept} messages");
    assert!(matches!(state.ca, CaRef::Builtin { .. }), "the bundle goes by reference");
    let link = encode(&state);
    println!("typical link: {} characters", link.len());
    assert!(link.len() <= 4000, "{} characters", link.len());
    let opened = decode(&link).expect("decodes").into_inputs(Some(&b)).expect("opens");
    assert_eq!(opened.inputs.ca_label.as_deref(), Some(builtin::RDS_GLOBAL_ID));
    assert_eq!(outcome(&inputs, NOW), outcome(&opened.inputs, NOW));
    // Without the bundle the page says why it cannot open the link.
    let err = decode(&link).expect("decodes").into_inputs(None).expect_err("needs the bundle");
    assert!(err.contains("rds-global-2024-06"), "{err}");
}

#[test]
fn bundle_certificates_in_the_chain_go_by_reference() {
    let b = rds();
    // The server sent two certificates that are in the built-in bundle.
    let chain: String = b.ders.iter().take(2).map(|d| mysql_tls_doctor::decode::pki::pem::to_pem(d)).collect();
    let inputs =
        Inputs { ca_bundle: "".into(), ca_label: None, chain, hosts: vec![], capture: None, ..Default::default() };
    let state = SharedState::from_inputs(&inputs, None, Some(&b));
    assert_eq!(state.chain, vec![CertRef::Builtin(0), CertRef::Builtin(1)]);
}

#[test]
fn secrets_never_enter_a_link() {
    let (root, chain) = rds_like();
    let pasted = format!("$ mysql -u admin -pHunter2secret\n-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49\n-----END PRIVATE KEY-----\n{chain}");
    let inputs = Inputs {
        ca_bundle: root,
        ca_label: None,
        chain: pasted,
        hosts: vec!["mysql://admin:Hunter2secret@db.example.com:3306/x".into()],
        capture: None,
        ..Default::default()
    };
    let state = SharedState::from_inputs(&inputs, None, None);
    assert_eq!(state.hosts, vec!["db.example.com".to_string()]);
    let raw = postcard_bytes(&state);
    for secret in ["Hunter2secret", "MIGHAgEAMBMGByqGSM49", "admin"] {
        assert!(!raw.windows(secret.len()).any(|w| w == secret.as_bytes()), "{secret} leaked");
    }
    let lines = preview::describe(&state).join("\n");
    assert!(lines.contains("Server chain: 2 certificate(s)"), "{lines}");
    assert!(lines.contains("Never included: private keys"), "{lines}");
}

fn postcard_bytes(s: &SharedState) -> Vec<u8> {
    // Decompress what encode() produced, to look at exactly what travels.
    let link = encode(s);
    let body = link.trim_start_matches("v1.");
    use base64::Engine as _;
    let packed = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(body).expect("base64");
    miniz_oxide::inflate::decompress_to_vec(&packed).expect("inflate")
}

#[test]
fn rejects_a_deflate_bomb() {
    use base64::Engine as _;
    let bomb = miniz_oxide::deflate::compress_to_vec(&vec![0u8; 64 * 1024 * 1024], 10);
    let link = format!("v1.{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bomb));
    assert!(link.len() < 256 * 1024, "the bomb itself is small: {}", link.len());
    assert_eq!(decode(&link), Err(ShareError::TooLarge { max: 1024 * 1024 }));
}

#[test]
fn rejects_broken_and_foreign_links_with_words() {
    assert_eq!(decode("v9.abc"), Err(ShareError::UnknownVersion { version: "v9".into() }));
    assert!(matches!(decode("v1.ab$cd"), Err(ShareError::NotBase64 { offset: 5 })));
    assert_eq!(decode("v1.AAAA"), Err(ShareError::NotDeflate));
    let long = format!("v1.{}", "A".repeat(300 * 1024));
    assert!(matches!(decode(&long), Err(ShareError::TooLong { .. })));
    let (root, chain) = rds_like();
    let good = encode(&SharedState::from_inputs(
        &Inputs { ca_bundle: root, ca_label: None, chain, hosts: vec![], capture: None, ..Default::default() },
        None,
        None,
    ));
    for cut in [good.len() / 2, good.len() - 3] {
        assert!(decode(&good[..cut]).is_err(), "a cut link must not open");
    }
}

fn arb_ref() -> impl Strategy<Value = CertRef> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..200).prop_map(CertRef::Der),
        any::<u16>().prop_map(CertRef::Builtin)
    ]
}

fn arb_state() -> impl Strategy<Value = SharedState> {
    (
        prop_oneof![
            ("[a-z0-9-]{0,20}", any::<[u8; 8]>()).prop_map(|(id, sha256_prefix)| CaRef::Builtin { id, sha256_prefix }),
            proptest::collection::vec(arb_ref(), 0..4).prop_map(CaRef::Certs),
        ],
        proptest::collection::vec(arb_ref(), 0..4),
        proptest::collection::vec(".{0,40}", 0..5),
        proptest::option::of(any::<i64>()),
        // Empty or not: v1 and v2 links both round-trip.
        prop_oneof![Just(String::new()), ".{0,60}"],
        prop_oneof![Just(String::new()), ".{0,60}"],
        proptest::option::of(any::<u32>()),
    )
        .prop_map(|(ca, chain, hosts, at, error, settings, warn_days)| SharedState {
            ca,
            chain,
            hosts,
            at,
            capture: None,
            error,
            settings,
            warn_days,
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]
    #[test]
    fn any_state_round_trips(state in arb_state()) {
        prop_assert_eq!(decode(&encode(&state)), Ok(state));
    }

    #[test]
    fn any_fragment_decodes_or_says_why(s in "v1\\.[A-Za-z0-9_-]{0,300}") {
        let _ = decode(&s);
    }
}

const EXAMPLE_BUNDLE: &str = include_str!("../www/examples/bundle.pem");
const EXAMPLE_LEAF_ONLY: &str = include_str!("../www/examples/chain-leaf-only.pem");
/// A v1 link as main wrote it before v2 (a40eaf6's `mysql-tls-doctor share --ca
/// www/examples/bundle.pem --chain www/examples/chain-leaf-only.pem --host ENDPOINT --at
/// 2026-01-01T00:00:00Z`): the missing-intermediate example.
const GOLDEN_V1: &str = include_str!("fixtures/links/v1-missing-intermediate.txt");

fn example_inputs() -> Inputs {
    Inputs {
        ca_bundle: EXAMPLE_BUNDLE.into(),
        chain: EXAMPLE_LEAF_ONLY.into(),
        hosts: vec![ENDPOINT.into()],
        ..Default::default()
    }
}

#[test]
fn an_old_v1_link_still_opens_and_a_state_without_v2_fields_is_still_written_as_v1() {
    let golden = GOLDEN_V1.trim();
    let opened = decode(golden).expect("decodes").into_inputs(None).expect("opens");
    assert_eq!(opened.at, Some(NOW));
    assert_eq!((opened.inputs.error_message.as_str(), opened.inputs.settings.as_str()), ("", ""));
    assert_eq!(outcome(&opened.inputs, NOW), outcome(&example_inputs(), NOW));
    assert_eq!(encode(&SharedState::from_inputs(&example_inputs(), Some(NOW), None)), golden);
}

#[test]
fn an_error_message_travels_redacted_in_a_v2_link() {
    let inputs = Inputs {
        error_message: "SQLSTATE[HY000] [1045] Access denied for user 'bob'@'10.1.2.3' (using password: YES) \
                        while connecting to mysql://bob:Hunter2secret@db.example.com:3306/app"
            .into(),
        settings: "mysql -h db.example.com -u bob -pHunter2secret --ssl-mode=VERIFY_IDENTITY".into(),
        warn_days: Some(60),
        ..example_inputs()
    };
    let state = SharedState::from_inputs(&inputs, Some(NOW), None);
    let link = encode(&state);
    assert!(link.starts_with("v2."), "{}", &link[..8]);
    let raw = {
        use base64::Engine as _;
        let packed = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(&link[3..]).expect("base64");
        miniz_oxide::inflate::decompress_to_vec(&packed).expect("inflate")
    };
    for secret in ["Hunter2secret", "bob", "10.1.2.3"] {
        assert!(!raw.windows(secret.len()).any(|w| w == secret.as_bytes()), "{secret} leaked");
    }
    let opened = decode(&link).expect("decodes").into_inputs(None).expect("opens");
    assert_eq!(
        opened.inputs.error_message,
        "SQLSTATE[HY000] [1045] Access denied for user '<user>'@'<client>' (using password: YES) \
         while connecting to mysql://<user>:<password>@db.example.com:3306/app"
    );
    assert_eq!(opened.inputs.settings, "mysql -h db.example.com -u <user> -p<password> --ssl-mode=VERIFY_IDENTITY");
    assert_eq!(opened.inputs.warn_days, Some(60));
    let lines = preview::describe(&state);
    assert_eq!(
        lines[lines.len() - 4..].to_vec(),
        vec![
            "Error message: 157 characters (removed: 2 user names, 1 password, 1 client address)".to_string(),
            "How you connect: 73 characters (removed: 1 user name, 1 password)".to_string(),
            "Expiry warning: 60 days ahead".to_string(),
            "Never included: private keys, passwords, user names, client addresses, text around the certificates."
                .to_string(),
        ]
    );
}

#[test]
fn redaction_keeps_what_explains_every_corpus_error() {
    use mysql_tls_doctor::rules::error_message::explain;
    let mut changed = Vec::new();
    for row in support::error_corpus::rows() {
        let redacted = mysql_tls_doctor::share::redact::redact(&row.text).text;
        let (a, b) = (explain(&row.text), explain(&redacted));
        let rules = |e: &mysql_tls_doctor::rules::error_message::Explanation| {
            (e.tls_related, e.client, e.candidates.iter().map(|c| c.rule).collect::<Vec<_>>())
        };
        if rules(&a) != rules(&b) {
            changed.push(format!("line {}: {:?} became {:?} ({redacted})", row.line, rules(&a), rules(&b)));
        }
    }
    assert_eq!(changed, Vec::<String>::new());
}
