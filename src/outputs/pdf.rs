//! PDF export: reproducible bytes (identifier and dates from the data, never
//! the clock) and atomic output.

use std::path::Path;

use typst::foundations::Smart;
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards};

use crate::error::{Error, Result};
use crate::model::Year;
use crate::store::write_atomic;

/// The PDF bytes of a compiled packet.
pub fn export(doc: &PagedDocument, year: &Year) -> Result<Vec<u8>> {
    export_as(doc, year, &[])
}

/// The archival standards: PDF/A-3u (archival, attachments allowed) with PDF/UA-1 (accessible).
pub const ARCHIVAL: [(&str, PdfStandard); 2] = [("a-3u", PdfStandard::A_3u), ("ua-1", PdfStandard::Ua_1)];

/// The PDF bytes, conforming to `standards` (typst checks and refuses what violates them).
pub fn export_as(doc: &PagedDocument, year: &Year, standards: &[PdfStandard]) -> Result<Vec<u8>> {
    let p = &year.packet;
    let standards = PdfStandards::new(standards).map_err(|e| Error::Pdf(e.message().to_string()))?;
    let options = PdfOptions {
        standards,
        // Stable across machines and runs: the same packet keeps its identifier.
        ident: Smart::Custom(format!("shiryo/{}/{}/{}", p.prefecture, p.fiscal_year, p.material)),
        creator: Smart::Custom(Some(format!("shiryo {}", env!("CARGO_PKG_VERSION")))),
        ..PdfOptions::default()
    };
    typst_pdf::pdf(doc, &options).map_err(|diags| {
        Error::Pdf(diags.iter().map(|d| d.message.to_string()).collect::<Vec<_>>().join("\n"))
    })
}

/// Writes the PDF atomically: a failed build never leaves half a file.
pub fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    }
    write_atomic(path, bytes)
}
