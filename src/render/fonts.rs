//! The fonts: BIZ UD Gothic and BIZ UD P Gothic (OFL, `fonts/`), embedded in
//! the binary and parsed once per process. No system font and none of
//! typst's own fonts, so every machine renders the same bytes.

use std::sync::LazyLock;

use typst::foundations::Bytes;
use typst::text::Font;
use typst_kit::fonts::FontStore;

/// The font files, by the name they have in `fonts/` (and in `--emit-typst`).
pub const FILES: [(&str, &[u8]); 6] = [
    ("BIZUDPGothic-Regular.ttf", include_bytes!("../../fonts/BIZUDPGothic-Regular.ttf")),
    ("BIZUDPGothic-Bold.ttf", include_bytes!("../../fonts/BIZUDPGothic-Bold.ttf")),
    ("BIZUDGothic-Regular.ttf", include_bytes!("../../fonts/BIZUDGothic-Regular.ttf")),
    ("BIZUDGothic-Bold.ttf", include_bytes!("../../fonts/BIZUDGothic-Bold.ttf")),
    // The fallback: Noto Sans CJK JP, only the characters of Adobe-Japan1 and JIS X 0213 that BIZ UD lacks (𠮷…),
    // made by scripts/make-fallback-font. Embedded like BIZ UD: no system font is ever used.
    ("NotoSansCJKjp-Fallback-Regular.otf", include_bytes!("../../fonts/NotoSansCJKjp-Fallback-Regular.otf")),
    ("NotoSansCJKjp-Fallback-Bold.otf", include_bytes!("../../fonts/NotoSansCJKjp-Fallback-Bold.otf")),
];

/// The process's font store of the embedded fonts, loaded on first use.
pub fn store() -> &'static FontStore {
    static STORE: LazyLock<FontStore> = LazyLock::new(|| from_files(FILES.iter().map(|(_, d)| d.to_vec())));
    &STORE
}

/// A font store of font files (an archive's own fonts, for `verify`).
pub fn from_files(files: impl IntoIterator<Item = Vec<u8>>) -> FontStore {
    let mut store = FontStore::new();
    for data in files {
        store.extend(Font::iter(Bytes::new(data)).map(|f| {
            let info = f.info().clone();
            (f, info)
        }));
    }
    store
}

/// The embedded fonts' faces, parsed once, to look characters up in their cmaps.
static FACES: LazyLock<Vec<ttf_parser::Face<'static>>> =
    LazyLock::new(|| FILES.iter().filter_map(|(_, data)| ttf_parser::Face::parse(data, 0).ok()).collect());

/// Whether an embedded font draws `c`. Characters that are not drawn as a
/// glyph of their own pass: line breaks and other controls, variation
/// selectors (an IVS keeps its base's glyph where no font has the variant),
/// joiners and the byte-order mark.
pub fn draws(c: char) -> bool {
    let invisible = c.is_control()
        || matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}');
    invisible || FACES.iter().any(|f| f.glyph_index(c).is_some())
}

/// Characters of a year that no embedded font has (a rare kanji, a municipality's
/// 外字 in the Private Use Area), each once per file and key: `check` and `build`
/// warn, since the packet would print a missing-glyph box.
pub fn missing(year: &crate::model::Year) -> Vec<crate::model::problem::Problem> {
    use crate::model::problem::{Problem, ProblemKind, Severity};
    let mut out: Vec<Problem> = Vec::new();
    // Each distinct character looked up once.
    let mut drawn: std::collections::HashMap<char, bool> = std::collections::HashMap::new();
    for (file, key, text) in crate::model::limits::strings(year) {
        if text.chars().all(|c| *drawn.entry(c).or_insert_with(|| draws(c))) {
            continue;
        }
        let mut seen = Vec::new();
        for c in text.chars().filter(|&c| !draws(c)) {
            if !seen.contains(&c) {
                seen.push(c);
                out.push(Problem { severity: Severity::Warning, file: file.clone(), key: key.clone(), kind: ProblemKind::NoGlyph(c) });
            }
        }
    }
    out
}
