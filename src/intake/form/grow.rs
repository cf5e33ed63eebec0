//! Rows that grow as the officer types: the one place the written workbook's
//! XML is changed after rust_xlsxwriter.
//!
//! rust_xlsxwriter marks every row with a height of its own `customHeight="1"`
//! (0.102 has no option against it), and Excel then keeps that height however
//! many lines are typed with Alt+Enter: the lines are hidden on screen and on
//! the approval printout. A row with `ht` and no `customHeight` is what Excel
//! writes for a row it sized itself: it opens at the height that shows the
//! pre-filled lines, and Excel sizes it again as the officer types. So the
//! attribute is dropped from every row of every worksheet, and nothing else
//! of the package changes.

use std::io::{Cursor, Read, Write};

use crate::error::{Error, Result};

/// The attribute rust_xlsxwriter writes on a row given a height.
const CUSTOM: &str = " customHeight=\"1\"";

/// `xlsx` with no row of a fixed height.
pub fn rows_grow(xlsx: Vec<u8>) -> Result<Vec<u8>> {
    let err = |e: zip::result::ZipError| Error::Workbook(e.to_string());
    let mut zip = zip::ZipArchive::new(Cursor::new(xlsx)).map_err(err)?;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).map_err(err)?;
        let name = entry.name_raw().to_vec();
        let name = String::from_utf8_lossy(&name).into_owned();
        let mut bytes = Vec::with_capacity(entry.size() as usize);
        entry.read_to_end(&mut bytes).map_err(|e| Error::Workbook(e.to_string()))?;
        if name.starts_with("xl/worksheets/sheet") && name.ends_with(".xml") {
            bytes = String::from_utf8_lossy(&bytes).replace(CUSTOM, "").into_bytes();
        }
        out.start_file(name, options).map_err(err)?;
        out.write_all(&bytes).map_err(|e| Error::Workbook(e.to_string()))?;
    }
    Ok(out.finish().map_err(err)?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heights_stay_and_no_row_is_fixed() {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        ws.write_string(0, 0, "一行目\n二行目").unwrap();
        ws.set_row_height(0, 32.0).unwrap();
        let before = wb.save_to_buffer().unwrap();
        let sheet = |xlsx: &[u8]| {
            let mut z = zip::ZipArchive::new(Cursor::new(xlsx.to_vec())).unwrap();
            let mut s = String::new();
            z.by_name("xl/worksheets/sheet1.xml").unwrap().read_to_string(&mut s).unwrap();
            s
        };
        // Excel rounds a height to its pixels: 32 pt is written 32.25.
        assert!(sheet(&before).contains("ht=\"32.25\" customHeight=\"1\""));
        let after = rows_grow(before).unwrap();
        assert!(sheet(&after).contains("ht=\"32.25\"") && !sheet(&after).contains("customHeight"));
    }
}
