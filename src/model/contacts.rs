//! `contacts.toml` (optional): per unit and centre, by name, the office that
//! answers the survey — 担当課, 担当者, 電話, メール and cc. The request and
//! reminder drafts are addressed from it. It is internal: never printed in the
//! packet. The forms edit it: a unit's or centre's own on its sheet 回答者, all of
//! them on the prefecture's sheet 連絡先.
//!
//! ```toml
//! ["桑名市"]        # a name in quotes: TOML keys outside ASCII need them
//! office = "健康福祉部介護高齢課"
//! person = "桑名 太郎"
//! phone = "0594-00-0000"
//! mail = ["kaigo@city.kuwana.example.jp"]
//! cc = ["kaigo2@city.kuwana.example.jp"]
//! ```

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The year's contacts by unit or centre name, in name order.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Contacts(pub BTreeMap<String, Contact>);

impl Contacts {
    pub fn get(&self, name: &str) -> Option<&Contact> {
        self.0.get(name)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// The answering office of one unit or centre.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// 担当課.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub office: String,
    /// 担当者.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub person: String,
    /// 電話.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub phone: String,
    /// メール: one or more addresses, the draft's To.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mail: Vec<String>,
    /// Addresses copied (Cc).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cc: Vec<String>,
}

/// A mail's sender (`Name <address>`, or the address alone) as a recipient: its name
/// without control characters and its address, when the address passes [`is_address`].
pub fn sender_address(sender: &str) -> Option<(String, String)> {
    let s = sender.trim();
    match (s.rfind('<'), s.rfind('>')) {
        (Some(a), Some(b)) if a < b => Some((s[..a].trim().trim_matches('"').to_string(), s[a + 1..b].trim().to_string())),
        _ if s.contains('@') && !s.contains(char::is_whitespace) => Some((String::new(), s.to_string())),
        _ => None,
    }
    .filter(|(_, addr)| is_address(addr))
    .map(|(name, addr)| (name.chars().filter(|c| !c.is_control()).collect(), addr))
}

/// Whether `s` is a plain e-mail address (`local@domain.example`): an RFC 5322
/// dot-atom on both sides, the domain of at least two labels of letters, digits
/// and hyphens. No display name, no brackets, no spaces or control characters:
/// what a clerk types in a cell, nothing a header could be made of.
pub fn is_address(s: &str) -> bool {
    let Some((local, domain)) = s.rsplit_once('@') else { return false };
    const ATEXT: &str = "!#$%&'*+-/=?^_`{|}~";
    let atom_ok = |a: &str| !a.is_empty() && a.chars().all(|c| c.is_ascii_alphanumeric() || ATEXT.contains(c));
    let label_ok = |l: &str| {
        !l.is_empty()
            && l.len() <= 63
            && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            && !l.starts_with('-')
            && !l.ends_with('-')
    };
    s.len() <= 254
        && local.len() <= 64
        && local.split('.').all(atom_ok)
        && domain.split('.').count() >= 2
        && domain.split('.').all(label_ok)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses() {
        for ok in ["kaigo@city.kuwana.example.jp", "a.b+c@x.jp", "o'neil@example.com"] {
            assert!(is_address(ok), "{ok}");
        }
        for bad in [
            "",
            "kaigo",
            "kaigo@",
            "@example.jp",
            "kaigo@localhost",
            "a b@example.jp",
            "a@example.jp\r\nBcc: x@evil.example",
            "桑名 <a@example.jp>",
            "a@@example.jp",
            "a..b@example.jp",
            "a@-x.jp",
            "a@example.jp,b@example.jp",
            "かいご@example.jp",
        ] {
            assert!(!is_address(bad), "{bad:?}");
        }
    }

    #[test]
    fn reads_by_name() {
        let text = "[\"桑名市\"]\noffice = \"介護高齢課\"\nmail = [\"a@example.jp\"]\n\n[\"広域 松阪\"]\nperson = \"担当\"\n";
        let c: Contacts = toml::from_str(text).unwrap();
        assert_eq!(c.get("桑名市").unwrap().mail, ["a@example.jp"]);
        assert_eq!(c.get("広域 松阪").unwrap().person, "担当");
        assert_eq!(crate::store::to_canonical(&c).unwrap(), "[\"広域 松阪\"]\nperson = \"担当\"\n\n[\"桑名市\"]\noffice = \"介護高齢課\"\nmail = [\"a@example.jp\"]\n");
        assert!(toml::from_str::<Contacts>("[\"桑名市\"]\nfax = \"1\"\n").is_err(), "unknown keys are refused");
    }
}
