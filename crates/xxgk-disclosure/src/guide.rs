//! The 政府信息公开指南 (第十二条) as a content model, generated from the
//! agency's record and its catalog so it is never stale: how information is
//! classified (the 目录), how it is arranged (索引号 and the metadata), how
//! to obtain it (主动公开 and 依申请公开), and the disclosure office's name,
//! address, office hours, telephone, fax and internet contact. The portal
//! renders it; contact details the statute requires but the record lacks
//! are listed in [`Guide::gaps`] (第五十三条（二）: an out-of-date 指南 is a
//! violation), never silently left out.

use xxgk_domain::Agency;

use crate::catalog::Catalog;
use crate::due::PUBLISH_WITHIN_WORKING_DAYS;
use crate::index::IndexPattern;

/// Contact channels 第十二条 names that the agency record does not hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExtraContacts {
    /// 政府信息公开工作机构's name; the agency's name when empty.
    pub office_name: String,
    pub fax: String,
    /// Website, e-mail or online application address.
    pub internet: String,
}

/// One line of a section: an optional label and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuideLine {
    pub label: Option<String>,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuideSection {
    pub heading: &'static str,
    pub lines: Vec<GuideLine>,
}

/// The 指南 of one agency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Guide {
    pub title: String,
    pub sections: Vec<GuideSection>,
    /// 第十二条 items missing from the record (Chinese names), for a warning.
    pub gaps: Vec<&'static str>,
}

const NOT_GIVEN: &str = "（待补充）";

fn line(label: impl Into<String>, text: impl Into<String>) -> GuideLine {
    GuideLine { label: Some(label.into()), text: text.into() }
}

fn text(text: impl Into<String>) -> GuideLine {
    GuideLine { label: None, text: text.into() }
}

/// Builds the 指南 from the agency's record, its catalog and the deployment's 索引号 pattern.
pub fn guide(agency: &Agency, catalog: &Catalog, pattern: &IndexPattern, extra: &ExtraContacts) -> Guide {
    let mut gaps = Vec::new();
    let mut contact = |label: &'static str, value: &str| {
        let value = value.trim();
        if value.is_empty() {
            gaps.push(label);
            line(label, NOT_GIVEN)
        } else {
            line(label, value)
        }
    };
    let office_name = match extra.office_name.trim() {
        "" => agency.name.clone(),
        name => name.to_string(),
    };
    let office = vec![
        line("名称", office_name),
        contact("办公地址", &agency.office.address),
        contact("办公时间", &agency.office.hours),
        contact("联系电话", &agency.office.phone),
        contact("传真号码", &extra.fax),
        contact("互联网联系方式", &extra.internet),
    ];
    let classes = catalog
        .entries()
        .iter()
        .enumerate()
        .map(|(i, e)| line(format!("{}．{}", i + 1, e.label()), format!("依据：条例{}", e.basis())))
        .collect();
    let arrangement = vec![text(format!(
        "每条信息按目录分类编排，标注索引号（格式：{}）、名称、内容概述和生成日期（条例第十二条第二款），并列明发布机构、成文日期、发布日期、文号、主题分类；规章和行政规范性文件标明有效性。",
        pattern.as_str()
    ))];
    let obtaining = vec![
        line(
            "主动公开",
            format!(
                "属于主动公开范围的政府信息，自形成或者变更之日起 {PUBLISH_WITHIN_WORKING_DAYS} 个工作日内在本机关政府信息公开平台发布（条例第二十六条），可在线检索、查阅、下载（第二十四条）。"
            ),
        ),
        line(
            "依申请公开",
            "公民、法人或者其他组织可以向本机关提出政府信息公开申请（条例第二十七条），采用包括信件、数据电文在内的书面形式，写明申请人的姓名或者名称、身份证明、联系方式，所需政府信息的名称、文号或者便于查询的其他特征性描述，以及获取信息的方式、途径（第二十九条）。本机关自收到申请之日起 20 个工作日内予以答复（第三十三条）。",
        ),
        line(
            "监督和救济",
            "认为本机关在政府信息公开工作中侵犯其合法权益的，可以向上一级行政机关或者政府信息公开工作主管部门投诉、举报，也可以依法申请行政复议或者提起行政诉讼（条例第五十一条）。",
        ),
    ];
    Guide {
        title: format!("{}政府信息公开指南", agency.name),
        sections: vec![
            GuideSection { heading: "一、信息分类", lines: classes },
            GuideSection { heading: "二、编排体系", lines: arrangement },
            GuideSection { heading: "三、获取方式", lines: obtaining },
            GuideSection { heading: "四、政府信息公开工作机构", lines: office },
        ],
        gaps,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use xxgk_domain::{AgencyKind, OfficeDetails};

    fn agency(kind: AgencyKind, office: OfficeDetails) -> Agency {
        Agency { id: 1, parent_id: None, name: "某县某镇人民政府".into(), kind, office }
    }

    #[test]
    fn a_complete_record_gives_a_complete_guide() {
        let office = OfficeDetails {
            address: "某镇人民路1号".into(),
            hours: "工作日 8:30–12:00，14:30–17:30".into(),
            phone: "0371-12345678".into(),
            ..OfficeDetails::default()
        };
        let extra = ExtraContacts {
            office_name: "某镇党政办公室".into(),
            fax: "0371-12345679".into(),
            internet: "https://example.gov.cn".into(),
        };
        let g = guide(
            &agency(AgencyKind::Township, office),
            &Catalog::new(AgencyKind::Township, vec![]).unwrap(),
            &IndexPattern::new(crate::index::DEFAULT_PATTERN).unwrap(),
            &extra,
        );
        assert!(g.gaps.is_empty(), "{:?}", g.gaps);
        assert_eq!(g.title, "某县某镇人民政府政府信息公开指南");
        assert_eq!(g.sections[0].lines.len(), 15 + 8, "the township's catalog");
        assert!(g.sections[0].lines.iter().any(|l| l.label.as_deref() == Some("19．宅基地使用情况审核")));
        assert!(g.sections[1].lines[0].text.contains("{agency_code}/{year}-{seq:05}"));
        assert_eq!(g.sections[3].lines[0].text, "某镇党政办公室");
    }

    #[test]
    fn missing_contacts_are_gaps_not_silence() {
        let g = guide(
            &agency(AgencyKind::Government, OfficeDetails::default()),
            &Catalog::new(AgencyKind::Government, vec![]).unwrap(),
            &IndexPattern::new("{seq}").unwrap(),
            &ExtraContacts::default(),
        );
        assert_eq!(g.gaps, ["办公地址", "办公时间", "联系电话", "传真号码", "互联网联系方式"]);
        assert_eq!(g.sections[3].lines[0].text, "某县某镇人民政府");
        assert!(g.sections[3].lines[1..].iter().all(|l| l.text == NOT_GIVEN));
    }
}
