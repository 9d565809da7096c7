//! Segmentation cases of the portal search and the recall guarantee.

use proptest::prelude::*;
use xxgk_search_text::Segmenter;

fn seg() -> &'static Segmenter {
    static SEG: std::sync::OnceLock<Segmenter> = std::sync::OnceLock::new();
    SEG.get_or_init(Segmenter::new)
}

fn terms(text: &str) -> Vec<String> {
    seg().index_terms(text).split(' ').map(str::to_string).collect()
}

fn finds(text: &str, query: &str) -> bool {
    let index = terms(text);
    let q = seg().query_terms(query);
    !q.is_empty() && q.iter().all(|t| index.contains(t))
}

#[test]
fn part_of_a_longer_word_is_found() {
    assert!(finds("关于政府信息公开工作的通知", "信息公开"));
    assert!(finds("关于政府信息公开工作的通知", "政府信息公开"));
    assert!(finds("关于政府信息公开工作的通知", "公开"));
    assert!(finds("2024年度部门预算公开", "预算"));
    assert!(finds("某县人民政府办公室", "人民政府"));
    assert!(finds("某县人民政府办公室", "县政府") || !finds("某县人民政府办公室", "县政府"));
}

#[test]
fn absent_words_are_not_found() {
    assert!(!finds("关于政府信息公开工作的通知", "财政预算"));
    assert!(!finds("关于政府信息公开工作的通知", "规划"));
    assert!(seg().query_terms("，。 ！").is_empty(), "punctuation is no query");
}

#[test]
fn names_and_latin_are_found_case_and_width_insensitive() {
    assert!(finds("联系人张小明，电话", "张小明"));
    assert!(finds("发布 XXGK 平台 PDF 附件", "pdf"));
    assert!(finds("发布ＰＤＦ附件", "PDF"));
    assert!(finds("某政发〔2024〕3号", "2024"));
}

#[test]
fn index_terms_are_space_joined_words_without_punctuation() {
    let index = seg().index_terms("政府信息公开，年报。");
    assert!(!index.contains('，') && !index.contains('。') && !index.contains("  "), "{index}");
    for word in ["政府", "信息", "公开", "年报", "政", "府"] {
        assert!(index.split(' ').any(|w| w == word), "{word} in {index}");
    }
}

#[test]
fn snippets_mark_terms_and_escape_html() {
    let s = seg();
    let q = s.query_terms("信息公开");
    assert_eq!(
        s.snippet("<b>政府信息公开</b> & 年报", &q, 40),
        "&lt;b&gt;政府<mark>信息公开</mark>&lt;/b&gt; &amp; 年报"
    );
    let long = format!("{}政府信息公开{}", "前".repeat(50), "后".repeat(50));
    let snip = s.snippet(&long, &q, 20);
    assert!(snip.starts_with('…') && snip.ends_with('…'), "{snip}");
    assert!(snip.contains("<mark>信息公开</mark>"), "{snip}");
    let visible = snip.replace("<mark>", "").replace("</mark>", "").replace('…', "");
    assert_eq!(visible.chars().count(), 20, "{snip}");
    assert_eq!(s.snippet("没有命中", &q, 10), "没有命中");
    assert_eq!(s.snippet("PDF附件", &s.query_terms("pdf"), 10), "<mark>PDF</mark>附件");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Whatever part of a Chinese text is searched for, the text is found.
    #[test]
    fn every_substring_query_finds_its_text(
        text in "[政府信息公开工作年度报告预算决算规范性文件通知关于某县人民办公室张小明的和与，。 ]{1,40}",
        a in 0usize..40, len in 1usize..12,
    ) {
        let chars: Vec<char> = text.chars().collect();
        let a = a.min(chars.len() - 1);
        let query: String = chars[a..(a + len).min(chars.len())].iter().collect();
        let q = seg().query_terms(&query);
        let index = terms(&text);
        for t in &q {
            prop_assert!(index.contains(t), "{} of {:?} not in {:?}", t, query, index);
        }
    }
}
