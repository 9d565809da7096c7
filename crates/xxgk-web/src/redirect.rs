//! Redirect targets: the one rule every `next` parameter goes through
//! (sign-in form, `/prefs/font?next=`, the sign-in redirect). Only a path of
//! this site is accepted; anything a browser could read as another origin
//! (`//host`, `/\host`, a scheme, a tab or newline a browser drops, the same
//! tricks percent-encoded) is replaced by a safe default.

/// Longest target kept; longer ones fall back to the default.
const MAX_TARGET: usize = 2048;

/// `next` if it is a same-site path, else `default`.
pub fn same_site_path(next: &str, default: &str) -> String {
    if is_same_site_path(next) { next.to_string() } else { default.to_string() }
}

/// Whether `target`, and every percent-decoding of it, is a plain path of
/// this site: it begins with one `/` (not `//` or `/\`), carries no control
/// character, whitespace or backslash, and does not lead back to sign-in.
pub fn is_same_site_path(target: &str) -> bool {
    if target.len() > MAX_TARGET {
        return false;
    }
    let mut layer = target.to_string();
    // Decoded until stable (bounded), so double encodings are seen too.
    if layer.contains(' ') {
        return false;
    }
    for _ in 0..4 {
        if !plain_path(&layer) {
            return false;
        }
        match percent_decode(&layer) {
            Some(decoded) if decoded == layer => return true,
            Some(decoded) => layer = decoded,
            None => return false,
        }
    }
    false
}

/// One layer of the rule, on text as a browser would read it (a decoded
/// `%20` is an ordinary space in a path; a raw one is refused above).
fn plain_path(path: &str) -> bool {
    let mut chars = path.chars();
    chars.next() == Some('/')
        && !matches!(chars.next(), Some('/' | '\\'))
        && !path.chars().any(|c| c.is_control() || (c.is_whitespace() && c != ' ') || c == '\\')
        && !path.starts_with("/admin/login")
}

/// Decodes `%XX` escapes; `None` if the result is not UTF-8. A `%` not
/// followed by two hex digits stays as it is.
fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && let (Some(h), Some(l)) = (bytes.get(i + 1).and_then(|b| hex(*b)), bytes.get(i + 2).and_then(|b| hex(*b)))
        {
            out.push((h * 16 + l) as u8);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_site_paths_pass() {
        for ok in ["/", "/admin", "/admin/hub?year=2024&x=%E4%B8%AD", "/portal/a%20b", "/reports/1#top", "/a/b%25c"] {
            assert!(is_same_site_path(ok), "{ok}");
            assert_eq!(same_site_path(ok, "/"), ok);
        }
    }

    #[test]
    fn attack_strings_fall_back() {
        let attacks = [
            "",
            "evil.com",
            "https://evil.com",
            "javascript:alert(1)",
            "//evil.com",
            "/\\evil.com",
            "\\\\evil.com",
            "/\t/evil.com",
            "/%09/evil.com",
            "/%0d%0aSet-Cookie:x=1",
            "/\r\nSet-Cookie: x=1",
            "/\n/evil.com",
            "/%2F/evil.com",
            "/%2f%2fevil.com",
            "/%5Cevil.com",
            "/%5cevil.com",
            "/%252F/evil.com",
            "/%25252f/evil.com",
            "/ /evil.com",
            "/\u{7f}/evil.com",
            "/\u{85}/evil.com",
            "/\u{2028}/evil.com",
            "/%ff",
            "/admin/login?next=//evil.com",
            "/admin/login",
        ];
        for bad in attacks {
            assert!(!is_same_site_path(bad), "{bad:?}");
            assert_eq!(same_site_path(bad, "/admin"), "/admin", "{bad:?}");
        }
        assert!(!is_same_site_path(&format!("/{}", "a".repeat(MAX_TARGET))));
    }

    proptest::proptest! {
        /// Whatever comes in, what goes out is a path that starts with
        /// exactly one slash and carries nothing a browser would drop.
        #[test]
        fn output_is_always_a_plain_path(s in "\\PC{0,40}|[/\\\\%0-9a-fA-F\t\r\n:.]{0,20}") {
            let out = same_site_path(&s, "/");
            proptest::prop_assert!(out.starts_with('/'));
            proptest::prop_assert!(!out.starts_with("//") && !out.starts_with("/\\"));
            proptest::prop_assert!(!out.chars().any(|c| c.is_control() || c.is_whitespace() || c == '\\'));
        }
    }
}
