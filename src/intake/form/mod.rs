//! `shiryo form`: the submission workbook (照会様式) sent to each submitting
//! unit and each wide-area centre, and the prefecture's own, written with rust_xlsxwriter.
//!
//! The layout lives here and nowhere else: the answer sheets of units and
//! centres in [`schema`] (derived from the year's survey; what `ingest` finds
//! again by marks and headers), the prefecture's sheets in the constants below
//! ([`fixed_cells`], [`is_answer`]); so a workbook is understood by the same
//! code that wrote it.
//!
//! ```text
//! 案内        guidance: what to fill, deadline and contact, the survey's items and their meaning
//! (answers)   see [`schema`]
//! _shiryo     hidden marker: prefecture, kind, name, code, members, fiscal year, survey, form version
//! ```

pub mod check;
mod grow;
pub mod layout;
mod marker;
pub mod marks;
pub mod prompts;
pub mod schema;
mod texts;
mod write;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, ProtectionOptions, Workbook, Worksheet,
};

use crate::error::{Error, Result};
use crate::model::{Centre, FieldKind, Member, Survey, Unit, Year, validate};
use crate::store;
pub use crate::intake::cell::{a1, parse_a1};
pub use crate::model::Kind;
pub use layout::*;
pub use marker::*;
pub use schema::{COL_A, COL_B, COL_C, COL_D, Found, Schema};
pub use texts::*;
pub use write::*;

/// Version of the layout; `ingest` refuses a form newer than it knows.
/// 2: the answer sheets follow the survey, rows found by marks and headers.
/// 3: the 回答者 sheet (the answering office's contact, into `contacts.toml`).
/// 4: the prefecture's form carries the request's fields (会議) and every unit's and centre's contact (連絡先).
/// 6: the fixed labels and the guide name units by the survey's word (構成市町村：, 取組状況（市町村単独）).
pub const VERSION: u32 = 6;

/// The file a unit's form is written to.
pub fn unit_file(name: &str) -> String {
    store::file_name(name).trim_end_matches(".toml").to_string() + ".xlsx"
}

/// The file a centre's form is written to (sent to its lead municipality).
pub fn centre_file(name: &str) -> String {
    format!("広域_{}", unit_file(name))
}

/// The file of the prefecture's form.
pub fn prefecture_file(prefecture: &str) -> String {
    format!("県_{}", unit_file(prefecture))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marker_round_trip() {
        let meta = Meta {
            version: VERSION,
            prefecture: "三重県".into(),
            kind: Kind::Unit,
            name: "紀北広域連合".into(),
            code: None,
            members: vec![Member { name: "尾鷲市".into(), code: Some("242098".into()) }],
            fiscal_year: 2018,
            deadline: "2018-11-16".into(),
            contact: "担当".into(),
            survey: "在宅医療・介護連携".into(),
            own_only: true,
            table_rows: 31,
            ..Meta::default()
        };
        assert_eq!(Meta::from_marker_rows(&meta.marker_rows()), Some(meta));
    }
}
