//! Proactive disclosure (主动公开) as data: the pure core that the store, the
//! web pages, the portal, the API and the CLI will all call
//! (`proactive-disclosure.md`).
//!
//! - [`catalog`]: the 目录 — the 第二十条 items, the 第二十一条 items that fit
//!   the agency's kind, and the agency's own categories;
//! - [`index`]: 索引号 patterns, validated at configuration time, formatted
//!   and parsed back, over a sequence that is never reused;
//! - [`doc_number`]: the 文号 `某政发〔2025〕12号`;
//! - [`metadata`]: an item's metadata (§3), validated with errors naming the
//!   field; 有效性 of 规章/规范性文件;
//! - [`attribute`]: 公开属性 (主动公开 / 依申请公开 / 不予公开 with the
//!   exemption article) and the 第十八条 re-assessment date;
//! - [`workflow`]: 拟稿 → 保密审查 → 签发 → 发布, rejection, referral,
//!   withdrawal, expiry, corrections as versions;
//! - [`due`]: the 第二十六条 due date and lateness for the agency's and the
//!   supervisor's views;
//! - [`table2`]: the document rows of table 二 from a year's items;
//! - [`guide`](mod@guide): the 政府信息公开指南 (第十二条) as a content model.
//!
//! No IO, no async, no clock of its own: "today" is always an argument.

/// Declares a closed set of named values: the enum, its `ALL` list and its
/// [`Named`] impl, with each machine name and Chinese label written once.
macro_rules! named_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $ty:ident : $what:literal {
            $( $(#[$vmeta:meta])* $variant:ident = $name:literal, $label:literal; )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        $vis enum $ty { $( $(#[$vmeta])* $variant, )+ }

        impl $ty {
            /// Every value, in display order.
            pub const ALL: &'static [$ty] = &[$($ty::$variant),+];
        }

        impl xxgk_domain::Named for $ty {
            const WHAT: &'static str = $what;
            fn all() -> &'static [Self] {
                Self::ALL
            }
            fn name(self) -> &'static str {
                match self { $($ty::$variant => $name,)+ }
            }
            fn label(self) -> &'static str {
                match self { $($ty::$variant => $label,)+ }
            }
        }
    };
}

pub mod attribute;
pub mod catalog;
pub mod doc_number;
pub mod due;
pub mod guide;
pub mod index;
pub mod metadata;
pub mod table2;
pub mod workflow;

pub use attribute::{Disclosure, Exemption};
pub use catalog::{Catalog, CatalogEntry, OwnCategory, StatutoryItem};
pub use doc_number::DocNumber;
pub use due::{DueItem, Timeliness, late_list, publish_due, timeliness};

pub use guide::{Guide, guide};
pub use index::{IndexNumber, IndexPattern, Sequence};
pub use metadata::{DocumentDraft, DocumentKind, DocumentMeta, Genre, Validity, ValidityEnd};
pub use table2::{DocumentFacts, fill_document_rows};
pub use workflow::{
    Action, ActionKind, ActorId, CorrectionError, DocState, Document, Event, ScreenGate, Version, WorkflowError,
};
pub use xxgk_domain::{NameError, Named, ValidationError};

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn names_are_unique_and_parse_back<T: Named + std::fmt::Debug>() {
        let names: HashSet<&str> = T::all().iter().map(|v| v.name()).collect();
        let labels: HashSet<&str> = T::all().iter().map(|v| v.label()).collect();
        assert_eq!((names.len(), labels.len()), (T::all().len(), T::all().len()), "{}", T::WHAT);
        for v in T::all() {
            assert_eq!(T::from_name(v.name()).as_ref(), Ok(v));
        }
        assert!(T::from_name("no_such_name").unwrap_err().to_string().contains(T::WHAT));
    }

    #[test]
    fn every_closed_set_names_each_value_once() {
        names_are_unique_and_parse_back::<StatutoryItem>();
        names_are_unique_and_parse_back::<Exemption>();
        names_are_unique_and_parse_back::<attribute::DisclosureKind>();
        names_are_unique_and_parse_back::<DocumentKind>();
        names_are_unique_and_parse_back::<Genre>();
        names_are_unique_and_parse_back::<ValidityEnd>();
        names_are_unique_and_parse_back::<DocState>();
        names_are_unique_and_parse_back::<ActionKind>();
        names_are_unique_and_parse_back::<Timeliness>();
    }
}
