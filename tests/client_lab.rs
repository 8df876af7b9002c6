//! The client lab: every real client library of `tests/lab/settings.tsv` against the real
//! MariaDB of `support::mariadb`, in every certificate scenario of `support::lab::scenarios`,
//! compared cell by cell with the model's verdict for that column.
//!
//! The driver contract (shared with every driver in `tests/lab/drivers/`): a driver is run as
//! `DRIVER SETTING_ID HOST PORT CA_FILE` with `LAB_USER` / `LAB_PASSWORD` in its environment,
//! tries ONE connection with the setting the id names (written as a person writes it), runs
//! `SHOW SESSION STATUS LIKE 'Ssl_version'` when connected, and prints one JSON line:
//! `{"connected":true,"tls_version":"TLSv1.3","error":null}` or
//! `{"connected":false,"tls_version":null,"error":"<the client's exact error text>"}`
//! (`tls_version` is `""` in clear). It exits 0 whenever it ran; non-zero means the driver is
//! broken. It is killed after [`DRIVER_TIMEOUT`].
//!
//! Per scenario the server restarts with that chain (or without TLS); per (column, scenario) the
//! runner records connect/refuse, the TLS version and the exact error, and computes the model's
//! verdict with `rules::analyze` on the same chain, CA file and host (for the server without TLS:
//! the column's `requires_tls`). It fails listing every mismatch — column, scenario, what the
//! model said, what the client did — and also when a client connects to an insecure scenario
//! while the model calls that a verified pass (`Verdict.unverified` must be set), and when
//! `explain` does not read the client's real error as the model's first cause.
//!
//! Results go to `target/client-lab/results.json` and `target/client-lab/matrix.txt`;
//! `LAB_RECORD=1` also rewrites `tests/fixtures/client-lab-results.tsv` (the error corpus's
//! source of real texts; rows of columns not run are kept). `LAB_ONLY=id1,id2` restricts the
//! columns. A column whose client is not installed fails with `CI` set and is skipped otherwise.

mod support;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use mysql_tls_doctor::rules::clients;
use mysql_tls_doctor::rules::error_message::explain;
use mysql_tls_doctor::vocab::ClientId;
use mysql_tls_doctor::{analyze, Inputs};
use support::lab::scenarios::{self, Scenario};
use support::lab::settings::{self, Setting};
use support::mariadb::{in_ci, run_bounded, MariaDb, TlsOptions, PASSWORD, USER};

/// How long one driver run may take.
const DRIVER_TIMEOUT: Duration = Duration::from_secs(15);
/// Driver runs at once within a scenario (the machine has 2 cores; drivers mostly wait).
const PARALLEL: usize = 3;

/// Cells a driver cannot measure for its column, with why: recorded and shown (`n`), not
/// compared.
const NOT_MEASURED: &[(&str, &str, &str)] = &[(
    "mysql8-verify-ca",
    "no_tls",
    "Connector/Python's C extension sets no SSL mode for ssl_verify_cert alone (mysql_capi.c), so \
     libmysqlclient runs PREFERRED with the CA and logs in in clear; --ssl-mode=VERIFY_CA refuses",
)];

fn not_measured(setting: &str, scenario: &str) -> Option<&'static str> {
    NOT_MEASURED.iter().find(|(s, c, _)| *s == setting && *c == scenario).map(|(.., why)| *why)
}

/// What a driver reported.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Observed {
    connected: bool,
    tls_version: Option<String>,
    error: Option<String>,
}

/// What the model says for one cell.
#[derive(Debug, Clone)]
struct Predicted {
    ok: bool,
    unverified: bool,
    causes: Vec<String>,
}

struct Cell {
    setting: String,
    scenario: &'static str,
    observed: Result<Observed, String>,
    predicted: Predicted,
    problems: Vec<String>,
}

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn now_unix() -> i64 {
    let secs = SystemTime::now().duration_since(UNIX_EPOCH).expect("the clock is after 1970").as_secs();
    i64::try_from(secs).expect("seconds since 1970 fit in i64")
}

/// Parses the driver's last stdout line.
fn parse_line(stdout: &str) -> Result<Observed, String> {
    let line = stdout.lines().rev().find(|l| !l.trim().is_empty()).ok_or("no output")?;
    let v: serde_json::Value = serde_json::from_str(line).map_err(|e| format!("not JSON ({e}): {line}"))?;
    let connected = v.get("connected").and_then(|c| c.as_bool()).ok_or_else(|| format!("no `connected`: {line}"))?;
    let text = |key: &str| v.get(key).and_then(|t| t.as_str()).map(str::to_owned);
    Ok(Observed { connected, tls_version: text("tls_version"), error: text("error") })
}

/// Runs one driver once.
fn run_driver(
    program: &Path,
    lead: &[PathBuf],
    setting: &str,
    host: &str,
    port: u16,
    ca: &Path,
) -> Result<Observed, String> {
    let mut cmd = Command::new(program);
    cmd.args(lead)
        .args([setting, host, &port.to_string()])
        .arg(ca)
        .env("LAB_USER", USER)
        .env("LAB_PASSWORD", PASSWORD)
        .current_dir(repo_root());
    let out = run_bounded(&mut cmd, DRIVER_TIMEOUT);
    if out.timed_out {
        return Err(format!("driver killed after {DRIVER_TIMEOUT:?}"));
    }
    if !out.success() {
        return Err(format!("driver broken (exit {:?}): {}", out.code, out.stderr_line()));
    }
    parse_line(&out.stdout)
}

/// The model's verdict for `id` in `scenario`.
fn predict(id: ClientId, scenario: &Scenario, now: i64) -> Predicted {
    let Some(chain) = &scenario.chain_pem else {
        let falls_back = !clients::client(id).requires_tls;
        return Predicted { ok: falls_back, unverified: falls_back, causes: Vec::new() };
    };
    let inputs = Inputs {
        ca_bundle: scenario.ca_pem.clone(),
        ca_label: None,
        chain: chain.clone(),
        hosts: vec![scenario.host.into()],
        capture: None,
        ..Default::default()
    };
    let report = analyze(&inputs, now);
    match report.verdicts.iter().find(|v| v.client == id && v.host == scenario.host) {
        Some(v) => Predicted {
            ok: v.ok,
            unverified: v.unverified,
            causes: v.causes.iter().map(|c| c.rule.to_string()).collect(),
        },
        None => Predicted { ok: false, unverified: false, causes: vec!["(no verdict)".into()] },
    }
}

fn word(ok: bool) -> &'static str {
    if ok {
        "connects"
    } else {
        "refuses"
    }
}

fn problems(scenario: &Scenario, observed: &Result<Observed, String>, predicted: &Predicted) -> Vec<String> {
    let o = match observed {
        Ok(o) => o,
        Err(e) => return vec![e.clone()],
    };
    let mut out = Vec::new();
    if o.connected != predicted.ok {
        out.push(format!(
            "model said {} ({}), client {}{}",
            word(predicted.ok),
            if predicted.causes.is_empty() { "-".to_owned() } else { predicted.causes.join(" + ") },
            word(o.connected),
            o.error.as_deref().map(|e| format!(": {e}")).unwrap_or_default()
        ));
    }
    if o.connected && scenario.insecure && !predicted.unverified {
        out.push("client connects to an insecure server but the model calls it verified (unverified = false)".into());
    }
    let clear = o.tls_version.as_deref().unwrap_or_default().is_empty();
    if o.connected && scenario.chain_pem.is_some() && clear {
        out.push("connected in clear although the server offers TLS".into());
    }
    match (o.connected, o.error.as_deref()) {
        (false, None | Some("")) => out.push("refused without an error text".into()),
        (false, Some(error)) => {
            // `explain` must read the client's real words as the cause the model gives first.
            let expected = match scenario.chain_pem {
                None => Some("server-offers-no-tls"),
                Some(_) => predicted.causes.first().map(String::as_str),
            };
            let candidates: Vec<&str> = explain(error).candidates.iter().map(|c| c.rule.as_str()).collect();
            if let Some(rule) = expected.filter(|r| !candidates.contains(r)) {
                out.push(format!("explain reads {candidates:?} from the client's error, not {rule}: {error}"));
            }
        }
        _ => {}
    }
    out
}

fn escape(text: &str) -> String {
    text.replace('\\', "\\\\").replace('\t', "\\t").replace('\n', "\\n").replace('\r', "")
}

/// `tests/fixtures/client-lab-results.tsv`: setting, scenario, connected, tls_version, error.
fn record(cells: &[Cell]) {
    let path = repo_root().join("tests/fixtures/client-lab-results.tsv");
    let run: Vec<&str> = cells.iter().map(|c| c.setting.as_str()).collect();
    let mut rows: BTreeMap<(String, String), String> = BTreeMap::new();
    // Keep the rows of columns this run did not include (LAB_ONLY, a skipped client).
    for line in std::fs::read_to_string(&path).unwrap_or_default().lines().filter(|l| !l.starts_with('#')) {
        let cols: Vec<&str> = line.splitn(3, '\t').collect();
        if let [setting, scenario, _] = cols[..] {
            if !run.contains(&setting) {
                rows.insert((setting.to_owned(), scenario.to_owned()), line.to_owned());
            }
        }
    }
    for c in cells {
        let Ok(o) = &c.observed else { continue };
        let line = format!(
            "{}\t{}\t{}\t{}\t{}",
            c.setting,
            c.scenario,
            o.connected,
            o.tls_version.as_deref().unwrap_or("-"),
            o.error.as_deref().map(escape).unwrap_or_else(|| "-".into())
        );
        rows.insert((c.setting.clone(), c.scenario.to_owned()), line);
    }
    let mut text = String::from(
        "# Written by `LAB_RECORD=1 cargo test --test client_lab`: what each real client did in each lab scenario.\n\
         # setting\tscenario\tconnected\ttls_version\terror (\\n, \\t escaped; - for none)\n",
    );
    for line in rows.values() {
        text.push_str(line);
        text.push('\n');
    }
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
}

fn results_json(cells: &[Cell]) -> serde_json::Value {
    serde_json::Value::Array(
        cells
            .iter()
            .map(|c| {
                let (connected, tls, error, broken) = match &c.observed {
                    Ok(o) => (Some(o.connected), o.tls_version.clone(), o.error.clone(), None),
                    Err(e) => (None, None, None, Some(e.clone())),
                };
                serde_json::json!({
                    "setting": c.setting, "scenario": c.scenario, "connected": connected,
                    "tls_version": tls, "error": error, "driver_problem": broken,
                    "model_ok": c.predicted.ok, "model_unverified": c.predicted.unverified,
                    "model_causes": c.predicted.causes, "problems": c.problems,
                })
            })
            .collect(),
    )
}

/// Columns × scenarios: `C` connects, `c` connects unverified (model), `-` refuses, `!` a
/// mismatch, `?` driver broken, `n` not measured ([`NOT_MEASURED`]).
fn matrix(settings: &[&Setting], scenarios: &[Scenario], cells: &[Cell]) -> String {
    let width = settings.iter().map(|s| s.id.len()).max().unwrap_or(10);
    let mut out = String::new();
    for (i, s) in scenarios.iter().enumerate() {
        let _ = writeln!(out, "{:>2} {} ({})", i + 1, s.id, s.what);
    }
    let _ = write!(out, "{:width$} ", "");
    for i in 0..scenarios.len() {
        let _ = write!(out, "{:>3}", i + 1);
    }
    out.push('\n');
    for setting in settings {
        let _ = write!(out, "{:width$} ", setting.id);
        for s in scenarios {
            let cell = cells.iter().find(|c| c.setting == setting.id && c.scenario == s.id);
            let mark = match cell {
                None => " ",
                Some(c) if !c.problems.is_empty() => "!",
                Some(c) if not_measured(&c.setting, c.scenario).is_some() => "n",
                Some(Cell { observed: Err(_), .. }) => "?",
                Some(Cell { observed: Ok(o), predicted, .. }) if o.connected && predicted.unverified => "c",
                Some(Cell { observed: Ok(o), .. }) if o.connected => "C",
                Some(_) => "-",
            };
            let _ = write!(out, "{mark:>3}");
        }
        out.push('\n');
    }
    out.push_str(
        "C connects (verified), c connects unverified, - refuses, ! mismatch, ? driver broken, n not measured:\n",
    );
    for (setting, scenario, why) in NOT_MEASURED {
        let _ = writeln!(out, "  n {setting} / {scenario}: {why}");
    }
    out
}

#[test]
fn every_real_client_does_what_the_model_predicts() {
    let started = Instant::now();
    let root = repo_root();
    let only: Option<Vec<String>> =
        std::env::var("LAB_ONLY").ok().map(|v| v.split(',').map(|s| s.trim().to_owned()).collect());
    let all = settings::all();
    let mut runnable: Vec<(&Setting, ClientId, PathBuf, Vec<PathBuf>)> = Vec::new();
    let mut missing = Vec::new();
    for setting in &all {
        if only.as_ref().is_some_and(|o| !o.contains(&setting.id)) {
            continue;
        }
        let id = ClientId::parse(&setting.id).unwrap_or_else(|| {
            panic!("tests/lab/settings.tsv line {}: {} is no verdict column", setting.line, setting.id)
        });
        match setting.command(&root) {
            Ok((program, lead)) => runnable.push((setting, id, program, lead)),
            Err(why) => missing.push(format!("{}: {why}", setting.id)),
        }
    }
    if !missing.is_empty() {
        assert!(
            !in_ci(),
            "CI is set and these lab clients are not installed (scripts/setup.sh):\n{}",
            missing.join("\n")
        );
        eprintln!("SKIPPED lab columns (not installed; with CI set this fails):\n  {}", missing.join("\n  "));
    }
    if runnable.is_empty() {
        eprintln!("SKIPPED client lab: no column to run");
        return;
    }
    let Some(mut db) = MariaDb::init_or_skip("every_real_client_does_what_the_model_predicts") else {
        return;
    };
    let scenarios = scenarios::all();
    let now = now_unix();
    let mut cells = Vec::new();
    for scenario in &scenarios {
        let files = scenario.write_to(&db.scratch_dir().join(scenario.id));
        match &files.chain {
            Some(chain) => db.start(&TlsOptions::new(chain, &files.key)),
            None => db.start(&TlsOptions::default()),
        }
        let port = db.port();
        let observed: Vec<Result<Observed, String>> = std::thread::scope(|s| {
            let mut results = Vec::new();
            for chunk in runnable.chunks(PARALLEL) {
                let handles: Vec<_> = chunk
                    .iter()
                    .map(|(setting, _, program, lead)| {
                        let ca = files.ca.clone();
                        s.spawn(move || run_driver(program, lead, &setting.id, scenario.host, port, &ca))
                    })
                    .collect();
                results.extend(handles.into_iter().map(|h| h.join().expect("driver thread panicked")));
            }
            results
        });
        for ((setting, id, _, _), observed) in runnable.iter().zip(observed) {
            let predicted = predict(*id, scenario, now);
            let problems = match not_measured(&setting.id, scenario.id) {
                Some(_) => Vec::new(),
                None => problems(scenario, &observed, &predicted),
            };
            cells.push(Cell { setting: setting.id.clone(), scenario: scenario.id, observed, predicted, problems });
        }
    }
    db.stop();

    let out_dir = root.join("target/client-lab");
    std::fs::create_dir_all(&out_dir).expect("create target/client-lab");
    let json = serde_json::to_string_pretty(&results_json(&cells)).expect("results serialise");
    std::fs::write(out_dir.join("results.json"), json).expect("write results.json");
    let settings_run: Vec<&Setting> = runnable.iter().map(|(s, ..)| *s).collect();
    let table = matrix(&settings_run, &scenarios, &cells);
    std::fs::write(out_dir.join("matrix.txt"), &table).expect("write matrix.txt");
    if std::env::var_os("LAB_RECORD").is_some() {
        record(&cells);
    }
    println!("{table}");
    println!(
        "client lab: {} columns × {} scenarios in {:.1} s (name {}; server {})",
        runnable.len(),
        scenarios.len(),
        started.elapsed().as_secs_f64(),
        scenarios::name(),
        db.client_version()
    );
    let mismatches: Vec<String> = cells
        .iter()
        .flat_map(|c| c.problems.iter().map(move |p| format!("{} / {}: {p}", c.setting, c.scenario)))
        .collect();
    assert!(mismatches.is_empty(), "{} mismatch(es):\n{}\n\n{table}", mismatches.len(), mismatches.join("\n"));
}
