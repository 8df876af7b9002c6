//! Runs one [`Probe`] check over a WebSocket to the relay (wasm32 only): the browser's
//! counterpart of the CLI's `cli::tcp`.
//!
//! The relay copies raw TCP bytes; everything else happens here, TLS included, so the relay
//! sees the greeting, the SSLRequest and then only ciphertext. The socket's callbacks only
//! forward events into a channel; one async loop owns the probe and decides.

use futures::channel::mpsc;
use futures::StreamExt;
use gloo_timers::callback::Timeout;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{BinaryType, CloseEvent, MessageEvent, WebSocket};

use crate::rules::probe::CheckRun;
use crate::source::probe::machine::{Check, Probe, Stage};
use crate::web::relay_proto::{self, Closed, RelayUrls};
use crate::web::state::live::Step;

/// Each check gets this long overall, like the CLI's per-connection timeout.
pub const CHECK_TIMEOUT_MS: u32 = 15_000;

enum Event {
    Open,
    Text(String),
    Data(Vec<u8>),
    Close { code: u16, reason: String },
    Timeout,
}

/// The socket and its callbacks; dropping it detaches them first (a callback fired after
/// its closure is freed would throw) and closes the socket.
struct Socket {
    ws: WebSocket,
    _callbacks: [Closure<dyn FnMut(web_sys::Event)>; 3],
}

impl Drop for Socket {
    fn drop(&mut self) {
        self.ws.set_onopen(None);
        self.ws.set_onmessage(None);
        self.ws.set_onclose(None);
        // 1000: we are done. Fails harmlessly when it is already closed.
        let _ = self.ws.close_with_code(1000);
    }
}

fn open(url: &str, tx: &mpsc::UnboundedSender<Event>) -> Result<Socket, String> {
    let ws = WebSocket::new(url).map_err(|e| format!("cannot open a WebSocket to {url}: {}", js_text(&e)))?;
    ws.set_binary_type(BinaryType::Arraybuffer);
    let send = |tx: &mpsc::UnboundedSender<Event>, f: fn(web_sys::Event) -> Option<Event>| {
        let tx = tx.clone();
        Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
            if let Some(ev) = f(e) {
                let _ = tx.unbounded_send(ev);
            }
        })
    };
    let on_open = send(tx, |_| Some(Event::Open));
    let on_message = send(tx, |e| {
        let data = e.dyn_into::<MessageEvent>().ok()?.data();
        match data.as_string() {
            Some(text) => Some(Event::Text(text)),
            None => Some(Event::Data(js_sys::Uint8Array::new(&data).to_vec())),
        }
    });
    let on_close = send(tx, |e| {
        let e = e.dyn_into::<CloseEvent>().ok()?;
        Some(Event::Close { code: e.code(), reason: e.reason() })
    });
    ws.set_onopen(Some(on_open.as_ref().unchecked_ref()));
    ws.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    ws.set_onclose(Some(on_close.as_ref().unchecked_ref()));
    Ok(Socket { ws, _callbacks: [on_open, on_message, on_close] })
}

/// Runs `check` against the target of `urls`, reporting progress through `on_step`.
pub async fn run_check(urls: &RelayUrls, server_name: &str, check: Check, on_step: impl Fn(Step)) -> CheckRun {
    on_step(Step::Connecting);
    let mut probe = Probe::new(check, server_name, random());
    let outcome = drive(urls, &mut probe, &on_step).await.map(|()| probe.outcome().cloned());
    let run = match outcome {
        Ok(Some(outcome)) => CheckRun {
            check,
            outcome: Ok(outcome),
            server_version: probe.server_version().map(str::to_owned),
            transcript: Some(probe.transcript().clone()),
        },
        Ok(None) => CheckRun { check, outcome: Err("no outcome".into()), server_version: None, transcript: None },
        Err(e) => CheckRun { check, outcome: Err(e), server_version: None, transcript: None },
    };
    on_step(crate::web::state::live::done_step(&run.outcome));
    run
}

/// Feeds the probe until it is done; `Err` when the relay could not carry the connection.
async fn drive(urls: &RelayUrls, probe: &mut Probe, on_step: &impl Fn(Step)) -> Result<(), String> {
    let (tx, mut rx) = mpsc::unbounded();
    let socket = open(&urls.ws, &tx)?;
    let timer_tx = tx.clone();
    let _timer = Timeout::new(CHECK_TIMEOUT_MS, move || {
        let _ = timer_tx.unbounded_send(Event::Timeout);
    });
    let mut opened = false;
    while let Some(event) = rx.next().await {
        match event {
            Event::Open => {
                opened = true;
                // The server speaks first, so this is normally empty.
                send(&socket.ws, probe.take_output())?;
            }
            Event::Text(text) => {
                if let Some(addr) = relay_proto::dialled(&text) {
                    on_step(Step::Dialled(addr));
                }
            }
            Event::Data(bytes) => {
                let before = probe.stage();
                probe.on_data(&bytes);
                send(&socket.ws, probe.take_output())?;
                progress(before, probe, on_step);
                if probe.is_done() {
                    return Ok(());
                }
            }
            Event::Close { code, reason } => {
                return match relay_proto::closed(code, &reason, opened, urls) {
                    Closed::ByServer => {
                        probe.on_close();
                        Ok(())
                    }
                    Closed::Relay(why) => Err(why),
                };
            }
            Event::Timeout => {
                return Err(format!(
                    "no answer within {} s (waiting {})",
                    CHECK_TIMEOUT_MS / 1000,
                    waiting_for(probe.stage())
                ));
            }
        }
    }
    Err("the connection ended without a close".into())
}

/// Steps for the stage change a batch of server bytes caused.
fn progress(before: Stage, probe: &Probe, on_step: &impl Fn(Step)) {
    let after = probe.stage();
    if before == Stage::AwaitGreeting && after != Stage::AwaitGreeting {
        if let Some(v) = probe.server_version() {
            on_step(Step::Greeting(v.to_owned()));
        }
        match after {
            Stage::TlsHandshake | Stage::LegacySent => on_step(Step::SslRequest),
            Stage::LoginSent => on_step(Step::PlaintextLogin),
            Stage::AwaitGreeting | Stage::Done => {}
        }
    }
}

fn waiting_for(stage: Stage) -> &'static str {
    match stage {
        Stage::AwaitGreeting => "for the server's greeting",
        Stage::TlsHandshake => "in the TLS handshake",
        Stage::LoginSent => "for the answer to the plaintext login",
        Stage::LegacySent => "for the answer to the old-version ClientHello",
        Stage::Done => "after the check",
    }
}

fn send(ws: &WebSocket, bytes: Vec<u8>) -> Result<(), String> {
    if bytes.is_empty() {
        return Ok(());
    }
    ws.send_with_u8_array(&bytes).map_err(|e| format!("sending to the relay failed: {}", js_text(&e)))
}

/// The legacy check's ClientHello random (rustls draws its own): crypto.getRandomValues
/// through ring's getrandom JS backend.
fn random() -> [u8; 32] {
    let mut r = [0u8; 32];
    let _ = ring::rand::SecureRandom::fill(&ring::rand::SystemRandom::new(), &mut r);
    r
}

fn js_text(v: &wasm_bindgen::JsValue) -> String {
    v.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| v.as_string())
        .unwrap_or_else(|| format!("{v:?}"))
}
