//! poppler-utils as the oracle of the PDF tests: `pdftotext` for the text a
//! reader sees, `pdffonts` for how the fonts are stored. A missing tool
//! fails the test (install `poppler-utils`); it never skips it.
#![allow(dead_code)]

use std::io::Write as _;
use std::process::Command;

fn run(tool: &str, args: &[&str], pdf: &[u8]) -> String {
    let mut file = tempfile::Builder::new().suffix(".pdf").tempfile().expect("temp file");
    file.write_all(pdf).expect("write PDF");
    let output = Command::new(tool)
        .args(args)
        .arg(file.path())
        .args(if tool == "pdftotext" { &["-"][..] } else { &[][..] })
        .output()
        .unwrap_or_else(|e| panic!("{tool} is needed by this test (apt-get install poppler-utils): {e}"));
    assert!(output.status.success(), "{tool} failed: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

/// `pdftotext -layout`: the text laid out as on the page.
pub fn layout_text(pdf: &[u8]) -> String {
    run("pdftotext", &["-layout"], pdf)
}

/// `pdftotext -raw`: the text in content-stream order (a cell's lines together).
pub fn raw_text(pdf: &[u8]) -> String {
    run("pdftotext", &["-raw"], pdf)
}

/// The fonts `pdffonts` lists: `(name, embedded)`.
pub fn fonts(pdf: &[u8]) -> Vec<(String, bool)> {
    let listing = run("pdffonts", &[], pdf);
    // name  type  encoding  emb sub uni  object ID — the name is the first
    // column; emb/sub/uni are the three yes/no columns before the object id.
    listing
        .lines()
        .skip(2)
        .filter_map(|line| {
            let cols: Vec<&str> = line.split_whitespace().collect();
            let n = cols.len();
            (n >= 6).then(|| (cols[0].to_string(), cols[n - 5] == "yes"))
        })
        .collect()
}

/// The text without any whitespace, so that wrapped cell text reads whole.
pub fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}
