//! One component per file. Results components take the report as [`ReportRef`] props; the
//! inputs read and change the state through the context. All certificate text is rendered
//! as text nodes (Yew escapes it); nothing here uses `inner_html`.

mod capture_input;
mod capture_view;
mod cert_card;
mod cert_list;
mod client_version_picker;
mod connection_picker;
pub(crate) mod copy_button;
mod error_input;
mod examples_bar;
mod field_tree;
mod findings_list;
mod hex_row;
mod hex_view;
mod horizon_input;
mod input_problems;
mod inputs_panel;
mod inventory_panel;
mod link_notice;
mod live_check;
mod live_progress;
mod overall_banner;
mod packet_list;
mod pem_field;
mod probe_section;
mod report_download;
mod result_bar;
mod results;
mod settings_input;
mod share_panel;
mod verdict_matrix;

use std::ops::Deref;
use std::rc::Rc;

use yew::prelude::*;

use crate::report::Report;

pub use capture_input::CaptureInput;
pub use capture_view::{CaptureView, DataRefProp};
pub use cert_card::CertCard;
pub use cert_list::CertList;
pub use client_version_picker::ClientVersionPicker;
pub use connection_picker::ConnectionPicker;
pub use error_input::ErrorInput;
pub use examples_bar::ExamplesBar;
pub use field_tree::FieldTree;
pub use findings_list::FindingsList;
pub use hex_row::HexRow;
pub use hex_view::HexView;
pub use horizon_input::horizon_input;
pub use input_problems::InputProblems;
pub use inputs_panel::InputsPanel;
pub use inventory_panel::InventoryPanel;
pub use link_notice::LinkNotice;
pub use live_check::LiveCheck;
pub use live_progress::LiveProgress;
pub use overall_banner::OverallBanner;
pub use packet_list::PacketList;
pub use pem_field::PemField;
pub use probe_section::ProbeSection;
pub use report_download::ReportDownload;
pub use results::Results;
pub use settings_input::SettingsInput;
pub use share_panel::SharePanel;
pub use verdict_matrix::VerdictMatrix;

/// A shared report; equal when it is the same analysis, so props compare in O(1).
#[derive(Clone)]
pub struct ReportRef(pub Rc<Report>);

impl PartialEq for ReportRef {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Deref for ReportRef {
    type Target = Report;
    fn deref(&self) -> &Report {
        &self.0
    }
}

/// Text with `code spans` (the rule texts quote commands in backticks) as `<code>`, still
/// only text nodes.
pub fn rich_text(s: &str) -> Html {
    s.split('`')
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                html! { <code>{part}</code> }
            } else {
                html! { {part} }
            }
        })
        .collect()
}

/// The name a human uses for an input of the report.
pub fn input_name(input: &str) -> &str {
    match input {
        "ca_bundle" => "CA bundle",
        "chain" => "Server certificate chain",
        other => other,
    }
}

/// The column label of a client id.
pub fn client_label(report: &Report, id: crate::vocab::ClientId) -> &str {
    report
        .clients
        .iter()
        .find(|c| c.id == id)
        .map(|c| &*c.label)
        .unwrap_or_else(|| crate::rules::clients::client(id).label)
}
