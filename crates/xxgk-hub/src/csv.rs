//! CSV export of the supervisor dashboard (RFC 4180 quoting, UTF-8 with a
//! BOM so that spreadsheet programs open Chinese text correctly).

/// Quotes one field when it holds a comma, quote or line break.
pub fn field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) { format!("\"{}\"", text.replace('"', "\"\"")) } else { text.to_string() }
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
}
