//! Casework letters in print: the HTML article is escaped, well-formed and
//! free of inline style; the DOCX of every decision letter and of the four
//! other letters opens in LibreOffice (`soffice --headless --convert-to
//! txt`), and the converted text holds the applicant, the dates, the articles
//! and the remedies.
//!
//! The LibreOffice part skips with a note when `soffice` is missing, but
//! fails when `CI` is set.

mod common;

use std::path::PathBuf;

use time::macros::date;
use xxgk_calendar::Due;
use xxgk_casework::fee::{FeeDecision, pieces_range};
use xxgk_casework::letter::{
    Letter, consultation_letter, correction_notice, decision_letter, extension_notice, fee_notice,
};
use xxgk_casework::{Outcome, Party, sample};
use xxgk_render::{letter_article, letter_css, letter_docx, letter_html};

fn letters() -> Vec<Letter> {
    let applicant = sample::applicant();
    let facts = sample::facts(&applicant);
    let due = Due { date: date!(2025 - 11 - 25), provisional: false };
    let mut out: Vec<Letter> =
        Outcome::all().map(|o| decision_letter(&facts, &sample::decision(o)).expect("letter")).collect();
    out.push(decision_letter(&facts, &sample::not_this_organ()).unwrap());
    out.push(correction_notice(&facts, "请写明文件名称或文号", 15, due).unwrap());
    out.push(extension_notice(&facts, 20, "需调取档案", due).unwrap());
    out.push(consultation_letter(&facts, Party::ThirdParty, "某建设公司", due).unwrap());
    let fee = FeeDecision::new(pieces_range(11, 12).unwrap(), "本月申请数量明显超过合理范围", "王主任").unwrap();
    out.push(fee_notice(&facts, &fee, "通过非税收入缴款码缴纳", due, true).unwrap());
    out
}

#[test]
fn html_is_escaped_well_formed_and_without_inline_style() {
    let applicant = sample::applicant();
    let facts = xxgk_casework::letter::CaseFacts {
        request: "<script>alert('x')</script> & 文件",
        ..sample::facts(&applicant)
    };
    let letter = decision_letter(&facts, &sample::decision(Outcome::from_key("granted").unwrap())).unwrap();
    let article = letter_article(&letter);
    assert!(
        !article.contains("<script>") && article.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; 文件")
    );
    assert!(!article.contains("style="), "no inline style under a strict CSP");
    let doc = roxmltree::Document::parse(&article).expect("the article is well-formed XML");
    let texts: Vec<&str> = doc
        .descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .collect();
    assert_eq!(texts, letter.lines(), "the article holds the letter's lines in order");
    assert!(letter_css().contains("article.letter"));
    let page = letter_html(&letter);
    assert!(page.starts_with("<!DOCTYPE html>") && page.contains(&article) && page.contains("lang=\"zh-CN\""));
}

#[test]
fn docx_is_a_zip_with_the_document() {
    let bytes = letter_docx(&letters()[0]).unwrap();
    assert_eq!(&bytes[..2], b"PK");
    assert_eq!(bytes, letter_docx(&letters()[0]).unwrap(), "the same letter gives the same bytes");
}

#[test]
fn libreoffice_reads_applicant_dates_articles_and_remedies() {
    let Some(soffice) = common::soffice() else {
        assert!(std::env::var_os("CI").is_none(), "CI is set but soffice is missing: install libreoffice-writer-nogui");
        eprintln!("note: soffice not found, LibreOffice letter test skipped");
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let letters = letters();
    let files: Vec<PathBuf> = letters
        .iter()
        .enumerate()
        .map(|(i, letter)| {
            let path = dir.path().join(format!("letter-{i}.docx"));
            std::fs::write(&path, letter_docx(letter).expect("renders")).expect("write");
            path
        })
        .collect();
    let outdir = dir.path().join("out");
    common::convert(&soffice, &files, &outdir);
    for (i, letter) in letters.iter().enumerate() {
        let txt = std::fs::read_to_string(outdir.join(format!("letter-{i}.txt"))).expect("converted text");
        let lines: Vec<&str> =
            txt.trim_start_matches('\u{feff}').lines().map(str::trim).filter(|l| !l.is_empty()).collect();
        let expected = letter.lines();
        let expected: Vec<&str> = expected.iter().map(|l| l.trim()).filter(|l| !l.is_empty()).collect();
        assert_eq!(lines, expected, "letter {i} ({}) reads back line by line", letter.title);
        let text = lines.join("\n");
        assert!(text.contains("2025年10月28日"), "letter {i}: the date");
        if letter.kind != xxgk_casework::letter::LetterKind::Consultation {
            assert!(text.contains("张三丰") && text.contains("2025年9月26日"), "letter {i}: applicant and receipt");
        }
        if letter.kind == xxgk_casework::letter::LetterKind::Decision {
            assert!(
                text.contains("第") && text.contains("条") && text.contains("某县人民政府申请行政复议"),
                "letter {i}"
            );
        }
    }
}
