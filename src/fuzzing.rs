//! Properties the fuzzer (`fuzz/`) checks on arbitrary bytes, kept in the
//! library so that `tests/it/fuzz_regressions.rs` replays every input it ever
//! found through exactly the same code. Each function panics only when a
//! property fails; any other panic is a bug in the code under test.

use std::path::Path;
use std::sync::OnceLock;

use crate::messages::{self, Lang};
use crate::model::{Blocks, Centre, Packet, Programmes, Schedule, Unit, Year, validate};
use crate::intake::ingest;
use crate::store;

/// The 2018 sample year the inputs are checked against, loaded once.
fn sample() -> &'static Year {
    static YEAR: OnceLock<Year> = OnceLock::new();
    YEAR.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("inputs/2018");
        store::load(&dir).unwrap_or_else(|e| panic!("the sample year {} must load: {e:?}", dir.display()))
    })
}

/// A returned workbook's bytes, as `ingest` reads them: never a panic, and
/// every finding has words in both languages.
pub fn workbook(data: &[u8]) {
    for f in ingest::examine("fuzz.xlsx", data, sample()) {
        for lang in [Lang::Ja, Lang::En] {
            assert!(!messages::intake(&f, messages::Front::Terminal, lang).trim().is_empty(), "a finding without words: {f:?}");
        }
    }
}

/// A mail file's bytes, as `ingest` reads them: the first byte picks `.eml`,
/// `.mbox` or `.msg`. Never a panic; every line has words in both languages;
/// every name shown stays below the mail's (no empty or `..` component), and
/// every workbook is within the attachment cap.
pub fn mail(data: &[u8]) {
    let_reader_panics_unwind();
    let Some((&kind, rest)) = data.split_first() else { return };
    let name = ["回答.eml", "受信.mbox", "回答.msg"][usize::from(kind % 3)];
    for item in ingest::sources::mail_items(name, rest, &["himitsu".to_string()]) {
        let shown = item.display();
        assert!(shown.starts_with(name), "{shown:?} is not below {name}");
        assert!(shown.split('/').all(|c| !c.is_empty() && c != ".." && c != "."), "{shown:?}");
        match item {
            ingest::sources::Item::Skipped(s) => {
                for lang in [Lang::Ja, Lang::En] {
                    assert!(!messages::skipped(&s, messages::Front::Terminal, lang).trim().is_empty(), "a line without words: {s:?}");
                }
            }
            ingest::sources::Item::Source(s) => {
                assert!(s.bytes.len() as u64 <= crate::intake::mail::MAX_ATTACHMENT_BYTES, "{} over the cap", s.display);
            }
        }
    }
}

/// libFuzzer's panic hook aborts on any panic; a panic inside mail-parser or
/// cfb is caught by the mail reader ([`crate::intake::mail`]) and becomes a
/// refusal with a line, so those (and only those) are let unwind. Any other
/// panic still aborts.
fn let_reader_panics_unwind() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let in_reader = info.location().is_some_and(|l| l.file().contains("/mail-parser-") || l.file().contains("/cfb-"));
            if !in_reader {
                previous(info);
            }
        }));
    });
}

/// A TOML file's text, as the store reads it. The first byte picks the file
/// kind. Whatever decodes and parses must survive a canonical round trip
/// unchanged; every kind must validate inside the sample year (in place of
/// the sample's file, or beside its units and centres) without a panic, its
/// problems have words, and a year without errors lays out; a unit's or
/// centre's name becomes a file name that stays in its folder.
pub fn toml(data: &[u8]) {
    let Some((&kind, rest)) = data.split_first() else { return };
    let Ok(text) = store::decode(rest, Path::new("fuzz.toml")) else { return };
    let mut year = sample().clone();
    match kind % 6 {
        0 => match round_trip::<Packet>(text) {
            Some(v) => year.packet = v,
            None => return,
        },
        1 => match round_trip::<Schedule>(text) {
            Some(v) => year.schedule = v,
            None => return,
        },
        2 => match round_trip::<Programmes>(text) {
            Some(v) => year.programmes = v,
            None => return,
        },
        3 => match round_trip::<Blocks>(text) {
            Some(v) => year.blocks = v,
            None => return,
        },
        4 => match round_trip::<Unit>(text) {
            Some(unit) => {
                safe_name(&unit.name);
                year.units.push(Unit { source: "units/fuzz.toml".into(), ..unit });
            }
            None => return,
        },
        _ => match round_trip::<Centre>(text) {
            Some(centre) => {
                safe_name(&centre.name);
                year.centres.push(Centre { source: "centres/fuzz.toml".into(), ..centre });
            }
            None => return,
        },
    }
    problems_have_words(&year);
}

fn round_trip<T>(text: &str) -> Option<T>
where
    T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let value: T = store::parse(text, Path::new("fuzz.toml")).ok()?;
    let canonical = store::to_canonical(&value).unwrap_or_else(|e| panic!("{value:?} does not serialize: {e:?}"));
    let again: T = store::parse(&canonical, Path::new("canonical.toml"))
        .unwrap_or_else(|e| panic!("canonical text does not parse back: {e:?}\n{canonical}"));
    assert_eq!(value, again, "canonical round trip changed the value:\n{canonical}");
    Some(value)
}

/// Validation's problems have words; a year without errors lays out (where
/// the renderer is built: the regression tests, not the fuzzer's quick build).
fn problems_have_words(year: &Year) {
    let problems = validate::validate(year);
    for p in &problems {
        for lang in [Lang::Ja, Lang::En] {
            assert!(!messages::problem(p, messages::Front::Terminal, lang).trim().is_empty(), "a problem without words: {p:?}");
        }
    }
    #[cfg(feature = "render")]
    if !validate::has_errors(&problems) {
        drop(crate::render::layout::layout(year));
    }
}

/// A name's file stays in its folder: one plain component, not empty, no
/// separator, NUL, control character or Windows reserved name, within the byte limit.
fn safe_name(name: &str) {
    let file = store::file_name(name);
    let stem = file.trim_end_matches(".toml");
    let mut parts = Path::new(&file).components();
    assert!(
        matches!(parts.next(), Some(std::path::Component::Normal(_))) && parts.next().is_none(),
        "{name:?} → {file:?} is not one plain file name"
    );
    assert!(!stem.is_empty() && stem.len() <= store::MAX_STEM_BYTES, "{name:?} → {file:?}");
    assert!(!file.chars().any(|c| matches!(c, '/' | '\\' | '\0' | ':') || c.is_control()), "{name:?} → {file:?}");
    assert!(!stem.starts_with('.') && !stem.ends_with('.'), "{name:?} → {file:?}");
    let upper = stem.to_ascii_uppercase();
    let reserved = ["CON", "PRN", "AUX", "NUL"].contains(&upper.as_str())
        || ((upper.starts_with("COM") || upper.starts_with("LPT")) && upper.len() == 4 && matches!(upper.as_bytes()[3], b'1'..=b'9'));
    assert!(!reserved, "{name:?} → {file:?} is reserved on Windows");
}
