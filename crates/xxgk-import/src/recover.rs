//! Rows whose numbers cannot be placed as printed because digits ran
//! together or a stray space broke a number: the segment's values become
//! [`split`](crate::split) atoms and every split satisfying the row's
//! identities is a candidate. The caller accepts a candidate only when it
//! is the only one left after every identity of the table is applied; its
//! cells are marked as recovered by arithmetic ([`Source::recovered`]).

use crate::Source;
use crate::split::{Atom, Splits, splits};
use crate::tokens::{Kind, Segment, Tok};
use crate::values::{CellValue, Unit};

/// One cell of a candidate row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecoveredCell {
    pub value: i64,
    pub src: Source,
    /// The printed mark when the cell is an unfilled mark (`/`, `无`).
    pub mark: Option<String>,
}

/// Candidates are counted up to this; more means the row is ambiguous.
pub const MAX_CANDIDATES: usize = 64;

/// The candidate splits of a segment's values into groups of `groups`
/// cells, each group's last cell the sum of the others; `Err` says why
/// there is none (in Chinese, for the refusal).
pub fn candidates(toks: &[Tok], seg: &Segment, groups: &[usize]) -> Result<Vec<Vec<RecoveredCell>>, String> {
    let filled: Vec<usize> = seg.values.iter().copied().filter(|&v| !toks[v].is_blank()).collect();
    let mut atoms = Vec::with_capacity(filled.len());
    for &v in &filled {
        atoms.push(atom(&toks[v]).ok_or_else(|| format!("「{}」不是可拆分的整数", toks[v].raw()))?);
    }
    match splits(&atoms, groups, MAX_CANDIDATES) {
        Splits::TooMany => Err(format!("可能的拆分超过 {MAX_CANDIDATES} 种")),
        Splits::Found(found) if found.is_empty() => Err("没有一种拆分能使每个总计等于其各项之和".into()),
        Splits::Found(found) => Ok(found
            .into_iter()
            .map(|parts| {
                parts
                    .into_iter()
                    .map(|p| {
                        let tok = &toks[filled[p.atom]];
                        let mark = match &tok.kind {
                            Kind::Value { value: CellValue::Mark(m), .. } => Some(m.clone()),
                            _ => None,
                        };
                        RecoveredCell { value: p.value, src: tok.src.recovered(), mark }
                    })
                    .collect()
            })
            .collect()),
    }
}

/// The printed text of the values of a segment (for messages).
pub fn printed(toks: &[Tok], seg: &Segment) -> String {
    let text: Vec<&str> = seg.values.iter().map(|&v| toks[v].raw()).filter(|r| !r.is_empty()).collect();
    text.join(" ").chars().take(60).collect()
}

fn atom(tok: &Tok) -> Option<Atom> {
    let Kind::Value { raw, value } = &tok.kind else { return None };
    let digits: String = raw
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            c => c,
        })
        .collect();
    match value {
        CellValue::Mark(_) => Some(Atom::Fixed(0)),
        _ if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) => Some(Atom::Digits(digits)),
        CellValue::Number { value, unit: Unit::None } if value.fract().is_zero() && !value.is_sign_negative() => {
            rust_decimal::prelude::ToPrimitive::to_i64(value).map(Atom::Fixed)
        }
        _ => None,
    }
}
