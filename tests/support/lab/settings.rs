//! `tests/lab/settings.tsv`: the columns the lab runs, one per line —
//! `setting_id<TAB>driver<TAB>interpreter or -<TAB>how the real client is installed`
//! (`#` lines and blank lines are comments). Paths are relative to the repository root; an
//! interpreter without a `/` is looked up on PATH.

use std::path::{Path, PathBuf};

pub const TSV: &str = include_str!("../../lab/settings.tsv");

/// One column of the lab.
#[derive(Debug, Clone)]
pub struct Setting {
    /// 1-based line in the file.
    pub line: usize,
    /// The verdict column id (`ClientId::as_str`).
    pub id: String,
    pub driver: String,
    /// `None`: the driver is run directly.
    pub interpreter: Option<String>,
    pub install: String,
}

/// Every row, in file order. A row without four columns panics with its line.
pub fn all() -> Vec<Setting> {
    TSV.lines()
        .enumerate()
        .filter(|(_, l)| !l.starts_with('#') && !l.trim().is_empty())
        .map(|(i, l)| {
            let cols: Vec<&str> = l.split('\t').collect();
            assert_eq!(
                cols.len(),
                4,
                "tests/lab/settings.tsv line {}: setting_id, driver, interpreter, install",
                i + 1
            );
            Setting {
                line: i + 1,
                id: cols[0].to_owned(),
                driver: cols[1].to_owned(),
                interpreter: (cols[2] != "-").then(|| cols[2].to_owned()),
                install: cols[3].to_owned(),
            }
        })
        .collect()
}

impl Setting {
    /// The program to start and its leading arguments (the driver file when interpreted), or
    /// why it is not installed.
    pub fn command(&self, root: &Path) -> Result<(PathBuf, Vec<PathBuf>), String> {
        let driver = root.join(&self.driver);
        if !driver.is_file() {
            return Err(format!("driver {} is missing", driver.display()));
        }
        match &self.interpreter {
            None => Ok((driver, Vec::new())),
            Some(i) if i.contains('/') => {
                let path = root.join(i);
                if path.is_file() {
                    Ok((path, vec![driver]))
                } else {
                    Err(format!("{} is not installed ({})", path.display(), self.install))
                }
            }
            Some(i) => match super::super::mariadb::find_program(i) {
                Some(path) => Ok((path, vec![driver])),
                None => Err(format!("{i} is not on PATH ({})", self.install)),
            },
        }
    }
}
