//! A small `multipart/form-data` reader (RFC 7578) for report uploads: the
//! whole body is in memory (bounded by [`MAX_BODY`]), parts are split on the
//! boundary and only `Content-Disposition` names and file names are read.
//! Used by the CSRF layer (to find the `csrf` part) and by the upload pages.

/// Largest accepted multipart body (several reports or one .zip).
pub const MAX_BODY: usize = 64 * 1024 * 1024;

/// One part of a form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub name: String,
    /// Present for file inputs (may be empty when no file was chosen).
    pub filename: Option<String>,
    pub data: Vec<u8>,
}

/// The boundary of a `multipart/form-data` content type, if it is one.
pub fn boundary(content_type: &str) -> Option<String> {
    let (mime, params) = content_type.split_once(';')?;
    if !mime.trim().eq_ignore_ascii_case("multipart/form-data") {
        return None;
    }
    params.split(';').find_map(|p| {
        let (k, v) = p.trim().split_once('=')?;
        k.trim().eq_ignore_ascii_case("boundary").then(|| v.trim().trim_matches('"').to_string())
    })
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    (from..=hay.len() - needle.len()).find(|&i| &hay[i..i + needle.len()] == needle)
}

/// A parameter of a `Content-Disposition` header (`name="…"`).
fn param(header: &str, key: &str) -> Option<String> {
    let mut rest = header;
    while let Some(i) = rest.find(key) {
        let before = rest[..i].chars().last();
        let after = &rest[i + key.len()..];
        if matches!(before, Some(' ' | ';')) && after.starts_with("=\"") {
            let value = &after[2..];
            let end = value.find('"')?;
            return Some(value[..end].to_string());
        }
        rest = after;
    }
    None
}

/// Splits a body into parts.
pub fn parse(body: &[u8], boundary: &str) -> Result<Vec<Part>, String> {
    if boundary.is_empty() || boundary.len() > 200 {
        return Err("无效的 multipart 边界".into());
    }
    let delim = format!("--{boundary}");
    let delim = delim.as_bytes();
    let mut parts = Vec::new();
    let mut pos = find(body, delim, 0).ok_or("表单内容不完整")? + delim.len();
    loop {
        if body[pos..].starts_with(b"--") {
            return Ok(parts);
        }
        // Skip the line break after the boundary.
        if body[pos..].starts_with(b"\r\n") {
            pos += 2;
        }
        let head_end = find(body, b"\r\n\r\n", pos).ok_or("表单内容不完整")?;
        let head = String::from_utf8_lossy(&body[pos..head_end]).into_owned();
        let data_start = head_end + 4;
        let next_delim = [b"\r\n".as_slice(), delim].concat();
        let data_end = find(body, &next_delim, data_start).ok_or("表单内容不完整")?;
        let disposition = head
            .lines()
            .find(|l| l.to_ascii_lowercase().starts_with("content-disposition:"))
            .unwrap_or_default()
            .to_string();
        if let Some(name) = param(&disposition, "name") {
            let filename = param(&disposition, "filename");
            parts.push(Part { name, filename, data: body[data_start..data_end].to_vec() });
        }
        pos = data_end + next_delim.len();
        if pos >= body.len() {
            return Ok(parts);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_fields_and_files() {
        let body = b"--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\ntok\r\n--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\nline1\r\nline2\r\n--XyZ--\r\n";
        let ct = "multipart/form-data; boundary=XyZ";
        let parts = parse(body, &boundary(ct).unwrap()).unwrap();
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].name, "csrf");
        assert_eq!(parts[0].data, b"tok");
        assert_eq!(parts[1].filename.as_deref(), Some("a.txt"));
        assert_eq!(parts[1].data, b"line1\r\nline2");
        assert!(boundary("application/x-www-form-urlencoded").is_none());
        assert!(parse(b"garbage", "XyZ").is_err());
    }
}
