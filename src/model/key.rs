//! Where in a year's file a problem sits: a typed key, shown as a TOML path
//! (`items[key=training].lines`, `pairs[2].rows[1]`), and located in a
//! workbook by the form's schema without parsing the text back.

use std::fmt;

/// A key inside one file of the year.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Key {
    /// The file as a whole.
    #[default]
    Whole,
    /// A top-level key of a unit, centre or the prefecture's files (`name`, `code`, `title`, `bands` …).
    Top(&'static str),
    /// A line of a top-level list (`members[2].name`, `titles[1]`), 1-based.
    Line { list: &'static str, index: usize, part: Option<&'static str> },
    /// A unit's field (`fields.hub.text`).
    Field { field: String, part: FieldPart },
    /// An item's cell (`items[key=training].lines`).
    Item { item: String, part: ItemPart },
    /// The paired table as a whole (`pairs`).
    Pairs,
    /// One entry of the paired table, 1-based (`pairs[2].first`).
    Pair { index: usize, part: PairPart },
    /// A path found by walking the file's TOML (a string too long), as written.
    Toml(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FieldPart {
    Text,
    Bracket,
    Lines,
    SharedWith,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ItemPart {
    /// The key itself (an item the survey does not have, twice in one file).
    Key,
    Lines,
    SharedWith,
    /// Missing where the block needs it.
    Whole,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PairPart {
    First,
    /// The rows as a whole.
    Rows,
    SharedWith,
}

impl Key {
    pub fn field(field: &str, part: FieldPart) -> Key {
        Key::Field { field: field.to_string(), part }
    }

    pub fn item(item: &str, part: ItemPart) -> Key {
        Key::Item { item: item.to_string(), part }
    }

    pub fn line(list: &'static str, index: usize) -> Key {
        Key::Line { list, index, part: None }
    }

    pub fn line_part(list: &'static str, index: usize, part: &'static str) -> Key {
        Key::Line { list, index, part: Some(part) }
    }

    /// Whether the key is a share list (`shared_with`).
    pub fn is_share(&self) -> bool {
        matches!(
            self,
            Key::Field { part: FieldPart::SharedWith, .. }
                | Key::Item { part: ItemPart::SharedWith, .. }
                | Key::Pair { part: PairPart::SharedWith, .. }
        )
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Key::Whole => Ok(()),
            Key::Top(k) => f.write_str(k),
            Key::Line { list, index, part: None } => write!(f, "{list}[{index}]"),
            Key::Line { list, index, part: Some(p) } => write!(f, "{list}[{index}].{p}"),
            Key::Field { field, part } => {
                let p = match part {
                    FieldPart::Text => "text",
                    FieldPart::Bracket => "bracket",
                    FieldPart::Lines => "lines",
                    FieldPart::SharedWith => "shared_with",
                };
                write!(f, "fields.{field}.{p}")
            }
            Key::Item { item, part } => {
                write!(f, "items[key={item}]")?;
                match part {
                    ItemPart::Key => f.write_str(".key"),
                    ItemPart::Lines => f.write_str(".lines"),
                    ItemPart::SharedWith => f.write_str(".shared_with"),
                    ItemPart::Whole => Ok(()),
                }
            }
            Key::Pairs => f.write_str("pairs"),
            Key::Pair { index, part } => {
                let p = match part {
                    PairPart::First => "first",
                    PairPart::Rows => "rows",
                    PairPart::SharedWith => "shared_with",
                };
                write!(f, "pairs[{index}].{p}")
            }
            Key::Toml(path) => f.write_str(path),
        }
    }
}
/// Kept as the text it shows (`items[key=training].lines`): a key read back is that
/// text ([`Key::Toml`]), which shows and locates by its words the same (the ledger keeps
/// a workbook's findings so; nothing reads a kept key's parts).
impl serde::Serialize for Key {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Key {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Key, D::Error> {
        let text = String::deserialize(d)?;
        Ok(if text.is_empty() { Key::Whole } else { Key::Toml(text) })
    }
}

