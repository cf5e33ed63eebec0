//! Rendering: the model laid out as data, compiled by Typst in-process with
//! our own [`world::PacketWorld`].

pub mod fonts;
pub mod layout;
pub mod templates;
pub mod world;

use typst::{World, WorldExt};
use typst_layout::PagedDocument;

use crate::error::{Error, Result};
use crate::model::Year;
use crate::model::validate::parse_date;

/// The data file the templates read (`json("/data.json")`).
pub const DATA_FILE: &str = "data.json";

/// The laid-out year as the JSON the templates read.
pub fn data_json(year: &Year) -> Result<Vec<u8>> {
    let doc = layout::layout(year).map_err(Error::Invalid)?;
    serde_json::to_vec_pretty(&doc).map_err(|e| Error::Template(e.to_string()))
}

/// Compiles the packet with the given templates (see [`templates::load`]).
pub fn compile(year: &Year, templates: &[(String, String)]) -> Result<PagedDocument> {
    let data = data_json(year)?;
    let today = parse_date(&year.packet.date).map(|(y, m, d)| (y, m as u8, d as u8));
    let world = world::PacketWorld::new(templates, &[(DATA_FILE, data)], today);
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
