//! Letters as content: for every outcome row the 答复书 names the articles of
//! the regulation's §9 table and the right remedies (withholding:
//! reconsideration first; the rest: reconsideration or a lawsuit), the
//! letter number formatter, and the other four letters' legal sentences.

use time::macros::date;
use xxgk_calendar::Due;
use xxgk_casework::citation::REGULATION;
use xxgk_casework::fee::{FeeDecision, pages};
use xxgk_casework::letter::{
    LetterError, LetterKind, consultation_letter, correction_notice, decision_letter, extension_notice, fee_notice,
    letter_number, remedies,
};
use xxgk_casework::{Outcome, Party, sample};

const FIRST: &str = "应当先向某县人民政府申请行政复议";
const CHOICE: &str = "六十日内向某县人民政府申请行政复议，也可以自收到本答复书之日起六个月内依法向人民法院提起行政诉讼";

#[test]
fn every_outcome_names_its_articles_and_the_right_remedies() {
    let applicant = sample::applicant();
    let facts = sample::facts(&applicant);
    for outcome in Outcome::all() {
        let decision = sample::decision(outcome);
        let letter = decision_letter(&facts, &decision).unwrap();
        let text = letter.lines().join("\n");
        for article in decision.articles() {
            assert!(text.contains(&article.to_string()), "{}: {article} missing:\n{text}", outcome.key());
        }
        if outcome.key() != "other_misc" {
            for article in outcome.default_articles(false) {
                assert!(text.contains(&article.to_string()), "{}: default {article} missing", outcome.key());
            }
        }
        assert!(text.contains(REGULATION), "{}", outcome.key());
        let remedy = letter.remedies.as_deref().unwrap();
        if outcome.is_withholding() {
            assert!(remedy.contains(FIRST) && remedy.contains("十五日内"), "{}: {remedy}", outcome.key());
            assert!(
                !remedy.contains("六个月"),
                "{}: a withholding letter must not offer a direct lawsuit",
                outcome.key()
            );
        } else {
            assert!(remedy.contains(CHOICE), "{}: {remedy}", outcome.key());
            assert!(!remedy.contains("应当先"), "{}: reconsideration first only for withholding", outcome.key());
        }
        assert!(text.contains("张三丰") && text.contains("2025年9月26日") && text.contains(sample::REQUEST));
        assert_eq!(letter.title, "政府信息公开申请答复书");
    }
}

#[test]
fn remedy_wording_is_decided_by_withholding() {
    // A failing and a passing case of the rule itself.
    assert!(remedies(true, "某县人民政府", "答复书").contains(FIRST));
    assert!(!remedies(false, "某县人民政府", "答复书").contains("应当先"));
}

#[test]
fn not_this_organ_names_the_responsible_organ() {
    let applicant = sample::applicant();
    let letter = decision_letter(&sample::facts(&applicant), &sample::not_this_organ()).unwrap();
    let text = letter.lines().join("\n");
    assert!(
        text.contains("第三十六条第（五）项") && text.contains("某县自然资源局") && text.contains("0000-7654321"),
        "{text}"
    );
}

#[test]
fn the_corrected_application_date_is_stated() {
    let applicant = sample::applicant();
    let facts =
        xxgk_casework::letter::CaseFacts { corrected_on: Some(date!(2025 - 10 - 09)), ..sample::facts(&applicant) };
    let letter = decision_letter(&facts, &sample::decision(Outcome::from_key("granted").unwrap())).unwrap();
    assert!(
        letter.paragraphs[0].contains("2025年9月26日收到")
            && letter.paragraphs[0].contains("并于2025年10月9日收到补正后的申请")
    );
    let plain =
        decision_letter(&sample::facts(&applicant), &sample::decision(Outcome::from_key("granted").unwrap())).unwrap();
    assert!(!plain.paragraphs[0].contains("补正"));
}

#[test]
fn the_reconsideration_body_is_required() {
    let applicant = sample::applicant();
    let facts = xxgk_casework::letter::CaseFacts { reconsideration_body: " ", ..sample::facts(&applicant) };
    let granted = sample::decision(Outcome::from_key("granted").unwrap());
    assert_eq!(decision_letter(&facts, &granted), Err(LetterError::MissingReconsiderationBody));
}

#[test]
fn letter_numbers() {
    assert_eq!(letter_number("某交", LetterKind::Decision, 2025, 12).unwrap(), "某交依申请答复〔2025〕12号");
    assert_eq!(letter_number("某交", LetterKind::FeeNotice, 2026, 1).unwrap(), "某交依申请收费〔2026〕1号");
    assert_eq!(letter_number(" ", LetterKind::Decision, 2025, 1), Err(LetterError::MissingPrefix));
    assert_eq!(letter_number("某交", LetterKind::Decision, 2025, 0), Err(LetterError::ZeroSequence));
}

#[test]
fn the_other_letters_carry_their_legal_sentences() {
    let applicant = sample::applicant();
    let facts = sample::facts(&applicant);
    let due = |date| Due { date, provisional: false };
    let text = |l: xxgk_casework::letter::Letter| l.lines().join("\n");

    let correction = text(correction_notice(&facts, "请写明文件名称或文号", 15, due(date!(2025 - 10 - 28))).unwrap());
    assert!(
        correction.contains("第三十条") && correction.contains("一次性告知") && correction.contains("2025年10月28日前")
    );
    assert!(correction.contains("视为放弃申请"));

    let provisional = Due { date: date!(2027 - 01 - 12), provisional: true };
    let extension = text(extension_notice(&facts, 20, "需调取档案", provisional).unwrap());
    assert!(
        extension.contains("第三十三条第二款")
            && extension.contains("负责人同意")
            && extension.contains("2027年1月12日（")
    );

    let third = text(consultation_letter(&facts, Party::ThirdParty, "某建设公司", due(date!(2025 - 10 - 28))).unwrap());
    assert!(third.contains("第三十二条") && third.contains("十五个工作日") && third.contains("某建设公司："));
    assert!(!third.contains("张三丰"), "the consultation letter never names the applicant");
    let organ = text(consultation_letter(&facts, Party::Organ, "某县财政局", due(date!(2025 - 10 - 28))).unwrap());
    assert!(organ.contains("第三十四条") && organ.contains("视为同意公开"));

    let fee = FeeDecision::new(pages(150).unwrap(), "申请材料页数较多", "王主任").unwrap();
    let notice = fee_notice(&facts, &fee, "通过非税收入缴款码缴纳", due(date!(2025 - 11 - 25)), true).unwrap();
    let fee_text = text(notice);
    for needle in [
        "第四十二条",
        "《政府信息公开信息处理费管理办法》",
        "按量计收",
        "1700元",
        "20个工作日",
        "2025年11月25日",
        "不计算在答复期限内",
    ] {
        assert!(fee_text.contains(needle), "{needle} missing:\n{fee_text}");
    }
}
