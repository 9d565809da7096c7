//! `document_text` on real DOCX and PDF: a DOCX built in the test (paragraphs,
//! a table with a header row, a page break) and the PDF LibreOffice makes of
//! it, read page by page (skipped without LibreOffice, outside CI).

mod layouts;
mod office;

use layouts::render::docx_package;
use xxgk_import::{InputKind, Place, document_text};

fn para(text: &str) -> String {
    format!("<w:p><w:r><w:t>{text}</w:t></w:r></w:p>")
}

fn cell(text: &str) -> String {
    format!("<w:tc>{}</w:tc>", para(text))
}

fn document_xml() -> String {
    let row = |cells: &[&str]| format!("<w:tr>{}</w:tr>", cells.iter().map(|c| cell(c)).collect::<String>());
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
         <w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>\
         {}{}<w:tbl>{}{}</w:tbl>{}<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>{}</w:body></w:document>",
        para("低保补助发放名单公示"),
        para("现将名单公示如下："),
        row(&["姓名", "身份证号码"]),
        row(&["张三", "11010519491231002X"]),
        para("第一页完"),
        para("联系人手机 13812345678"),
    )
}

#[test]
fn docx_paragraphs_and_cells_with_headers() {
    let doc = document_text(&docx_package(&document_xml()), Some("a.docx")).expect("docx reads");
    assert_eq!(doc.kind, InputKind::Docx);
    let id = doc.blocks.iter().find(|b| b.text == "11010519491231002X").expect("the cell");
    assert_eq!(id.place, Place::Cell { table: 1, row: 2, col: 2, header: Some("身份证号码".into()) });
    assert_eq!(id.place.to_string(), "第 1 个表格第 2 行第 2 列（身份证号码）");
    assert!(doc.blocks.iter().any(|b| b.text == "联系人手机 13812345678" && matches!(b.place, Place::Line { .. })));
}

#[test]
fn pdf_text_is_read_page_by_page() {
    let Some(bin) = office::soffice_or_skip("the PDF text test") else { return };
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("list.docx");
    std::fs::write(&path, docx_package(&document_xml())).expect("write docx");
    let pdf = std::fs::read(&office::to_pdf(bin, dir.path(), std::slice::from_ref(&path))[0]).expect("pdf written");
    let doc = document_text(&pdf, Some("list.pdf")).expect("pdf reads");
    assert_eq!(doc.kind, InputKind::Pdf);
    let find = |needle: &str| doc.blocks.iter().find(|b| b.text.contains(needle)).map(|b| b.place.clone());
    assert!(matches!(find("11010519491231002X"), Some(Place::Page { page: 1, .. })), "{:?}", doc.blocks);
    assert!(matches!(find("13812345678"), Some(Place::Page { page: 2, .. })), "{:?}", doc.blocks);
}
