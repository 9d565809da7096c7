//! Why an import fails. Every message is one Chinese sentence that names the
//! place (line, table cell, row label) so that a person can look it up.

use crate::Source;

/// A document the importer cannot read with confidence.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    #[error("文件过大（{size} 字节），超过上限 {limit} 字节")]
    TooLarge { size: usize, limit: usize },
    #[error("文件的文本过长（{size} 字节），超过上限 {limit} 字节")]
    TextTooLarge { size: usize, limit: usize },
    #[error("文件为空")]
    Empty,
    #[error("无法读取{kind}文件：{reason}")]
    Unreadable { kind: &'static str, reason: String },
    #[error("不支持的文件格式：{0}")]
    Unsupported(String),
    #[error("未找到表三（三、收到和处理政府信息公开申请情况）：{0}")]
    Table3NotFound(String),
    #[error("未找到{table}：{reason}")]
    TableNotFound { table: &'static str, reason: String },
    #[error("{table}缺少以下行：{rows}")]
    MissingRows { table: &'static str, rows: String },
    #[error("{place}：{table}「{label}」应有 {expected} 个数，实际找到 {found} 个，无法确定各数对应的单元格")]
    WrongCount { place: Source, table: &'static str, label: String, expected: usize, found: usize },
    #[error("{place}：「{text}」看起来是几个数字连在一起，无法拆分")]
    RunTogether { place: Source, text: String },
    #[error("{place}：{table}「{label}」的数字「{text}」连在一起或被空格隔断，{why}，无法确定各单元格的数")]
    Unsplittable { place: Source, table: &'static str, label: String, text: String, why: String },
    #[error("{place}：{table}的行标签「{text}」与模板不完全一致，{why}，无法确定其所在行")]
    DamagedLabel { place: Source, table: &'static str, text: String, why: String },
    #[error("{place}：{table}中的数值前没有可识别的行标签（前面的文字为「{context}」），无法确定其所在行")]
    Unplaced { place: Source, table: &'static str, context: String },
    #[error("{place}：{table}「{label}」出现两次且数值不同")]
    Duplicate { place: Source, table: &'static str, label: String },
    #[error("{place}：{table}「{label}」的单元格「{text}」不是有效数值（{reason}）")]
    BadValue { place: Source, table: &'static str, label: String, text: String, reason: &'static str },
    #[error("{place}：表三「（六）其他处理」只有一行且不为 0，而报告使用 2021 年模板（三个子项），无法拆分")]
    CollapsedOther { place: Source },
    #[error("模板不一致：{0}")]
    TemplateConflict(String),
    #[error("无法确定报告年度：标题和正文中都没有年份")]
    NoYear,
}
