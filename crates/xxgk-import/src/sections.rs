//! The prose around the tables: section headings (§5.3: found by their full
//! template heading or a known variant, the last candidate before the next
//! section winning), the title (possibly split over two lines), the year, the
//! agency and the 落款 date.

use time::Date;
use xxgk_report::labels::{LabelMatch, SECTIONS, Section, match_label, normalize_label};
use xxgk_report::text::{dates, title_year};

use crate::doc::{Block, Document};

const CHINESE_NUMERALS: [&str; 6] = ["一", "二", "三", "四", "五", "六"];

/// A heading as matched: which section, and the printed text when it is not
/// the template heading itself (W-11).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub section: Section,
    pub variant: Option<String>,
}

/// Whether a line is one of the six section headings (with its ordinal,
/// Chinese `二、` or Arabic `2、`/`2.`), and which.
pub fn heading_of(line: &str) -> Option<Heading> {
    // Every heading (and variant) ends with 情况 or 事项: a cheap filter
    // before normalising.
    if line.len() > 240 || !line.contains(['况', '项']) {
        return None;
    }
    let norm = normalize_label(line);
    let norm = norm.trim_end_matches(['。', '.', ':', '：', ';', '；']);
    for (index, spec) in SECTIONS.iter().enumerate() {
        let arabic = (index + 1).to_string();
        let rest = norm
            .strip_prefix(CHINESE_NUMERALS[index])
            .and_then(|r| r.strip_prefix(['、', '.', ',']))
            .map(|r| (r, false))
            .or_else(|| norm.strip_prefix(arabic.as_str()).and_then(|r| r.strip_prefix(['.', ','])).map(|r| (r, true)));
        // A bare title standing alone (Word's automatic numbering drops the
        // ordinal from the text).
        let rest = rest.or_else(|| bare_titles()[index].iter().any(|t| t == norm).then_some((norm, true)));
        let Some((rest, arabic_used)) = rest else { continue };
        let matched = match_label(rest, spec.title, spec.variants)?;
        let variant = match (matched, arabic_used) {
            (LabelMatch::Exact, false) => None,
            _ => Some(line.trim().to_string()),
        };
        return Some(Heading { section: spec.section, variant });
    }
    None
}

/// The normalised titles (and variants) of each section.
fn bare_titles() -> &'static [Vec<String>] {
    static TITLES: std::sync::OnceLock<Vec<Vec<String>>> = std::sync::OnceLock::new();
    TITLES.get_or_init(|| {
        SECTIONS
            .iter()
            .map(|s| std::iter::once(&s.title).chain(s.variants).map(|t| normalize_label(t)).collect())
            .collect()
    })
}

/// Where each section's heading is: block index per section (in order
/// 一…六), choosing for each the last candidate before the next section's.
pub fn locate(doc: &Document) -> [Option<(usize, Heading)>; 6] {
    let mut candidates: Vec<(usize, Heading)> = Vec::new();
    for (i, block) in doc.blocks.iter().enumerate() {
        if let Some(h) = block.para_text().and_then(heading_of) {
            candidates.push((i, h));
        }
    }
    let mut found: [Option<(usize, Heading)>; 6] = Default::default();
    let mut bound = usize::MAX;
    for section in Section::ALL.iter().rev() {
        let pick = candidates.iter().rev().find(|(i, h)| h.section == *section && *i < bound);
        if let Some((i, h)) = pick {
            bound = *i;
            found[*section as usize] = Some((*i, h.clone()));
        }
    }
    found
}

/// The body paragraphs of each found section, in document order.
pub fn bodies(doc: &Document, found: &[Option<(usize, Heading)>; 6]) -> Vec<(Section, String)> {
    let scope = article_scope(doc, found);
    let mut starts: Vec<(usize, Section)> = found.iter().flatten().map(|(i, h)| (*i, h.section)).collect();
    starts.sort();
    let mut out = Vec::new();
    for (k, &(start, section)) in starts.iter().enumerate() {
        let end = starts.get(k + 1).map_or(doc.blocks.len(), |s| s.0);
        let text: Vec<&str> = doc.blocks[start + 1..end]
            .iter()
            .enumerate()
            .take_while(|(k, _)| doc.within(doc.scope(start + 1 + k), scope))
            .filter_map(|(_, b)| b.para_text())
            .collect();
        out.push((section, text.join("\n")));
    }
    out
}

/// The container holding every heading (the article, on a web page).
pub fn article_scope(doc: &Document, found: &[Option<(usize, Heading)>; 6]) -> u32 {
    doc.common_scope(found.iter().flatten().map(|(i, _)| *i))
}

/// The title: the container's title, else the first line naming the
/// report; a line ending without 报告 is joined with a short next line that
/// ends with it (`平型关镇2022年政府信息公开工作` + `年度报告`).
pub fn title(doc: &Document, first_heading: usize) -> Option<String> {
    if let Some(t) =
        doc.title_hint.as_deref().map(clean_title).filter(|t| t.contains("报告") && title_year(t).is_some())
    {
        return Some(t);
    }
    let paras: Vec<&str> =
        doc.blocks[..first_heading.min(doc.blocks.len())].iter().filter_map(Block::para_text).take(12).collect();
    for (k, line) in paras.iter().enumerate() {
        let line = line.trim();
        if line.chars().count() > 80 || !(line.contains("报告") || line.contains("政府信息公开")) {
            continue;
        }
        if !line.ends_with("报告")
            && let Some(next) = paras.get(k + 1).map(|n| n.trim())
            && next.ends_with("报告")
            && next.chars().count() <= 12
        {
            return Some(format!("{line}{next}"));
        }
        if line.contains("报告") {
            // A long agency name wraps the title before or inside the year
            // (`平顶山…遵化店镇人民政府` + `2020年政府信息公开工作年度报告`,
            // `…人民政府2022` + `年政府信息公开工作年度报告`).
            if (line.starts_with(|c: char| c.is_ascii_digit() || c == '年') || title_year(line).is_none())
                && let Some(prev) = k.checked_sub(1).and_then(|p| paras.get(p)).map(|p| p.trim())
                && (2..=40).contains(&prev.chars().count())
                && !prev.contains(['，', '。', '：', ',', ':', '；'])
            {
                return Some(format!("{prev}{line}"));
            }
            return Some(line.to_string());
        }
    }
    None
}

fn clean_title(t: &str) -> String {
    let t = t.trim();
    let t = t.split(['_', '|']).next().unwrap_or(t);
    t.trim().to_string()
}

/// The year the report covers: the title's, else the stated period's end.
pub fn year(title: Option<&str>, period: Option<(Date, Date)>) -> Option<i32> {
    title.and_then(title_year).or(period.map(|(_, to)| to.year()))
}

/// The reporting body: the title's words before the year (or between the
/// year and 政府信息公开), completed from the text to the full name
/// (`平型关镇` → `繁峙县平型关镇人民政府`). [I] A bare township name is
/// completed with 人民政府.
pub fn agency(title: &str, body: &str) -> Option<String> {
    let chars: Vec<char> = title.chars().filter(|c| !c.is_whitespace()).collect();
    let year_at = (0..chars.len().saturating_sub(4))
        .find(|&i| chars[i..i + 4].iter().all(char::is_ascii_digit) && chars.get(i + 4) == Some(&'年'))?;
    let before: String = chars[..year_at].iter().collect();
    let base = if before.is_empty() {
        let after: String = chars[year_at + 5..].iter().collect();
        let after = after.trim_start_matches('度');
        after.find("政府信息公开").map(|p| after[..p].to_string())?
    } else {
        before
    };
    let base = base.trim_matches(['《', '》', '“', '”']).to_string();
    if base.chars().count() < 2 {
        return None;
    }
    Some(complete_agency(&base, body))
}

const ORG_ENDINGS: [&str; 6] = ["人民政府", "政府", "办事处", "委员会", "管委会", "局"];
const AREA_ENDINGS: [char; 7] = ['省', '市', '县', '区', '州', '旗', '盟'];
const STOP: &str = "由与是的和在向对按为据经请及将从于把被让给同自至或以现根照该本我各";

fn complete_agency(base: &str, body: &str) -> String {
    let has_org = ORG_ENDINGS.iter().any(|e| base.ends_with(e));
    let mut best: Option<String> = None;
    let mut from = 0;
    let mut seen = 0;
    while let Some(pos) = body[from..].find(base) {
        seen += 1;
        if seen > 200 {
            break;
        }
        let at = from + pos;
        from = at + base.len();
        let mut name = base.to_string();
        if !has_org {
            match ["人民政府", "街道办事处", "办事处"].iter().find(|s| body[from..].starts_with(*s)) {
                Some(s) => name.push_str(s),
                None => continue,
            }
        }
        let left: String = body[..at]
            .chars()
            .rev()
            .take(10)
            .take_while(|c| is_cjk(*c) && !STOP.contains(*c))
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        if left.ends_with(AREA_ENDINGS) {
            name = format!("{left}{name}");
        }
        if best.as_ref().is_none_or(|b| name.chars().count() > b.chars().count()) {
            best = Some(name);
        }
    }
    match best {
        Some(name) => name,
        None if !has_org && (base.ends_with('镇') || base.ends_with('乡')) => format!("{base}人民政府"),
        None => base.to_string(),
    }
}

fn is_cjk(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
}

/// The 落款 date: the last date standing on a short line of its own among
/// the last paragraphs of the document (after section 六 when found).
pub fn signed_on(doc: &Document, from_block: usize, scope: u32) -> Option<Date> {
    let from = from_block.min(doc.blocks.len());
    let paras: Vec<&str> = doc.blocks[from..]
        .iter()
        .enumerate()
        .take_while(|(k, _)| doc.within(doc.scope(from + k), scope))
        .filter_map(|(_, b)| b.para_text())
        .collect();
    let tail = &paras[paras.len().saturating_sub(8)..];
    tail.iter().rev().filter(|p| p.trim().chars().count() <= 30).find_map(|p| dates(p).last().copied())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_with_variants_and_traps() {
        assert_eq!(heading_of("　　五、存在的主要问题及改进情况").map(|h| h.section), Some(Section::Problems));
        let h = heading_of("2、 主动公开政府信息情况").expect("arabic");
        assert_eq!(h.section, Section::ActiveDisclosure);
        assert!(h.variant.is_some());
        assert_eq!(heading_of("二、加强公开工作机构、人员配置"), None);
        assert_eq!(heading_of("一、总体情况 "), Some(Heading { section: Section::Overview, variant: None }));
    }

    #[test]
    fn agency_is_completed_from_the_text() {
        assert_eq!(
            agency("平型关镇2022年政府信息公开工作年度报告", "由繁峙县平型关镇人民政府编制").as_deref(),
            Some("繁峙县平型关镇人民政府")
        );
        assert_eq!(agency("遵化店镇2020年政府信息公开工作年度报告", "").as_deref(), Some("遵化店镇人民政府"));
        assert_eq!(
            agency("平潭综合实验区2024年度政府信息公开工作年度报告", "平潭综合实验区坚持").as_deref(),
            Some("平潭综合实验区")
        );
    }
}
