//! The 政府信息公开目录's categories (目录分类): the fifteen 第二十条 items
//! every organ publishes, the 第二十一条 items for 设区的市级/县级 governments
//! and their departments or for 乡（镇）人民政府, and the agency's own
//! extensions (第二十二条). Each built-in item's label and article is written
//! once, here.

use xxgk_domain::{AgencyKind, Named, ValidationError};

named_enum! {
    /// A category the statute names.
    pub enum StatutoryItem: "目录分类" {
        Rules = "rules", "行政法规、规章和规范性文件";
        Organisation = "organisation", "机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名";
        Plans = "plans", "国民经济和社会发展规划、专项规划、区域规划及相关政策";
        Statistics = "statistics", "国民经济和社会发展统计信息";
        Licensing = "licensing", "办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果";
        Enforcement = "enforcement", "实施行政处罚、行政强制的依据、条件、程序以及本行政机关认为具有一定社会影响的行政处罚决定";
        Budget = "budget", "财政预算、决算信息";
        Fees = "fees", "行政事业性收费项目及其依据、标准";
        Procurement = "procurement", "政府集中采购项目的目录、标准及实施情况";
        MajorProjects = "major_projects", "重大建设项目的批准和实施情况";
        SocialPolicy = "social_policy", "扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况";
        Emergencies = "emergencies", "突发公共事件的应急预案、预警信息及应对情况";
        Inspections = "inspections", "环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况";
        CivilService = "civil_service", "公务员招考的职位、名额、报考条件等事项以及录用结果";
        OtherStatutory = "other_statutory", "法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息";
        MunicipalConstruction = "municipal_construction", "市政建设";
        PublicServices = "public_services", "公共服务";
        PublicWelfare = "public_welfare", "公益事业";
        PublicOrder = "public_order", "治安管理";
        AgriculturalPolicy = "agricultural_policy", "贯彻落实农业农村政策";
        IrrigationWorks = "irrigation_works", "农田水利工程建设运营";
        LandContractTransfer = "land_contract_transfer", "农村土地承包经营权流转";
        HomesteadReview = "homestead_review", "宅基地使用情况审核";
        VillageContributions = "village_contributions", "筹资筹劳";
        LandExpropriation = "land_expropriation", "土地征收";
        HousingExpropriation = "housing_expropriation", "房屋征收";
        SocialAssistance = "social_assistance", "社会救助";
    }
}

/// 第二十一条's list for 设区的市级、县级人民政府及其部门, in statute order.
const ARTICLE_21_CITY_COUNTY: [StatutoryItem; 7] = [
    StatutoryItem::MunicipalConstruction,
    StatutoryItem::PublicServices,
    StatutoryItem::PublicWelfare,
    StatutoryItem::LandExpropriation,
    StatutoryItem::HousingExpropriation,
    StatutoryItem::PublicOrder,
    StatutoryItem::SocialAssistance,
];

/// 第二十一条's list for 乡（镇）人民政府, in statute order.
const ARTICLE_21_TOWNSHIP: [StatutoryItem; 8] = [
    StatutoryItem::AgriculturalPolicy,
    StatutoryItem::IrrigationWorks,
    StatutoryItem::LandContractTransfer,
    StatutoryItem::HomesteadReview,
    StatutoryItem::LandExpropriation,
    StatutoryItem::HousingExpropriation,
    StatutoryItem::VillageContributions,
    StatutoryItem::SocialAssistance,
];

/// The 第二十一条 items an agency of `kind` lists. The first list names
/// 设区的市级、县级 governments and their departments; xxgk does not know an
/// agency's level, so every government and department gets it
/// ("根据本地方的具体情况" — an item may stay empty; our decision).
pub fn article_21_items(kind: AgencyKind) -> &'static [StatutoryItem] {
    match kind {
        AgencyKind::Government | AgencyKind::Department => &ARTICLE_21_CITY_COUNTY,
        AgencyKind::Township => &ARTICLE_21_TOWNSHIP,
        AgencyKind::Other => &[],
    }
}

const CN_NUMERALS: [&str; 15] =
    ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四", "十五"];

impl StatutoryItem {
    /// The 第二十条 item number (1–15, the first fifteen values), or `None`
    /// for a 第二十一条 item.
    pub fn article_20_item(self) -> Option<usize> {
        Self::ALL.iter().position(|i| *i == self).filter(|p| *p < 15).map(|p| p + 1)
    }

    /// The article as printed: `第二十条第（一）项` or `第二十一条`.
    pub fn article(self) -> String {
        match self.article_20_item() {
            Some(n) => format!("第二十条第（{}）项", CN_NUMERALS[n - 1]),
            None => "第二十一条".to_string(),
        }
    }

    /// Whether an agency of `kind` lists this item.
    pub fn fits(self, kind: AgencyKind) -> bool {
        self.article_20_item().is_some() || article_21_items(kind).contains(&self)
    }
}

/// A category an agency adds to its catalog (第二十二条).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnCategory {
    /// Machine name: 1–40 of `a-z 0-9 _ -`, not a built-in name.
    pub code: String,
    pub label: String,
}

/// A category of an agency's catalog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CatalogEntry {
    Statutory(StatutoryItem),
    Own(OwnCategory),
}

impl CatalogEntry {
    pub fn name(&self) -> &str {
        match self {
            CatalogEntry::Statutory(i) => i.name(),
            CatalogEntry::Own(o) => &o.code,
        }
    }

    pub fn label(&self) -> &str {
        match self {
            CatalogEntry::Statutory(i) => i.label(),
            CatalogEntry::Own(o) => &o.label,
        }
    }

    /// The legal basis printed beside the category.
    pub fn basis(&self) -> String {
        match self {
            CatalogEntry::Statutory(i) => i.article(),
            CatalogEntry::Own(_) => "第二十二条（本机关确定）".to_string(),
        }
    }
}

/// An agency's catalog: the built-in items that fit its kind, then its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Catalog {
    kind: AgencyKind,
    own: Vec<OwnCategory>,
}

impl Catalog {
    /// Checks the agency's own categories (field `own_categories`): codes
    /// well-formed, unique, not shadowing a built-in item; labels unique.
    pub fn new(kind: AgencyKind, own: Vec<OwnCategory>) -> Result<Self, ValidationError> {
        let field = "own_categories";
        let mut checked: Vec<OwnCategory> = Vec::with_capacity(own.len());
        for (i, c) in own.into_iter().enumerate() {
            let at = format!("第 {} 个自定义分类", i + 1);
            let code = c.code.trim().to_string();
            let label = c.label.trim().to_string();
            let code_ok = (1..=40).contains(&code.len())
                && code.chars().all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '_' || ch == '-');
            if !code_ok {
                return Err(ValidationError::new(field, format!("{at}：代码须为 1–40 个小写字母、数字、_ 或 -")));
            }
            if StatutoryItem::from_name(&code).is_ok() {
                return Err(ValidationError::new(field, format!("{at}：代码“{code}”与法定目录分类重名")));
            }
            if label.is_empty() || label.chars().count() > 50 {
                return Err(ValidationError::new(field, format!("{at}：名称须为 1–50 个字符")));
            }
            if checked.iter().any(|o| o.code == code || o.label == label) {
                return Err(ValidationError::new(field, format!("{at}：代码或名称“{label}”重复")));
            }
            checked.push(OwnCategory { code, label });
        }
        Ok(Self { kind, own: checked })
    }

    pub fn agency_kind(&self) -> AgencyKind {
        self.kind
    }

    /// Every category, built-in items first in statute order.
    pub fn entries(&self) -> Vec<CatalogEntry> {
        StatutoryItem::ALL[..15]
            .iter()
            .chain(article_21_items(self.kind))
            .map(|i| CatalogEntry::Statutory(*i))
            .chain(self.own.iter().cloned().map(CatalogEntry::Own))
            .collect()
    }

    /// The category with this machine name (field `catalog`); a 第二十一条
    /// item that does not fit the agency's kind is refused with the reason.
    pub fn resolve(&self, name: &str) -> Result<CatalogEntry, ValidationError> {
        let field = "catalog";
        if let Ok(item) = StatutoryItem::from_name(name) {
            if item.fits(self.kind) {
                return Ok(CatalogEntry::Statutory(item));
            }
            return Err(ValidationError::new(
                field,
                format!("“{}”（{}）不适用于{}", item.label(), item.article(), self.kind.label()),
            ));
        }
        self.own
            .iter()
            .find(|o| o.code == name)
            .map(|o| CatalogEntry::Own(o.clone()))
            .ok_or_else(|| ValidationError::new(field, format!("本机关目录中没有分类“{name}”")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn articles_are_numbered_in_statute_order() {
        assert_eq!(StatutoryItem::Rules.article(), "第二十条第（一）项");
        assert_eq!(StatutoryItem::Procurement.article(), "第二十条第（九）项");
        assert_eq!(StatutoryItem::OtherStatutory.article(), "第二十条第（十五）项");
        assert_eq!(StatutoryItem::HomesteadReview.article(), "第二十一条");
        assert_eq!(StatutoryItem::ALL.iter().filter(|i| i.article_20_item().is_some()).count(), 15);
    }

    #[test]
    fn kinds_get_their_article_21_items() {
        let county = Catalog::new(AgencyKind::Government, vec![]).unwrap();
        let township = Catalog::new(AgencyKind::Township, vec![]).unwrap();
        let other = Catalog::new(AgencyKind::Other, vec![]).unwrap();
        assert_eq!(county.entries().len(), 15 + 7);
        assert_eq!(township.entries().len(), 15 + 8);
        assert_eq!(other.entries().len(), 15);
        assert!(county.resolve("public_order").is_ok());
        let err = township.resolve("public_order").unwrap_err();
        assert_eq!(err.field, "catalog");
        assert!(err.message.contains("不适用于乡镇"), "{err}");
        assert!(township.resolve("homestead_review").is_ok());
        assert!(county.resolve("homestead_review").is_err());
        assert!(township.resolve("social_assistance").is_ok() && county.resolve("social_assistance").is_ok());
        let labels =
            |c: &Catalog| c.entries()[15..].iter().map(|e| e.label().to_string()).collect::<Vec<_>>().join("、");
        assert_eq!(labels(&county), "市政建设、公共服务、公益事业、土地征收、房屋征收、治安管理、社会救助");
        assert_eq!(
            labels(&township),
            "贯彻落实农业农村政策、农田水利工程建设运营、农村土地承包经营权流转、宅基地使用情况审核、土地征收、房屋征收、筹资筹劳、社会救助"
        );
    }

    #[test]
    fn own_categories_extend_and_are_checked() {
        let own = |code: &str, label: &str| OwnCategory { code: code.into(), label: label.into() };
        let c = Catalog::new(AgencyKind::Department, vec![own("river_chief", "河长制")]).unwrap();
        assert_eq!(c.resolve("river_chief").unwrap().label(), "河长制");
        assert_eq!(c.entries().last().unwrap().basis(), "第二十二条（本机关确定）");
        assert!(c.resolve("nothing").unwrap_err().message.contains("nothing"));
        for bad in [
            vec![own("River", "河长制")],
            vec![own("budget", "预算")],
            vec![own("a", "")],
            vec![own("a", "甲"), own("b", "甲")],
        ] {
            assert_eq!(Catalog::new(AgencyKind::Department, bad).unwrap_err().field, "own_categories");
        }
    }
}
