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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::event::EventKind;
    use crate::rules::ids::PowerId;
    use crate::rules::setup::{EventPattern, TimelineEntry};
    use crate::rules::testkit::{p, tiny};

    fn pattern(kind: EventKind, from: PowerId, to: PowerId, either_way: bool) -> EventPattern {
        EventPattern {
            kinds: vec![kind],
            from: Some(from),
            to: Some(to),
            either_way,
            state: None,
            clause: None,
        }
    }

    #[test]
    fn beats_are_met_on_time_or_by_never_happening() {
        let view = tiny();
        let (alpha, beta, gamma) = (p(&view, "alpha"), p(&view, "beta"), p(&view, "gamma"));
        let mut setup = (*view.setup).clone();
        let beat = |id: &str, day, tolerance, event, never| Beat {
            id: id.into(),
            what: id.into(),
            day,
            tolerance,
            event,
            never,
        };
        setup.timeline = vec![TimelineEntry {
            date: setup.calendar.date(10),
            text: String::new(),
            beats: vec![
                beat(
                    "ended",
                    10,
                    3,
                    pattern(EventKind::TalksEnded, alpha, beta, false),
                    false,
                ),
                beat(
                    "no_pact",
                    10,
                    0,
                    pattern(EventKind::TreatySigned, alpha, gamma, true),
                    true,
                ),
            ],
        }];
        let ev = |day, kind, from, to| Event::new(1, day, kind, String::new()).between(from, to);
        // Talks ended two days late (and again much later: the nearest counts);
        // the only treaty is between others.
        let events = vec![
            ev(30, EventKind::TalksEnded, alpha, beta),
            ev(12, EventKind::TalksEnded, alpha, beta),
            ev(5, EventKind::TalksEnded, beta, alpha),
            ev(11, EventKind::TreatySigned, beta, gamma),
        ];
        let r = judge(&setup, &events);
        assert_eq!(
            (r[0].day, r[0].days_off, r[0].met),
            (Some(12), Some(2), true)
        );
        assert!(r[1].met && r[1].day.is_none());
        assert_eq!(fidelity(&r), 1.0);
        // Too late, and a treaty the other way round: both beats missed.
        let events = vec![
            ev(14, EventKind::TalksEnded, alpha, beta),
            ev(20, EventKind::TreatySigned, gamma, alpha),
        ];
        let r = judge(&setup, &events);
        assert_eq!((r[0].days_off, r[0].met), (Some(4), false));
        assert_eq!((r[1].day, r[1].met), (Some(20), false));
        assert_eq!(fidelity(&r), 0.0);
    }
}
