//! The 信息处理费 (`fees.md`; 国办函〔2020〕109号): 按件 per applicant per
//! natural month in order of receipt, 按量 per application by pages, both
//! excess-progressive, in whole yuan (exact integers, never floats). Charging
//! is a decision with a reason and an approver, never automatic, and one
//! application is charged by one method only.

use std::collections::HashMap;

use rust_decimal::Decimal;
use time::{Date, Month};

/// The two methods of 第三条.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FeeMethod {
    /// 按件计收 (第四条).
    Pieces,
    /// 按量计收 (第五条).
    Pages,
}

impl FeeMethod {
    /// `pieces` / `pages`, as the CLI's JSON writes it.
    pub fn name(self) -> &'static str {
        match self {
            FeeMethod::Pieces => "pieces",
            FeeMethod::Pages => "pages",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            FeeMethod::Pieces => "按件计收",
            FeeMethod::Pages => "按量计收",
        }
    }

    /// The unit counted: 件 or 页.
    pub fn unit(self) -> &'static str {
        match self {
            FeeMethod::Pieces => "件",
            FeeMethod::Pages => "页",
        }
    }
}

/// The largest count the tariff computes (a month of 100 000 applications
/// from one applicant, or 10^9 pages, is far beyond any real case).
pub const MAX_PIECES: u64 = 100_000;
pub const MAX_PAGES: u64 = 1_000_000_000;

/// Units `from..=to` charged at `rate_yuan` each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Band {
    pub from: u64,
    pub to: u64,
    pub rate_yuan: u64,
}

impl Band {
    pub fn units(&self) -> u64 {
        self.to - self.from + 1
    }

    pub fn subtotal_yuan(&self) -> u64 {
        self.units() * self.rate_yuan
    }
}

/// A fee and the bands that make it up (free bands included).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeeBreakdown {
    pub method: FeeMethod,
    pub units: u64,
    pub bands: Vec<Band>,
}

impl FeeBreakdown {
    pub fn total_yuan(&self) -> u64 {
        self.bands.iter().map(Band::subtotal_yuan).sum()
    }

    /// The amount in 万元, as table 二's 本年收费金额 counts it.
    pub fn total_10k_yuan(&self) -> Decimal {
        Decimal::from(self.total_yuan()) / Decimal::from(10_000)
    }
}

/// A count the tariff does not compute.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FeeError {
    #[error("{method}的数量 {units} 超出可计算的范围（上限 {max}）")]
    TooMany { method: &'static str, units: u64, max: u64 },
    #[error("收费须写明理由（第四十二条：申请数量、频次明显超过合理范围的才可收费）")]
    MissingReason,
    #[error("收费须经审批，请填写审批人")]
    MissingApprover,
    #[error("按上述数量计算应收金额为 0（在免费范围内），不能发出收费通知")]
    NothingToCharge,
    #[error("按件计收的起始序号应从 1 开始，件数至少为 1")]
    BadOrdinal,
}

/// 按件: the rate of the n-th 件 of the month (`fees.md` §4).
pub fn piece_rate(n: u64) -> u64 {
    match n {
        0..=10 => 0,
        11..=30 => 100,
        _ => 100 * (1 + (n - 30).div_ceil(10)),
    }
}

/// 按件: the 件 `first..=last` of one applicant's month, in bands.
pub fn pieces_range(first: u64, last: u64) -> Result<FeeBreakdown, FeeError> {
    if first == 0 || last < first {
        return Err(FeeError::BadOrdinal);
    }
    if last > MAX_PIECES {
        return Err(FeeError::TooMany { method: FeeMethod::Pieces.label(), units: last, max: MAX_PIECES });
    }
    let mut bands: Vec<Band> = Vec::new();
    for n in first..=last {
        let rate = piece_rate(n);
        match bands.last_mut() {
            Some(band) if band.rate_yuan == rate => band.to = n,
            _ => bands.push(Band { from: n, to: n, rate_yuan: rate }),
        }
    }
    Ok(FeeBreakdown { method: FeeMethod::Pieces, units: last - first + 1, bands })
}

/// 按件: the total for the first `n` 件 of a month (`xxgk fee pieces N`).
pub fn pieces(n: u64) -> Result<FeeBreakdown, FeeError> {
    if n == 0 {
        return Ok(FeeBreakdown { method: FeeMethod::Pieces, units: 0, bands: Vec::new() });
    }
    pieces_range(1, n)
}

/// 按量: pages 1–30 free, 31–100 at 10, 101–200 at 20, 201+ at 40 元 (`fees.md` §5).
pub const PAGE_BANDS: [(u64, u64); 4] = [(1, 0), (31, 10), (101, 20), (201, 40)];

/// 按量: the fee for one application of `p` pages (`xxgk fee pages P`).
pub fn pages(p: u64) -> Result<FeeBreakdown, FeeError> {
    if p > MAX_PAGES {
        return Err(FeeError::TooMany { method: FeeMethod::Pages.label(), units: p, max: MAX_PAGES });
    }
    let mut bands = Vec::new();
    for (i, &(from, rate_yuan)) in PAGE_BANDS.iter().enumerate() {
        let band_end = PAGE_BANDS.get(i + 1).map_or(u64::MAX, |&(next, _)| next - 1);
        if p >= from {
            bands.push(Band { from, to: p.min(band_end), rate_yuan });
        }
    }
    Ok(FeeBreakdown { method: FeeMethod::Pages, units: p, bands })
}

/// The position of each application in its applicant's month (`fees.md` §4):
/// applications are given in order of receipt as (applicant identity, day of
/// receipt, 件 after 一事一申请 splitting); the result is, for each, the
/// range of its 件 in that applicant's month. Ties keep the input order.
pub fn month_ordinals<'a>(applications: impl IntoIterator<Item = (&'a str, Date, u64)>) -> Vec<(u64, u64)> {
    let mut counters: HashMap<(&'a str, i32, Month), u64> = HashMap::new();
    applications
        .into_iter()
        .map(|(who, on, pieces)| {
            let count = counters.entry((who, on.year(), on.month())).or_insert(0);
            let first = *count + 1;
            *count += pieces.max(1);
            (first, *count)
        })
        .collect()
}

/// The decision to charge one application: method and amount, with the
/// reason and the approver the 办法 expects (charging is discretionary).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeeDecision {
    pub breakdown: FeeBreakdown,
    pub reason: String,
    pub approver: String,
}

impl FeeDecision {
    /// Refuses a decision without reason or approver, or with nothing to charge.
    pub fn new(breakdown: FeeBreakdown, reason: &str, approver: &str) -> Result<FeeDecision, FeeError> {
        if reason.trim().is_empty() {
            return Err(FeeError::MissingReason);
        }
        if approver.trim().is_empty() {
            return Err(FeeError::MissingApprover);
        }
        if breakdown.total_yuan() == 0 {
            return Err(FeeError::NothingToCharge);
        }
        Ok(FeeDecision { breakdown, reason: reason.trim().into(), approver: approver.trim().into() })
    }

    pub fn amount_yuan(&self) -> u64 {
        self.breakdown.total_yuan()
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use time::macros::date;

    use super::*;

    #[test]
    fn example_1_per_piece_march() {
        let fee = pieces(45).unwrap();
        assert_eq!(fee.total_yuan(), 5_500);
        let bands: Vec<(u64, u64, u64, u64)> =
            fee.bands.iter().map(|b| (b.from, b.to, b.rate_yuan, b.subtotal_yuan())).collect();
        assert_eq!(bands, [(1, 10, 0, 0), (11, 30, 100, 2_000), (31, 40, 200, 2_000), (41, 45, 300, 1_500)]);
        assert_eq!(piece_rate(35), 200);
        assert_eq!(piece_rate(41), 300);
        for (n, total) in [(30, 2_000), (31, 2_200), (40, 4_000), (41, 4_300), (50, 7_000), (51, 7_400), (60, 11_000)] {
            assert_eq!(pieces(n).unwrap().total_yuan(), total, "{n} 件");
        }
        assert_eq!(pieces(10).unwrap().total_yuan(), 0);
        assert_eq!(pieces(0).unwrap().total_yuan(), 0);
    }

    #[test]
    fn example_2_per_page() {
        let fee = pages(2_219).unwrap();
        assert_eq!(fee.total_yuan(), 83_460);
        let subtotals: Vec<u64> = fee.bands.iter().map(Band::subtotal_yuan).collect();
        assert_eq!(subtotals, [0, 700, 2_000, 80_760]);
        for (p, total) in [(150, 1_700), (200, 2_700), (201, 2_740), (30, 0), (0, 0), (31, 10)] {
            assert_eq!(pages(p).unwrap().total_yuan(), total, "{p} 页");
        }
        assert_eq!(fee.total_10k_yuan(), Decimal::new(8346, 3));
    }

    #[test]
    fn counts_beyond_the_range_are_errors() {
        assert!(matches!(pieces(MAX_PIECES + 1), Err(FeeError::TooMany { .. })));
        assert!(matches!(pages(MAX_PAGES + 1), Err(FeeError::TooMany { .. })));
        assert_eq!(pieces_range(0, 3), Err(FeeError::BadOrdinal));
        assert_eq!(pieces_range(5, 4), Err(FeeError::BadOrdinal));
    }

    #[test]
    fn the_count_is_per_applicant_per_month_in_order_of_receipt() {
        let mut apps = vec![("A", date!(2024 - 03 - 01), 10), ("B", date!(2024 - 03 - 02), 1)];
        apps.push(("A", date!(2024 - 03 - 05), 2));
        apps.push(("A", date!(2024 - 04 - 01), 1));
        let ordinals = month_ordinals(apps);
        assert_eq!(ordinals, [(1, 10), (1, 1), (11, 12), (1, 1)]);
        // The third application (件 11–12) costs 2 × 100 元; April starts afresh.
        assert_eq!(pieces_range(11, 12).unwrap().total_yuan(), 200);
    }

    #[test]
    fn charging_needs_a_reason_an_approver_and_an_amount() {
        let fee = pages(150).unwrap();
        assert_eq!(FeeDecision::new(fee.clone(), " ", "李四"), Err(FeeError::MissingReason));
        assert_eq!(FeeDecision::new(fee.clone(), "申请数量明显超过合理范围", ""), Err(FeeError::MissingApprover));
        assert_eq!(FeeDecision::new(pages(30).unwrap(), "理由", "李四"), Err(FeeError::NothingToCharge));
        assert_eq!(FeeDecision::new(fee, "申请数量明显超过合理范围", "李四").unwrap().amount_yuan(), 1_700);
    }

    proptest! {
        /// Each applicant's month counts 1, 2, 3 … in order of receipt,
        /// whatever the other applicants do.
        #[test]
        fn month_ordinals_are_consecutive_per_applicant_and_month(
            apps in proptest::collection::vec((0usize..3, 0i64..90, 1u64..4), 0..60),
        ) {
            let who = ["A", "B", "C"];
            let mut apps: Vec<(&str, Date, u64)> =
                apps.into_iter().map(|(w, d, n)| (who[w], date!(2024 - 01 - 01) + time::Duration::days(d), n)).collect();
            apps.sort_by_key(|a| a.1);
            let ordinals = month_ordinals(apps.iter().copied());
            let mut next: HashMap<(&str, i32, Month), u64> = HashMap::new();
            for ((who, on, n), (first, last)) in apps.iter().zip(&ordinals) {
                let expected = next.entry((*who, on.year(), on.month())).or_insert(1);
                prop_assert_eq!(*first, *expected);
                prop_assert_eq!(*last, *first + n - 1);
                *expected = last + 1;
            }
        }

        /// The bands are the formulas of fees.md: the 按量 closed form, and
        /// 按件 as the sum of each 件's own rate.
        #[test]
        fn bands_match_the_formulas(p in 0u64..5_000, n in 0u64..400) {
            let clamp = |x: i64, lo: i64, hi: i64| x.clamp(lo, hi) as u64;
            let p_i = p as i64;
            let closed = 10 * clamp(p_i - 30, 0, 70) + 20 * clamp(p_i - 100, 0, 100) + 40 * clamp(p_i - 200, 0, i64::MAX);
            prop_assert_eq!(pages(p).unwrap().total_yuan(), closed);
            let by_rate: u64 = (1..=n).map(piece_rate).sum();
            prop_assert_eq!(pieces(n).unwrap().total_yuan(), by_rate);
            let units: u64 = pieces(n).unwrap().bands.iter().map(Band::units).sum();
            prop_assert_eq!(units, n);
        }
    }
}
