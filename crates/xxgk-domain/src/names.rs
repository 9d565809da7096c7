//! One way for every closed set of names (states, kinds, categories): each
//! value has a machine name (JSON, database, URLs) and a Chinese label, both
//! written once in the value's `Named` impl; parsing an unknown name is an
//! error that says which set it was meant for, never a default.

/// A closed set of named values.
pub trait Named: Copy + Eq + 'static {
    /// What the set is, in Chinese, for error messages (`案件状态`).
    const WHAT: &'static str;
    fn all() -> &'static [Self];
    /// The machine name, e.g. `awaiting_correction`.
    fn name(self) -> &'static str;
    /// The Chinese label, e.g. `待补正`.
    fn label(self) -> &'static str;

    /// The value with this machine name.
    fn from_name(name: &str) -> Result<Self, NameError> {
        Self::all().iter().copied().find(|v| v.name() == name).ok_or_else(|| NameError {
            what: Self::WHAT,
            name: name.to_string(),
            known: Self::all().iter().map(|v| v.name()).collect::<Vec<_>>().join(", "),
        })
    }
}

/// A name that is not in its set.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("未知的{what}“{name}”（可用：{known}）")]
pub struct NameError {
    pub what: &'static str,
    pub name: String,
    pub known: String,
}
