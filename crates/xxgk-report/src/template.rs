//! Which national template (年报格式) a report follows.

use std::fmt;

/// The two national templates. Reports on 2019–2020 use the 2019 trial format
/// (国办公开办函〔2019〕60号); reports on 2021 and later the 2021 format
/// (国办公开办函〔2021〕30号).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Template {
    V2019,
    V2021,
}

impl Template {
    /// The value of `format` in the canonical JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Template::V2019 => "2019",
            Template::V2021 => "2021",
        }
    }

    /// Parses the JSON `format` value.
    pub fn from_json(s: &str) -> Option<Template> {
        match s {
            "2019" => Some(Template::V2019),
            "2021" => Some(Template::V2021),
            _ => None,
        }
    }

    /// The template a report on `year` must use (H-6). Years before 2019 had no
    /// national table format; they map to the 2019 template here and H-6 says so.
    pub fn for_year(year: i32) -> Template {
        if year >= 2021 { Template::V2021 } else { Template::V2019 }
    }

    /// The notice that issued the template, for rendered footers and messages.
    pub fn notice(self) -> &'static str {
        match self {
            Template::V2019 => "国办公开办函〔2019〕60号",
            Template::V2021 => "国办公开办函〔2021〕30号",
        }
    }
}

impl fmt::Display for Template {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
