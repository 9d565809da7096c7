//! The personal-data screen of `proactive-disclosure.md` §5 — the one
//! implementation every path uses (document save, publication, `xxgk screen`).
//!
//! [`screen_text`] screens plain text (a document body), [`screen_document`]
//! any file `xxgk-import` reads, with the column rule for tables whose header
//! names personal data; [`mask`] masks every error finding of a text (the
//! "offer the masking" step). A [`Finding`] holds only a [`Masked`] excerpt:
//! no type of this crate can carry or print the full number.
//!
//! Pure: no IO; "today" (for birth dates) and the agency's own published
//! addresses and telephone numbers come in a [`Policy`].

mod checks;
mod columns;
mod scan;
mod wrapped;

use std::fmt;

use serde::ser::SerializeStruct as _;
use time::Date;
pub use xxgk_import::{DocumentText, Place};

/// The kinds of personal data the screen finds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// 居民身份证号码 (18 characters).
    IdCard,
    /// The old 15-digit 身份证号码.
    #[serde(rename = "id_card_15")]
    IdCard15,
    Mobile,
    BankCard,
    Email,
    /// A value in a 家庭住址 column.
    Address,
}

impl Kind {
    /// The name people read.
    pub fn label(self) -> &'static str {
        match self {
            Kind::IdCard => "居民身份证号码",
            Kind::IdCard15 => "身份证号码（15位）",
            Kind::Mobile => "手机号码",
            Kind::BankCard => "银行卡号",
            Kind::Email => "电子邮箱",
            Kind::Address => "家庭住址",
        }
    }
}

/// An error blocks publication until masked or overridden; a warning is
/// shown for a person to judge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Warning => "警告",
            Severity::Error => "错误",
        }
    }
}

/// A masked value. Only this crate's masking makes one, so the full number
/// can never reach an output through a finding.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Masked(String);

impl Masked {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Masked {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Masked {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Masked({:?})", self.0)
    }
}

impl serde::Serialize for Masked {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

/// One piece of personal data found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub kind: Kind,
    pub severity: Severity,
    pub location: Place,
    pub masked: Masked,
}

/// As `cli.md` prints it: `kind`, `severity`, `location` (in words), `masked`.
impl serde::Serialize for Finding {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Finding", 4)?;
        st.serialize_field("kind", &self.kind)?;
        st.serialize_field("severity", &self.severity)?;
        st.serialize_field("location", &self.location.to_string())?;
        st.serialize_field("masked", &self.masked)?;
        st.end()
    }
}

/// What the screen needs to know beyond the text.
#[derive(Debug, Clone)]
pub struct Policy {
    today: Date,
    agency_emails: Vec<String>,
    office_phones: Vec<String>,
}

impl Policy {
    /// `today` bounds birth dates (an ID cannot be born tomorrow).
    pub fn new(today: Date) -> Policy {
        Policy { today, agency_emails: Vec::new(), office_phones: Vec::new() }
    }

    /// The agency's own published mailboxes, never flagged.
    pub fn with_agency_emails<S: AsRef<str>>(mut self, emails: impl IntoIterator<Item = S>) -> Policy {
        self.agency_emails.extend(emails.into_iter().map(|e| e.as_ref().trim().to_ascii_lowercase()));
        self
    }

    /// The agency's own office telephone and fax numbers (any punctuation;
    /// `+86`/`86` allowed), never flagged.
    pub fn with_office_phones<S: AsRef<str>>(mut self, phones: impl IntoIterator<Item = S>) -> Policy {
        self.office_phones.extend(phones.into_iter().map(|p| national_digits(p.as_ref())));
        self
    }

    fn is_agency_email(&self, address: &str) -> bool {
        let address = address.to_ascii_lowercase();
        self.agency_emails.contains(&address)
    }

    fn is_office_phone(&self, digits: &str) -> bool {
        let digits = national_digits(digits);
        self.office_phones.contains(&digits)
    }
}

/// The digits of a phone number without a `86` country code.
fn national_digits(phone: &str) -> String {
    let digits: String = phone.chars().filter_map(|c| c.to_digit(10).and_then(|d| char::from_digit(d, 10))).collect();
    match digits.strip_prefix("86") {
        Some(rest) if rest.len() == 11 => rest.to_string(),
        _ => digits,
    }
}

/// Screens plain text line by line (lines numbered from 1).
pub fn screen_text(text: &str, policy: &Policy) -> Vec<Finding> {
    let mut out = Vec::new();
    for (n, line) in text.split('\n').enumerate() {
        push_findings(line, &Place::Line { line: n + 1 }, policy, false, &mut out);
    }
    out
}

/// Screens a document read by [`xxgk_import::document_text`]; a cell in a
/// column whose header names personal data is a finding whenever it holds
/// an unmasked value; numbers wrapped over lines of a PDF page are found
/// too (after the others).
pub fn screen_document(doc: &DocumentText, policy: &Policy) -> Vec<Finding> {
    let mut out = Vec::new();
    for block in &doc.blocks {
        let header = match &block.place {
            Place::Cell { header: Some(h), .. } => Some(h.as_str()),
            _ => None,
        };
        let identifiers = header.is_some_and(scan::is_identifier_label);
        let before = out.len();
        push_findings(&block.text, &block.place, policy, identifiers, &mut out);
        if let Some(kind) = header.and_then(columns::personal_column)
            && !out[before..].iter().any(|f| f.severity == Severity::Error)
            && !(kind == Kind::Mobile && policy.is_office_phone(&block.text))
            && let Some(masked) = columns::unmasked_value(kind, &block.text)
        {
            out.truncate(before);
            out.push(Finding { kind, severity: Severity::Error, location: block.place.clone(), masked });
        }
    }
    wrapped::findings(doc, policy, &mut out);
    out
}

/// Reads a file's text with `xxgk-import` and screens it.
pub fn screen_bytes(
    bytes: &[u8],
    name: Option<&str>,
    policy: &Policy,
) -> Result<Vec<Finding>, xxgk_import::ImportError> {
    Ok(screen_document(&xxgk_import::document_text(bytes, name)?, policy))
}

fn push_findings(text: &str, place: &Place, policy: &Policy, identifiers: bool, out: &mut Vec<Finding>) {
    let hits = scan::scan(text, policy, identifiers);
    if hits.is_empty() {
        return;
    }
    let chars: Vec<char> = text.chars().collect();
    for hit in hits {
        let masked = (hit.start..hit.end).map(|i| if hit.hidden.contains(&i) { '*' } else { chars[i] }).collect();
        out.push(Finding { kind: hit.kind, severity: hit.severity, location: place.clone(), masked: Masked(masked) });
    }
}

/// The text with every error finding masked (warnings are left for a
/// person to judge). Screening the result finds no error.
pub fn mask(text: &str, policy: &Policy) -> String {
    let mut out = String::with_capacity(text.len());
    for (n, line) in text.split('\n').enumerate() {
        if n > 0 {
            out.push('\n');
        }
        let mut hidden: Vec<usize> = scan::scan(line, policy, false)
            .into_iter()
            .filter(|h| h.severity == Severity::Error)
            .flat_map(|h| h.hidden)
            .collect();
        if hidden.is_empty() {
            out.push_str(line);
        } else {
            hidden.sort_unstable();
            out.extend(line.chars().enumerate().map(|(i, c)| if hidden.binary_search(&i).is_ok() { '*' } else { c }));
        }
    }
    out
}

/// Whether any finding blocks publication.
pub fn has_error(findings: &[Finding]) -> bool {
    findings.iter().any(|f| f.severity == Severity::Error)
}
