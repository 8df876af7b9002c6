//! The facts the rules read from a decoded connection. Each fact names the message it came
//! from (`message`: an index into [`Conversation::messages`]) so a finding can point at the
//! bytes. Text from the wire is made safe here. No user names, no auth data.

use serde::Serialize;

use crate::decode::conversation::{Conversation, MessageKind};
use crate::decode::mysql::auth::FastAuth;
use crate::decode::mysql::{Capabilities, MariaDbCapabilities, Tool};
use crate::decode::tls::{AlertDescription, AlertLevel, CipherSuite, ContentType, ProtocolVersion};
use crate::text::safe;
use crate::vocab::{Direction, Transcript};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Evidence {
    pub greeting: Option<GreetingFacts>,
    pub ssl_request: Option<SslRequestFacts>,
    /// A HandshakeResponse seen in clear: the login did not use TLS.
    pub plaintext_login: Option<LoginFacts>,
    /// Plugins the server switched the client to (AuthSwitchRequest), in order.
    pub auth_switches: Vec<String>,
    /// caching_sha2_password asked for full authentication (AuthMoreData 0x04) in clear.
    pub full_auth_requested: bool,
    /// The server accepted a plaintext login (OK).
    pub plaintext_login_ok: bool,
    pub errors: Vec<ErrFacts>,
    pub client_hello: Option<ClientHelloFacts>,
    pub server_hello: Option<ServerHelloFacts>,
    /// The server's chain as sent (leaf first), DER; readable only up to TLS 1.2. (JSON: base64.)
    #[serde(serialize_with = "base64_list")]
    pub server_certificates: Vec<Vec<u8>>,
    pub alerts: Vec<AlertFacts>,
    /// The ServerHello chose TLS 1.3 and encrypted records followed it.
    pub tls13_encrypted_followed: bool,
    /// Encrypted records per sender.
    pub encrypted_from_client: usize,
    pub encrypted_from_server: usize,
    /// Each side's Finished went out: TLS 1.2, an encrypted handshake record after its
    /// ChangeCipherSpec; TLS 1.3, the client's record of exactly a Finished's size for the
    /// suite's hash (a client asked for a certificate sends its Certificate first), for the
    /// server any encrypted record (its flight ends with Finished).
    pub client_finished: bool,
    pub server_finished: bool,
    /// Records of application data per sender, after that side's Finished. In TLS 1.3 every
    /// encrypted record says "application_data" outside; a client record of exactly an encrypted
    /// alert's size (2 bytes + type + 16-byte tag) is taken for an alert (close_notify), not data.
    pub app_data_from_client: usize,
    pub app_data_from_server: usize,
    /// Who sent the connection's last bytes (from the wire order).
    pub last_sender: Option<Direction>,
    pub bytes_to_server: usize,
    pub bytes_to_client: usize,
    /// How many decode problems the conversation has.
    pub decode_problems: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GreetingFacts {
    pub message: usize,
    /// As sent (MariaDB's `5.5.5-` prefix included).
    pub server_version: String,
    /// Without MariaDB's prefix.
    pub version: String,
    pub is_mariadb: bool,
    pub connection_id: u32,
    pub capabilities: Capabilities,
    pub mariadb_capabilities: Option<MariaDbCapabilities>,
    /// CLIENT_SSL is set.
    pub offers_tls: bool,
    pub auth_plugin: Option<String>,
    pub charset: Option<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SslRequestFacts {
    pub message: usize,
    pub capabilities: Capabilities,
    pub max_packet: u32,
    pub charset: u8,
    /// The scanner whose constant SSLRequest this is.
    pub tool: Option<Tool>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LoginFacts {
    pub message: usize,
    pub capabilities: Capabilities,
    pub auth_plugin: Option<String>,
    pub has_database: bool,
    /// Connection attributes `_client_name` / `_client_version`, when sent.
    pub client_name: Option<String>,
    pub client_version: Option<String>,
}

/// When an ERR came, relative to the handshake.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrWhen {
    /// Instead of a greeting (1129, 1130, 1040): not a TLS problem.
    BeforeGreeting,
    /// After the greeting, before the client said anything.
    AfterGreeting,
    /// Answering a login sent in clear (3159, 1045 …).
    AfterPlaintextLogin,
    /// After the SSLRequest: in clear after a failed TLS handshake (MariaDB's 1043).
    AfterTlsStarted,
    /// After a successful login.
    AfterLogin,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ErrFacts {
    pub message: usize,
    pub from: Direction,
    pub when: ErrWhen,
    pub code: u16,
    pub sqlstate: Option<String>,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClientHelloFacts {
    pub message: usize,
    pub legacy_version: ProtocolVersion,
    /// supported_versions when sent, else the legacy version alone (GREASE left out).
    pub offered_versions: Vec<ProtocolVersion>,
    pub sni: Option<String>,
    pub suites: Vec<CipherSuite>,
    pub alpn: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ServerHelloFacts {
    pub message: usize,
    /// Negotiated: supported_versions when sent, else the legacy field.
    pub version: ProtocolVersion,
    pub suite: CipherSuite,
    pub hello_retry_request: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AlertFacts {
    pub message: usize,
    pub from: Direction,
    pub level: AlertLevel,
    pub description: AlertDescription,
}

/// TLS 1.3 inner plaintext of an alert: level, description, content type, then the AEAD tag.
const TLS13_ENCRYPTED_ALERT_LEN: usize = 2 + 1 + 16;

/// An encrypted TLS 1.3 Finished: handshake header, verify_data (the suite's hash length),
/// content type, 16-byte AEAD tag (RFC 8446 §4.4.4, §5.2; no padding, as OpenSSL and rustls
/// send it).
fn tls13_finished_len(suite: CipherSuite) -> usize {
    let hash = if suite == CipherSuite(0x1302) { 48 } else { 32 };
    4 + hash + 1 + 16
}

/// Counts one encrypted record towards Finished and application data (see [`Evidence`]).
fn encrypted_record(e: &mut Evidence, dir: Direction, content_type: ContentType, len: usize, tls13: bool) {
    let finished_len = e.server_hello.as_ref().map(|s| tls13_finished_len(s.suite));
    let (finished, data) = match dir {
        Direction::ClientToServer => (&mut e.client_finished, &mut e.app_data_from_client),
        Direction::ServerToClient => (&mut e.server_finished, &mut e.app_data_from_server),
    };
    if tls13 {
        if !*finished {
            *finished = dir == Direction::ServerToClient || Some(len) == finished_len;
        } else if dir == Direction::ServerToClient || len != TLS13_ENCRYPTED_ALERT_LEN {
            *data += 1;
        }
    } else if content_type == ContentType::HANDSHAKE {
        *finished = true;
    } else if content_type == ContentType::APPLICATION_DATA && *finished {
        *data += 1;
    }
}

fn base64_list<S: serde::Serializer>(ders: &[Vec<u8>], s: S) -> Result<S::Ok, S::Error> {
    use base64::Engine;
    s.collect_seq(ders.iter().map(|d| base64::engine::general_purpose::STANDARD.encode(d)))
}

/// Collects the facts from a decoded connection (`t` is the transcript it was decoded from).
pub fn evidence(c: &Conversation, t: &Transcript) -> Evidence {
    let mut e = Evidence {
        last_sender: t.order.last().map(|(d, _)| *d),
        bytes_to_server: t.to_server.len(),
        bytes_to_client: t.to_client.len(),
        decode_problems: c.errors.len(),
        ..Evidence::default()
    };
    let mut logged_in = false;
    for (i, m) in c.messages.iter().enumerate() {
        match &m.kind {
            MessageKind::Greeting(g) if e.greeting.is_none() => {
                e.greeting = Some(GreetingFacts {
                    message: i,
                    server_version: safe(&g.server_version.value),
                    version: safe(g.version()),
                    is_mariadb: g.is_mariadb(),
                    connection_id: g.connection_id.value,
                    capabilities: g.capabilities,
                    mariadb_capabilities: g.mariadb_caps.as_ref().map(|m| m.value),
                    offers_tls: g.offers_tls(),
                    auth_plugin: g.auth_plugin.as_ref().map(|p| safe(&p.value)),
                    charset: g.charset.as_ref().map(|c| c.value),
                })
            }
            MessageKind::SslRequest(r) if e.ssl_request.is_none() => {
                e.ssl_request = Some(SslRequestFacts {
                    message: i,
                    capabilities: r.capabilities.value,
                    max_packet: r.max_packet.value,
                    charset: r.charset.value,
                    tool: r.tool(),
                })
            }
            MessageKind::HandshakeResponse(r) if e.plaintext_login.is_none() => {
                e.plaintext_login = Some(LoginFacts {
                    message: i,
                    capabilities: r.capabilities.value,
                    auth_plugin: r.auth_plugin.as_ref().map(|p| safe(&p.value)),
                    has_database: r.database.is_some(),
                    client_name: r.attribute("_client_name").map(safe),
                    client_version: r.attribute("_client_version").map(safe),
                })
            }
            MessageKind::AuthSwitch(a) => e.auth_switches.push(safe(a.plugin_name())),
            MessageKind::AuthMoreData(a) if a.fast_auth() == Some(FastAuth::FullAuthenticationRequired) => {
                e.full_auth_requested = true;
            }
            MessageKind::Ok(_) if e.plaintext_login.is_some() && !logged_in => {
                logged_in = true;
                e.plaintext_login_ok = true;
            }
            MessageKind::Err(err) => {
                let when = if e.greeting.is_none() {
                    ErrWhen::BeforeGreeting
                } else if logged_in {
                    ErrWhen::AfterLogin
                } else if e.ssl_request.is_some() {
                    ErrWhen::AfterTlsStarted
                } else if e.plaintext_login.is_some() {
                    ErrWhen::AfterPlaintextLogin
                } else {
                    ErrWhen::AfterGreeting
                };
                e.errors.push(ErrFacts {
                    message: i,
                    from: m.dir,
                    when,
                    code: err.code.value,
                    sqlstate: err.sqlstate.as_ref().map(|s| safe(&s.value)),
                    text: safe(&err.message.value),
                });
            }
            MessageKind::ClientHello(ch) if e.client_hello.is_none() => {
                e.client_hello = Some(ClientHelloFacts {
                    message: i,
                    legacy_version: ch.legacy_version.value,
                    offered_versions: ch.offered_versions(),
                    sni: ch.sni().map(safe),
                    suites: ch.suites(),
                    alpn: ch.alpn().into_iter().map(safe).collect(),
                })
            }
            // A HelloRetryRequest is followed by the real ServerHello, which replaces it.
            MessageKind::ServerHello(sh) if e.server_hello.as_ref().is_none_or(|s| s.hello_retry_request) => {
                e.server_hello = Some(ServerHelloFacts {
                    message: i,
                    version: sh.version(),
                    suite: sh.cipher_suite.value,
                    hello_retry_request: sh.is_hello_retry_request,
                })
            }
            MessageKind::Certificate(cert)
                if m.dir == Direction::ServerToClient && e.server_certificates.is_empty() =>
            {
                e.server_certificates = cert.ders()
            }
            MessageKind::Alert(a) => e.alerts.push(AlertFacts {
                message: i,
                from: m.dir,
                level: a.level.value,
                description: a.description.value,
            }),
            MessageKind::Encrypted { content_type, len, .. } => {
                match m.dir {
                    Direction::ClientToServer => e.encrypted_from_client += 1,
                    Direction::ServerToClient => e.encrypted_from_server += 1,
                }
                let tls13 = e
                    .server_hello
                    .as_ref()
                    .is_some_and(|s| s.version == ProtocolVersion::TLS_1_3 && !s.hello_retry_request && s.message < i);
                e.tls13_encrypted_followed |= tls13;
                encrypted_record(&mut e, m.dir, *content_type, *len, tls13);
            }
            _ => {}
        }
    }
    e
}
