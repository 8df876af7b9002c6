//! The last CA bundle read, kept between analyses. Reading the 121 certificates of the RDS
//! global bundle is most of an analysis; while the bundle's text is unchanged (typing in the
//! chain or the hostnames, picking a date) the next analysis reuses it. One entry: the page
//! analyses one bundle at a time, and a changed bundle is read once and kept instead.

use std::rc::Rc;

use crate::rules::ReadBundle;

#[derive(Debug, Default)]
pub struct BundleCache {
    last: Option<(String, Rc<ReadBundle>)>,
}

impl BundleCache {
    /// `text` read, from the cache when it is the text read last (compared whole: a 186 KB
    /// comparison is microseconds, and no hash can collide).
    pub fn read(&mut self, text: &str) -> Rc<ReadBundle> {
        match &self.last {
            Some((cached, read)) if cached == text => read.clone(),
            _ => {
                let read = Rc::new(ReadBundle::of(text));
                self.last = Some((text.to_owned(), read.clone()));
                read
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::builtin::RDS_GLOBAL_PEM;
    use crate::web::state::{examples, reduce, Action, Field, State};

    #[test]
    fn reads_a_bundle_once_while_its_text_is_unchanged() {
        let mut cache = BundleCache::default();
        let first = cache.read(RDS_GLOBAL_PEM);
        assert!(Rc::ptr_eq(&first, &cache.read(RDS_GLOBAL_PEM)));
        let other = cache.read(examples::ALL[0].ca_bundle);
        assert!(!Rc::ptr_eq(&first, &other));
        assert!(!Rc::ptr_eq(&first, &cache.read(RDS_GLOBAL_PEM)), "one entry: the global bundle was read again");
    }

    #[test]
    fn a_cached_analysis_is_the_analysis() {
        let now = crate::time_fmt::parse("2026-11-28").unwrap_or(0);
        let mut cache = BundleCache::default();
        let json = |r: &crate::report::Report| serde_json::to_string(r).expect("json");
        let mut states: Vec<State> =
            examples::ALL.iter().map(|ex| reduce(State::new("2026-11-28".into()), Action::LoadExample(ex))).collect();
        let global = reduce(states[0].clone(), Action::Edit(Field::CaBundle, RDS_GLOBAL_PEM.to_owned()));
        // The same bundle twice in a row (the cache answers), then with a broken block.
        let typed = reduce(global.clone(), Action::Edit(Field::Hosts, "db.example.com".into()));
        let broken = reduce(
            typed.clone(),
            Action::Edit(
                Field::CaBundle,
                format!("{RDS_GLOBAL_PEM}-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"),
            ),
        );
        states.extend([global, typed, broken]);
        for s in &states {
            let uncached = crate::rules::analyze_with(&s.inputs(), &s.client_versions, now);
            assert_eq!(json(&s.analysis_request(now).run(&mut cache)), json(&uncached));
        }
    }
}
