//! History as a measure: how closely a match followed the scenario's
//! timeline, beat by beat (see [`super::setup::Beat`]).

use super::event::Event;
use super::setup::{Beat, Setup};

/// How one beat went in a match.
#[derive(Clone, Debug, PartialEq)]
pub struct BeatResult<'s> {
    pub beat: &'s Beat,
    /// The day of the matching event nearest the beat's, if any happened.
    pub day: Option<u32>,
    /// Days between it and the beat's day (positive: later).
    pub days_off: Option<i64>,
    /// The beat was met: the event happened within the tolerance (or, for
    /// a `never` beat, no such event happened).
    pub met: bool,
}

/// Every beat of the scenario, judged against a match's events.
pub fn judge<'s>(setup: &'s Setup, events: &[Event]) -> Vec<BeatResult<'s>> {
    setup
        .timeline
        .iter()
        .flat_map(|t| &t.beats)
        .map(|beat| {
            // The matching event nearest the beat's day (the earliest of
            // two as near).
            let nearest = events
                .iter()
                .filter(|e| beat.event.matches(e))
                .min_by_key(|e| ((i64::from(e.day) - i64::from(beat.day)).abs(), e.day));
            let day = nearest.map(|e| e.day);
            let days_off = day.map(|d| i64::from(d) - i64::from(beat.day));
            let met = if beat.never {
                nearest.is_none()
            } else {
                days_off.is_some_and(|off| off.unsigned_abs() <= u64::from(beat.tolerance))
            };
            BeatResult {
                beat,
                day,
                days_off,
                met,
            }
        })
        .collect()
}

/// The share of beats met (1 when the scenario has none).
pub fn fidelity(results: &[BeatResult<'_>]) -> f32 {
    if results.is_empty() {
        1.0
    } else {
        results.iter().filter(|r| r.met).count() as f32 / results.len() as f32
    }
}
