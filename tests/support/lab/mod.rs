//! The client lab (tests/client_lab.rs): certificate scenarios and the drivers' settings table.

pub mod scenarios;
pub mod settings;
