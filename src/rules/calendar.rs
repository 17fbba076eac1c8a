//! Dates without a clock: a proleptic Gregorian calendar date, and the
//! conversion between dates and day numbers used to date turns and events.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A calendar date (year, month 1–12, day 1–31).
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// Parses `YYYY-MM-DD`, checking that the day exists in that month.
    pub fn parse(text: &str) -> Option<Date> {
        let mut parts = text.split('-');
        let year: i32 = parts.next()?.parse().ok()?;
        let month: u8 = parts.next()?.parse().ok()?;
        let day: u8 = parts.next()?.parse().ok()?;
        if parts.next().is_some() || !(1..=12).contains(&month) || !(1000..=9999).contains(&year) {
            return None;
        }
        (day >= 1 && day <= days_in_month(year, month)).then_some(Date { year, month, day })
    }

    /// Days since 1970-01-01 (negative before).
    pub fn to_days(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01.
    pub fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// This date moved by a number of days.
    pub fn plus_days(self, days: i64) -> Date {
        Date::from_days(self.to_days() + days)
    }

    /// A long form for the text timeline: `25 July 1939`.
    pub fn long(self) -> String {
        const MONTHS: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        format!(
            "{} {} {}",
            self.day,
            MONTHS[usize::from(self.month - 1)],
            self.year
        )
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// The scenario's calendar: when the match starts and ends and how long a turn is.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Calendar {
    pub start: Date,
    pub end: Date,
    pub days_per_turn: u32,
}

impl Calendar {
    /// Number of whole turns from start to end (at least one).
    pub fn turns(&self) -> u32 {
        let span = (self.end.to_days() - self.start.to_days()).max(1) as u32;
        (span / self.days_per_turn.max(1)).max(1)
    }

    /// The match day (0-based, days since the start) on which `turn` (1-based) begins.
    pub fn turn_start_day(&self, turn: u32) -> u32 {
        (turn.saturating_sub(1)) * self.days_per_turn
    }

    /// The turn (1-based) that contains match day `day`.
    pub fn turn_of_day(&self, day: u32) -> u32 {
        day / self.days_per_turn + 1
    }

    /// The calendar date of a match day.
    pub fn date(&self, day: u32) -> Date {
        self.start.plus_days(i64::from(day))
    }

    /// The match day of a calendar date, if it falls on or after the start.
    pub fn day_of(&self, date: Date) -> Option<u32> {
        u32::try_from(date.to_days() - self.start.to_days()).ok()
    }

    /// Whether a date lies within the scenario (start ..= end).
    pub fn contains(&self, date: Date) -> bool {
        date >= self.start && date <= self.end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_dates_and_days() {
        let d = Date::parse("1939-07-25").unwrap();
        assert_eq!(Date::from_days(d.to_days()), d);
        assert_eq!(d.plus_days(7).to_string(), "1939-08-01");
        assert_eq!(Date::parse("1939-02-29"), None);
        assert_eq!(Date::parse("1940-02-29").map(|d| d.day), Some(29));
        assert_eq!(Date::parse("1939-13-01"), None);
        assert_eq!(d.long(), "25 July 1939");
    }

    #[test]
    fn turns_cover_summer_1939() {
        let cal = Calendar {
            start: Date::parse("1939-06-01").unwrap(),
            end: Date::parse("1939-09-01").unwrap(),
            days_per_turn: 7,
        };
        assert_eq!(cal.turns(), 13);
        let july25 = cal.day_of(Date::parse("1939-07-25").unwrap()).unwrap();
        assert_eq!(cal.turn_of_day(july25), 8);
        assert_eq!(cal.date(cal.turn_start_day(13)).to_string(), "1939-08-24");
    }
}
