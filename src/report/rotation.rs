//! The CA rotation report: one row per DB instance, Multi-AZ DB cluster and proxy of an AWS
//! inventory (`rules::rotation` fills it), and its renderings as a table, Markdown and CSV.
//! Every pasted value is made safe before it is printed (the inventory is hostile text).

use serde::Serialize;

use crate::text::safe;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RotationReport {
    pub checked_at: String,
    /// "Soon" means within this many days.
    pub horizon_days: i64,
    /// The CA the commands move to.
    pub target_ca: String,
    pub rows: Vec<RotationRow>,
    /// The CA end dates used, and where each came from.
    pub ca_ends: Vec<CaEndEntry>,
    /// `DefaultCertificateForNewLaunches`, when `describe-certificates` was given.
    pub default_for_new: Option<String>,
    /// Problems reading the inventory, in words.
    pub problems: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaEndEntry {
    pub ca_id: String,
    pub region: Option<String>,
    pub valid_till: String,
    /// `describe-certificates`, the bundle's label, or `catalogue`.
    pub source: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ResourceKind {
    Instance,
    Cluster,
    Proxy,
}

impl ResourceKind {
    pub const fn word(self) -> &'static str {
        match self {
            ResourceKind::Instance => "instance",
            ResourceKind::Cluster => "cluster",
            ResourceKind::Proxy => "proxy",
        }
    }
}

/// Where a resource's CA stands. Ordered most urgent first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CaState {
    Expired,
    ExpiresSoon,
    /// No CA identifier, or one whose end date is not known.
    Unknown,
    Ok,
    /// Nothing to rotate (RDS Proxy serves an ACM certificate).
    NotApplicable,
}

impl CaState {
    pub const fn word(self) -> &'static str {
        match self {
            CaState::Expired => "CA EXPIRED",
            CaState::ExpiresSoon => "CA EXPIRES SOON",
            CaState::Unknown => "UNKNOWN CA",
            CaState::Ok => "OK",
            CaState::NotApplicable => "NOTHING TO ROTATE",
        }
    }

    pub const fn id(self) -> &'static str {
        match self {
            CaState::Expired => "expired",
            CaState::ExpiresSoon => "expires-soon",
            CaState::Unknown => "unknown",
            CaState::Ok => "ok",
            CaState::NotApplicable => "not-applicable",
        }
    }
}

/// Whether changing the CA restarts the database (`SupportsCertificateRotationWithoutRestart`
/// of `describe-db-engine-versions`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Restart {
    NotNeeded,
    Needed,
    /// The engine version was not in the pasted `describe-db-engine-versions`.
    Unknown,
    /// Nothing is changed (a proxy).
    NoChange,
}

impl Restart {
    pub const fn word(self) -> &'static str {
        match self {
            Restart::NotNeeded => "no restart",
            Restart::Needed => "restart",
            Restart::Unknown => "unknown",
            Restart::NoChange => "—",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RotationRow {
    pub kind: ResourceKind,
    pub id: String,
    pub engine: String,
    pub engine_version: String,
    /// `HOST:PORT`.
    pub endpoint: Option<String>,
    pub region: Option<String>,
    pub ca_id: Option<String>,
    /// The CA's end date (YYYY-MM-DD) and days left at `checked_at` (negative: expired).
    pub ca_valid_till: Option<String>,
    pub ca_days_left: Option<i64>,
    /// `CertificateDetails.ValidTill` (the server certificate; RDS renews it itself).
    pub server_cert_valid_till: Option<String>,
    pub state: CaState,
    pub restart: Restart,
    /// The AWS CLI command that moves it to the target CA (only where one is due).
    pub command: Option<String>,
    /// One line: why this state.
    pub why: String,
}

impl RotationReport {
    /// Exit code: 0 nothing expired or expiring, 1 some CA is expired or expiring, 2 nothing read.
    pub fn exit_code(&self) -> i32 {
        if self.rows.is_empty() {
            2
        } else if self.rows.iter().any(|r| matches!(r.state, CaState::Expired | CaState::ExpiresSoon)) {
            1
        } else {
            0
        }
    }

    pub fn count(&self, state: CaState) -> usize {
        self.rows.iter().filter(|r| r.state == state).count()
    }

    fn headline(&self) -> String {
        format!(
            "{} resources: {} with an expired CA, {} expiring within {} days, {} unknown, {} ok, {} with nothing to rotate",
            self.rows.len(),
            self.count(CaState::Expired),
            self.count(CaState::ExpiresSoon),
            self.horizon_days,
            self.count(CaState::Unknown),
            self.count(CaState::Ok),
            self.count(CaState::NotApplicable)
        )
    }

    fn cells(r: &RotationRow) -> [String; 9] {
        let opt = |s: &Option<String>| s.as_deref().map(safe).unwrap_or_else(|| "—".into());
        [
            r.kind.word().into(),
            safe(&r.id),
            safe(&format!("{} {}", r.engine, r.engine_version)),
            opt(&r.ca_id),
            match (&r.ca_valid_till, r.ca_days_left) {
                (Some(d), Some(n)) => format!("{d} ({n} d)"),
                _ => "—".into(),
            },
            r.state.word().into(),
            r.restart.word().into(),
            opt(&r.endpoint),
            safe(&r.why),
        ]
    }

    const HEAD: [&'static str; 9] =
        ["kind", "id", "engine", "CA", "CA valid till", "state", "rotation", "endpoint", "why"];

    /// A plain-text table, then the commands to run.
    pub fn to_text(&self) -> String {
        let rows: Vec<[String; 9]> = self.rows.iter().map(Self::cells).collect();
        let head = Self::HEAD.map(String::from);
        let mut out = format!(
            "CA rotation report as of {} (target CA {})\n{}\n\n",
            self.checked_at,
            self.target_ca,
            self.headline()
        );
        out.push_str(&crate::report::fleet::table(&head[..8], rows.iter().map(|r| &r[..8])));
        self.push_commands(&mut out, "");
        self.push_notes(&mut out, "");
        out
    }

    pub fn to_markdown(&self) -> String {
        let mut out = format!(
            "## CA rotation report\n\nAs of {}, target CA `{}`: {}.\n\n",
            self.checked_at,
            self.target_ca,
            self.headline()
        );
        out.push_str(&format!("| {} |\n|{}\n", Self::HEAD.join(" | "), "---|".repeat(Self::HEAD.len())));
        for r in &self.rows {
            let cells = Self::cells(r).map(|c| c.replace('|', "\\|"));
            out.push_str(&format!("| {} |\n", cells.join(" | ")));
        }
        out.push_str("\n```sh\n");
        self.push_commands(&mut out, "");
        out.push_str("```\n");
        self.push_notes(&mut out, "- ");
        out
    }

    /// RFC 4180 CSV, one row per resource, the command in the last column.
    pub fn to_csv(&self) -> String {
        let mut out = String::from("kind,id,engine,engine_version,endpoint,region,ca_id,ca_valid_till,ca_days_left,server_cert_valid_till,state,rotation,command,why\n");
        for r in &self.rows {
            let o = |s: &Option<String>| s.clone().unwrap_or_default();
            let fields = [
                r.kind.word().to_owned(),
                r.id.clone(),
                r.engine.clone(),
                r.engine_version.clone(),
                o(&r.endpoint),
                o(&r.region),
                o(&r.ca_id),
                o(&r.ca_valid_till),
                r.ca_days_left.map(|d| d.to_string()).unwrap_or_default(),
                o(&r.server_cert_valid_till),
                r.state.id().to_owned(),
                r.restart.word().to_owned(),
                o(&r.command),
                r.why.clone(),
            ];
            out.push_str(&fields.iter().map(|f| crate::report::fleet::csv_field(f)).collect::<Vec<_>>().join(","));
            out.push('\n');
        }
        out
    }

    fn push_commands(&self, out: &mut String, prefix: &str) {
        let commands: Vec<&str> = self.rows.iter().filter_map(|r| r.command.as_deref()).collect();
        if commands.is_empty() {
            return;
        }
        if prefix.is_empty() && !out.ends_with("```sh\n") {
            out.push_str(&format!("\nCommands ({}):\n", commands.len()));
        }
        for c in commands {
            out.push_str(prefix);
            out.push_str(c);
            out.push('\n');
        }
    }

    fn push_notes(&self, out: &mut String, bullet: &str) {
        if let Some(d) = &self.default_for_new {
            out.push_str(&format!("\n{bullet}New instances in this account get CA {} by default.\n", safe(d)));
        }
        for p in &self.problems {
            out.push_str(&format!("{bullet}problem: {}\n", safe(p)));
        }
    }
}
