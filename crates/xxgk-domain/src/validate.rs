//! Validation of user input: names, usernames, passwords, free text. Errors
//! name the offending field and carry a Chinese message for the UI.

use thiserror::Error;

/// A rejected input: which field, and why (Chinese, shown to the user).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{field}: {message}")]
pub struct ValidationError {
    pub field: &'static str,
    pub message: String,
}

impl ValidationError {
    pub fn new(field: &'static str, message: impl Into<String>) -> Self {
        Self { field, message: message.into() }
    }
}

/// Minimum password length (characters).
pub const PASSWORD_MIN_CHARS: usize = 12;
/// Maximum password length (characters), to bound hashing cost.
pub const PASSWORD_MAX_CHARS: usize = 256;

fn has_control(s: &str) -> bool {
    s.chars().any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
}

/// A required single-line text field: trimmed, non-empty, at most `max` chars.
pub fn check_required_text(field: &'static str, value: &str, max: usize) -> Result<String, ValidationError> {
    let v = value.trim();
    if v.is_empty() {
        return Err(ValidationError::new(field, "不能为空"));
    }
    check_optional_text(field, v, max)
}

/// An optional text field: trimmed, at most `max` chars, no control characters.
pub fn check_optional_text(field: &'static str, value: &str, max: usize) -> Result<String, ValidationError> {
    let v = value.trim();
    if v.chars().count() > max {
        return Err(ValidationError::new(field, format!("不能超过 {max} 个字符")));
    }
    if has_control(v) {
        return Err(ValidationError::new(field, "含有不允许的控制字符"));
    }
    Ok(v.to_string())
}

/// A username: 3–32 chars of `a-z 0-9 . _ -`, starting with a letter or digit.
/// Returned lower-cased.
pub fn check_username(value: &str) -> Result<String, ValidationError> {
    let v = value.trim().to_ascii_lowercase();
    let n = v.chars().count();
    if !(3..=32).contains(&n) {
        return Err(ValidationError::new("username", "用户名长度须为 3–32 个字符"));
    }
    if !v.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-')) {
        return Err(ValidationError::new("username", "用户名只能包含小写字母、数字和 . _ -"));
    }
    if !v.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        return Err(ValidationError::new("username", "用户名须以字母或数字开头"));
    }
    Ok(v)
}

/// A password: 12–256 characters, not all the same character, and not the
/// username.
pub fn check_password(password: &str, username: &str) -> Result<(), ValidationError> {
    let n = password.chars().count();
    if n < PASSWORD_MIN_CHARS {
        return Err(ValidationError::new("password", format!("密码至少需要 {PASSWORD_MIN_CHARS} 个字符")));
    }
    if n > PASSWORD_MAX_CHARS {
        return Err(ValidationError::new("password", format!("密码不能超过 {PASSWORD_MAX_CHARS} 个字符")));
    }
    let mut chars = password.chars();
    let first = chars.next();
    if chars.all(|c| Some(c) == first) {
        return Err(ValidationError::new("password", "密码不能由同一个字符重复组成"));
    }
    if password.eq_ignore_ascii_case(username) {
        return Err(ValidationError::new("password", "密码不能与用户名相同"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames() {
        assert_eq!(check_username(" Admin.1 ").as_deref(), Ok("admin.1"));
        assert!(check_username("ab").is_err());
        assert!(check_username("_abc").is_err());
        assert!(check_username("张三丰").is_err());
        assert!(check_username("a b c").is_err());
    }

    #[test]
    fn passwords() {
        assert!(check_password("short", "u").is_err());
        assert!(check_password("aaaaaaaaaaaaaaaa", "u").is_err());
        assert!(check_password("averylongusername", "averylongusername").is_err());
        assert!(check_password("correct horse battery", "u").is_ok());
    }

    #[test]
    fn text() {
        assert_eq!(check_required_text("name", "", 10).map_err(|e| e.field), Err("name"));
        assert!(check_optional_text("x", "a\u{0}b", 10).is_err());
        assert!(check_optional_text("x", "一二三四五六", 5).is_err());
        assert_eq!(check_optional_text("x", " ok ", 5).as_deref(), Ok("ok"));
    }
}
