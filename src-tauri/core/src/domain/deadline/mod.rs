//! Deadlines (SPEC §5): holiday calendars and rule packs as data, and a pure clock engine.
//!
//! - [`calendar`]: which days are working days, from the State Council notices (2025 and 2026
//!   ship; an admin imports a new year as holiday-cn JSON or iCalendar).
//! - [`rulepack`]: the clocks of each pack (`nfra-2020`, `pboc-2020`, `property-default`,
//!   `property-hangzhou`, `fca-disp`, `cfpb`), loaded from `data/rulepacks` and validated.
//! - [`engine`]: a case's [`ClockEvent`]s in, every started clock's [`ClockState`] out, at a
//!   `now` passed in. The counting rules are stated there.
pub mod calendar;
pub mod engine;
pub mod feed;
pub mod rulepack;

pub use calendar::{Calendar, CalendarFile, CalendarYear, CalendarYearSummary, DayKind};
pub use engine::{compute, validate_events, ClockEvent, ClockState, ClockStateKind, PreviousRun, DEFAULT_DESK_ZONE};
pub use rulepack::{parse_zone, BreachEscalation, ClockRule, ClockUnit, Milestone, Restart, RulePack, MAX_BREACH_STEPS};
