//! The clerk's guide, `docs/手引き.md`, stays true to the program: its list of
//! messages (between `<!-- messages:begin -->` and `<!-- messages:end -->`) is
//! what `shiryo::messages::catalogue::markdown` generates from the message
//! functions themselves (run with `SHIRYO_BLESS=1` to rewrite it), and every
//! `shiryo <subcommand>` it mentions exists.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Command;

use shiryo::messages::{Lang, catalogue};

const BEGIN: &str = "<!-- messages:begin -->";
const END: &str = "<!-- messages:end -->";

/// Subcommands the guide describes that another branch is adding. Remove a name
/// once it is merged: the test fails while a listed name already exists.
const COMING: &[&str] = &[];

fn guide_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs").join("手引き.md")
}

fn guide() -> String {
    std::fs::read_to_string(guide_path()).expect("docs/手引き.md")
}

fn blessing() -> bool {
    std::env::var_os("SHIRYO_BLESS").is_some_and(|v| v == "1")
}

/// The guide as it is, or (blessing) as it will be once its section is rewritten: the tests run at once.
fn guide_as_blessed() -> String {
    let text = guide();
    if !blessing() {
        return text;
    }
    let (before, _, after) = split(&text);
    format!("{before}{}{after}", catalogue::markdown(Lang::Ja))
}

/// The guide split around its generated section: (before, section, after).
fn split(text: &str) -> (&str, &str, &str) {
    let start = text.find(BEGIN).expect("the guide has <!-- messages:begin -->") + BEGIN.len();
    let end = text[start..].find(END).expect("the guide has <!-- messages:end -->") + start;
    (&text[..start], &text[start..end], &text[end..])
}

#[test]
fn the_list_of_messages_is_generated() {
    let text = guide();
    let (before, section, after) = split(&text);
    let generated = catalogue::markdown(Lang::Ja);
    if section == generated {
        return;
    }
    if blessing() {
        std::fs::write(guide_path(), format!("{before}{generated}{after}")).expect("write docs/手引き.md");
        return;
    }
    let diff = similar::TextDiff::from_lines(section, generated.as_str());
    let shown: String = diff.unified_diff().context_radius(1).to_string().lines().take(40).collect::<Vec<_>>().join("\n");
    panic!(
        "docs/手引き.md: the list of messages differs from what src/messages/ says (- guide, + generated).\n\
         Rewrite it with: SHIRYO_BLESS=1 cargo test --test it -- guide::\n{shown}"
    );
}

/// Whitespace collapsed and Markdown's escapes dropped, to compare words with words.
fn plain(text: &str) -> String {
    text.replace('\\', "").split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn every_message_is_in_the_guide() {
    let text = plain(&guide_as_blessed());
    let missing: Vec<String> = catalogue::entries(Lang::Ja)
        .into_iter()
        .filter(|e| !text.contains(&plain(&e.text)))
        .map(|e| format!("{}: {}", e.source, e.text))
        .collect();
    assert!(missing.is_empty(), "not in docs/手引き.md (SHIRYO_BLESS=1 cargo test --test it -- guide::):\n{}", missing.join("\n"));
}

/// The `shiryo <subcommand>` names the guide mentions.
fn subcommands(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (i, _) in text.match_indices("shiryo ") {
        let word: String = text[i + "shiryo ".len()..].chars().take_while(|c| c.is_ascii_lowercase() || *c == '-').collect();
        if !word.is_empty() {
            out.insert(word);
        }
    }
    out
}

fn exists(sub: &str) -> bool {
    Command::new(env!("CARGO_BIN_EXE_shiryo")).args([sub, "--help"]).output().is_ok_and(|o| o.status.success())
}

#[test]
fn every_command_of_the_guide_exists() {
    let named = subcommands(&guide());
    assert!(named.len() >= 10, "few commands found: {named:?}");
    let missing: Vec<&String> = named.iter().filter(|s| !COMING.contains(&s.as_str()) && !exists(s)).collect();
    assert!(missing.is_empty(), "docs/手引き.md names commands shiryo does not have: {missing:?}");
    let arrived: Vec<&&str> = COMING.iter().filter(|s| exists(s)).collect();
    assert!(arrived.is_empty(), "{arrived:?} exist now: remove them from COMING in tests/it/guide.rs");
}

/// Every message a page can show, in the page's words, reads as the page: no
/// `shiryo`, no subcommand, no flag, no backtick (the one shared pattern; the
/// English page may use "build" or "check" as words, so only the rest holds there).
#[test]
fn no_message_on_the_page_reads_as_a_command_line() {
    use shiryo::messages::front::{SUBCOMMANDS, command_line_in};
    for (lang, words) in [(Lang::Ja, SUBCOMMANDS), (Lang::En, &[][..])] {
        let bad: Vec<String> = catalogue::entries(lang)
            .into_iter()
            .filter(|e| !e.terminal_only)
            .filter_map(|e| command_line_in(&e.text, words).map(|found| format!("{} ({found}): {}", e.source, e.text)))
            .collect();
        assert!(bad.is_empty(), "{lang:?}: page words that read as a command line:\n{}", bad.join("\n"));
    }
    // The terminal's words for the same messages do name the commands (the pattern can fail).
    let terminal: Vec<String> = catalogue::entries(Lang::Ja).into_iter().filter_map(|e| e.terminal).collect();
    assert!(terminal.iter().any(|t| t.contains("--prefer")) && terminal.iter().any(|t| t.contains("shiryo remind")), "{terminal:?}");
    assert!(terminal.iter().all(|t| command_line_in(t, SUBCOMMANDS).is_some()), "each differing terminal text names a command");
    // Every listed subcommand is one the binary has.
    let missing: Vec<&&str> = SUBCOMMANDS.iter().filter(|s| !exists(s)).collect();
    assert!(missing.is_empty(), "{missing:?}");
}

/// The page's fixed words (labels, buttons) read as the page too.
#[test]
fn the_pages_own_words_read_as_the_page() {
    use shiryo::messages::front::{SUBCOMMANDS, command_line_in};
    for (key, word) in shiryo::messages::desk_words(Lang::Ja) {
        assert!(command_line_in(word, SUBCOMMANDS).is_none(), "{key}: {word}");
    }
}
