//! Where a cell's line may break: the runs kept whole, decided where the
//! cell's width is known.
//!
//! A run kept whole (a unit's or a centre's name, a katakana word, a web
//! address, 及び) is marked by word joiners (U+2060) between its characters.
//! The templates draw a joined run as one box (lib.typ's `packet`), and the
//! estimator ([`super::fit`]) keeps it on one line. A run is joined only where
//! its line is wider than the cell (else nothing breaks), and only when it
//! fits a line of the cell: a wider run breaks like ordinary text, where Typst's
//! Japanese rules allow, in reading order. A box never wraps inside itself.

use crate::model::Year;

use super::fit;
pub use super::grid::{BREAK, JOIN};
use super::grid::{CellKind, Grid, Width};

/// Words a line may not split: the conjunctions of a list (及/び), and the
/// mark `build --internal` prints at a line's end.
/// And the mark a row continued on the next page carries (paginate.rs).
pub const KEEP_TOGETHER: [&str; 8] = ["及び", "並びに", "又は", "若しくは", "或いは", "かつ", crate::model::private::MARK, "（続き）"];

/// Nouns of the field a break inside reads wrongly (役／場, 支／援センター): the
/// offices and bodies the answers name.
const NOUNS: [&str; 14] = [
    "役場", "役所", "支援センター", "包括支援センター", "協議体", "協議会", "社会福祉協議会", "広域連合", "連合", "事業所", "保健所", "社協",
    "拠点", "介護保険",
];

/// Marks after which the last line is still one character (「体。」): punctuation stays with the character before it.
const TRAILING: &str = "、。，．）」』】〕〉》！？・：；,.)]!?%";

/// The words of a year kept whole where they fit: its units', members' and
/// centres' names, [`KEEP_TOGETHER`], [`NOUNS`], and its katakana words (each
/// run of katakana it holds: so that a compound too wide for its cell,
/// コーディネーターネットワーク, still keeps the words the year also writes alone).
/// Matched longest first, so that 紀南介護保険広域連合 is kept before 広域連合.
#[derive(Debug, Clone, Default)]
pub struct Words {
    /// By first character, each list longest first.
    by_first: std::collections::HashMap<char, Vec<Vec<char>>>,
}

impl Words {
    pub fn of(year: &Year) -> Words {
        let units = year.units.iter().flat_map(|u| std::iter::once(u.name.clone()).chain(u.members.iter().map(|m| m.name.clone())));
        let centres = year.centres.iter().map(|c| c.name.clone());
        let fixed = KEEP_TOGETHER.iter().chain(NOUNS.iter()).map(|w| w.to_string());
        let strings = crate::model::limits::strings(year);
        let kana = strings.iter().flat_map(|(_, _, s)| {
            let chars: Vec<char> = s.chars().collect();
            runs(&chars).into_iter().filter(|r| is_kana(chars[r.start])).map(|r| chars[r].iter().collect::<String>()).collect::<Vec<_>>()
        });
        Words::from_list(units.chain(centres).chain(fixed).chain(kana))
    }

    fn from_list(list: impl IntoIterator<Item = String>) -> Words {
        let mut by_first: std::collections::HashMap<char, Vec<Vec<char>>> = Default::default();
        for w in list {
            let w: Vec<char> = w.chars().collect();
            if w.len() >= 2 {
                by_first.entry(w[0]).or_default().push(w);
            }
        }
        for l in by_first.values_mut() {
            l.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
            l.dedup();
        }
        Words { by_first }
    }

    /// Where the words occur in `chars`: (start, length), longest first.
    fn found(&self, chars: &[char]) -> Vec<(usize, usize)> {
        let mut out: Vec<(usize, usize)> = (0..chars.len())
            .flat_map(|k| self.by_first.get(&chars[k]).into_iter().flatten().filter(move |w| chars[k..].starts_with(w)).map(move |w| (k, w.len())))
            .collect();
        out.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        out
    }

    /// `line` with its runs kept whole marked, for a cell whose lines are
    /// `room` em wide (`hang` em less after the first), set in bold or not.
    pub fn join(&self, line: &str, room: f64, hang: f64, bold: bool) -> String {
        let chars: Vec<char> = line.chars().filter(|&c| c != JOIN && c != BREAK).collect();
        let w: Vec<f64> = chars.iter().map(|&c| fit::advance(c, bold)).collect();
        if w.iter().sum::<f64>() <= room {
            return chars.into_iter().collect();
        }
        let mut glue = Glue { glued: vec![false; chars.len()], w: &w, room: room - hang };
        for (k, n) in self.found(&chars) {
            glue.keep(k, k + n);
        }
        let runs = runs(&chars);
        for run in &runs {
            glue.keep(run.start, run.end);
        }
        let broken = glue.too_wide(&chars, &runs);
        let out = marked(&chars, &glue.glued, &broken);
        // A last line of one character: its last two kept together (only then: a box costs Typst a layout).
        if fit::last_line_letters(&out, room, bold, hang) == 1 {
            glue.keep_last_two(&chars);
            return marked(&chars, &glue.glued, &broken);
        }
        out
    }

    /// The widest run of `line` this would keep whole, in em: what a box must hold not to break inside a word.
    pub fn widest(&self, line: &str, bold: bool) -> f64 {
        let chars: Vec<char> = line.chars().filter(|&c| c != JOIN).collect();
        let width = |r: std::ops::Range<usize>| chars[r].iter().map(|&c| fit::advance(c, bold)).sum::<f64>();
        let named = self.found(&chars).into_iter().map(|(k, n)| k..k + n);
        runs(&chars).into_iter().chain(named).map(width).fold(0.0, f64::max)
    }

    /// Each fixed column of a grid widened (up to twice its width) to hold the
    /// widest run its cells keep whole, at `size` pt: 「リハビリテーション」 on one line of the 事業名 column.
    pub fn widen(&self, grid: &mut Grid, size: f64) {
        for x in 0..grid.columns.len() {
            let Width::Em(em) = grid.columns[x] else { continue };
            let need = grid
                .cells
                .iter()
                .filter(|c| c.x == x && c.colspan == 1 && c.kind != CellKind::Head)
                .flat_map(|c| c.lines.iter().map(move |l| (c, l)))
                .map(|(c, l)| {
                    let hang = if l.starts_with(['・', '○', '※']) { 1.0 } else { 0.0 };
                    self.widest(l, c.kind == CellKind::Name) + hang + fit::INSET_X / size
                })
                .fold(em, f64::max);
            grid.columns[x] = Width::Em(need.min(2.0 * em));
        }
    }

    /// Every cell of a grid at `size` pt joined for its width (the templates' copy: the
    /// HTML keeps its own).
    pub fn join_grid(&self, grid: &mut Grid, size: f64) {
        let widths = fit::column_widths(grid, size);
        for c in &mut grid.cells {
            let width: f64 = widths[c.x.min(widths.len())..(c.x + c.colspan).min(widths.len())].iter().sum();
            let room = (width - fit::INSET_X) / size;
            let bold = matches!(c.kind, CellKind::Head | CellKind::Name);
            let mut bulleted = false;
            for (i, l) in c.lines.iter_mut().enumerate() {
                // A unit's members (under its name) are not bold unless the unit answered as one.
                let bold = bold && (i == 0 || c.joint || c.kind == CellKind::Head);
                // A marked line hangs 1 em; an unmarked one under a bullet is indented 1 em (fit.rs's `body`).
                let (room, hang) = match l.starts_with(['・', '○', '※']) {
                    true => (room, 1.0),
                    false if bulleted => (room - 1.0, 0.0),
                    false => (room, 0.0),
                };
                bulleted |= l.starts_with('・') && c.kind == CellKind::Body;
                *l = self.join(l, room, hang, bold);
            }
        }
    }
}

/// The line with a joiner before each character glued to the one before, a break mark where one is allowed.
fn marked(chars: &[char], glued: &[bool], broken: &[bool]) -> String {
    let mut out = String::with_capacity(chars.len() * 4);
    for (i, c) in chars.iter().enumerate() {
        if glued[i] {
            out.push(JOIN);
        } else if broken[i] {
            out.push(BREAK);
        }
        out.push(*c);
    }
    out
}

/// Which characters a line keeps with the one before, and how wide they are.
struct Glue<'a> {
    glued: Vec<bool>,
    w: &'a [f64],
    room: f64,
}

impl Glue<'_> {
    /// Keeps `a..b` whole, unless the run it then belongs to is wider than a line.
    fn keep(&mut self, a: usize, b: usize) {
        if b < a + 2 || b > self.glued.len() {
            return;
        }
        let set: Vec<usize> = (a + 1..b).filter(|&i| !self.glued[i]).collect();
        set.iter().for_each(|&i| self.glued[i] = true);
        let (mut s, mut e) = (a, b);
        while s > 0 && self.glued[s] {
            s -= 1;
        }
        while e < self.glued.len() && self.glued[e] {
            e += 1;
        }
        if self.w[s..e].iter().sum::<f64>() > self.room {
            set.iter().for_each(|&i| self.glued[i] = false);
        }
    }

    /// A paragraph's last line is never one character: its last two (punctuation after them aside) stay
    /// together. Not in a Latin word, which Typst keeps whole or [`Glue::too_wide`] breaks.
    fn keep_last_two(&mut self, chars: &[char]) {
        let Some(j) = chars.iter().rposition(|c| !TRAILING.contains(*c) && !c.is_whitespace()) else { return };
        if j >= 1 && chars.len() >= 3 && !chars[j - 1].is_whitespace() && !(chars[j - 1].is_ascii() && chars[j].is_ascii()) {
            self.keep(j - 1, j + 1);
        }
    }

    /// Where a Latin run not kept whole (wider than a line) may break: after
    /// each of its inner marks (a web address after its / and .), and inside a
    /// part between them that is itself wider than a line, between any two
    /// letters (never before a mark). Typst's own breaks inside a run are too
    /// few for a narrow cell (none after . before a letter).
    fn too_wide(&self, chars: &[char], runs: &[std::ops::Range<usize>]) -> Vec<bool> {
        let mut broken = vec![false; chars.len()];
        let width = |a: usize, b: usize| self.w[a..b].iter().sum::<f64>();
        let latin = |r: &&std::ops::Range<usize>| chars[r.start].is_ascii_alphanumeric() && !self.glued[r.start + 1] && width(r.start, r.end) > self.room;
        for run in runs.iter().filter(latin) {
            let mut start = run.start;
            for end in (run.start + 1..=run.end).filter(|&k| k == run.end || !chars[k - 1].is_ascii_alphanumeric()) {
                if end < run.end {
                    broken[end] = true;
                }
                if width(start, end) > self.room {
                    (start + 1..end).filter(|&k| chars[k].is_ascii_alphanumeric()).for_each(|k| broken[k] = true);
                }
                start = end;
            }
        }
        broken.iter_mut().zip(&self.glued).for_each(|(b, g)| *b &= !g);
        broken
    }
}

/// A katakana letter, ー and small kana included.
fn is_kana(c: char) -> bool {
    ('ァ'..='ヺ').contains(&c) || c == 'ー'
}

/// The runs a line keeps whole by their characters: Latin letters and digits,
/// half- or full-width, with their inner . / ／ ・ (UAX #14 breaks between
/// full-width letters: ＮＰ/Ｏ); and katakana words, ー and small kana included.
fn runs(chars: &[char]) -> Vec<std::ops::Range<usize>> {
    let latin = |c: char| c.is_ascii_alphanumeric() || ('Ａ'..='Ｚ').contains(&c) || ('ａ'..='ｚ').contains(&c) || ('０'..='９').contains(&c);
    let inner = |c: char| matches!(c, '.' | '/' | '／' | '・' | ':' | '-' | '_' | '?' | '=' | '&' | '~');
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let mut j = i;
        if latin(chars[i]) {
            while j < chars.len() && (latin(chars[j]) || (inner(chars[j]) && chars.get(j + 1).is_some_and(|&c| latin(c)))) {
                j += 1;
            }
        } else if is_kana(chars[i]) {
            while j < chars.len() && is_kana(chars[j]) {
                j += 1;
            }
        }
        if j > i + 1 {
            out.push(i..j);
        }
        i = j.max(i + 1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(names: &[&str]) -> Words {
        Words::from_list(names.iter().map(|s| s.to_string()))
    }

    fn shown(s: &str) -> String {
        s.replace(JOIN, "+")
    }

    #[test]
    fn a_line_that_fits_is_left_alone() {
        assert_eq!(shown(&words(&["桑名市"]).join("（桑名市）", 20.0, 0.0, false)), "（桑名市）");
    }

    #[test]
    fn names_and_katakana_words_are_kept_where_they_fit() {
        let w = words(&["桑名市"]);
        assert_eq!(shown(&w.join("在宅医療（桑名市）の研修", 5.0, 0.0, false)), "在宅医療（桑+名+市）の研修");
        assert_eq!(shown(&w.join("アドバイザー派遣事業", 7.0, 0.0, false)), "ア+ド+バ+イ+ザ+ー派遣事業");
    }

    #[test]
    fn a_run_wider_than_a_line_is_not_kept_and_breaks_as_text() {
        let w = words(&[]);
        // 8 katakana (about 7 em) in a 5 em cell: no joiner inside the word.
        let out = w.join("コーディネーター養成研修", 5.0, 0.0, false);
        assert!(!shown(&out).starts_with("コ+"), "{}", shown(&out));
    }

    #[test]
    fn no_last_line_is_one_character_at_any_width() {
        let w = words(&[]);
        for text in ["第1層協議体の設置・運営を行う協議体", "・認知症カフェを実施。", "在宅医療・介護連携の推進体制"] {
            for tenth in 30..120 {
                let room = f64::from(tenth) / 10.0;
                let out = w.join(text, room, 0.0, false);
                if fit::line_width(text, false) > room {
                    assert_ne!(fit::last_line_letters(&out, room, false, 0.0), 1, "{text} at {room} em: {}", shown(&out));
                }
            }
        }
    }

    #[test]
    fn a_compound_too_wide_keeps_the_words_the_year_writes_alone() {
        let w = words(&["コーディネーター", "ネットワーク"]);
        let out = shown(&w.join("コーディネーターネットワーク構築", 8.0, 0.0, false));
        assert!(out.starts_with("コ+ー+デ+ィ+ネ+ー+タ+ーネ+ッ+ト+ワ+ー+ク"), "{out}");
    }

    #[test]
    fn typed_joiners_are_dropped_and_a_long_address_breaks_after_its_marks() {
        let w = words(&[]);
        let out = w.join("詳細はhttps://example.jp/a/b/c/d/eを参照\u{2060}", 6.0, 0.0, false);
        assert!(!out.contains("e\u{2060}x"), "{}", shown(&out));
        // It may break after its marks instead, and inside a part only if the part is wider than a line.
        assert!(out.contains("example.\u{200B}jp/\u{200B}a"), "{}", shown(&out));
        let part = w.join("ab/abcdefghijklmnopqrstuvwxyz/c", 6.0, 0.0, false);
        assert!(part.contains("/\u{200B}a\u{200B}b\u{200B}c"), "{}", shown(&part));
        assert!(!part.contains("\u{200B}/"), "{}", shown(&part));
        assert_eq!(out.replace([JOIN, BREAK], ""), "詳細はhttps://example.jp/a/b/c/d/eを参照");
    }
}
