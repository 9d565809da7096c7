//! The screen on real office files: a 公示 list as DOCX (cells with their
//! column headers) and the PDF LibreOffice makes of it, whose narrow columns
//! wrap the numbers over lines (skipped without LibreOffice, outside CI).
//! The DOCX packing and LibreOffice helpers are xxgk-import's test helpers.

#[path = "../../xxgk-import/tests/office/mod.rs"]
mod office;
#[path = "../../xxgk-import/tests/layouts/package.rs"]
mod package;

use office::{soffice_or_skip, to_pdf};
use package::docx_package;
use time::macros::date;
use xxgk_screen::{Finding, Policy, screen_bytes};

fn para(text: &str) -> String {
    format!("<w:p><w:r><w:t>{text}</w:t></w:r></w:p>")
}

fn row(cells: &[&str]) -> String {
    format!("<w:tr>{}</w:tr>", cells.iter().map(|c| format!("<w:tc>{}</w:tc>", para(c))).collect::<String>())
}

/// A DOCX of a 公示 table.
fn docx() -> Vec<u8> {
    let body = format!(
        "{}<w:tbl>{}{}{}{}</w:tbl>",
        para("2026年度临时救助发放名单公示"),
        row(&["序号", "姓名", "公民身份号码", "联系电话", "银行账号", "金额（元）"]),
        row(&["1", "张某", "11010519491231002X", "13812345678", "6222021234567890128", "1200.00"]),
        row(&["2", "李某", "110105194912310021", "0591-83456789", "6222 0212 3456 7890 128", "800"]),
        row(&["3", "王某", "110105********002X", "138****5678", "***************0128", "600"]),
    );
    docx_package(&format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document \
         xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>"
    ))
}

fn shown(findings: &[Finding]) -> Vec<(String, &'static str, String)> {
    findings.iter().map(|f| (f.location.to_string(), f.severity.label(), f.masked.to_string())).collect()
}

fn policy() -> Policy {
    Policy::new(date!(2026 - 12 - 01))
}

#[test]
fn docx_cells_are_screened_with_their_headers() {
    let findings = screen_bytes(&docx(), Some("名单.docx"), &policy()).expect("docx reads");
    let cell = |row: usize, col: usize, header: &str| format!("第 1 个表格第 {row} 行第 {col} 列（{header}）");
    assert_eq!(
        shown(&findings),
        [
            (cell(2, 3, "公民身份号码"), "错误", "110105********002X".into()),
            (cell(2, 4, "联系电话"), "错误", "138****5678".into()),
            (cell(2, 5, "银行账号"), "错误", "***************0128".into()),
            // The column rule makes the bad-check ID and the landline errors.
            (cell(3, 3, "公民身份号码"), "错误", "110105********0021".into()),
            (cell(3, 4, "联系电话"), "错误", "059*-****6789".into()),
            (cell(3, 5, "银行账号"), "错误", "**** **** **** ***0 128".into()),
        ]
    );
}

#[test]
fn pdf_numbers_wrapped_in_narrow_columns_are_found() {
    let Some(bin) = soffice_or_skip("the screen's PDF test") else { return };
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("list.docx");
    std::fs::write(&path, docx()).expect("write docx");
    let pdf = std::fs::read(&to_pdf(bin, dir.path(), std::slice::from_ref(&path))[0]).expect("pdf written");
    let findings = screen_bytes(&pdf, Some("list.pdf"), &policy()).expect("pdf reads");
    let masked: Vec<String> = findings.iter().map(|f| f.masked.to_string()).collect();
    // However the columns wrap, every unmasked number is found, masked.
    for expected in ["110105********002X", "138****5678", "110105********0021"] {
        assert!(masked.iter().any(|m| m == expected), "{expected} not in {:?}", shown(&findings));
    }
    let cards = masked.iter().filter(|m| m.ends_with("128") && m.starts_with('*')).count();
    assert_eq!(cards, 2, "{:?}", shown(&findings));
    assert!(findings.iter().all(|f| f.location.to_string().starts_with("第 1 页")), "{:?}", shown(&findings));
}
