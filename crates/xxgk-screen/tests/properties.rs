//! Property tests of the screen: every generated valid ID, card and mobile
//! is found inside any surrounding text; masked values and 统一社会信用代码
//! never are; no finding shows a full number.

use proptest::prelude::*;
use time::macros::date;
use xxgk_screen::{Kind, Policy, Severity, mask, screen_text};

fn policy() -> Policy {
    Policy::new(date!(2026 - 12 - 01))
}

/// Text around a value: Chinese words, punctuation, spaces and line breaks.
fn around() -> impl Strategy<Value = String> {
    "[张三李四王五公示名单补贴发放情况如下，。；：、（）《》 \n]{0,16}"
}

const PROVINCES: [&str; 15] =
    ["11", "12", "13", "21", "31", "32", "35", "44", "50", "51", "62", "65", "71", "81", "82"];

/// A valid 居民身份证号码.
fn id18() -> impl Strategy<Value = String> {
    (0..PROVINCES.len(), 0u32..10_000, 1900i32..=2026, 1u8..=12, 1u8..=28, 0u32..1000).prop_map(
        |(p, region, year, month, day, seq)| {
            let (month, day) = if year == 2026 && month == 12 { (11, day) } else { (month, day) };
            let first17 = format!("{}{region:04}{year:04}{month:02}{day:02}{seq:03}", PROVINCES[p]);
            let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
            let sum: u32 = first17.bytes().zip(weights).map(|(b, w)| u32::from(b - b'0') * w).sum();
            format!("{first17}{}", char::from(b"10X98765432"[(sum % 11) as usize]))
        },
    )
}

fn luhn_complete(body: &str) -> String {
    (0..10)
        .map(|d| format!("{body}{d}"))
        .find(|s| {
            let sum: u32 = s
                .bytes()
                .rev()
                .enumerate()
                .map(|(i, b)| {
                    let d = u32::from(b - b'0');
                    if i % 2 == 1 { (d * 2) / 10 + (d * 2) % 10 } else { d }
                })
                .sum();
            sum.is_multiple_of(10)
        })
        .unwrap_or_default()
}

/// A Luhn-valid card of 16–19 digits, plain or in groups of 4.
fn card() -> impl Strategy<Value = (String, String)> {
    ("62[0-9]{13,16}", prop::sample::select(vec!["", " ", "-"])).prop_map(|(body, sep)| {
        let digits = luhn_complete(&body);
        let chunks: Vec<String> =
            digits.as_bytes().chunks(4).map(|c| String::from_utf8_lossy(c).into_owned()).collect();
        (digits.clone(), chunks.join(sep))
    })
}

/// A mobile number as people write it.
fn mobile() -> impl Strategy<Value = (String, String)> {
    ("1[3-9][0-9]{9}", 0usize..6).prop_map(|(m, style)| {
        let split = |sep: &str| format!("{}{sep}{}{sep}{}", &m[..3], &m[3..7], &m[7..]);
        let written = match style {
            0 => m.clone(),
            1 => format!("+86{m}"),
            2 => format!("+86 {}", split(" ")),
            3 => format!("86-{}", split("-")),
            4 => split(" "),
            _ => split("-"),
        };
        (m, written)
    })
}

/// A 统一社会信用代码 with at least one letter before its check character.
fn uscc() -> impl Strategy<Value = String> {
    "[0-9A-HJ-NPQRTUWXY]{8}[A-HJ-NPQRTUWXY][0-9A-HJ-NPQRTUWXY]{8}".prop_filter_map("no check char", |first17| {
        const SET: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
        const W: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
        let sum: u32 =
            first17.bytes().zip(W).map(|(b, w)| SET.iter().position(|&c| c == b).unwrap_or(0) as u32 * w).sum();
        Some(format!("{first17}{}", char::from(SET[((31 - sum % 31) % 31) as usize])))
    })
}

fn assert_found_once(text: &str, full: &str, kinds: &[Kind]) -> Result<(), TestCaseError> {
    let findings = screen_text(text, &policy());
    prop_assert_eq!(findings.len(), 1, "{:?} in {:?}", findings, text);
    prop_assert!(kinds.contains(&findings[0].kind), "{:?}", findings);
    prop_assert_eq!(findings[0].severity, Severity::Error);
    let shown = format!("{:?}{}", findings[0], findings[0].masked);
    prop_assert!(!shown.contains(full), "{}", shown);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn every_valid_id_is_found(id in id18(), before in around(), after in around()) {
        assert_found_once(&format!("{before}{id}{after}"), &id, &[Kind::IdCard])?;
    }

    #[test]
    fn every_valid_card_is_found((digits, written) in card(), before in around(), after in around()) {
        // An 18-digit card that also reads as a valid ID is found as an ID.
        assert_found_once(&format!("{before}{written}{after}"), &digits, &[Kind::BankCard, Kind::IdCard])?;
    }

    #[test]
    fn every_mobile_is_found((digits, written) in mobile(), before in around(), after in around()) {
        assert_found_once(&format!("{before}{written}{after}"), &digits, &[Kind::Mobile])?;
    }

    #[test]
    fn masked_text_has_no_error_and_no_full_number(
        id in id18(), (card, card_written) in card(), (m, m_written) in mobile(), before in around(), after in around()
    ) {
        let text = format!("{before}{id}，{after}{card_written}、{before}{m_written}{after}");
        let masked = mask(&text, &policy());
        prop_assert!(screen_text(&masked, &policy()).is_empty(), "{:?}", masked);
        for full in [&id, &card, &m] {
            prop_assert!(!masked.contains(full.as_str()));
        }
        prop_assert_eq!(mask(&masked, &policy()), masked.clone(), "masking twice changes nothing");
    }

    #[test]
    fn usccs_are_never_flagged(code in uscc(), before in around(), after in around()) {
        let text = format!("{before}{code}{after}");
        prop_assert!(screen_text(&text, &policy()).is_empty(), "{}", text);
    }

    #[test]
    fn labelled_usccs_are_never_flagged(id in id18(), before in around()) {
        // Even an all-digit code that reads as an ID.
        let text = format!("{before}统一社会信用代码：{id}");
        prop_assert!(screen_text(&text, &policy()).is_empty(), "{}", text);
    }

    #[test]
    fn arbitrary_bytes_are_read_or_refused_never_a_panic(bytes in prop::collection::vec(any::<u8>(), 0..400), name in prop::sample::select(vec!["a.txt", "a.html", "a.md", "a.docx", "a.pdf"])) {
        if let Ok(findings) = xxgk_screen::screen_bytes(&bytes, Some(name), &policy()) {
            for f in &findings {
                prop_assert!(f.masked.as_str().contains('*'), "{:?}", f);
            }
        }
    }

    #[test]
    fn arbitrary_text_never_panics_and_never_shows_a_full_number(text in "\\PC{0,200}") {
        let findings = screen_text(&text, &policy());
        for f in &findings {
            prop_assert!(f.masked.as_str().contains('*'), "{:?}", f);
        }
        let _ = mask(&text, &policy());
    }
}
