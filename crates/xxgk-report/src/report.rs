//! The report model: tables 二, 三 and 四 of both templates as typed data.

use std::ops::{Index, IndexMut};

use rust_decimal::Decimal;

use crate::labels::{T2Field, T2Row, T3_ROW_COUNT, T3Col, T3Row, T4Group};
use crate::path::CellPath;
use crate::template::Template;

/// One 政府信息公开工作年度报告 as data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// The template the report follows; `table2` is always of the same template.
    pub format: Template,
    /// The year the report covers (not the year it was published).
    pub year: i32,
    /// The reporting body as the report names it.
    pub agency: Option<String>,
    pub table2: Table2,
    pub table3: Table3,
    pub table4: Table4,
    /// Cells the source document left blank or filled with a mark (read as 0).
    pub unfilled: Vec<Unfilled>,
    /// Narrative sections 一, 五, 六 (an xxgk extension of the JSON, `narrative`).
    pub narrative: Narrative,
}

impl Report {
    /// An all-zero report of the given template and year.
    pub fn empty(format: Template, year: i32) -> Report {
        Report {
            format,
            year,
            agency: None,
            table2: Table2::empty(format),
            table3: Table3::default(),
            table4: Table4::default(),
            unfilled: Vec::new(),
            narrative: Narrative::default(),
        }
    }

    /// The mark the document printed in a cell, if it left the cell unfilled.
    pub fn unfilled_mark(&self, path: &CellPath) -> Option<&str> {
        self.unfilled.iter().find(|u| &u.path == path).map(|u| u.mark.as_str())
    }

    /// The value of any cell, as a decimal (counts are whole numbers).
    pub fn cell(&self, path: &CellPath) -> Option<Decimal> {
        match *path {
            CellPath::Table2 { row, field } => self.table2.get(row, field).map(|v| v.as_decimal()),
            CellPath::Table3 { row, col } => {
                row.spec().templates.contains(self.format).then(|| Decimal::from(self.table3[row][col as usize]))
            }
            CellPath::Table4 { group, index } => {
                self.table4.0.get(group as usize).and_then(|g| g.get(index)).map(|&v| Decimal::from(v))
            }
        }
    }
}

/// A cell the document left unfilled (`""`, `/`, `—`, `-`, `无`), read as 0.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unfilled {
    pub path: CellPath,
    pub mark: String,
}

/// The free-text sections the platform keeps beside the tables.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Narrative {
    /// 一、总体情况
    pub overview: Option<String>,
    /// 五、存在的主要问题及改进情况
    pub problems: Option<String>,
    /// 六、其他需要报告的事项
    pub other_matters: Option<String>,
}

impl Narrative {
    pub fn is_empty(&self) -> bool {
        self.overview.is_none() && self.problems.is_none() && self.other_matters.is_none()
    }
}

// ---------------------------------------------------------------------------
// Table 二
// ---------------------------------------------------------------------------

/// A value of a table-二 cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Value {
    Count(i64),
    Money(Decimal),
}

impl Value {
    pub fn as_decimal(self) -> Decimal {
        match self {
            Value::Count(n) => Decimal::from(n),
            Value::Money(d) => d,
        }
    }
}

/// Table 二 of either template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Table2 {
    V2019(Table2V2019),
    V2021(Table2V2021),
}

/// 第二十条第（一）项 counts of the 2021 template.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Documents2021 {
    /// 本年制发件数
    pub issued: i64,
    /// 本年废止件数
    pub repealed: i64,
    /// 现行有效件数
    pub in_force: i64,
}

/// A row with one 本年处理决定数量.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Decisions {
    pub decisions: i64,
}

/// Table 二 of the 2021 template.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table2V2021 {
    pub regulations: Documents2021,
    pub normative_documents: Documents2021,
    pub licensing: Decisions,
    pub punishment: Decisions,
    pub compulsion: Decisions,
    /// 本年收费金额（单位：万元）
    pub fees_10k_yuan: Decimal,
}

/// 第二十条第（一）项 counts of the 2019 template.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Documents2019 {
    /// 本年新制作数量
    pub made: i64,
    /// 本年新公开数量
    pub published: i64,
    /// 对外公开总数量
    pub total_published: i64,
}

/// 上一年项目数量 / 本年增/减 / 处理决定数量 (2019).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Items2019 {
    pub last_year_items: i64,
    /// May be negative.
    pub change: i64,
    pub decisions: i64,
}

/// 政府集中采购 (2019).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Procurement {
    pub projects: i64,
    pub amount_10k_yuan: Decimal,
}

/// Table 二 of the 2019 template.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table2V2019 {
    pub regulations: Documents2019,
    pub normative_documents: Documents2019,
    pub licensing: Items2019,
    pub other_services: Items2019,
    pub punishment: Items2019,
    pub compulsion: Items2019,
    /// 行政事业性收费: `decisions` is not part of this row and stays 0.
    pub fees: Items2019,
    pub procurement: Procurement,
}

impl Table2 {
    pub fn empty(template: Template) -> Table2 {
        match template {
            Template::V2019 => Table2::V2019(Table2V2019::default()),
            Template::V2021 => Table2::V2021(Table2V2021::default()),
        }
    }

    pub fn template(&self) -> Template {
        match self {
            Table2::V2019(_) => Template::V2019,
            Table2::V2021(_) => Template::V2021,
        }
    }

    /// The value of a cell, or `None` when the template has no such cell.
    pub fn get(&self, row: T2Row, field: T2Field) -> Option<Value> {
        use T2Field as F;
        use T2Row as R;
        let count = |n: i64| Some(Value::Count(n));
        match self {
            Table2::V2021(t) => {
                let docs = |d: &Documents2021| match field {
                    F::Issued => count(d.issued),
                    F::Repealed => count(d.repealed),
                    F::InForce => count(d.in_force),
                    _ => None,
                };
                let decisions = |d: &Decisions| (field == F::Decisions).then_some(Value::Count(d.decisions));
                match row {
                    R::Regulations => docs(&t.regulations),
                    R::NormativeDocuments => docs(&t.normative_documents),
                    R::Licensing => decisions(&t.licensing),
                    R::Punishment => decisions(&t.punishment),
                    R::Compulsion => decisions(&t.compulsion),
                    R::Fees => (field == F::Amount10kYuan).then_some(Value::Money(t.fees_10k_yuan)),
                    R::OtherServices | R::Procurement => None,
                }
            }
            Table2::V2019(t) => {
                let docs = |d: &Documents2019| match field {
                    F::Made => count(d.made),
                    F::Published => count(d.published),
                    F::TotalPublished => count(d.total_published),
                    _ => None,
                };
                let items = |d: &Items2019| match field {
                    F::LastYearItems => count(d.last_year_items),
                    F::Change => count(d.change),
                    F::Decisions => count(d.decisions),
                    _ => None,
                };
                match row {
                    R::Regulations => docs(&t.regulations),
                    R::NormativeDocuments => docs(&t.normative_documents),
                    R::Licensing => items(&t.licensing),
                    R::OtherServices => items(&t.other_services),
                    R::Punishment => items(&t.punishment),
                    R::Compulsion => items(&t.compulsion),
                    R::Fees if field != F::Decisions => items(&t.fees),
                    R::Fees => None,
                    R::Procurement => match field {
                        F::Projects => count(t.procurement.projects),
                        F::Amount10kYuan => Some(Value::Money(t.procurement.amount_10k_yuan)),
                        _ => None,
                    },
                }
            }
        }
    }

    /// Sets a cell. Fails (returns `false`) when the template has no such cell
    /// or the value is of the wrong kind (a count where money belongs).
    pub fn set(&mut self, row: T2Row, field: T2Field, value: Value) -> bool {
        let Some(slot) = self.slot(row, field) else {
            return false;
        };
        match (slot, value) {
            (Slot::Count(s), Value::Count(n)) => *s = n,
            (Slot::Money(s), Value::Money(d)) => *s = d,
            // A whole number is a valid amount of money.
            (Slot::Money(s), Value::Count(n)) => *s = Decimal::from(n),
            (Slot::Count(_), Value::Money(_)) => return false,
        }
        true
    }

    fn slot(&mut self, row: T2Row, field: T2Field) -> Option<Slot<'_>> {
        use T2Field as F;
        use T2Row as R;
        fn docs_2021(d: &mut Documents2021, field: T2Field) -> Option<Slot<'_>> {
            match field {
                F::Issued => Some(Slot::Count(&mut d.issued)),
                F::Repealed => Some(Slot::Count(&mut d.repealed)),
                F::InForce => Some(Slot::Count(&mut d.in_force)),
                _ => None,
            }
        }
        fn docs_2019(d: &mut Documents2019, field: T2Field) -> Option<Slot<'_>> {
            match field {
                F::Made => Some(Slot::Count(&mut d.made)),
                F::Published => Some(Slot::Count(&mut d.published)),
                F::TotalPublished => Some(Slot::Count(&mut d.total_published)),
                _ => None,
            }
        }
        fn items(d: &mut Items2019, field: T2Field, with_decisions: bool) -> Option<Slot<'_>> {
            match field {
                F::LastYearItems => Some(Slot::Count(&mut d.last_year_items)),
                F::Change => Some(Slot::Count(&mut d.change)),
                F::Decisions if with_decisions => Some(Slot::Count(&mut d.decisions)),
                _ => None,
            }
        }
        match self {
            Table2::V2021(t) => match (row, field) {
                (R::Regulations, _) => docs_2021(&mut t.regulations, field),
                (R::NormativeDocuments, _) => docs_2021(&mut t.normative_documents, field),
                (R::Licensing, F::Decisions) => Some(Slot::Count(&mut t.licensing.decisions)),
                (R::Punishment, F::Decisions) => Some(Slot::Count(&mut t.punishment.decisions)),
                (R::Compulsion, F::Decisions) => Some(Slot::Count(&mut t.compulsion.decisions)),
                (R::Fees, F::Amount10kYuan) => Some(Slot::Money(&mut t.fees_10k_yuan)),
                _ => None,
            },
            Table2::V2019(t) => match row {
                R::Regulations => docs_2019(&mut t.regulations, field),
                R::NormativeDocuments => docs_2019(&mut t.normative_documents, field),
                R::Licensing => items(&mut t.licensing, field, true),
                R::OtherServices => items(&mut t.other_services, field, true),
                R::Punishment => items(&mut t.punishment, field, true),
                R::Compulsion => items(&mut t.compulsion, field, true),
                R::Fees => items(&mut t.fees, field, false),
                R::Procurement => match field {
                    F::Projects => Some(Slot::Count(&mut t.procurement.projects)),
                    F::Amount10kYuan => Some(Slot::Money(&mut t.procurement.amount_10k_yuan)),
                    _ => None,
                },
            },
        }
    }
}

enum Slot<'a> {
    Count(&'a mut i64),
    Money(&'a mut Decimal),
}

// ---------------------------------------------------------------------------
// Table 三 and 四
// ---------------------------------------------------------------------------

/// Seven numbers: 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计.
pub type Row7 = [i64; 7];

/// Table 三. Rows are indexed by [`T3Row`]; rows that are not part of the
/// report's template stay zero and are never read, written or printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table3 {
    rows: [Row7; T3_ROW_COUNT],
}

impl Default for Table3 {
    fn default() -> Self {
        Table3 { rows: [[0; 7]; T3_ROW_COUNT] }
    }
}

impl Index<T3Row> for Table3 {
    type Output = Row7;
    fn index(&self, row: T3Row) -> &Row7 {
        &self.rows[row as usize]
    }
}

impl IndexMut<T3Row> for Table3 {
    fn index_mut(&mut self, row: T3Row) -> &mut Row7 {
        &mut self.rows[row as usize]
    }
}

impl Table3 {
    pub fn get(&self, row: T3Row, col: T3Col) -> i64 {
        self.rows[row as usize][col as usize]
    }

    pub fn set(&mut self, row: T3Row, col: T3Col, value: i64) {
        self.rows[row as usize][col as usize] = value;
    }
}

/// Table 四: 行政复议, 未经复议直接起诉, 复议后起诉 × (结果维持, 结果纠正, 其他结果, 尚未审结, 总计).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Table4(pub [[i64; 5]; 3]);

impl Index<T4Group> for Table4 {
    type Output = [i64; 5];
    fn index(&self, group: T4Group) -> &[i64; 5] {
        &self.0[group as usize]
    }
}

impl IndexMut<T4Group> for Table4 {
    fn index_mut(&mut self, group: T4Group) -> &mut [i64; 5] {
        &mut self.0[group as usize]
    }
}
