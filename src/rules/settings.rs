//! The person's own connection setting (`Inputs.settings`) in the analysis: it names their
//! verdict column (`Report.lead_client`), supplies the hostname when none was given, and adds
//! findings for what the setting really does — it verifies nothing, not the name, falls back to
//! plaintext, uses no TLS, trusts a store without the RDS CAs, names a retired RDS bundle. A
//! setting that verifies less than its author probably thinks is a warning even when it connects.

use std::borrow::Cow;

use crate::decode::settings::{self, Family, Format, Settings, Tls, Verifies};
use crate::report::Report;
use crate::source::inputs::Inputs;
use crate::vocab::catalogue::RuleId;
use crate::vocab::Finding;

/// The parsed setting, `None` when none was given.
pub fn read(inputs: &Inputs) -> Option<Settings> {
    Some(settings::parse(&inputs.settings)).filter(|_| !inputs.settings.trim().is_empty())
}

/// Runs `analyze` on `inputs` with the setting's host filled in when no hostname was given, then
/// adds the setting's findings, the lead column and the snippets to its report.
pub(super) fn around(inputs: &Inputs, analyze: impl FnOnce(&Inputs) -> Report) -> Report {
    let parsed = read(inputs);
    let inputs: Cow<'_, Inputs> = match parsed.as_ref().and_then(|s| s.host.clone()) {
        Some(host) if inputs.hosts.iter().all(|h| h.trim().is_empty()) => {
            Cow::Owned(Inputs { hosts: vec![host], ..inputs.clone() })
        }
        _ => Cow::Borrowed(inputs),
    };
    let mut report = analyze(&inputs);
    if let Some(s) = &parsed {
        let own = findings(s, &report.inputs.hosts);
        // The server passes, but the person's own setting would accept an impostor: say so on top.
        if let Some(f) = own.iter().find(|f| f.severity >= crate::vocab::Severity::Warning) {
            if matches!(report.overall.status, crate::report::Status::Pass | crate::report::Status::ExpiresSoon) {
                report.overall.headline = format!("{} — but your setting: {}", report.overall.headline, f.title);
            }
        }
        report.findings.extend(own);
        report.findings.sort_by_key(|f| std::cmp::Reverse(f.severity));
        report.lead_client = s.client;
    }
    report.snippets = super::snippets::snippets(&report, parsed.as_ref(), &inputs);
    report.settings = parsed;
    report
}

fn finding(id: RuleId, s: &Settings, title: String, hosts: &[String]) -> Finding {
    let mut f = Finding::of(id, title, id.rule().why.to_owned());
    f.clients = s.client.into_iter().collect();
    f.hosts = hosts.to_vec();
    f
}

/// The retired RDS downloads (the pre-G1 bundles and roots).
fn old_rds_bundle(path: &str) -> bool {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path).to_ascii_lowercase();
    name == "rds-combined-ca-bundle.pem"
        || name.starts_with("rds-ca-2019-")
        || name.starts_with("rds-ca-2015-")
        || name == "rds-ssl-ca-cert.pem"
}

/// The findings about what `s` does, for the hosts of the report.
pub fn findings(s: &Settings, hosts: &[String]) -> Vec<Finding> {
    let mut out = Vec::new();
    let what = s.decisive.clone().unwrap_or_else(|| "this setting".into());
    if s.format == Format::Unrecognised {
        let why = s.notes.first().map(|n| n.text.clone()).unwrap_or_default();
        out.push(finding(RuleId::SettingUnrecognised, s, format!("The connection setting was not read: {why}"), hosts));
        return out;
    }
    match (s.tls, s.verifies) {
        (Tls::Off, _) => {
            out.push(finding(RuleId::SettingTlsOff, s, format!("`{what}`: the connection does not use TLS"), hosts))
        }
        (_, Verifies::Nothing) => out.push(finding(
            RuleId::SettingNoVerification,
            s,
            format!("`{what}` encrypts but verifies nothing: any certificate is accepted"),
            hosts,
        )),
        (_, Verifies::CaOnly) => out.push(finding(
            RuleId::SettingNoHostnameCheck,
            s,
            format!("`{what}` checks the certificate's chain but not the server's name"),
            hosts,
        )),
        (_, Verifies::CaAndName) => {}
    }
    if s.plaintext_fallback {
        out.push(finding(
            RuleId::SettingPlaintextFallback,
            s,
            format!("`{what}`: this client falls back to plaintext when the server offers no TLS"),
            hosts,
        ));
    }
    let rds_db: Vec<String> = hosts
        .iter()
        .filter(|h| crate::decode::pki::rds::endpoint(h).is_some_and(|e| !e.kind.presents_amazon_trust()))
        .cloned()
        .collect();
    // A profile (`ssl: 'Amazon RDS'`) carries its own CAs; a Prisma sslcert or a Go custom pool
    // is a file the text names.
    let profile = s.decisive.as_deref().is_some_and(|d| d.starts_with("ssl: '"));
    if s.tls != Tls::Off && s.verifies != Verifies::Nothing && s.ca_path.is_none() && !profile && !rds_db.is_empty() {
        let store = match s.family {
            Some(Family::ConnectorJ | Family::MariadbConnectorJ) => "the JDK's cacerts",
            Some(Family::GoMysql) => "the system's root store",
            Some(Family::Mysql2 | Family::NodeMysql | Family::NodeMariadb) => "Node's bundled root store",
            _ => "the system's CA store",
        };
        let f = finding(
            RuleId::SettingSystemCaStore,
            s,
            format!(
                "`{what}` names no CA file: {store} holds none of the Amazon RDS CAs that {} uses",
                rds_db.join(", ")
            ),
            &rds_db,
        );
        out.push(f);
    }
    if let Some(path) = s.ca_path.as_deref().filter(|p| old_rds_bundle(p)) {
        out.push(finding(
            RuleId::SettingOldRdsBundle,
            s,
            format!("The setting's CA file {path} is a retired Amazon RDS bundle (before the 2024 G1 CAs)"),
            hosts,
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::ClientId;

    fn ids(text: &str, hosts: &[&str]) -> Vec<(&'static str, String, Vec<ClientId>)> {
        let hosts: Vec<String> = hosts.iter().map(|h| h.to_string()).collect();
        findings(&settings::parse(text), &hosts).into_iter().map(|f| (f.id.as_str(), f.title, f.clients)).collect()
    }

    #[test]
    fn each_setting_says_what_it_really_does() {
        let rds = "mydb.abc123.eu-west-1.rds.amazonaws.com";
        assert_eq!(
            ids("mysql -h db --ssl-mode=REQUIRED", &["db"]),
            vec![(
                "setting-no-verification",
                "`--ssl-mode=REQUIRED` encrypts but verifies nothing: any certificate is accepted".to_owned(),
                vec![ClientId::PhpPdoVerifyFalse]
            )]
        );
        assert_eq!(
            ids("pymysql.connect(host='db', ssl_ca='/ca.pem')", &["db"]),
            vec![(
                "setting-no-verification",
                "`ssl_ca= without ssl_verify_cert/ssl_verify_identity` encrypts but verifies nothing: any certificate is accepted".to_owned(),
                vec![ClientId::PymysqlCaOnly]
            )]
        );
        assert_eq!(
            ids("mariadb -h db --ssl-ca=/etc/ssl/rds-combined-ca-bundle.pem", &["db"]),
            vec![
                (
                    "setting-no-hostname-check",
                    "`--ssl-ca without --ssl-verify-server-cert` checks the certificate's chain but not the server's name"
                        .to_owned(),
                    vec![ClientId::MariadbSslCaOnly]
                ),
                (
                    "setting-plaintext-fallback",
                    "`--ssl-ca without --ssl-verify-server-cert`: this client falls back to plaintext when the server offers no TLS".to_owned(),
                    vec![ClientId::MariadbSslCaOnly]
                ),
                (
                    "setting-old-rds-bundle",
                    "The setting's CA file /etc/ssl/rds-combined-ca-bundle.pem is a retired Amazon RDS bundle (before the 2024 G1 CAs)".to_owned(),
                    vec![ClientId::MariadbSslCaOnly]
                ),
            ]
        );
        assert_eq!(
            ids(&format!("app:x@tcp({rds}:3306)/app?tls=true"), &[rds]),
            vec![(
                "setting-system-ca-store",
                format!("`tls=true` names no CA file: the system's root store holds none of the Amazon RDS CAs that {rds} uses"),
                vec![ClientId::GoCustomCa]
            )]
        );
        assert_eq!(
            ids("app:x@tcp(db:3306)/app?tls=skip-verify", &["db"]).into_iter().map(|f| f.0).collect::<Vec<_>>(),
            vec!["setting-no-verification"]
        );
        assert_eq!(
            ids("app:x@tcp(db:3306)/app", &["db"]),
            vec![(
                "setting-tls-off",
                "`no tls parameter (false)`: the connection does not use TLS".to_owned(),
                Vec::new()
            )]
        );
        assert_eq!(ids("mysql -h db --ssl-mode=VERIFY_IDENTITY --ssl-ca=/ca.pem", &["db"]), Vec::new());
        assert_eq!(ids("what is this", &[]).into_iter().map(|f| f.0).collect::<Vec<_>>(), vec!["setting-unrecognised"]);
    }
}
