//! How an application arrived, and the 第三十一条 rule that fixes its day of
//! receipt: handed in or signed for — that day; an ordinary letter, online or
//! fax — the day the office confirmed with the applicant. An oral
//! application (第二十九条, the office fills in the form) counts as handed in.

use crate::names::Named;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Channel {
    InPerson,
    Oral,
    PostSigned,
    PostPlain,
    Online,
    Fax,
}

impl Channel {
    pub const ALL: [Channel; 6] =
        [Channel::InPerson, Channel::Oral, Channel::PostSigned, Channel::PostPlain, Channel::Online, Channel::Fax];

    /// `true` when the day of receipt is a confirmation day: until the office
    /// records it the case waits in `awaiting_confirmation` and has no clock.
    pub fn needs_confirmation(self) -> bool {
        matches!(self, Channel::PostPlain | Channel::Online | Channel::Fax)
    }

    /// What the day of receipt is for this channel, with its article.
    pub fn receipt_rule(self) -> &'static str {
        match self {
            Channel::InPerson => "当面提交之日（第三十一条第一项）",
            Channel::Oral => "口头提出、由工作机构代为填写之日，按当面提交计（第二十九条、第三十一条第一项）",
            Channel::PostSigned => "签收之日（第三十一条第二项）",
            Channel::PostPlain => "与申请人确认之日（第三十一条第二项）",
            Channel::Online | Channel::Fax => "双方确认之日（第三十一条第三项）",
        }
    }
}

impl Named for Channel {
    const WHAT: &'static str = "申请渠道";
    fn all() -> &'static [Self] {
        &Self::ALL
    }
    fn name(self) -> &'static str {
        match self {
            Channel::InPerson => "in_person",
            Channel::Oral => "oral",
            Channel::PostSigned => "post_signed",
            Channel::PostPlain => "post_plain",
            Channel::Online => "online",
            Channel::Fax => "fax",
        }
    }
    fn label(self) -> &'static str {
        match self {
            Channel::InPerson => "当面提交",
            Channel::Oral => "口头提出",
            Channel::PostSigned => "邮寄（需签收）",
            Channel::PostPlain => "平常信函",
            Channel::Online => "互联网",
            Channel::Fax => "传真",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn confirmation_channels_are_plain_post_online_and_fax() {
        let waiting: Vec<&str> = Channel::ALL.iter().filter(|c| c.needs_confirmation()).map(|c| c.name()).collect();
        assert_eq!(waiting, ["post_plain", "online", "fax"]);
        assert!(!Channel::Oral.needs_confirmation(), "oral counts as in person");
        assert!(Channel::Oral.receipt_rule().contains("按当面提交计"));
        assert!(Channel::from_name("email").unwrap_err().to_string().contains("未知的申请渠道"));
    }
}
