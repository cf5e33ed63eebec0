//! The packet as it stands: one in-process compile per state of the year (the
//! stamp of its ledger and TOML), shared by the preview's page images and the
//! PDF the clerk downloads. A draft (案) while the season runs.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use axum::extract::{Path as UrlPath, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use shiryo::error::{Error, Result};
use shiryo::intake::form::Kind;
use shiryo::model::Year;
use shiryo::outputs::pipeline::{self, Options};
use shiryo::store::lock::Access;
use typst_layout::PagedDocument;

use super::Desk;
use super::pages::{self, blocking};

/// Pixels per point of a preview image (A4 landscape: 1,263 × 893).
const SCALE: f32 = 1.5;

#[derive(Default)]
pub struct Preview {
    stamp: String,
    compiled: Option<Arc<(Year, PagedDocument)>>,
    pngs: HashMap<usize, Vec<u8>>,
    /// The PDF of the last build and its file name.
    pub pdf: Option<(String, Vec<u8>)>,
}

impl Preview {
    pub fn pages(&self) -> Option<usize> {
        self.compiled.as_ref().map(|c| c.1.pages().len())
    }
}

/// The compile of the year as it is now: the cached one while the stamp holds, else a new one.
fn current(d: &Desk, dir: &Path) -> Result<Arc<(Year, PagedDocument)>> {
    let stamp = pages::stamp_of(dir);
    if let Ok(p) = d.preview.lock()
        && let Some(c) = p.compiled.as_ref().filter(|_| p.stamp == stamp)
    {
        return Ok(c.clone());
    }
    let _lock = pages::open(dir, Access::Read)?;
    let draft = pages::season_open(&shiryo::intake::ingest::received::status(dir)?);
    let t = pipeline::typeset(dir, &Options { draft, ..Options::default() }, &mut |_| {})?;
    let compiled = Arc::new((t.year, t.doc));
    if let Ok(mut p) = d.preview.lock() {
        p.stamp = stamp;
        p.compiled = Some(compiled.clone());
        p.pngs.clear();
    }
    Ok(compiled)
}

/// Compiles when the year changed; the number of pages.
pub fn ensure(d: &Desk, dir: &Path) -> Result<usize> {
    Ok(current(d, dir)?.1.pages().len())
}

/// The packet's PDF from the current compile: kept for download, its page count returned.
pub fn build(d: &Desk, dir: &Path) -> Result<usize> {
    let compiled = current(d, dir)?;
    let (year, doc) = &*compiled;
    let bytes = shiryo::outputs::pdf::export(doc, year)?;
    let name = format!("{}_{}.pdf", shiryo::model::era::fiscal_year(year.packet.fiscal_year), year.packet.material);
    if let Ok(mut p) = d.preview.lock() {
        p.pdf = Some((name, bytes));
    }
    Ok(doc.pages().len())
}

/// `/preview/{n}`: page n (from 1) as PNG.
pub async fn page(State(desk): State<Arc<Desk>>, UrlPath(n): UrlPath<String>) -> Response {
    let Some(n) = n.trim_end_matches(".png").parse::<usize>().ok().filter(|n| *n >= 1) else {
        return pages::not_found(State(desk)).await;
    };
    blocking(&desk, move |d| {
        let dir = pages::chosen(d)?;
        let compiled = current(d, &dir)?;
        if let Some(png) = d.preview.lock().ok().and_then(|p| p.pngs.get(&n).cloned()) {
            return Ok(png_response(png));
        }
        let png = shiryo::render::page_png(&compiled.1, n - 1, SCALE).ok_or(Error::NoSuchPage(n))?;
        if let Ok(mut p) = d.preview.lock() {
            p.pngs.insert(n, png.clone());
        }
        Ok(png_response(png))
    })
    .await
}

fn png_response(png: Vec<u8>) -> Response {
    (StatusCode::OK, [(header::CONTENT_TYPE, "image/png"), (header::CACHE_CONTROL, "no-store")], png).into_response()
}

/// A unit's answers as the packet prints them: each item's lines, each field's, the paired rows.
#[derive(Serialize, Default)]
pub struct Answers {
    items: Vec<(String, Vec<String>)>,
    fields: Vec<(String, Vec<String>)>,
    pairs: Vec<(String, Vec<String>)>,
    first: String,
    columns: Vec<String>,
}

pub fn answers(year: &Year, kind: Kind, name: &str) -> Answers {
    let s = &year.survey;
    let mut a = Answers {
        first: s.table.first.header.clone(),
        columns: s.table.columns.iter().map(|c| c.header.clone()).collect(),
        ..Answers::default()
    };
    let label = |i: &shiryo::model::survey::Item| format!("{}{}", i.mark, i.name);
    match kind {
        Kind::Centre => {
            let Some(c) = year.centres.iter().find(|c| c.name == name) else { return a };
            a.items = s.items.iter().filter_map(|i| Some((label(i), c.items.iter().find(|x| x.key == i.key)?.lines.clone()))).collect();
        }
        _ => {
            let Some(u) = year.unit(name) else { return a };
            a.items = s.items.iter().map(|i| (label(i), u.item(&i.key).map(|c| c.lines.clone()).unwrap_or_default())).collect();
            a.fields = s.fields.iter().map(|f| (f.name.clone(), u.field(&f.key).map(|v| v.printed()).unwrap_or_default())).collect();
            a.pairs = u.pairs.iter().map(|p| (p.first.clone(), p.rows.iter().map(|r| r.join("｜")).collect())).collect();
        }
    }
    a
}
