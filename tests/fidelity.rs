//! Fidelity to the printed 平成30年度 資料４: its extracted text
//! (tests/reference/shiryo4-H30.txt), line by line, must be found in our
//! packet's text, whitespace ignored.

mod common;

use common::*;

/// Reference lines that no correct packet can contain verbatim, each with its reason.
const EXEMPT: &[(&str, &str)] = &[(
    "（いなべ市役所内） 在宅医療・介護連携は専門的",
    "extractor glue: いなべ市's 連携拠点 operator and the first line of the 方向性 it shares with 東員町, two cells side by side",
)];

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
        share >= 0.98,
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
fn the_packet_has_nineteen_pages_give_or_take_two() {
    let tmp = tempfile::tempdir().unwrap();
    let pdf = build(&sample(), tmp.path());
    let n = page_count(&pdf);
    assert!((17..=21).contains(&n), "{n} pages");
}
