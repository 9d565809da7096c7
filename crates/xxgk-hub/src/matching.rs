//! Matching an uploaded report to an agency by the name the document prints.
//! Sure only when exactly one agency's full name matches; anything else goes
//! to a confirmation step, never a guess.

/// The outcome of matching a document's agency name against known agencies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AgencyMatch<Id> {
    /// Exactly one agency has this full name.
    Sure(Id),
    /// Candidates whose names contain, or are contained in, the printed name
    /// (best first); the user confirms.
    Unsure(Vec<Id>),
    /// The document names no agency, or none is similar.
    None,
}

fn normalise(name: &str) -> String {
    name.chars().filter(|c| !c.is_whitespace() && !matches!(c, '（' | '）' | '(' | ')')).collect()
}

/// Matches `printed` against `(id, name)` pairs.
pub fn match_agency<Id: Clone>(printed: Option<&str>, agencies: &[(Id, String)]) -> AgencyMatch<Id> {
    let Some(printed) = printed.map(normalise).filter(|p| !p.is_empty()) else {
        return AgencyMatch::None;
    };
    let exact: Vec<&Id> = agencies.iter().filter(|(_, name)| normalise(name) == printed).map(|(id, _)| id).collect();
    if let [one] = exact.as_slice() {
        return AgencyMatch::Sure((*one).clone());
    }
    // Partial names: 「平型关镇」 for 「繁峙县平型关镇人民政府」 and the reverse.
    let mut partial: Vec<(usize, &Id)> = agencies
        .iter()
        .filter_map(|(id, name)| {
            let name = normalise(name);
            let overlap = if name.contains(&printed) {
                printed.chars().count()
            } else if printed.contains(&name) {
                name.chars().count()
            } else {
                return None;
            };
            (overlap >= 2).then_some((overlap, id))
        })
        .collect();
    partial.sort_by_key(|p| std::cmp::Reverse(p.0));
    if partial.is_empty() {
        AgencyMatch::None
    } else {
        AgencyMatch::Unsure(partial.into_iter().map(|(_, id)| id.clone()).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn agencies() -> Vec<(u32, String)> {
        vec![
            (1, "示范县人民政府".into()),
            (2, "示范县教育局".into()),
            (3, "示范县城关镇人民政府".into()),
            (4, "示范县城关镇人民政府".into()),
        ]
    }

    #[test]
    fn exact_names_are_sure() {
        assert_eq!(match_agency(Some("示范县 教育局"), &agencies()), AgencyMatch::Sure(2));
    }

    #[test]
    fn duplicates_and_partials_need_confirmation() {
        assert_eq!(match_agency(Some("示范县城关镇人民政府"), &agencies()), AgencyMatch::Unsure(vec![3, 4]));
        assert_eq!(match_agency(Some("教育局"), &agencies()), AgencyMatch::Unsure(vec![2]));
        assert_eq!(match_agency(Some("外省某局"), &agencies()), AgencyMatch::None);
        assert_eq!(match_agency(None, &agencies()), AgencyMatch::None);
    }
}
