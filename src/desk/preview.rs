//! The packet as it stands: one in-process compile per state of the year (the
//! stamp of its ledger and TOML), shared by the preview's page images and the
//! PDF the clerk downloads. A draft (案) while the season runs.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use axum::extract::{Path as UrlPath, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use shiryo::messages::PageError;
use shiryo::model::Year;
use shiryo::outputs::pipeline::Options;
use shiryo::season::packet::{self, Draft};
use typst_layout::PagedDocument;

use super::view::{self, Fail, Result, blocking};
use super::{Desk, stamp_of};

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
    let stamp = stamp_of(dir);
    if let Ok(p) = d.preview.lock()
        && let Some(c) = p.compiled.as_ref().filter(|_| p.stamp == stamp)
    {
        return Ok(c.clone());
    }
    let t = d.season.clone();
    let done = packet::typeset(&t, dir, &Options::default(), Draft::WhileOpen, &mut |_| {})?;
    let compiled = Arc::new((done.outcome.year, done.outcome.doc));
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

/// `/preview/{n}`: page n (from 1) as PNG.
pub async fn page(State(desk): State<Arc<Desk>>, UrlPath(n): UrlPath<String>) -> Response {
    let Some(n) = n.trim_end_matches(".png").parse::<usize>().ok().filter(|n| *n >= 1) else {
        return view::fail(desk.lang, &Fail::Page(PageError::NotFound));
    };
    blocking(&desk, move |d| {
        let dir = d.chosen()?;
        let compiled = current(d, &dir)?;
        if let Some(png) = d.preview.lock().ok().and_then(|p| p.pngs.get(&n).cloned()) {
            return Ok(png_response(png));
        }
        let png = shiryo::render::page_png(&compiled.1, n - 1, SCALE).ok_or(Fail::Page(PageError::NoSuchPage(n)))?;
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
