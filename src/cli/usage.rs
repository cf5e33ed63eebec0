//! clap's words in the clerk's language. clap 4 has no translations, so the
//! command built from `args` is walked once: each about and help keeps its
//! Japanese or its English half (`日本語 / English`), headings and the help flag
//! take words from `messages`, and a parse error is told again from its kind and
//! context. The top-level help lists the clerk's commands first, in the order
//! of `args`, and the developers' ones under their own heading.

use std::ffi::OsString;
use std::process::ExitCode;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command, CommandFactory, FromArgMatches};
use shiryo::messages::{self, HelpWord as W, Lang, UsageError, UsageHint, ValueProblem};

use super::args::Cli;

/// Where the global options go among a command's options: after its own.
const GLOBAL_ORDER: usize = 1000;

/// The commands for developers: listed after the clerk's, under their own heading.
pub const DEVELOPER: &[&str] = &["bench", "sample", "batch", "fmt"];

/// The language asked for with `--lang en` or `--lang=en` (before any `--`): it
/// must be known before clap parses, to speak clap's errors in it.
pub fn lang_of(argv: &[OsString]) -> Lang {
    let mut lang = Lang::Ja;
    let mut args = argv.iter().skip(1).map(|a| a.to_str().unwrap_or(""));
    while let Some(a) = args.next() {
        let value = match a {
            "--" => break,
            "--lang" => args.next(),
            _ => a.strip_prefix("--lang="),
        };
        match value {
            Some("en") => lang = Lang::En,
            Some("ja") => lang = Lang::Ja,
            _ => {}
        }
    }
    lang
}

/// Parses `argv` with clap's words in `lang`. Help, version and usage errors are
/// printed here; the `Err` is the exit code (0 for help, 1 for an error).
pub fn parse(argv: Vec<OsString>, lang: Lang) -> Result<Cli, ExitCode> {
    let mut cmd = command(lang);
    let words: Vec<String> = argv.iter().map(|a| a.to_string_lossy().into_owned()).collect();
    let matches = cmd.try_get_matches_from_mut(argv).map_err(|e| report(&e, &mut cmd, &words, lang))?;
    Cli::from_arg_matches(&matches).map_err(|e| report(&e, &mut cmd, &words, lang))
}

/// The whole command line with its words in `lang`.
pub fn command(lang: Lang) -> Command {
    let version = own_flag("version", 'V', ArgAction::Version, word(W::Version, lang));
    let cmd = localize(Cli::command(), lang)
        .disable_version_flag(true)
        .arg(version)
        .subcommand_value_name(word(W::CommandTag, lang))
        .mut_subcommands(|sub| localize(sub, lang));
    let template = top_template(&cmd, lang);
    cmd.help_template(template)
}

/// `-h, --help` or `-V, --version` in place of clap's, whose help is English; listed last.
fn own_flag(long: &'static str, short: char, action: ArgAction, help: &'static str) -> Arg {
    Arg::new(long).short(short).long(long).action(action).help(help).display_order(GLOBAL_ORDER + 1)
}

fn word(w: W, lang: Lang) -> &'static str {
    messages::help_word(w, lang)
}

/// The half of a bilingual `日本語 / English` text in `lang` (the whole text if it has no ` / `).
fn half(text: &str, lang: Lang) -> String {
    match (text.rsplit_once(" / "), lang) {
        (Some((ja, _)), Lang::Ja) => ja.trim().to_string(),
        (Some((_, en)), Lang::En) => en.trim().to_string(),
        (None, _) => text.to_string(),
    }
}

/// One command in `lang`: its about, its arguments' help, a help flag and a help template.
fn localize(cmd: Command, lang: Lang) -> Command {
    let about = cmd.get_about().map(|a| half(&a.to_string(), lang));
    let help = own_flag("help", 'h', ArgAction::Help, word(W::Help, lang));
    let mut cmd = cmd.mut_args(|a| localize_arg(a, lang)).disable_help_flag(true).arg(help);
    if let Some(about) = about {
        cmd = cmd.about(about);
    }
    let template = template(&cmd, lang);
    cmd.help_template(template)
}

/// An argument's help in `lang`, with its default and choices in the same words.
fn localize_arg(arg: Arg, lang: Lang) -> Arg {
    // The global options (`--lang`, `--no-wait`) after each command's own.
    let arg = if arg.is_global_set() { arg.display_order(GLOBAL_ORDER) } else { arg };
    let Some(help) = arg.get_help().map(|h| half(&h.to_string(), lang)) else { return arg };
    if !arg.get_action().takes_values() {
        return arg.help(help);
    }
    let default = arg.get_default_values().first().map(|d| d.to_string_lossy().into_owned());
    let choices: Vec<String> = arg
        .get_value_parser()
        .possible_values()
        .map(|p| p.filter(|v| !v.is_hide_set()).map(|v| v.get_name().to_string()).collect())
        .unwrap_or_default();
    let help = messages::help_with_values(&help, default.as_deref(), &choices, lang);
    arg.help(help).hide_default_value(true).hide_possible_values(true)
}

/// A subcommand's help: about, usage, arguments (if any), options.
fn template(cmd: &Command, lang: Lang) -> String {
    let mut sections = vec![format!("{{about-with-newline}}\n{}: {{usage}}", word(W::Usage, lang))];
    if cmd.get_positionals().next().is_some() {
        sections.push(format!("{}:\n{{positionals}}", word(W::Arguments, lang)));
    }
    sections.push(format!("{}:\n{{options}}{{after-help}}", word(W::Options, lang)));
    sections.join("\n\n")
}

/// The top-level help: about, usage, the commands grouped, options.
fn top_template(cmd: &Command, lang: Lang) -> String {
    let head = format!("{{about-with-newline}}\n{}: {{usage}}", word(W::Usage, lang));
    let options = format!("{}:\n{{options}}{{after-help}}", word(W::Options, lang));
    [head, command_list(cmd, lang), options].join("\n\n")
}

/// The commands, the clerk's first (in the order of `args`), then the developers' under their heading.
fn command_list(cmd: &Command, lang: Lang) -> String {
    let subs: Vec<&Command> = cmd.get_subcommands().filter(|s| !s.is_hide_set()).collect();
    let width = subs.iter().map(|s| s.get_name().len()).max().unwrap_or(0);
    let line = |s: &&Command| format!("  {:width$}  {}", s.get_name(), s.get_about().map(|a| a.to_string()).unwrap_or_default());
    let (developer, clerk): (Vec<&Command>, Vec<&Command>) = subs.into_iter().partition(|s| DEVELOPER.contains(&s.get_name()));
    let group = |heading: W, list: &[&Command]| {
        let lines: Vec<String> = list.iter().map(line).collect();
        format!("{}:\n{}", word(heading, lang), lines.join("\n"))
    };
    let mut groups = vec![group(W::Commands, &clerk)];
    if !developer.is_empty() {
        groups.push(group(W::Developer, &developer));
    }
    groups.join("\n\n")
}

/// clap's fixed placeholders in a rendered usage or help, in `lang`.
fn placeholders(text: &str, lang: Lang) -> String {
    text.replace("[OPTIONS]", word(W::OptionsTag, lang))
}

/// Prints help, version or a usage error (`cmd` as parsed, `argv` as given); the exit code to end with.
fn report(e: &clap::Error, cmd: &mut Command, argv: &[String], lang: Lang) -> ExitCode {
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            print!("{}", placeholders(&e.to_string(), lang));
            ExitCode::SUCCESS
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            eprintln!("{}", placeholders(e.to_string().trim_end(), lang));
            eprintln!("\n{}", messages::usage_error(&UsageError::MissingCommand, lang));
            ExitCode::FAILURE
        }
        _ => {
            let usage = usage_of(e, lang).unwrap_or_else(|| usage_in(cmd, argv, lang));
            for line in error_lines(e, &usage, lang) {
                eprintln!("{line}");
            }
            ExitCode::FAILURE
        }
    }
}

/// The error, its hints, the usage line and where to read more.
fn error_lines(e: &clap::Error, usage: &str, lang: Lang) -> Vec<String> {
    let mut lines = vec![messages::usage_error(&usage_error(e), lang)];
    lines.extend(hints(e).iter().map(|h| messages::usage_hint(h, lang)));
    lines.push(String::new());
    lines.push(format!("{}: {usage}", word(W::Usage, lang)));
    lines.push(String::new());
    lines.push(messages::usage_more(&command_path(usage), lang));
    lines
}

fn text(e: &clap::Error, kind: ContextKind) -> Option<String> {
    match e.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(v) => Some(v.join(", ")),
        _ => None,
    }
}

fn texts(e: &clap::Error, kind: ContextKind) -> Vec<String> {
    match e.get(kind) {
        Some(ContextValue::Strings(v)) => v.clone(),
        Some(ContextValue::String(s)) => vec![s.clone()],
        _ => Vec::new(),
    }
}

/// What went wrong, from clap's kind and context; clap's own words where neither is known.
fn usage_error(e: &clap::Error) -> UsageError {
    known_error(e).unwrap_or_else(|| UsageError::Other(clap_words(e)))
}

fn known_error(e: &clap::Error) -> Option<UsageError> {
    let arg = || text(e, ContextKind::InvalidArg);
    let value = || text(e, ContextKind::InvalidValue);
    Some(match e.kind() {
        ErrorKind::MissingRequiredArgument => UsageError::Missing(texts(e, ContextKind::InvalidArg)),
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => UsageError::MissingCommand,
        ErrorKind::UnknownArgument => unknown_arg(arg()?),
        ErrorKind::InvalidSubcommand => UsageError::UnknownCommand(text(e, ContextKind::InvalidSubcommand)?),
        ErrorKind::InvalidValue if value()?.is_empty() => UsageError::NoValue(arg()?),
        ErrorKind::InvalidValue => UsageError::BadChoice { arg: arg()?, value: value()?, valid: texts(e, ContextKind::ValidValue) },
        ErrorKind::ValueValidation => UsageError::BadValue { arg: arg()?, value: value()?, why: value_problem(e) },
        ErrorKind::TooManyValues => UsageError::Unexpected(value()?),
        ErrorKind::ArgumentConflict => conflict(e)?,
        ErrorKind::NoEquals => UsageError::NoEquals(arg()?),
        ErrorKind::InvalidUtf8 => UsageError::NotUtf8,
        _ => return None,
    })
}

/// An unknown `--flag`, or a value no positional argument is left to take.
fn unknown_arg(arg: String) -> UsageError {
    match arg.starts_with('-') {
        true => UsageError::UnknownArg(arg),
        false => UsageError::Unexpected(arg),
    }
}

fn conflict(e: &clap::Error) -> Option<UsageError> {
    let arg = text(e, ContextKind::InvalidArg)?;
    let with = texts(e, ContextKind::PriorArg);
    Some(match with.as_slice() {
        [prior] if *prior == arg => UsageError::Repeated(arg),
        _ => UsageError::Conflict { arg, with },
    })
}

/// Why a value parser refused a value: a range (`0 is not in 1..=500`), not a number, or else.
fn value_problem(e: &clap::Error) -> ValueProblem {
    let Some(source) = std::error::Error::source(e) else { return ValueProblem::Other(String::new()) };
    if source.downcast_ref::<std::num::ParseIntError>().is_some() {
        return ValueProblem::NotNumber;
    }
    let why = source.to_string();
    let range = why.split_once(" is not in ").and_then(|(_, r)| r.split_once("..="));
    match range {
        Some((low, high)) => ValueProblem::Range { low: low.to_string(), high: high.to_string() },
        None => ValueProblem::Other(why),
    }
}

/// clap's own message, without its `error: ` and its usage.
fn clap_words(e: &clap::Error) -> String {
    let rendered = e.to_string();
    let first = rendered.lines().next().unwrap_or("");
    first.strip_prefix("error: ").unwrap_or(first).to_string()
}

fn hints(e: &clap::Error) -> Vec<UsageHint> {
    let mut hints = Vec::new();
    let commands = texts(e, ContextKind::SuggestedSubcommand);
    if !commands.is_empty() {
        hints.push(UsageHint::Command(commands));
    }
    if let Some(a) = text(e, ContextKind::SuggestedArg) {
        hints.push(UsageHint::Arg(a));
    }
    if let Some(v) = text(e, ContextKind::SuggestedValue) {
        hints.push(UsageHint::Value(v));
    }
    if let Some(ContextValue::StyledStrs(tips)) = e.get(ContextKind::Suggested) {
        hints.extend(tips.iter().filter_map(|t| tip(&t.to_string())));
    }
    hints
}

/// clap's two free-text tips, recognised by their fixed words (others are left out).
fn tip(t: &str) -> Option<UsageHint> {
    if let Some(rest) = t.strip_prefix("to pass '") {
        return rest.split_once('\'').map(|(arg, _)| UsageHint::DoubleDash(arg.to_string()));
    }
    let exists = t.strip_suffix("' exists")?.strip_prefix('\'')?;
    Some(UsageHint::Elsewhere(exists.to_string()))
}

/// The usage line of the error, without clap's `Usage: `.
fn usage_of(e: &clap::Error, lang: Lang) -> Option<String> {
    let Some(ContextValue::StyledStr(u)) = e.get(ContextKind::Usage) else { return None };
    let u = u.to_string();
    Some(placeholders(u.strip_prefix("Usage: ").unwrap_or(&u), lang))
}

/// The usage of the command named in `argv` (or of shiryo), for errors that carry none
/// (a value refused: `build x --copies 0`).
fn usage_in(cmd: &mut Command, argv: &[String], lang: Lang) -> String {
    let name = argv.iter().skip(1).find(|a| cmd.find_subcommand(a.as_str()).is_some());
    let sub = name.and_then(|n| cmd.find_subcommand_mut(n.as_str()));
    let usage = sub.map(|s| s.render_usage()).unwrap_or_else(|| cmd.render_usage()).to_string();
    placeholders(usage.strip_prefix("Usage: ").unwrap_or(&usage), lang)
}

/// `shiryo build` from `shiryo build [オプション] <YEAR>`: the command whose help to read.
fn command_path(usage: &str) -> String {
    let first = usage.lines().next().unwrap_or("shiryo");
    let words: Vec<&str> = first.split_whitespace().take_while(|w| !w.starts_with(['[', '<', '-'])).collect();
    if words.is_empty() { "shiryo".to_string() } else { words.join(" ") }
}
