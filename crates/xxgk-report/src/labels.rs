//! Every label of both national templates, written once.
//!
//! Each row, column and section of the template appears here exactly once, with
//! its JSON key, the label as printed in the template (character for character:
//! full-width brackets, Chinese quotes) and the variants seen in real reports
//! (`annual-report-format.md` §5). Renderers print `label`, checks name rows by
//! it, and importers match document text against `label` and `variants` after
//! [`normalize_label`].

use crate::template::Template;

// ---------------------------------------------------------------------------
// Title and sections
// ---------------------------------------------------------------------------

/// Follows `{agency}{year}` in a report's title:
/// `平潭综合实验区2025年政府信息公开工作年度报告`.
pub const TITLE_AFTER_YEAR: &str = "年政府信息公开工作年度报告";

/// Printed under a prose section (一, 五, 六) that has no text yet.
pub const NOT_FILLED: &str = "（未填写）";

/// The six sections of the report, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Section {
    Overview,
    ActiveDisclosure,
    Requests,
    ReviewLitigation,
    Problems,
    OtherMatters,
}

/// One section heading with its wording variants.
#[derive(Debug)]
pub struct SectionSpec {
    pub section: Section,
    /// Chinese ordinal, e.g. `二`.
    pub numeral: &'static str,
    /// The heading as printed in the template, e.g. `二、主动公开政府信息情况`.
    pub heading: &'static str,
    /// The heading without its ordinal, used in messages.
    pub title: &'static str,
    /// Wording variants seen in real reports (without ordinal).
    pub variants: &'static [&'static str],
}

pub const SECTIONS: [SectionSpec; 6] = [
    SectionSpec {
        section: Section::Overview,
        numeral: "一",
        heading: "一、总体情况",
        title: "总体情况",
        variants: &[],
    },
    SectionSpec {
        section: Section::ActiveDisclosure,
        numeral: "二",
        heading: "二、主动公开政府信息情况",
        title: "主动公开政府信息情况",
        variants: &["主动公开政府信息的情况", "行政机关主动公开政府信息情况"],
    },
    SectionSpec {
        section: Section::Requests,
        numeral: "三",
        heading: "三、收到和处理政府信息公开申请情况",
        title: "收到和处理政府信息公开申请情况",
        variants: &[],
    },
    SectionSpec {
        section: Section::ReviewLitigation,
        numeral: "四",
        heading: "四、政府信息公开行政复议、行政诉讼情况",
        title: "政府信息公开行政复议、行政诉讼情况",
        variants: &["政府信息公开行政复议和行政诉讼情况", "因政府信息公开工作被申请行政复议和提起行政诉讼情况"],
    },
    SectionSpec {
        section: Section::Problems,
        numeral: "五",
        heading: "五、存在的主要问题及改进情况",
        title: "存在的主要问题及改进情况",
        variants: &["政府信息公开工作存在的主要问题及改进情况", "存在问题及改进情况"],
    },
    SectionSpec {
        section: Section::OtherMatters,
        numeral: "六",
        heading: "六、其他需要报告的事项",
        title: "其他需要报告的事项",
        variants: &[],
    },
];

impl Section {
    pub const ALL: [Section; 6] = [
        Section::Overview,
        Section::ActiveDisclosure,
        Section::Requests,
        Section::ReviewLitigation,
        Section::Problems,
        Section::OtherMatters,
    ];

    pub fn spec(self) -> &'static SectionSpec {
        &SECTIONS[self as usize]
    }
}

// ---------------------------------------------------------------------------
// Table 二
// ---------------------------------------------------------------------------

/// A row of table 二 (both templates).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum T2Row {
    Regulations,
    NormativeDocuments,
    Licensing,
    OtherServices,
    Punishment,
    Compulsion,
    Fees,
    Procurement,
}

/// A field (column) of table 二 (both templates).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum T2Field {
    Issued,
    Repealed,
    InForce,
    Decisions,
    Amount10kYuan,
    Made,
    Published,
    TotalPublished,
    LastYearItems,
    Change,
    Projects,
}

/// What kind of number a table-二 field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    /// A non-negative integer count.
    Count,
    /// An integer that may be negative (2019 本年增/减).
    Signed,
    /// An exact decimal amount of 万元.
    Money,
}

impl T2Row {
    pub fn key(self) -> &'static str {
        match self {
            T2Row::Regulations => "regulations",
            T2Row::NormativeDocuments => "normative_documents",
            T2Row::Licensing => "licensing",
            T2Row::OtherServices => "other_services",
            T2Row::Punishment => "punishment",
            T2Row::Compulsion => "compulsion",
            T2Row::Fees => "fees",
            T2Row::Procurement => "procurement",
        }
    }
}

impl T2Field {
    pub fn key(self) -> &'static str {
        match self {
            T2Field::Issued => "issued",
            T2Field::Repealed => "repealed",
            T2Field::InForce => "in_force",
            T2Field::Decisions => "decisions",
            T2Field::Amount10kYuan => "amount_10k_yuan",
            T2Field::Made => "made",
            T2Field::Published => "published",
            T2Field::TotalPublished => "total_published",
            T2Field::LastYearItems => "last_year_items",
            T2Field::Change => "change",
            T2Field::Projects => "projects",
        }
    }

    pub fn kind(self) -> ValueKind {
        match self {
            T2Field::Amount10kYuan => ValueKind::Money,
            T2Field::Change => ValueKind::Signed,
            _ => ValueKind::Count,
        }
    }
}

/// A labelled row or column of table 二 inside one block.
#[derive(Debug)]
pub struct Labelled<T: 'static> {
    pub id: T,
    pub label: &'static str,
    pub variants: &'static [&'static str],
}

/// One block of table 二: a caption naming the 条例 item, a header row
/// (`信息内容` + field labels) and data rows.
#[derive(Debug)]
pub struct T2Block {
    /// e.g. `第二十条第（一）项`.
    pub item: &'static str,
    pub fields: &'static [Labelled<T2Field>],
    pub rows: &'static [Labelled<T2Row>],
}

/// The header of the first column of every table-二 block.
pub const T2_CONTENT_HEADER: &str = "信息内容";

const fn l<T>(id: T, label: &'static str, variants: &'static [&'static str]) -> Labelled<T> {
    Labelled { id, label, variants }
}

const DECISIONS_2021: Labelled<T2Field> = l(T2Field::Decisions, "本年处理决定数量", &[]);
const DECISIONS_2019: Labelled<T2Field> = l(T2Field::Decisions, "处理决定数量", &[]);
const LAST_YEAR_ITEMS: Labelled<T2Field> = l(T2Field::LastYearItems, "上一年项目数量", &[]);
const CHANGE: Labelled<T2Field> = l(T2Field::Change, "本年增/减", &["本年增减"]);

pub const TABLE2_2021: [T2Block; 4] = [
    T2Block {
        item: "第二十条第（一）项",
        fields: &[
            l(T2Field::Issued, "本年制发件数", &[]),
            l(T2Field::Repealed, "本年废止件数", &[]),
            l(T2Field::InForce, "现行有效件数", &[]),
        ],
        rows: &[l(T2Row::Regulations, "规章", &[]), l(T2Row::NormativeDocuments, "行政规范性文件", &["规范性文件"])],
    },
    T2Block {
        item: "第二十条第（五）项", fields: &[DECISIONS_2021], rows: &[l(T2Row::Licensing, "行政许可", &[])]
    },
    T2Block {
        item: "第二十条第（六）项",
        fields: &[DECISIONS_2021],
        rows: &[l(T2Row::Punishment, "行政处罚", &[]), l(T2Row::Compulsion, "行政强制", &[])],
    },
    T2Block {
        item: "第二十条第（八）项",
        fields: &[l(
            T2Field::Amount10kYuan,
            "本年收费金额（单位：万元）",
            &["本年收费金额（单位：万元，保留4位小数）", "本年收费金额"],
        )],
        rows: &[l(T2Row::Fees, "行政事业性收费", &[])],
    },
];

pub const TABLE2_2019: [T2Block; 5] = [
    T2Block {
        item: "第二十条第（一）项",
        fields: &[
            l(T2Field::Made, "本年新制作数量", &[]),
            l(T2Field::Published, "本年新公开数量", &[]),
            l(T2Field::TotalPublished, "对外公开总数量", &[]),
        ],
        rows: &[l(T2Row::Regulations, "规章", &[]), l(T2Row::NormativeDocuments, "规范性文件", &["行政规范性文件"])],
    },
    T2Block {
        item: "第二十条第（五）项",
        fields: &[LAST_YEAR_ITEMS, CHANGE, DECISIONS_2019],
        rows: &[l(T2Row::Licensing, "行政许可", &[]), l(T2Row::OtherServices, "其他对外管理服务事项", &[])],
    },
    T2Block {
        item: "第二十条第（六）项",
        fields: &[LAST_YEAR_ITEMS, CHANGE, DECISIONS_2019],
        rows: &[l(T2Row::Punishment, "行政处罚", &[]), l(T2Row::Compulsion, "行政强制", &[])],
    },
    T2Block {
        item: "第二十条第（八）项",
        fields: &[LAST_YEAR_ITEMS, CHANGE],
        rows: &[l(T2Row::Fees, "行政事业性收费", &[])],
    },
    T2Block {
        item: "第二十条第（九）项",
        fields: &[
            l(T2Field::Projects, "采购项目数量", &["采购项目数"]),
            l(
                T2Field::Amount10kYuan,
                "采购总金额",
                &["采购总金额（单位：万元，保留4位小数）", "采购总金额（单位：万元）"],
            ),
        ],
        rows: &[l(T2Row::Procurement, "政府集中采购", &[])],
    },
];

/// The blocks of table 二 of a template, in printed order.
pub fn table2_blocks(template: Template) -> &'static [T2Block] {
    match template {
        Template::V2019 => &TABLE2_2019,
        Template::V2021 => &TABLE2_2021,
    }
}

/// Every `(row, field)` cell of table 二 of a template, in reading order.
pub fn table2_cells(template: Template) -> impl Iterator<Item = (T2Row, T2Field)> {
    table2_blocks(template)
        .iter()
        .flat_map(|b| b.rows.iter().flat_map(move |r| b.fields.iter().map(move |f| (r.id, f.id))))
}

/// The block, row label and field label of a table-二 cell, for messages.
pub fn table2_cell_labels(template: Template, row: T2Row, field: T2Field) -> Option<(&'static str, &'static str)> {
    table2_blocks(template).iter().find_map(|b| {
        let r = b.rows.iter().find(|r| r.id == row)?;
        let f = b.fields.iter().find(|f| f.id == field)?;
        Some((r.label, f.label))
    })
}

/// The rows of table 二 of a template.
pub fn table2_rows(template: Template) -> impl Iterator<Item = &'static Labelled<T2Row>> {
    table2_blocks(template).iter().flat_map(|b| b.rows.iter())
}

// ---------------------------------------------------------------------------
// Table 三
// ---------------------------------------------------------------------------

/// A data row of table 三. `Other` exists only in the 2019 template,
/// `OtherNoCorrection`, `OtherNoFee` and `OtherMisc` only in the 2021 one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum T3Row {
    NewReceived,
    CarriedOver,
    Granted,
    PartiallyGranted,
    DeniedStateSecret,
    DeniedLawForbidden,
    DeniedThreeSafeties,
    DeniedThirdParty,
    DeniedInternalAffairs,
    DeniedProcessInfo,
    DeniedEnforcementFiles,
    DeniedAdminQuery,
    UnableNotHeld,
    UnableNeedsCreation,
    UnableUnclear,
    RejectedPetition,
    RejectedDuplicate,
    RejectedPublication,
    RejectedExcessive,
    RejectedConfirmation,
    Other,
    OtherNoCorrection,
    OtherNoFee,
    OtherMisc,
    TotalProcessed,
    CarriedForward,
}

/// Number of distinct table-三 rows over both templates.
pub const T3_ROW_COUNT: usize = 26;

/// The first-level item of table 三 under which outcome rows are grouped.
pub const T3_RESULTS_GROUP: &str = "三、本年度办理结果";

/// Which templates a row belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InTemplates {
    Both,
    Only(Template),
}

impl InTemplates {
    pub fn contains(self, template: Template) -> bool {
        match self {
            InTemplates::Both => true,
            InTemplates::Only(t) => t == template,
        }
    }
}

/// One data row of table 三 with its labels.
#[derive(Debug)]
pub struct T3RowSpec {
    pub row: T3Row,
    pub key: &'static str,
    /// `true` for rows printed under 三、本年度办理结果 (outcomes and （七）总计).
    pub in_results: bool,
    /// `true` for rows that add up to （七）总计 (H-3).
    pub outcome: bool,
    /// The spanning group cell, e.g. `（三）不予公开`, for rows with sub-items.
    pub group: Option<&'static str>,
    /// The row's own label cell as printed.
    pub label: &'static str,
    /// A short name for messages, e.g. `不予公开·属于国家秘密`.
    pub short: &'static str,
    pub variants: &'static [&'static str],
    pub templates: InTemplates,
}

const fn r3(
    row: T3Row,
    key: &'static str,
    group: Option<&'static str>,
    label: &'static str,
    short: &'static str,
    variants: &'static [&'static str],
    templates: InTemplates,
) -> T3RowSpec {
    let in_results = !matches!(row, T3Row::NewReceived | T3Row::CarriedOver | T3Row::CarriedForward);
    let outcome = in_results && !matches!(row, T3Row::TotalProcessed);
    T3RowSpec { row, key, in_results, outcome, group, label, short, variants, templates }
}

const G_DENIED: Option<&str> = Some("（三）不予公开");
const G_UNABLE: Option<&str> = Some("（四）无法提供");
const G_REJECTED: Option<&str> = Some("（五）不予处理");
const G_OTHER: Option<&str> = Some("（六）其他处理");
const BOTH: InTemplates = InTemplates::Both;
const ONLY_2019: InTemplates = InTemplates::Only(Template::V2019);
const ONLY_2021: InTemplates = InTemplates::Only(Template::V2021);

/// All table-三 rows of both templates, indexed by `T3Row as usize`.
pub const TABLE3_ROWS: [T3RowSpec; T3_ROW_COUNT] = [
    r3(T3Row::NewReceived, "new_received", None, "一、本年新收政府信息公开申请数量", "本年新收", &[], BOTH),
    r3(T3Row::CarriedOver, "carried_over", None, "二、上年结转政府信息公开申请数量", "上年结转", &[], BOTH),
    r3(T3Row::Granted, "granted", None, "（一）予以公开", "予以公开", &[], BOTH),
    r3(
        T3Row::PartiallyGranted,
        "partially_granted",
        None,
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        "部分公开",
        &["（二）部分公开"],
        BOTH,
    ),
    r3(T3Row::DeniedStateSecret, "denied_state_secret", G_DENIED, "1.属于国家秘密", "不予公开·属于国家秘密", &[], BOTH),
    r3(
        T3Row::DeniedLawForbidden,
        "denied_law_forbidden",
        G_DENIED,
        "2.其他法律行政法规禁止公开",
        "不予公开·其他法律行政法规禁止公开",
        &["2.其他法律法规禁止公开"],
        BOTH,
    ),
    r3(
        T3Row::DeniedThreeSafeties,
        "denied_three_safeties",
        G_DENIED,
        "3.危及“三安全一稳定”",
        "不予公开·危及“三安全一稳定”",
        &[],
        BOTH,
    ),
    r3(
        T3Row::DeniedThirdParty,
        "denied_third_party",
        G_DENIED,
        "4.保护第三方合法权益",
        "不予公开·保护第三方合法权益",
        &[],
        BOTH,
    ),
    r3(
        T3Row::DeniedInternalAffairs,
        "denied_internal_affairs",
        G_DENIED,
        "5.属于三类内部事务信息",
        "不予公开·属于三类内部事务信息",
        &[],
        BOTH,
    ),
    r3(
        T3Row::DeniedProcessInfo,
        "denied_process_info",
        G_DENIED,
        "6.属于四类过程性信息",
        "不予公开·属于四类过程性信息",
        &[],
        BOTH,
    ),
    r3(
        T3Row::DeniedEnforcementFiles,
        "denied_enforcement_files",
        G_DENIED,
        "7.属于行政执法案卷",
        "不予公开·属于行政执法案卷",
        &[],
        BOTH,
    ),
    r3(
        T3Row::DeniedAdminQuery,
        "denied_admin_query",
        G_DENIED,
        "8.属于行政查询事项",
        "不予公开·属于行政查询事项",
        &[],
        BOTH,
    ),
    r3(
        T3Row::UnableNotHeld,
        "unable_not_held",
        G_UNABLE,
        "1.本机关不掌握相关政府信息",
        "无法提供·本机关不掌握相关政府信息",
        &[],
        BOTH,
    ),
    r3(
        T3Row::UnableNeedsCreation,
        "unable_needs_creation",
        G_UNABLE,
        "2.没有现成信息需要另行制作",
        "无法提供·没有现成信息需要另行制作",
        &[],
        BOTH,
    ),
    r3(
        T3Row::UnableUnclear,
        "unable_unclear",
        G_UNABLE,
        "3.补正后申请内容仍不明确",
        "无法提供·补正后申请内容仍不明确",
        &[],
        BOTH,
    ),
    r3(
        T3Row::RejectedPetition,
        "rejected_petition",
        G_REJECTED,
        "1.信访举报投诉类申请",
        "不予处理·信访举报投诉类申请",
        &[],
        BOTH,
    ),
    r3(T3Row::RejectedDuplicate, "rejected_duplicate", G_REJECTED, "2.重复申请", "不予处理·重复申请", &[], BOTH),
    r3(
        T3Row::RejectedPublication,
        "rejected_publication",
        G_REJECTED,
        "3.要求提供公开出版物",
        "不予处理·要求提供公开出版物",
        &[],
        BOTH,
    ),
    r3(
        T3Row::RejectedExcessive,
        "rejected_excessive",
        G_REJECTED,
        "4.无正当理由大量反复申请",
        "不予处理·无正当理由大量反复申请",
        &[],
        BOTH,
    ),
    r3(
        T3Row::RejectedConfirmation,
        "rejected_confirmation",
        G_REJECTED,
        "5.要求行政机关确认或重新出具已获取信息",
        "不予处理·要求行政机关确认或重新出具已获取信息",
        &[],
        BOTH,
    ),
    r3(T3Row::Other, "other", None, "（六）其他处理", "其他处理", &[], ONLY_2019),
    r3(
        T3Row::OtherNoCorrection,
        "other_no_correction",
        G_OTHER,
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "其他处理·逾期不补正",
        &[],
        ONLY_2021,
    ),
    r3(
        T3Row::OtherNoFee,
        "other_no_fee",
        G_OTHER,
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "其他处理·逾期未缴纳费用",
        &[],
        ONLY_2021,
    ),
    r3(T3Row::OtherMisc, "other_misc", G_OTHER, "3.其他", "其他处理·其他", &[], ONLY_2021),
    r3(T3Row::TotalProcessed, "total_processed", None, "（七）总计", "办理结果总计", &[], BOTH),
    r3(
        T3Row::CarriedForward,
        "carried_forward",
        None,
        "四、结转下年度继续办理",
        "结转下年度继续办理",
        &["四、结转下一年度继续办理"],
        BOTH,
    ),
];

const ROWS_2021: [T3Row; 25] = [
    T3Row::NewReceived,
    T3Row::CarriedOver,
    T3Row::Granted,
    T3Row::PartiallyGranted,
    T3Row::DeniedStateSecret,
    T3Row::DeniedLawForbidden,
    T3Row::DeniedThreeSafeties,
    T3Row::DeniedThirdParty,
    T3Row::DeniedInternalAffairs,
    T3Row::DeniedProcessInfo,
    T3Row::DeniedEnforcementFiles,
    T3Row::DeniedAdminQuery,
    T3Row::UnableNotHeld,
    T3Row::UnableNeedsCreation,
    T3Row::UnableUnclear,
    T3Row::RejectedPetition,
    T3Row::RejectedDuplicate,
    T3Row::RejectedPublication,
    T3Row::RejectedExcessive,
    T3Row::RejectedConfirmation,
    T3Row::OtherNoCorrection,
    T3Row::OtherNoFee,
    T3Row::OtherMisc,
    T3Row::TotalProcessed,
    T3Row::CarriedForward,
];

const ROWS_2019: [T3Row; 23] = [
    T3Row::NewReceived,
    T3Row::CarriedOver,
    T3Row::Granted,
    T3Row::PartiallyGranted,
    T3Row::DeniedStateSecret,
    T3Row::DeniedLawForbidden,
    T3Row::DeniedThreeSafeties,
    T3Row::DeniedThirdParty,
    T3Row::DeniedInternalAffairs,
    T3Row::DeniedProcessInfo,
    T3Row::DeniedEnforcementFiles,
    T3Row::DeniedAdminQuery,
    T3Row::UnableNotHeld,
    T3Row::UnableNeedsCreation,
    T3Row::UnableUnclear,
    T3Row::RejectedPetition,
    T3Row::RejectedDuplicate,
    T3Row::RejectedPublication,
    T3Row::RejectedExcessive,
    T3Row::RejectedConfirmation,
    T3Row::Other,
    T3Row::TotalProcessed,
    T3Row::CarriedForward,
];

impl T3Row {
    pub fn spec(self) -> &'static T3RowSpec {
        &TABLE3_ROWS[self as usize]
    }

    pub fn key(self) -> &'static str {
        self.spec().key
    }

    /// The data rows of a template's table 三, top to bottom.
    pub fn of(template: Template) -> &'static [T3Row] {
        match template {
            Template::V2019 => &ROWS_2019,
            Template::V2021 => &ROWS_2021,
        }
    }

    /// Looks a row up by its JSON key (any template).
    pub fn from_key(key: &str) -> Option<T3Row> {
        TABLE3_ROWS.iter().find(|s| s.key == key).map(|s| s.row)
    }

    /// The row's name for messages: its group (if any) and its label,
    /// e.g. `（三）不予公开 1.属于国家秘密`.
    pub fn display(self) -> String {
        let spec = self.spec();
        match spec.group {
            Some(group) => format!("{group} {}", spec.label),
            None => spec.label.to_string(),
        }
    }
}

/// An applicant column of table 三 (JSON index 0…6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum T3Col {
    Natural,
    Commercial,
    Research,
    Social,
    Legal,
    Other,
    Total,
}

/// Header cells of table 三.
pub const T3_CORNER_NOTE: &str = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";
pub const T3_APPLICANTS: &str = "申请人情况";
pub const T3_LEGAL_PERSONS: &str = "法人或其他组织";

/// Column labels of table 三, indexed by `T3Col as usize`.
pub const TABLE3_COLUMNS: [Labelled<T3Col>; 7] = [
    l(T3Col::Natural, "自然人", &[]),
    l(T3Col::Commercial, "商业企业", &[]),
    l(T3Col::Research, "科研机构", &[]),
    l(T3Col::Social, "社会公益组织", &["社会组织"]),
    l(T3Col::Legal, "法律服务机构", &[]),
    l(T3Col::Other, "其他", &[]),
    l(T3Col::Total, "总计", &[]),
];

impl T3Col {
    pub const ALL: [T3Col; 7] =
        [T3Col::Natural, T3Col::Commercial, T3Col::Research, T3Col::Social, T3Col::Legal, T3Col::Other, T3Col::Total];

    pub fn label(self) -> &'static str {
        TABLE3_COLUMNS[self as usize].label
    }

    pub fn from_index(i: usize) -> Option<T3Col> {
        T3Col::ALL.get(i).copied()
    }
}

// ---------------------------------------------------------------------------
// Table 四
// ---------------------------------------------------------------------------

/// The three case groups of table 四.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum T4Group {
    Reconsideration,
    LitigationDirect,
    LitigationAfterReconsideration,
}

pub const T4_RECONSIDERATION: &str = "行政复议";
pub const T4_LITIGATION: &str = "行政诉讼";

/// Outcome columns of each table-四 group, in order.
pub const TABLE4_COLUMNS: [&str; 5] = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"];

impl T4Group {
    pub const ALL: [T4Group; 3] =
        [T4Group::Reconsideration, T4Group::LitigationDirect, T4Group::LitigationAfterReconsideration];

    pub fn key(self) -> &'static str {
        match self {
            T4Group::Reconsideration => "reconsideration",
            T4Group::LitigationDirect => "litigation_direct",
            T4Group::LitigationAfterReconsideration => "litigation_after_reconsideration",
        }
    }

    /// The group's own header cell (under 行政诉讼 for the two litigation groups).
    pub fn label(self) -> &'static str {
        match self {
            T4Group::Reconsideration => T4_RECONSIDERATION,
            T4Group::LitigationDirect => "未经复议直接起诉",
            T4Group::LitigationAfterReconsideration => "复议后起诉",
        }
    }

    /// The name for messages, e.g. `行政诉讼·复议后起诉`.
    pub fn display(self) -> String {
        match self {
            T4Group::Reconsideration => T4_RECONSIDERATION.to_string(),
            other => format!("{T4_LITIGATION}·{}", other.label()),
        }
    }

    pub fn from_key(key: &str) -> Option<T4Group> {
        T4Group::ALL.into_iter().find(|g| g.key() == key)
    }
}

// ---------------------------------------------------------------------------
// Matching
// ---------------------------------------------------------------------------

/// Normalises label text for matching (§5.1): drops white space (also inside
/// words, from wrapped cells), `<br>`, quotes and Word bookmark residue, folds
/// full-width ASCII (brackets, colons, commas, digits) to half width and
/// unifies the item-number separators (`1、`/`1．` → `1.`).
pub fn normalize_label(text: &str) -> String {
    // Fast path: most labels carry neither Word residue nor markup.
    let text = if text.contains('[') { text.replace("[bookmark: _GoBack]", "") } else { text.to_string() };
    let text = remove_br(&text);
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        let ch = match ch {
            // Full-width ASCII block → ASCII.
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(ch as u32 - 0xFEE0).unwrap_or(ch),
            '\u{3000}' => ' ',
            '、' if out.ends_with(|c: char| c.is_ascii_digit()) => '.',
            _ => ch,
        };
        match ch {
            c if c.is_whitespace() => {}
            '"' | '“' | '”' | '\'' | '‘' | '’' | '「' | '」' => {}
            '，' => out.push(','),
            c => out.push(c),
        }
    }
    out
}

fn remove_br(text: &str) -> String {
    if !text.contains('<') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let tail = &rest[start..];
        let lower: String = tail.chars().take(4).collect::<String>().to_ascii_lowercase();
        if lower.starts_with("<br") {
            match tail.find('>') {
                Some(end) => rest = &tail[end + 1..],
                None => {
                    rest = "";
                }
            }
        } else {
            out.push('<');
            rest = &tail[1..];
        }
    }
    out.push_str(rest);
    out
}

/// How a piece of document text matched a template label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelMatch {
    /// The template label itself (after normalisation).
    Exact,
    /// A known variant; W-11 reports it once.
    Variant(&'static str),
}

/// Matches `text` against a label and its variants.
pub fn match_label(text: &str, label: &'static str, variants: &'static [&'static str]) -> Option<LabelMatch> {
    let norm = normalize_label(text);
    if norm == normalize_label(label) {
        return Some(LabelMatch::Exact);
    }
    variants.iter().find(|v| normalize_label(v) == norm).map(|v| LabelMatch::Variant(v))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_spec_sits_at_its_index() {
        for (i, spec) in TABLE3_ROWS.iter().enumerate() {
            assert_eq!(spec.row as usize, i, "{}", spec.key);
        }
    }

    #[test]
    fn templates_have_the_specified_row_counts() {
        assert_eq!(T3Row::of(Template::V2021).len(), 25);
        assert_eq!(T3Row::of(Template::V2019).len(), 23);
        let outcomes = |t| T3Row::of(t).iter().filter(|r| r.spec().outcome).count();
        assert_eq!(outcomes(Template::V2021), 21);
        assert_eq!(outcomes(Template::V2019), 19);
        for t in [Template::V2019, Template::V2021] {
            assert!(T3Row::of(t).iter().all(|r| r.spec().templates.contains(t)));
        }
    }

    #[test]
    fn table2_cell_counts() {
        assert_eq!(table2_cells(Template::V2021).count(), 6 + 1 + 2 + 1);
        assert_eq!(table2_cells(Template::V2019).count(), 6 + 6 + 6 + 2 + 2);
    }

    #[test]
    fn normalisation_handles_the_wild_variants() {
        assert_eq!(normalize_label("商业\n企业"), "商业企业");
        assert_eq!(normalize_label("(三) 不予 公开"), normalize_label("（三）不予公开"));
        assert_eq!(normalize_label("1. 属于国家秘密"), normalize_label("1.属于国家秘密"));
        assert_eq!(normalize_label("本年新<br />制作数量"), "本年新制作数量");
        assert_eq!(normalize_label("3.危及\"三安全一稳定\""), normalize_label("3.危及“三安全一稳定”"));
        assert_eq!(
            normalize_label("一、\t本年新收政府信息公开申请数量"),
            normalize_label("一、本年新收政府信息公开申请数量")
        );
        assert_eq!(normalize_label("[bookmark: _GoBack]规章"), "规章");
    }

    #[test]
    fn variants_are_reported_as_such() {
        let social = &TABLE3_COLUMNS[T3Col::Social as usize];
        assert_eq!(match_label("社会公益组织", social.label, social.variants), Some(LabelMatch::Exact));
        assert_eq!(match_label("社会组织", social.label, social.variants), Some(LabelMatch::Variant("社会组织")));
        assert_eq!(match_label("法律服务机构", social.label, social.variants), None);
    }
}
