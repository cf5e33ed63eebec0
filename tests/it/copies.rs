//! `build --copies N`: one PDF of N numbered copies (配布番号) for handouts
//! collected after the meeting; `archive` never carries the number.


use crate::common::*;

/// Full-width below 10, as the footer writes page numbers.
fn zen(n: usize) -> String {
    if n < 10 { char::from_u32(0xFF10 + n as u32).unwrap().to_string() } else { n.to_string() }
}

/// The footer of a page: its last line with text.
fn footer(page: &str) -> String {
    page.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("").trim().to_string()
}

/// The header's first line of a page (the copy number and, on a first page, 資料４).
fn header(page: &str) -> String {
    page.lines().find(|l| !l.trim().is_empty()).unwrap_or("").split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn three_copies_are_three_packets_each_numbered_and_paged_from_one() {
    let tmp = tempfile::tempdir().unwrap();
    let one = build(&sample(), tmp.path());
    let n = page_count(&one);
    assert!(pages_text(&one).iter().all(|p| !p.contains("No.")), "a plain build carries no copy number");
    let out = tmp.path().join("handouts.pdf");
    let o = shiryo(&["build", sample().to_str().unwrap(), "-o", out.to_str().unwrap(), "-q", "--copies", "3"], tmp.path(), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(page_count(&out), 3 * n);
    let pages = pages_text(&out);
    for (i, page) in pages.iter().enumerate() {
        let (copy, within) = (i / n + 1, i % n + 1);
        let head = header(page);
        assert!(head.starts_with(&format!("No. {copy}")), "page {} (copy {copy}): {head}", i + 1);
        assert_eq!(page.matches("No.").count(), 1, "page {}", i + 1);
        // Each copy's pages are numbered from １, and its first page carries 資料４.
        assert_eq!(footer(page), zen(within), "page {} (copy {copy})", i + 1);
        assert_eq!(head.contains("資料４"), within == 1, "page {}: {head}", i + 1);
    }
    // Page 1 of copy 2 reads as page 1 of the packet, numbered No. 2.
    assert_eq!(header(&pages[n]), "No. 2 資料４");
    assert_eq!(squash(&pages[n]).replace("No.2", ""), squash(&pages_text(&one)[0]));
}

#[test]
fn copies_are_refused_beyond_the_limit_and_at_zero() {
    for n in ["0", "501"] {
        let o = shiryo(&["build", "inputs/2018", "-o", "/dev/null", "--copies", n], &root(), &[]);
        assert!(!o.status.success(), "--copies {n} accepted");
        assert!(stderr(&o).contains("--copies"), "{}", stderr(&o));
    }
}

#[test]
fn the_archive_carries_no_copy_number() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("archive");
    let o = shiryo(&["archive", sample().to_str().unwrap(), "-o", root.to_str().unwrap()], tmp.path(), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let archived = pdfs_below(&root);
    assert_eq!(archived.len(), 1, "{archived:?}");
    let text = raw_text(&archived[0]);
    assert!(!text.contains("No."), "an archived packet is no handout");
    assert!(text.contains("資料４"));
    // Nor does the command take the option.
    let o = shiryo(&["archive", sample().to_str().unwrap(), "-o", root.to_str().unwrap(), "--copies", "2"], tmp.path(), &[]);
    assert!(!o.status.success() && stderr(&o).contains("--copies"), "{}", stderr(&o));
}
