//! Fidelity to the printed 平成30年度 資料４: its extracted text
//! (tests/reference/shiryo4-H30.txt), line by line, must be found in our
//! packet's text, whitespace ignored.


use crate::common::*;

/// Reference lines that no correct packet can contain verbatim, each with its reason.
const EXEMPT: &[(&str, &str)] = &[
    (
        "（いなべ市役所内） 在宅医療・介護連携は専門的",
        "extractor glue: いなべ市's 連携拠点 operator and the first line of the 方向性 it shares with 東員町, two cells side by side",
    ),
    (
        "⑥研修 ・多職種連携の研修会を実施。 ・多職種連携の研修会や病院と地域の看護職等の連携に関する研修会を実施。",
        "issue 14: the joint cell (桑名市 with 木曽岬町) now ends with its 「共同」 tag, between the two cells' text",
    ),
    (
        "項目 松阪市 多気町 明和町 大台町 大紀町",
        "issue 14: 大台町's halves are named by their centres (松阪地域, 奥伊勢) in a second header row, read into this line",
    ),
];

#[test]
fn the_packet_holds_the_reference_text() {
    let tmp = tempfile::tempdir().unwrap();
    let pdf = build(&sample(), tmp.path());
    let raw = raw_text(&pdf);
    let layout = squash(&poppler("pdftotext", &["-layout", pdf.to_str().unwrap(), "-"]));
    let reference = std::fs::read_to_string(root().join("tests/reference/shiryo4-H30.txt")).unwrap();
    let is_page_number = |l: &str| l.chars().all(|c| c.is_ascii_digit() || ('０'..='９').contains(&c));
    let (mut found, mut total) = (0usize, 0usize);
    let mut missing = Vec::new();
    let mut exempt_used = vec![false; EXEMPT.len()];
    for line in reference.lines().map(squash) {
        if line.is_empty() || is_page_number(&line) {
            continue;
        }
        if let Some(i) = EXEMPT.iter().position(|(l, _)| squash(l) == line) {
            exempt_used[i] = true;
            continue;
        }
        let n = line.chars().count();
        total += n;
        if raw.contains(&line) || layout.contains(&line) {
            found += n;
        } else {
            missing.push(line);
        }
    }
    assert!(EXEMPT.len() < 30, "too many exemptions");
    for (used, (l, _)) in exempt_used.iter().zip(EXEMPT) {
        assert!(used, "exempt line {l:?} is not in the reference");
    }
    let share = found as f64 / total as f64;
    assert!(
        share >= 0.999,
        "only {:.1}% of the reference's characters found; missing lines:\n{}",
        share * 100.0,
        missing.join("\n")
    );
    // Exempt lines must really be absent: else the exemption hides nothing and goes.
    for (l, why) in EXEMPT {
        assert!(!raw.contains(&squash(l)) && !layout.contains(&squash(l)), "{l:?} is found after all ({why}): drop the exemption");
    }
}

#[test]
fn the_packet_has_nineteen_pages() {
    let tmp = tempfile::tempdir().unwrap();
    let pdf = build(&sample(), tmp.path());
    assert_eq!(page_count(&pdf), 19, "資料４ has 19 pages, each block's matrix and table on one page each");
}
