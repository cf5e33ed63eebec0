//! The fonts: BIZ UD Gothic and BIZ UD P Gothic (OFL, `fonts/`), embedded in
//! the binary and parsed once per process. No system font and none of
//! typst's own fonts, so every machine renders the same bytes.

use std::sync::LazyLock;

use typst::foundations::Bytes;
use typst::text::Font;
use typst_kit::fonts::FontStore;

/// The font files, by the name they have in `fonts/` (and in `--emit-typst`).
pub const FILES: [(&str, &[u8]); 4] = [
    ("BIZUDPGothic-Regular.ttf", include_bytes!("../../fonts/BIZUDPGothic-Regular.ttf")),
    ("BIZUDPGothic-Bold.ttf", include_bytes!("../../fonts/BIZUDPGothic-Bold.ttf")),
    ("BIZUDGothic-Regular.ttf", include_bytes!("../../fonts/BIZUDGothic-Regular.ttf")),
    ("BIZUDGothic-Bold.ttf", include_bytes!("../../fonts/BIZUDGothic-Bold.ttf")),
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
