//! The language a clerk reads: Japanese, or English on request (`--lang en`).
//! A leaf: every module may name it, it names none.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Ja,
    En,
}
