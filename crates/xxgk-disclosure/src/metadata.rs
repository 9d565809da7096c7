//! An item's metadata (`proactive-disclosure.md` §3): what a caller
//! supplies ([`DocumentDraft`], raw text as typed or sent to the API) and
//! what is kept ([`DocumentMeta`], every field checked; errors name the
//! field). 有效性 applies to 规章 and 行政规范性文件 only.

use time::Date;
use xxgk_domain::validate::{check_optional_text, check_required_text};
use xxgk_domain::{Named, ValidationError};

use crate::attribute::Disclosure;
use crate::catalog::{Catalog, CatalogEntry};
use crate::doc_number::DocNumber;

named_enum! {
    /// What a document is, for 有效性 and table 二 (the API's `kind`).
    pub enum DocumentKind: "文件类型" {
        Regulation = "regulation", "规章";
        NormativeDocument = "normative_document", "行政规范性文件";
        Other = "other", "其他";
    }
}

impl DocumentKind {
    /// 规章 and 行政规范性文件 carry 有效性 and are counted in table 二.
    pub fn has_validity(self) -> bool {
        self != DocumentKind::Other
    }
}

named_enum! {
    /// 体裁分类: the 公文 kinds of the 党政机关公文处理工作条例 第八条 and the
    /// usual non-公文 genres.
    pub enum Genre: "体裁" {
        Resolution = "resolution", "决议";
        Decision = "decision", "决定";
        Order = "order", "命令（令）";
        Communique = "communique", "公报";
        Announcement = "announcement", "公告";
        PublicNotice = "public_notice", "通告";
        Opinion = "opinion", "意见";
        Notice = "notice", "通知";
        Circular = "circular", "通报";
        Report = "report", "报告";
        Request = "request", "请示";
        Reply = "reply", "批复";
        Motion = "motion", "议案";
        Letter = "letter", "函";
        Minutes = "minutes", "纪要";
        Plan = "plan", "规划";
        Programme = "programme", "方案";
        Measures = "measures", "办法";
        Provisions = "provisions", "规定";
        Publicity = "publicity", "公示";
        OtherGenre = "other", "其他";
    }
}

named_enum! {
    /// How a 规章/规范性文件 stopped being in force.
    pub enum ValidityEnd: "有效性" {
        /// Expired at the end of its 有效期.
        Lapsed = "lapsed", "失效";
        Repealed = "repealed", "废止";
        /// Replaced by a revised version (the revision is a new document).
        Amended = "amended", "已修订";
    }
}

/// 有效性 of a 规章/规范性文件.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Validity {
    InForce,
    /// Ended: the first day it is no longer in force.
    Ended {
        how: ValidityEnd,
        on: Date,
    },
}

impl Validity {
    pub fn label(self) -> &'static str {
        match self {
            Validity::InForce => "有效",
            Validity::Ended { how, .. } => how.label(),
        }
    }

    /// In force on `day` (an ended document is no longer in force from its end date).
    pub fn in_force_on(self, day: Date) -> bool {
        match self {
            Validity::InForce => true,
            Validity::Ended { on, .. } => day < on,
        }
    }

    pub fn ended_on(self) -> Option<Date> {
        match self {
            Validity::InForce => None,
            Validity::Ended { on, .. } => Some(on),
        }
    }
}

/// The deployment's fixed 主题分类 list (e.g. 国务院组织机构 / 综合政务 /
/// 国民经济管理、国有资产监管 …).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubjectList(Vec<String>);

impl SubjectList {
    /// Checked at configuration time (field `subjects`): non-empty, unique,
    /// each 1–50 characters.
    pub fn new(subjects: Vec<String>) -> Result<Self, ValidationError> {
        let mut out: Vec<String> = Vec::with_capacity(subjects.len());
        for s in subjects {
            let s = check_required_text("subjects", &s, 50)?;
            if out.contains(&s) {
                return Err(ValidationError::new("subjects", format!("主题分类“{s}”重复")));
            }
            out.push(s);
        }
        if out.is_empty() {
            return Err(ValidationError::new("subjects", "主题分类表不能为空"));
        }
        Ok(Self(out))
    }

    pub fn subjects(&self) -> &[String] {
        &self.0
    }
}

/// What a caller supplies for a new item or a correction.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DocumentDraft {
    pub title: String,
    /// 文号, empty when the document has none.
    pub doc_number: String,
    /// 发布机构: the full name, never an abbreviation.
    pub publisher: String,
    /// 成文日期.
    pub formed_on: Option<Date>,
    /// 目录分类 (machine name of the agency's catalog entry).
    pub catalog: String,
    /// 主题分类.
    pub subject: String,
    /// 体裁 (machine name), empty for none.
    pub genre: String,
    /// `regulation`, `normative_document` or `other`.
    pub kind: String,
    /// 有效性 end for 规章/规范性文件 entered as already ended (`lapsed`,
    /// `repealed`, `amended`), empty when in force.
    pub validity_end: String,
    pub validity_end_on: Option<Date>,
    /// 内容概述.
    pub summary: String,
    /// 主题词, separated by spaces, commas or 、.
    pub keywords: String,
    pub disclosure: String,
    pub exemption: String,
}

/// Checked metadata.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentMeta {
    pub title: String,
    pub doc_number: Option<DocNumber>,
    pub publisher: String,
    pub formed_on: Date,
    pub catalog: CatalogEntry,
    pub subject: String,
    pub genre: Option<Genre>,
    pub kind: DocumentKind,
    /// `Some` exactly for 规章 and 规范性文件.
    pub validity: Option<Validity>,
    pub summary: Option<String>,
    pub keywords: Vec<String>,
    pub disclosure: Disclosure,
}

/// At most this many 主题词.
pub const MAX_KEYWORDS: usize = 10;

fn name_error(field: &'static str, e: xxgk_domain::NameError) -> ValidationError {
    ValidationError::new(field, e.to_string())
}

impl DocumentDraft {
    /// Checks every field against the agency's catalog and the deployment's
    /// subject list; `today` bounds the 成文日期. The first problem found is
    /// returned, naming its field.
    pub fn validate(
        &self,
        catalog: &Catalog,
        subjects: &SubjectList,
        today: Date,
    ) -> Result<DocumentMeta, ValidationError> {
        let title = check_required_text("title", &self.title, 200)?;
        let publisher = check_required_text("publisher", &self.publisher, 100)?;
        let formed_on = self.formed_on.ok_or_else(|| ValidationError::new("formed_on", "成文日期不能为空"))?;
        if formed_on > today {
            return Err(ValidationError::new("formed_on", format!("成文日期 {formed_on} 晚于今天")));
        }
        let doc_number = match self.doc_number.trim() {
            "" => None,
            text => Some(text.parse::<DocNumber>()?),
        };
        if let Some(year) = doc_number.as_ref().and_then(|n| n.year)
            && year > formed_on.year()
        {
            return Err(ValidationError::new(
                "doc_number",
                format!("文号年份 {year} 晚于成文日期的年份 {}", formed_on.year()),
            ));
        }
        let catalog = catalog.resolve(self.catalog.trim())?;
        let subject = self.subject.trim();
        if !subjects.subjects().iter().any(|s| s == subject) {
            return Err(ValidationError::new("subject", format!("主题分类“{subject}”不在本系统的主题分类表中")));
        }
        let genre = match self.genre.trim() {
            "" => None,
            g => Some(Genre::from_name(g).map_err(|e| name_error("genre", e))?),
        };
        let kind = DocumentKind::from_name(self.kind.trim()).map_err(|e| name_error("kind", e))?;
        let validity = self.validity(kind, formed_on)?;
        let summary = check_optional_text("summary", &self.summary, 500)?;
        if !summary.is_empty() && summary == title {
            return Err(ValidationError::new("summary", "内容概述不应重复标题"));
        }
        let keywords = parse_keywords(&self.keywords)?;
        let exemption = Some(self.exemption.as_str()).filter(|e| !e.trim().is_empty());
        let disclosure = Disclosure::from_names(self.disclosure.trim(), exemption)?;
        Ok(DocumentMeta {
            title,
            doc_number,
            publisher,
            formed_on,
            catalog,
            subject: subject.to_string(),
            genre,
            kind,
            validity,
            summary: Some(summary).filter(|s| !s.is_empty()),
            keywords,
            disclosure,
        })
    }

    fn validity(&self, kind: DocumentKind, formed_on: Date) -> Result<Option<Validity>, ValidationError> {
        let field = "validity";
        let end = self.validity_end.trim();
        if !kind.has_validity() {
            if !end.is_empty() || self.validity_end_on.is_some() {
                return Err(ValidationError::new(field, "只有规章和行政规范性文件才有有效性"));
            }
            return Ok(None);
        }
        if end.is_empty() {
            if self.validity_end_on.is_some() {
                return Err(ValidationError::new(field, "有效的文件不应有失效日期"));
            }
            return Ok(Some(Validity::InForce));
        }
        let how = ValidityEnd::from_name(end).map_err(|e| name_error(field, e))?;
        let on = self
            .validity_end_on
            .ok_or_else(|| ValidationError::new("validity_end_on", format!("{}须写明日期", how.label())))?;
        if on < formed_on {
            return Err(ValidationError::new(
                "validity_end_on",
                format!("{}日期 {on} 早于成文日期 {formed_on}", how.label()),
            ));
        }
        Ok(Some(Validity::Ended { how, on }))
    }
}

fn parse_keywords(text: &str) -> Result<Vec<String>, ValidationError> {
    let mut out: Vec<String> = Vec::new();
    for word in text.split(|c: char| c.is_whitespace() || matches!(c, ',' | '，' | '、' | ';' | '；')) {
        if word.is_empty() || out.iter().any(|w| w == word) {
            continue;
        }
        if word.chars().count() > 20 {
            return Err(ValidationError::new("keywords", format!("主题词“{word}”过长（至多 20 个字）")));
        }
        out.push(check_optional_text("keywords", word, 20)?);
    }
    if out.len() > MAX_KEYWORDS {
        return Err(ValidationError::new("keywords", format!("主题词至多 {MAX_KEYWORDS} 个")));
    }
    Ok(out)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use time::macros::date;
    use xxgk_domain::AgencyKind;

    pub(crate) fn draft() -> DocumentDraft {
        DocumentDraft {
            title: "某县人民政府关于印发某县城乡居民最低生活保障实施办法的通知".into(),
            doc_number: "某政发〔2025〕12号".into(),
            publisher: "某县人民政府".into(),
            formed_on: Some(date!(2025 - 03 - 10)),
            catalog: "social_assistance".into(),
            subject: "民政、扶贫、救灾".into(),
            genre: "notice".into(),
            kind: "normative_document".into(),
            summary: "规定最低生活保障的对象、标准和程序。".into(),
            keywords: "低保 社会救助、民政".into(),
            disclosure: "proactive".into(),
            ..DocumentDraft::default()
        }
    }

    pub(crate) fn context() -> (Catalog, SubjectList) {
        (
            Catalog::new(AgencyKind::Government, vec![]).unwrap(),
            SubjectList::new(vec!["民政、扶贫、救灾".into(), "综合政务".into()]).unwrap(),
        )
    }

    fn check(d: &DocumentDraft) -> Result<DocumentMeta, ValidationError> {
        let (c, s) = context();
        d.validate(&c, &s, date!(2025 - 06 - 01))
    }

    #[test]
    fn a_complete_draft_passes() {
        let m = check(&draft()).unwrap();
        assert_eq!(m.validity, Some(Validity::InForce));
        assert_eq!(m.keywords, ["低保", "社会救助", "民政"]);
        assert_eq!(m.doc_number.unwrap().serial, 12);
        assert_eq!(m.genre, Some(Genre::Notice));
        assert_eq!(m.catalog.label(), "社会救助");
    }

    type Breaker = Box<dyn Fn(&mut DocumentDraft)>;

    #[test]
    fn each_broken_field_is_named() {
        let cases: Vec<(&str, Breaker)> = vec![
            ("title", Box::new(|d| d.title = " ".into())),
            ("publisher", Box::new(|d| d.publisher.clear())),
            ("formed_on", Box::new(|d| d.formed_on = None)),
            ("formed_on", Box::new(|d| d.formed_on = Some(date!(2025 - 07 - 01)))),
            ("doc_number", Box::new(|d| d.doc_number = "某政发[2025]12号".into())),
            ("doc_number", Box::new(|d| d.doc_number = "某政发〔2026〕1号".into())),
            ("catalog", Box::new(|d| d.catalog = "homestead_review".into())),
            ("subject", Box::new(|d| d.subject = "体育".into())),
            ("genre", Box::new(|d| d.genre = "poem".into())),
            ("kind", Box::new(|d| d.kind = "law".into())),
            ("validity", Box::new(|d| d.validity_end = "gone".into())),
            ("validity_end_on", Box::new(|d| d.validity_end = "repealed".into())),
            ("validity", Box::new(|d| d.validity_end_on = Some(date!(2025 - 04 - 01)))),
            (
                "validity_end_on",
                Box::new(|d| {
                    d.validity_end = "repealed".into();
                    d.validity_end_on = Some(date!(2025 - 01 - 01));
                }),
            ),
            (
                "validity",
                Box::new(|d| {
                    d.kind = "other".into();
                    d.validity_end = "lapsed".into();
                }),
            ),
            ("summary", Box::new(|d| d.summary = d.title.clone())),
            ("keywords", Box::new(|d| d.keywords = "一二三四五六七八九十一二三四五六七八九十一".into())),
            ("keywords", Box::new(|d| d.keywords = "a b c d e f g h i j k".into())),
            ("disclosure", Box::new(|d| d.disclosure = "secret".into())),
            ("exemption", Box::new(|d| d.disclosure = "withheld".into())),
        ];
        for (field, break_it) in cases {
            let mut d = draft();
            break_it(&mut d);
            assert_eq!(check(&d).map_err(|e| e.field), Err(field), "{d:?}");
        }
    }

    #[test]
    fn ended_documents_and_other_kinds() {
        let mut d = draft();
        d.validity_end = "repealed".into();
        d.validity_end_on = Some(date!(2025 - 05 - 01));
        let v = check(&d).unwrap().validity.unwrap();
        assert_eq!(v.label(), "废止");
        assert!(v.in_force_on(date!(2025 - 04 - 30)) && !v.in_force_on(date!(2025 - 05 - 01)));
        let mut d = draft();
        d.kind = "other".into();
        d.doc_number.clear();
        let m = check(&d).unwrap();
        assert_eq!((m.validity, m.doc_number), (None, None));
        assert!(SubjectList::new(vec![]).is_err());
        assert_eq!(SubjectList::new(vec!["a".into(), "a".into()]).unwrap_err().field, "subjects");
    }
}
