//! Every CSV the product writes (today the supervisor dashboard): RFC 4180
//! quoting, UTF-8 with a BOM so that spreadsheet programs open Chinese text
//! correctly, and cells a spreadsheet would run as a formula neutralised.

/// First characters that make a spreadsheet read a cell as a formula.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A cell's text made inert: one that begins like a formula gets a leading
/// `'` (OWASP's advice), so `@SUM(1+1)*cmd|' /C calc'!A0` stays text.
pub fn neutralise(text: &str) -> String {
    if text.starts_with(FORMULA_STARTS) { format!("'{text}") } else { text.to_string() }
}

/// One field: neutralised, then quoted when it holds a comma, quote or line
/// break.
pub fn field(text: &str) -> String {
    let text = neutralise(text);
    if text.contains([',', '"', '\n', '\r']) { format!("\"{}\"", text.replace('"', "\"\"")) } else { text }
}

/// Writes a header and rows as CSV text.
pub fn write(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = String::from("\u{FEFF}");
    let line = |cells: Vec<String>| cells.join(",") + "\r\n";
    out.push_str(&line(header.iter().map(|h| field(h)).collect()));
    for row in rows {
        out.push_str(&line(row.iter().map(|c| field(c)).collect()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting() {
        assert_eq!(field("示范县教育局"), "示范县教育局");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        let csv = write(&["机关", "错误"], &[vec!["甲,乙".into(), "2".into()]]);
        assert_eq!(csv, "\u{FEFF}机关,错误\r\n\"甲,乙\",2\r\n");
    }

    #[test]
    fn formulas_are_neutralised() {
        assert_eq!(field("@SUM(1+1)*cmd|' /C calc'!A0"), "'@SUM(1+1)*cmd|' /C calc'!A0");
        assert_eq!(field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(field("+1"), "'+1");
        assert_eq!(field("-2+3"), "'-2+3");
        assert_eq!(field("\tx"), "'\tx");
        assert_eq!(field("\r=1"), "\"'\r=1\"");
        // Only the first character counts.
        assert_eq!(field("示范县=1"), "示范县=1");
        assert_eq!(field("2"), "2");
        assert_eq!(field(""), "");
    }

    proptest::proptest! {
        /// No written cell starts (after an optional opening quote) with a
        /// formula character.
        #[test]
        fn no_cell_starts_a_formula(s in "\\PC{0,12}|[=+@\t\r-][a-z0-9(),\"]{0,8}") {
            let f = field(&s);
            let cell = f.strip_prefix('"').unwrap_or(&f);
            proptest::prop_assert!(!cell.starts_with(FORMULA_STARTS));
        }
    }
}
