//! Korean and English for every string on the page and every explanation.
//! Plain Rust (no web types) so translations are tested on the host. Keys are an enum so a
//! missing translation is a compile error, not an empty label.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Locale {
    Ko,
    En,
}

impl Locale {
    pub fn code(self) -> &'static str {
        match self {
            Locale::Ko => "ko",
            Locale::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Locale> {
        let lower = code.to_ascii_lowercase();
        if lower.starts_with("ko") {
            Some(Locale::Ko)
        } else if lower.starts_with("en") {
            Some(Locale::En)
        } else {
            None
        }
    }

    pub fn other(self) -> Locale {
        match self {
            Locale::Ko => Locale::En,
            Locale::En => Locale::Ko,
        }
    }
}

/// A string given in both languages at the point of use: both arguments
/// are required, so a missing translation does not compile either.
pub fn pick(locale: Locale, en: &'static str, ko: &'static str) -> &'static str {
    match locale {
        Locale::En => en,
        Locale::Ko => ko,
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Text {
    Title,
    Subtitle,
    SwitchLanguage,
    Broker,
    Controller,
    ControllerNote,
    Leader,
    Follower,
    Partition,
    Replicas,
    Isr,
    Topic,
    Version,
    DescribeHeading,
}

pub fn tr(locale: Locale, text: Text) -> &'static str {
    use Text::*;
    match (locale, text) {
        (Locale::En, Title) => "Kafka Playground",
        (Locale::Ko, Title) => "카프카 플레이그라운드",
        (Locale::En, Subtitle) => {
            "Apache Kafka's brokers and replication, simulated in your browser"
        }
        (Locale::Ko, Subtitle) => "브라우저에서 시뮬레이션하는 아파치 카프카 브로커와 복제",
        (Locale::En, SwitchLanguage) => "한국어",
        (Locale::Ko, SwitchLanguage) => "English",
        (Locale::En, Broker) => "Broker",
        (Locale::Ko, Broker) => "브로커",
        (Locale::En, Controller) => "Controller",
        (Locale::Ko, Controller) => "컨트롤러",
        (Locale::En, ControllerNote) => {
            "Tracks broker heartbeats, elects leaders, bumps leader epochs"
        }
        (Locale::Ko, ControllerNote) => {
            "브로커 하트비트를 추적하고 리더를 선출하며 리더 에포크를 올립니다"
        }
        (Locale::En, Leader) => "leader",
        (Locale::Ko, Leader) => "리더",
        (Locale::En, Follower) => "follower",
        (Locale::Ko, Follower) => "팔로워",
        (Locale::En, Partition) => "Partition",
        (Locale::Ko, Partition) => "파티션",
        (Locale::En, Replicas) => "Replicas",
        (Locale::Ko, Replicas) => "레플리카",
        (Locale::En, Isr) => "In-sync replicas (ISR)",
        (Locale::Ko, Isr) => "동기화된 레플리카 (ISR)",
        (Locale::En, Topic) => "Topic",
        (Locale::Ko, Topic) => "토픽",
        (Locale::En, Version) => "build",
        (Locale::Ko, Version) => "빌드",
        (Locale::En, DescribeHeading) => "kafka-topics.sh --describe",
        (Locale::Ko, DescribeHeading) => "kafka-topics.sh --describe 출력",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn browser_language_codes() {
        assert_eq!(Locale::from_code("ko-KR"), Some(Locale::Ko));
        assert_eq!(Locale::from_code("en-US"), Some(Locale::En));
        assert_eq!(Locale::from_code("fr"), None);
    }
}
