//! Small closed vocabularies of the case (SPEC §1, §3). Labels live in the UI's locales.
use serde::{Deserialize, Serialize};
use ts_rs::TS;

macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $code:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
        #[serde(rename_all = "snake_case")]
        #[ts(export)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }
            pub fn parse(code: &str) -> Option<$name> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.code())
            }
        }
    };
}

vocabulary!(
    /// Deployment profile picked at first start.
    Profile { Property = "property", Insurance = "insurance" }
);
vocabulary!(
    /// What a user may do (SPEC §1). `System` is the app itself, for automatic transitions.
    Role {
        Clerk = "clerk",
        Handler = "handler",
        Supervisor = "supervisor",
        Followup = "followup",
        Compliance = "compliance",
        Admin = "admin",
        System = "system",
    }
);
vocabulary!(
    /// A complaint has a regulatory clock; anonymous feedback has none.
    CaseKind { Complaint = "complaint", Feedback = "feedback" }
);
vocabulary!(
    /// How the complaint reached the organisation.
    Channel {
        WalkIn = "walk_in",
        Phone = "phone",
        Letter = "letter",
        Email = "email",
        Wechat = "wechat",
        Website = "website",
        Regulator = "regulator",
        Other = "other",
    }
);
vocabulary!(
    /// The customer's claim (诉求).
    Claim {
        Refund = "refund",
        Compensation = "compensation",
        Explanation = "explanation",
        Apology = "apology",
        Correction = "correction",
        Other = "other",
    }
);
vocabulary!(
    /// 一般 / 较大 / 重大 / 群体.
    Severity { Ordinary = "ordinary", Major = "major", Serious = "serious", Group = "group" }
);
vocabulary!(
    /// How fast the case must move.
    Urgency { Normal = "normal", High = "high", Urgent = "urgent" }
);
vocabulary!(
    /// The customer's mood at intake: 平静 / 不满 / 激动.
    Mood { Calm = "calm", Upset = "upset", Agitated = "agitated" }
);
vocabulary!(
    /// Property matters that must be referred to an authority.
    Referral { Police = "police", Environment = "environment", IllegalBuilding = "illegal_building", SafetyAccident = "safety_accident" }
);
vocabulary!(
    /// How a follow-up or notice reached the customer.
    ContactMethod { Phone = "phone", Sms = "sms", Email = "email", Visit = "visit", Letter = "letter" }
);

impl Role {
    /// Roles a person can hold (not the app's own `system`).
    pub fn assignable() -> impl Iterator<Item = Role> {
        Role::ALL.iter().copied().filter(|r| *r != Role::System)
    }
}

impl Mood {
    /// An agitated customer raises a normal case to high urgency; an upset one leaves it as it is.
    pub fn raise(self, urgency: Urgency) -> Urgency {
        match (self, urgency) {
            (Mood::Agitated, Urgency::Normal) => Urgency::High,
            (_, u) => u,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_for_every_vocabulary() {
        for c in Channel::ALL {
            assert_eq!(Channel::parse(c.code()), Some(*c), "channel {c} should parse back");
        }
        for r in Role::ALL {
            assert_eq!(Role::parse(r.code()), Some(*r), "role {r} should parse back");
        }
        assert_eq!(Profile::parse("bank"), None, "an unknown profile code is refused");
    }

    #[test]
    fn agitated_mood_raises_normal_urgency_only() {
        assert_eq!(Mood::Agitated.raise(Urgency::Normal), Urgency::High);
        assert_eq!(Mood::Agitated.raise(Urgency::Urgent), Urgency::Urgent, "never lowers");
        assert_eq!(Mood::Upset.raise(Urgency::Normal), Urgency::Normal);
    }
}
