//! Casework letters (`xxgk_casework::letter::Letter`) in print: an
//! `<article class="letter">` with its style sheet for pages under a strict
//! CSP (no `style` attribute anywhere), a standalone printable HTML page, and
//! a DOCX in the official-document look of the report renderer (A4, GB/T
//! 9704 margins, 小标宋 title, 仿宋 body). Every piece of text is escaped.
//! PDF is not rendered yet.

use docx_rs::{AlignmentType, LineSpacing, LineSpacingType, Paragraph, Run};
use xxgk_casework::letter::{Letter, chinese_date};

use crate::RenderError;
use crate::docx::{
    FONT_BODY, FONT_TITLE, SIZE_BODY, SIZE_TITLE, body_paragraph, body_spacing, fonts, official_page, pack,
};
use crate::html::escape;

/// The letter's look; every selector is under `article.letter`.
const LETTER_STYLE: &str = r#"
article.letter { color: #000; background: #fff; font-size: 16pt; line-height: 1.75;
  font-family: "仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong", "STFangsong", "Noto Serif CJK SC", "Source Han Serif SC", "SimSun", serif; }
article.letter h1 { font-family: "方正小标宋简体", "FZXiaoBiaoSong-B05S", "华文中宋", "STZhongsong", "Noto Serif CJK SC", "SimSun", serif;
  font-size: 22pt; font-weight: normal; text-align: center; line-height: 1.5; margin: 0 0 0.5em; }
article.letter p { margin: 0; text-indent: 2em; text-align: justify; }
article.letter p.number { text-align: center; text-indent: 0; margin-bottom: 1em; }
article.letter p.addressee { text-indent: 0; }
article.letter p.remedies { margin-top: 0.5em; }
article.letter p.agency, article.letter p.dated { text-align: right; text-indent: 0; padding-right: 2em; }
article.letter p.agency { margin-top: 2em; }
"#;

/// The style sheet for [`letter_article`] (serve it as a file under a strict CSP).
pub fn letter_css() -> &'static str {
    LETTER_STYLE
}

/// The letter as an `<article class="letter">`, without any inline style.
pub fn letter_article(letter: &Letter) -> String {
    let mut out = String::with_capacity(4096);
    let mut element = |tag: &str, class: Option<&str>, text: &str| {
        out.push('<');
        out.push_str(tag);
        if let Some(class) = class {
            out.push_str(" class=\"");
            out.push_str(class);
            out.push('"');
        }
        out.push('>');
        escape(text, &mut out);
        out.push_str("</");
        out.push_str(tag);
        out.push_str(">\n");
    };
    element("h1", None, letter.title);
    element("p", Some("number"), &letter.number);
    element("p", Some("addressee"), &format!("{}：", letter.addressee));
    for p in &letter.paragraphs {
        element("p", None, p);
    }
    if let Some(remedies) = &letter.remedies {
        element("p", Some("remedies"), remedies);
    }
    element("p", Some("agency"), &letter.agency);
    element("p", Some("dated"), &chinese_date(letter.dated));
    format!("<article class=\"letter\">\n{out}</article>\n")
}

/// A standalone printable page (A4) holding the letter and its style.
pub fn letter_html(letter: &Letter) -> String {
    let mut title = String::new();
    escape(letter.title, &mut title);
    format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n<style>\n\
         @page {{ size: A4; margin: 37mm 26mm 35mm 28mm; }}\nbody {{ margin: 0 auto; max-width: 156mm; padding: 12mm 8mm; }}\n\
         {LETTER_STYLE}</style>\n</head>\n<body>\n{}</body>\n</html>\n",
        letter_article(letter)
    )
}

/// The letter as a `.docx` file.
pub fn letter_docx(letter: &Letter) -> Result<Vec<u8>, RenderError> {
    let plain = |text: &str, align: AlignmentType| {
        Paragraph::new()
            .add_run(Run::new().add_text(text).fonts(fonts(FONT_BODY)).size(SIZE_BODY))
            .align(align)
            .line_spacing(body_spacing())
    };
    let mut file = official_page().add_paragraph(
        Paragraph::new()
            .add_run(Run::new().add_text(letter.title).fonts(fonts(FONT_TITLE)).size(SIZE_TITLE))
            .align(AlignmentType::Center)
            .line_spacing(LineSpacing::new().line(720).line_rule(LineSpacingType::AtLeast).after(200)),
    );
    file = file.add_paragraph(plain(&letter.number, AlignmentType::Center));
    file = file.add_paragraph(plain(&format!("{}：", letter.addressee), AlignmentType::Left));
    for p in letter.paragraphs.iter().chain(letter.remedies.iter()) {
        file = file.add_paragraph(body_paragraph(p));
    }
    file = file.add_paragraph(plain("", AlignmentType::Right));
    file = file.add_paragraph(plain(&letter.agency, AlignmentType::Right));
    file = file.add_paragraph(plain(&chinese_date(letter.dated), AlignmentType::Right));
    pack(file)
}
