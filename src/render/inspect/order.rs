//! Reading order: what no text extraction shows. A text in content order can
//! read right while the page shows it scrambled (a box kept whole that wraps
//! inside itself, the next characters set beside its first line:
//! 「コーディ養／ネーター／成研修」). So each paragraph (each cell's text outside
//! paragraphs) is read twice: as the eye reads it (lines top to bottom, then
//! left to right within a line) and in the order Typst drew it (the text's
//! order), white space left out of both. They must be the same.

use super::{At, Facts, Finding, Line, lines};

pub fn check(facts: &Facts, out: &mut Vec<Finding>) {
    let all = lines(facts);
    for group in all.chunk_by(|a, b| a.group == b.group) {
        let seen = seen(group);
        let drawn = drawn(group);
        if seen != drawn {
            let at = group.first().map_or(At { page: 1, x: 0.0, y: 0.0 }, Line::at);
            out.push(Finding::OutOfOrder { at, text: seen.chars().take(40).collect() });
        }
    }
}

/// The group's characters as the eye reads them: its lines as [`lines`] orders them (page and
/// baseline), each line's runs left to right.
fn seen(group: &[Line]) -> String {
    group.iter().flat_map(|l| l.chars().map(|c| c.0)).collect()
}

/// The group's characters in the order Typst drew them: its runs by page and painter's order.
fn drawn(group: &[Line]) -> String {
    let mut runs: Vec<_> = group.iter().flat_map(|l| l.runs.iter().copied()).collect();
    runs.sort_by_key(|r| (r.page, r.order));
    runs.iter().flat_map(|r| r.chars.iter().map(|c| c.0)).filter(|c| !c.is_whitespace()).collect()
}
