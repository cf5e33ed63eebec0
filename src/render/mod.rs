//! Rendering: the model laid out as data, compiled by Typst in-process with
//! our own [`world::PacketWorld`].

pub mod changes;
pub mod fit;
pub mod grid;
pub mod inspect;
pub mod fonts;
pub mod layout;
pub mod paginate;
pub mod schedule;
pub mod templates;
pub mod words;
pub mod world;

use typst::{World, WorldExt};
use typst_layout::PagedDocument;

use crate::error::{Error, Result};
use crate::model::Year;

/// The data file the templates read (`json("/data.json")`).
pub const DATA_FILE: &str = "data.json";

/// Version of the packet's layout, recorded in each archived version's
/// manifest. Bumped by any change to the code that moves a glyph of an
/// unchanged year (its data, templates, fonts and typst all the same), so that
/// `verify` does not rebuild an older archive with a layout it was not made with.
pub const LAYOUT_VERSION: u32 = 4;

/// A file attached to the PDF (the archive's sources).
#[derive(Debug, Clone)]
pub struct Attachment {
    /// Path inside the PDF's file list, e.g. `sources/units/桑名市.toml`.
    pub name: String,
    pub bytes: Vec<u8>,
    pub description: String,
}

/// The media type of an attached file, by its extension (PDF/A-3 requires one).
pub fn mime_type(name: &str) -> &'static str {
    match name.rsplit('.').next().map(str::to_ascii_lowercase).as_deref() {
        Some("toml") => "application/toml",
        Some("csv") => "text/csv",
        Some("html") => "text/html",
        Some("xlsx") => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        Some("xlsm") => "application/vnd.ms-excel.sheet.macroEnabled.12",
        Some("xls") => "application/vnd.ms-excel",
        Some("ods") => "application/vnd.oasis.opendocument.spreadsheet",
        Some("typ") | Some("txt") | Some("md") => "text/plain",
        _ => "application/octet-stream",
    }
}

/// What a packet may carry beside the year itself.
#[derive(Debug, Default, Clone, Copy)]
pub struct Extras<'a> {
    /// Files attached to the PDF (the archive's sources).
    pub attachments: &'a [Attachment],
    /// Changes since an earlier year, printed as an appendix per block.
    pub changes: Option<(&'a crate::model::diff::Changes, i32)>,
    /// A draft: 「案」 faintly on every page (`build --draft`, the desk's builds).
    pub draft: bool,
    /// Handouts (`build --copies N`): N numbered copies in one PDF; 0 for one unnumbered packet.
    pub copies: u32,
}

/// The laid-out year as the JSON the templates read.
pub fn data_json(year: &Year, extras: &Extras) -> Result<Vec<u8>> {
    let mut doc = layout::layout(year).map_err(Error::Invalid)?;
    if let Some((diff, old_fy)) = extras.changes {
        doc.changes = changes::changes(year, diff, old_fy);
    }
    doc.draft = extras.draft;
    doc.copies = extras.copies;
    doc.attachments = extras
        .attachments
        .iter()
        .map(|a| layout::AttachmentView {
            path: format!("/{}", a.name),
            mime: mime_type(&a.name).into(),
            description: a.description.clone(),
        })
        .collect();
    serde_json::to_vec_pretty(&doc).map_err(|e| Error::Template(e.to_string()))
}

/// Compiles the packet with the given templates (see [`templates::load`]) and the embedded fonts.
pub fn compile(year: &Year, templates: &[(String, String)]) -> Result<PagedDocument> {
    compile_with(year, templates, &Extras::default(), fonts::store())
}

/// Compiles with extras and a font store of one's choice.
pub fn compile_with(
    year: &Year,
    templates: &[(String, String)],
    extras: &Extras,
    fonts: &'static typst_kit::fonts::FontStore,
) -> Result<PagedDocument> {
    let mut files = vec![(DATA_FILE.to_string(), data_json(year, extras)?)];
    files.extend(extras.attachments.iter().map(|a| (a.name.clone(), a.bytes.clone())));
    let today = year.packet.date.get().ok().map(|d| (d.year, d.month as u8, d.day as u8));
    let world = world::PacketWorld::new(fonts, templates, &files, today);
    let warned = typst::compile::<PagedDocument>(&world);
    warned.output.map_err(|diags| {
        let text = diags
            .iter()
            .map(|d| {
                let at = d
                    .span
                    .id()
                    .and_then(|id| {
                        let source = world.source(id).ok()?;
                        let range = world.range(d.span)?;
                        let line = source.lines().byte_to_line(range.start)? + 1;
                        Some(format!("{}:{line}: ", id.get().vpath().get_without_slash()))
                    })
                    .unwrap_or_default();
                format!("{at}{}", d.message)
            })
            .collect::<Vec<_>>()
            .join("\n");
        Error::Template(text)
    })
}

/// One page of a compiled packet as PNG, `scale` pixels per point (the desk's preview).
pub fn page_png(doc: &PagedDocument, page: usize, scale: f32) -> Option<Vec<u8>> {
    let options = typst_render::RenderOptions { pixel_per_pt: typst::layout::Abs::pt(1.0).to_pt().into(), render_bleed: false };
    let options = typst_render::RenderOptions { pixel_per_pt: (scale as f64).into(), ..options };
    let pixmap = typst_render::render(doc.pages().get(page)?, &options);
    pixmap.encode_png().ok()
}
