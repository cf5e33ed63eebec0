//! The commands' work, independent of the terminal: load → validate →
//! layout → compile → PDF → write. The binary only parses arguments, shows
//! progress and prints messages.

use std::path::{Path, PathBuf};

use crate::error::{Error, Problem, Result};
use crate::model::validate::{has_errors, validate};
use crate::model::Year;
use crate::model::private::{Audience, for_audience};
use crate::outputs::html::Words;
use crate::outputs::publish::Files;
use crate::render::{self, fonts, templates};
use crate::outputs::pdf;
use crate::store;

/// Steps of a build, reported to the progress display.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Load,
    Validate,
    Typeset,
    Pdf,
    Write,
}

impl Step {
    pub const ALL: [Step; 5] = [Step::Load, Step::Validate, Step::Typeset, Step::Pdf, Step::Write];
}

#[derive(Debug, Default, Clone)]
pub struct Options {
    /// A directory of templates overriding the embedded ones.
    pub templates: Option<PathBuf>,
    /// An earlier year: its changes are added as an appendix per block.
    pub with_changes: Option<PathBuf>,
    /// A draft (案): a faint watermark on every page.
    pub draft: bool,
    /// Handouts: this many copies in one PDF, each page numbered with its copy (配布番号); 0: one, unnumbered.
    pub copies: u32,
    /// Whether 非公開 lines are printed (`--internal`) or left out.
    pub audience: Audience,
}

/// What a build produced.
#[derive(Debug)]
pub struct Built {
    pub pages: usize,
    pub bytes: usize,
    /// Warnings of validation (e.g. 未提出).
    pub warnings: Vec<Problem>,
    /// 非公開 lines of the year: left out, or printed marked (`--internal`).
    pub private: usize,
}

/// A year typeset, and what was found on the way.
pub struct Typeset {
    /// The year as printed (非公開 lines left out, or marked).
    pub year: Year,
    pub doc: typst_layout::PagedDocument,
    /// Warnings of validation.
    pub problems: Vec<Problem>,
    /// 非公開 lines of the year.
    pub private: usize,
}

/// Loads and validates a year: errors stop, warnings are returned.
pub fn load_valid(dir: &Path) -> Result<(Year, Vec<Problem>)> {
    let year = store::load(dir)?;
    let problems = validate(&year);
    if has_errors(&problems) {
        return Err(Error::Invalid(problems));
    }
    Ok((year, problems))
}

/// `check`: every problem of a year, errors and warnings.
pub fn check(dir: &Path) -> Result<Vec<Problem>> {
    let year = store::load(dir)?;
    let mut problems = validate(&year);
    if !has_errors(&problems) {
        match render::layout::layout(&year) {
            Err(more) => problems.extend(more),
            Ok(_) => problems.extend(render::layout::warnings(&year)),
        }
        problems.extend(render::fonts::missing(&year));
    }
    Ok(problems)
}

/// Builds the packet PDF of a year directory, writing `out` atomically.
pub fn build(dir: &Path, out: &Path, options: &Options, progress: &mut dyn FnMut(Step)) -> Result<Built> {
    let (bytes, t) = render_pdf(dir, options, progress)?;
    progress(Step::Write);
    pdf::write(out, &bytes)?;
    Ok(Built { pages: t.doc.pages().len(), bytes: bytes.len(), warnings: t.problems, private: t.private })
}

/// The PDF bytes of a year, in memory, with the year typeset.
pub fn render_pdf(dir: &Path, options: &Options, progress: &mut dyn FnMut(Step)) -> Result<(Vec<u8>, Typeset)> {
    let t = typeset(dir, options, progress)?;
    progress(Step::Pdf);
    let bytes = pdf::export(&t.doc, &t.year)?;
    Ok((bytes, t))
}

/// The year typeset: loaded, validated (errors stop; warnings returned) and compiled.
pub fn typeset(
    dir: &Path,
    options: &Options,
    progress: &mut dyn FnMut(Step),
) -> Result<Typeset> {
    progress(Step::Load);
    let templates = templates::load(options.templates.as_deref())?;
    let year = store::load(dir)?;
    progress(Step::Validate);
    let mut problems = validate(&year);
    if has_errors(&problems) {
        return Err(Error::Invalid(problems));
    }
    problems.extend(render::fonts::missing(&year));
    let private = crate::model::private::count(&year);
    let year = for_audience(&year, options.audience);
    let changes = changes_since(&year, options)?;
    progress(Step::Typeset);
    let extras =
        render::Extras { attachments: &[], changes: changes.as_ref().map(|(c, fy)| (c, *fy)), draft: options.draft, copies: options.copies };
    let doc = render::compile_with(&year, &templates, &extras, fonts::store())?;
    Ok(Typeset { year, doc, problems, private })
}

/// The changes since `--with-changes`' year, with that year's fiscal year: both
/// years as the audience reads them, so that a 非公開 line is no change of the public packet.
fn changes_since(year: &Year, options: &Options) -> Result<Option<(crate::model::diff::Changes, i32)>> {
    let old = options.with_changes.as_deref().map(store::load).transpose()?;
    let old = old.map(|o| for_audience(&o, options.audience));
    Ok(old.map(|o| (crate::model::diff::diff(&o, year), o.packet.fiscal_year)))
}

/// `--emit-typst`: the templates, the data and the fonts, so that a stock
/// `typst compile --font-path fonts --ignore-system-fonts main.typ` makes the same document.
pub fn emit_typst(dir: &Path, out: &Path, options: &Options) -> Result<()> {
    let templates = templates::load(options.templates.as_deref())?;
    let (year, _) = load_valid(dir)?;
    let year = for_audience(&year, options.audience);
    let changes = changes_since(&year, options)?;
    let extras = render::Extras {
        changes: changes.as_ref().map(|(c, fy)| (c, *fy)),
        draft: options.draft,
        copies: options.copies,
        ..Default::default()
    };
    let data = render::data_json(&year, &extras)?;
    let font_dir = out.join("fonts");
    store::files::create_dir_all(&font_dir).map_err(|e| Error::io(&font_dir, e))?;
    for (name, text) in &templates {
        store::write_atomic(&out.join(name), text.as_bytes())?;
    }
    store::write_atomic(&out.join(render::DATA_FILE), &data)?;
    for (name, bytes) in fonts::FILES {
        store::write_atomic(&font_dir.join(name), bytes)?;
    }
    Ok(())
}

/// `publish`: the year's public answers (非公開 lines left out) as open data.
/// Errors of validation stop, as for a build.
pub fn publish(dir: &Path, bom: bool, words: &Words) -> Result<Published> {
    let (year, warnings) = load_valid(dir)?;
    let (prefix, files) = published(&year, bom, words)?;
    Ok(Published { prefix, files, warnings })
}

/// What `publish` made: each file's name and bytes, the names' common prefix, and validation's warnings.
#[derive(Debug)]
pub struct Published {
    pub prefix: String,
    pub files: Files,
    pub warnings: Vec<Problem>,
}

/// The published files of a valid year, 非公開 lines left out: the tables as CSV
/// and xlsx, and the packet as one accessible page (its few words of its own in
/// `words`), with the prefix of their names. `publish` writes them, `archive` keeps them.
pub fn published(year: &Year, bom: bool, words: &Words) -> Result<(String, Files)> {
    let year = for_audience(year, Audience::Public);
    let prefix = crate::outputs::publish::prefix(&year)?;
    let mut files = crate::outputs::publish::files(&year, &prefix, bom)?;
    let page = crate::outputs::html::packet_page(&year, words)?;
    files.push((format!("{prefix}.html"), page.into_bytes()));
    Ok((prefix, files))
}
