//! A private MariaDB server for integration tests (see shared/reference/test-infra.md).
//!
//! [`MariaDb::init_or_skip`] initialises a throwaway datadir once (`mariadb-install-db`);
//! [`MariaDb::start`] runs `mariadbd` on a free 127.0.0.1 port with the given TLS options and
//! waits (at most [`START_TIMEOUT`]) until it answers on its Unix socket; calling `start` again
//! restarts the same datadir with other certificates; dropping the value stops the server
//! (SIGTERM, then SIGKILL if it has not exited after [`STOP_TIMEOUT`]) and deletes everything.
//!
//! The first start creates the account `'u'@'%' IDENTIFIED BY 'p'` for client tests
//! ([`USER`], [`PASSWORD`]). The admin account is the OS user through `unix_socket` (root when the
//! tests run as root), used only over the socket.
//!
//! Skipping: when `mariadbd` is not installed the test prints why and returns early — unless the
//! `CI` environment variable is set, in which case a missing server is a failure. Everything else
//! (install-db failing, the server not coming up, a client hanging) always fails with the
//! relevant log tail.
//!
//! Every child process runs under a deadline; nothing here binds anything but 127.0.0.1.

use std::ffi::OsStr;
use std::fs;
use std::io::Read;
use std::net::{Ipv4Addr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::thread;
use std::time::{Duration, Instant};

/// The test account created on first start.
pub const USER: &str = "u";
/// Its password.
pub const PASSWORD: &str = "p";

/// How long `mariadb-install-db` may take.
pub const INSTALL_TIMEOUT: Duration = Duration::from_secs(120);
/// How long a start may take until the server answers.
pub const START_TIMEOUT: Duration = Duration::from_secs(30);
/// How long the server may take to exit after SIGTERM.
pub const STOP_TIMEOUT: Duration = Duration::from_secs(30);
/// How long one client invocation may take.
pub const CLIENT_TIMEOUT: Duration = Duration::from_secs(20);

/// The MariaDB programs the harness runs.
#[derive(Debug, Clone)]
pub struct Tools {
    pub mariadbd: PathBuf,
    pub install_db: PathBuf,
    pub client: PathBuf,
}

/// Looks for `name` on PATH and in the sbin directories PATH often lacks.
pub fn find_program(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain(["/usr/sbin", "/usr/local/sbin", "/sbin", "/usr/bin", "/usr/local/bin"].iter().map(PathBuf::from))
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
}

/// Whether the `CI` environment variable is set (to anything).
pub fn in_ci() -> bool {
    std::env::var_os("CI").is_some()
}

impl Tools {
    /// `None` when `mariadbd` is not installed. Panics when `mariadbd` is there but the other
    /// programs are not (a broken install is a failure, not a skip).
    pub fn find() -> Option<Tools> {
        let mariadbd = find_program("mariadbd")?;
        let find = |name: &str| {
            find_program(name)
                .unwrap_or_else(|| panic!("{} is installed but {name} is not on PATH", mariadbd.display()))
        };
        Some(Tools { install_db: find("mariadb-install-db"), client: find("mariadb"), mariadbd })
    }
}

/// Server-side options for one start.
#[derive(Debug, Clone, Default)]
pub struct TlsOptions {
    /// `--ssl-cert`: leaf first, then the intermediates the server should send. Without it the
    /// greeting has no CLIENT_SSL.
    pub cert: Option<PathBuf>,
    /// `--ssl-key`.
    pub key: Option<PathBuf>,
    /// `--tls-version`, e.g. `TLSv1.2,TLSv1.3`.
    pub tls_version: Option<String>,
    /// `--require-secure-transport=ON`.
    pub require_secure_transport: bool,
    /// Anything else to append to the `mariadbd` command line.
    pub extra_args: Vec<String>,
}

impl TlsOptions {
    /// TLS with this certificate chain and key, server defaults otherwise.
    pub fn new(cert: impl Into<PathBuf>, key: impl Into<PathBuf>) -> Self {
        TlsOptions { cert: Some(cert.into()), key: Some(key.into()), ..TlsOptions::default() }
    }

    /// Restricts the protocol versions (`TLSv1.2`, `TLSv1.3` or both, comma-separated).
    pub fn tls_version(mut self, versions: &str) -> Self {
        self.tls_version = Some(versions.to_owned());
        self
    }

    fn args(&self) -> Vec<String> {
        let mut args = Vec::new();
        if let Some(cert) = &self.cert {
            args.push(format!("--ssl-cert={}", cert.display()));
        }
        if let Some(key) = &self.key {
            args.push(format!("--ssl-key={}", key.display()));
        }
        if let Some(versions) = &self.tls_version {
            args.push(format!("--tls-version={versions}"));
        }
        if self.require_secure_transport {
            args.push("--require-secure-transport=ON".to_owned());
        }
        args.extend(self.extra_args.iter().cloned());
        args
    }
}

/// What a client run produced.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// `None` when killed by a signal (or by our deadline).
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
    /// True when we killed it at the deadline.
    pub timed_out: bool,
}

impl Outcome {
    /// Exit code 0 and no timeout.
    pub fn success(&self) -> bool {
        self.code == Some(0) && !self.timed_out
    }

    /// stderr on one line, for tables.
    pub fn stderr_line(&self) -> String {
        self.stderr.split_whitespace().collect::<Vec<_>>().join(" ")
    }
}

/// Runs `cmd` (stdin closed, stdout/stderr captured) and kills it at `timeout`.
pub fn run_bounded(cmd: &mut Command, timeout: Duration) -> Outcome {
    let description = format!("{cmd:?}");
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("spawn {description}: {e}"));
    let stdout = read_in_background(child.stdout.take().expect("stdout was piped"));
    let stderr = read_in_background(child.stderr.take().expect("stderr was piped"));
    let (status, timed_out) = wait_until(&mut child, Instant::now() + timeout);
    let status = match status {
        Some(status) => status,
        None => {
            // Past the deadline: SIGKILL and reap.
            let _ = child.kill();
            child.wait().unwrap_or_else(|e| panic!("wait for killed {description}: {e}"))
        }
    };
    Outcome {
        code: status.code(),
        stdout: stdout.join().expect("stdout reader thread panicked"),
        stderr: stderr.join().expect("stderr reader thread panicked"),
        timed_out,
    }
}

fn read_in_background(mut pipe: impl Read + Send + 'static) -> thread::JoinHandle<String> {
    thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

/// Polls `child` until it exits or `deadline` passes: (status, timed_out).
fn wait_until(child: &mut Child, deadline: Instant) -> (Option<ExitStatus>, bool) {
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return (Some(status), false),
            Ok(None) if Instant::now() >= deadline => return (None, true),
            Ok(None) => thread::sleep(Duration::from_millis(20)),
            Err(e) => panic!("try_wait on child {}: {e}", child.id()),
        }
    }
}

fn command_stdout(program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program).args(args).output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

/// A free TCP port on 127.0.0.1 (free now; the caller retries if it is taken by the time it
/// binds).
pub fn free_loopback_port() -> u16 {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("bind 127.0.0.1:0 to find a free port");
    listener.local_addr().expect("local address of a bound listener").port()
}

/// The last `lines` lines of a file, or a note that it cannot be read.
pub fn tail(path: &Path, lines: usize) -> String {
    tail_since(path, 0, lines)
}

/// The last `lines` lines of what a file holds after byte `offset`.
pub fn tail_since(path: &Path, offset: u64, lines: usize) -> String {
    match fs::read(path) {
        Ok(bytes) => {
            let start = usize::try_from(offset).unwrap_or(usize::MAX).min(bytes.len());
            let text = String::from_utf8_lossy(bytes.get(start..).unwrap_or_default());
            let all: Vec<&str> = text.lines().collect();
            all.get(all.len().saturating_sub(lines)..).unwrap_or_default().join("\n")
        }
        Err(e) => format!("({} unreadable: {e})", path.display()),
    }
}

/// A private MariaDB: one datadir, at most one running `mariadbd`.
pub struct MariaDb {
    tools: Tools,
    // Dropped last (fields drop in declaration order after `Drop::drop`).
    root: tempfile::TempDir,
    datadir: PathBuf,
    socket: PathBuf,
    pid_file: PathBuf,
    error_log: PathBuf,
    stderr_log: PathBuf,
    admin_user: String,
    run_as_root: bool,
    port: u16,
    child: Option<Child>,
    user_created: bool,
}

impl MariaDb {
    /// Initialises a datadir, or returns `None` after printing why the test is skipped
    /// (`mariadbd` missing and `CI` unset). With `CI` set, a missing `mariadbd` panics.
    pub fn init_or_skip(test_name: &str) -> Option<MariaDb> {
        match Tools::find() {
            Some(tools) => Some(MariaDb::init(tools)),
            None if in_ci() => panic!(
                "{test_name}: mariadbd is not installed (looked on PATH and in /usr/sbin) and CI \
                 is set, so this is a failure, not a skip. Install mariadb-server and \
                 mariadb-client."
            ),
            None => {
                eprintln!(
                    "SKIPPED {test_name}: mariadbd is not installed (looked on PATH and in \
                     /usr/sbin). Install mariadb-server and mariadb-client to run it; with CI set \
                     this would fail."
                );
                None
            }
        }
    }

    /// Runs `mariadb-install-db` into a fresh temporary datadir. The server is not started.
    pub fn init(tools: Tools) -> MariaDb {
        let root = tempfile::Builder::new()
            .prefix("mtd-mariadb-")
            .tempdir()
            .expect("create a temporary directory for MariaDB");
        let datadir = root.path().join("data");
        let run_as_root = command_stdout("id", &["-u"]).as_deref() == Some("0");
        let admin_user = if run_as_root {
            "root".to_owned()
        } else {
            command_stdout("id", &["-un"]).expect("`id -un` names the current user")
        };

        let mut cmd = Command::new(&tools.install_db);
        // --no-defaults must come first.
        cmd.arg("--no-defaults");
        if run_as_root {
            cmd.arg("--user=root");
        } else {
            cmd.arg(format!("--auth-root-socket-user={admin_user}"));
        }
        cmd.arg(format!("--datadir={}", datadir.display())).args([
            "--auth-root-authentication-method=socket",
            "--skip-test-db",
            "--innodb-buffer-pool-size=32M",
            "--innodb-log-file-size=8M",
            "--innodb-use-native-aio=0",
        ]);
        let out = run_bounded(&mut cmd, INSTALL_TIMEOUT);
        assert!(
            out.success(),
            "mariadb-install-db failed (exit {:?}, timed out: {}):\n--- stdout\n{}\n--- stderr\n{}",
            out.code,
            out.timed_out,
            out.stdout,
            out.stderr
        );

        let path = |name: &str| root.path().join(name);
        MariaDb {
            socket: path("sock"),
            pid_file: path("mariadbd.pid"),
            error_log: path("err.log"),
            stderr_log: path("mariadbd.stderr"),
            datadir,
            admin_user,
            run_as_root,
            port: free_loopback_port(),
            child: None,
            user_created: false,
            tools,
            root,
        }
    }

    /// The TCP port (127.0.0.1) of the current or last start.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// A directory for the test's own files (certificates …); deleted with the server.
    pub fn scratch_dir(&self) -> PathBuf {
        let dir = self.root.path().join("files");
        fs::create_dir_all(&dir).expect("create the scratch directory");
        dir
    }

    /// The programs in use (the client path, for tests that run it themselves).
    pub fn tools(&self) -> &Tools {
        &self.tools
    }

    /// `mariadb --version`, trimmed (e.g. "mariadb  Ver 15.1 Distrib 10.11.19-MariaDB, …").
    pub fn client_version(&self) -> String {
        let out = run_bounded(Command::new(&self.tools.client).arg("--version"), CLIENT_TIMEOUT);
        assert!(out.success(), "mariadb --version failed: {out:?}");
        out.stdout.trim().to_owned()
    }

    /// Whether a `mariadbd` started by us is running.
    pub fn is_running(&mut self) -> bool {
        match self.child.as_mut() {
            Some(child) => matches!(child.try_wait(), Ok(None)),
            None => false,
        }
    }

    /// Starts `mariadbd` with `tls` (stopping a running one first) and waits until it answers.
    /// Panics with the error log's tail if it does not come up within [`START_TIMEOUT`].
    pub fn start(&mut self, tls: &TlsOptions) {
        self.stop();
        const ATTEMPTS: usize = 3;
        for attempt in 1..=ATTEMPTS {
            match self.try_start(tls) {
                Ok(()) => break,
                Err(log) if attempt < ATTEMPTS && log.contains("Bind on TCP/IP port") => {
                    eprintln!("port {} was taken; retrying on another", self.port);
                    self.port = free_loopback_port();
                }
                Err(log) => panic!(
                    "mariadbd did not come up on 127.0.0.1:{} (time limit {:?}).\n\
                     --- tail of {}\n{}\n--- mariadbd stderr\n{}",
                    self.port,
                    START_TIMEOUT,
                    self.error_log.display(),
                    log,
                    tail(&self.stderr_log, 20)
                ),
            }
        }
        if !self.user_created {
            self.admin_sql(&format!("CREATE USER '{USER}'@'%' IDENTIFIED BY '{PASSWORD}'"));
            self.user_created = true;
        }
    }

    /// One start attempt; `Err(tail of err.log)` when the server exited or never answered.
    fn try_start(&mut self, tls: &TlsOptions) -> Result<(), String> {
        // The log is shared by all starts: report only what this one wrote.
        let log_offset = fs::metadata(&self.error_log).map(|m| m.len()).unwrap_or(0);
        let stderr = fs::File::create(&self.stderr_log).expect("create the mariadbd stderr file");
        let mut cmd = Command::new(&self.tools.mariadbd);
        cmd.arg("--no-defaults");
        if self.run_as_root {
            cmd.arg("--user=root");
        }
        cmd.arg(format!("--datadir={}", self.datadir.display()))
            .arg(format!("--socket={}", self.socket.display()))
            .arg(format!("--pid-file={}", self.pid_file.display()))
            .arg(format!("--log-error={}", self.error_log.display()))
            .arg(format!("--port={}", self.port))
            .args([
                "--bind-address=127.0.0.1",
                "--skip-name-resolve",
                "--innodb-buffer-pool-size=32M",
                // Same as at install time, or the first start resizes the redo log.
                "--innodb-log-file-size=8M",
                "--innodb-use-native-aio=0",
                "--skip-log-bin",
                "--performance-schema=OFF",
            ])
            .args(tls.args())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(stderr);
        let child = cmd.spawn().unwrap_or_else(|e| panic!("spawn {}: {e}", self.tools.mariadbd.display()));
        self.child = Some(child);

        let deadline = Instant::now() + START_TIMEOUT;
        loop {
            let exited = match self.child.as_mut() {
                Some(child) => child.try_wait().unwrap_or_else(|e| panic!("try_wait on mariadbd: {e}")),
                None => unreachable!("the child was just stored"),
            };
            if let Some(status) = exited {
                self.child = None;
                return Err(format!("(mariadbd exited: {status})\n{}", tail_since(&self.error_log, log_offset, 40)));
            }
            let probe = run_bounded(self.admin_command().args(["-e", "SELECT 1"]), Duration::from_secs(5));
            if probe.success() {
                return Ok(());
            }
            if Instant::now() >= deadline {
                self.stop();
                return Err(format!(
                    "(still not answering; last probe: {})\n{}",
                    probe.stderr_line(),
                    tail_since(&self.error_log, log_offset, 40)
                ));
            }
            thread::sleep(Duration::from_millis(100));
        }
    }

    /// Stops the server if it runs: SIGTERM, wait up to [`STOP_TIMEOUT`], then SIGKILL.
    pub fn stop(&mut self) {
        let Some(mut child) = self.child.take() else {
            return;
        };
        if let Ok(Some(_)) = child.try_wait() {
            return;
        }
        // std has no SIGTERM and libc is not a dev-dependency: use kill(1).
        let _ = Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        let (status, _) = wait_until(&mut child, Instant::now() + STOP_TIMEOUT);
        if status.is_none() {
            eprintln!("mariadbd (pid {}) ignored SIGTERM for {:?}; killing it", child.id(), STOP_TIMEOUT);
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// The admin client over the Unix socket, `-N -B` (no headers, tab-separated).
    pub fn admin_command(&self) -> Command {
        let mut cmd = Command::new(&self.tools.client);
        cmd.arg("--no-defaults")
            .arg("--protocol=SOCKET")
            .arg(format!("--socket={}", self.socket.display()))
            .arg(format!("--user={}", self.admin_user))
            .args(["-N", "-B"]);
        cmd
    }

    /// Runs SQL as the admin over the socket and returns stdout; panics on failure.
    pub fn admin_sql(&self, sql: &str) -> String {
        let out = run_bounded(self.admin_command().args(["-e", sql]), CLIENT_TIMEOUT);
        assert!(
            out.success(),
            "admin SQL failed: {sql}\nexit {:?} timed out {}\n{}",
            out.code,
            out.timed_out,
            out.stderr
        );
        out.stdout
    }

    /// Runs the real `mariadb` client over TCP to `host`:[port] as [`USER`]:
    /// `mariadb --no-defaults --protocol=TCP -h HOST -P PORT -u u -pp ARGS…`, bounded by
    /// [`CLIENT_TIMEOUT`].
    pub fn client_tcp<I, S>(&self, host: &str, args: I) -> Outcome
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let mut cmd = Command::new(&self.tools.client);
        cmd.arg("--no-defaults")
            .arg("--protocol=TCP")
            .args(["-h", host, "-P", &self.port.to_string()])
            .args(["-u", USER])
            .arg(format!("-p{PASSWORD}"))
            .args(args);
        run_bounded(&mut cmd, CLIENT_TIMEOUT)
    }
}

impl Drop for MariaDb {
    fn drop(&mut self) {
        self.stop();
    }
}
