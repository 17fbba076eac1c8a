//! Checking records made elsewhere — saves, replays, bot messages — against
//! a scenario before the simulation touches them: every power, state,
//! leader, bloc, treaty and proposal id in range, every day within the
//! calendar, every probability finite in [0, 1]. A record that passes can
//! be replayed or restored without any index going out of bounds; whether
//! an action is *legal* is still decided by [`super::action::check`] when
//! it is carried out.

use super::action::{Action, Answer, MAX_CLAUSES, Submission};
use super::clause::{Clause, Consequence, MapIds};
use super::event::Event;
use super::ids::{BlocId, LeaderId, PowerId, ProposalId, StateId, TreatyId};
use super::memory::Memory;
use super::setup::Setup;
use super::view::{PendingOffer, Treaty};

/// What ids and days a record may name.
#[derive(Clone, Copy, Debug)]
pub struct Bounds<'s> {
    pub setup: &'s Setup,
    /// Treaty ids are below this (None: any, since a replay's treaties are
    /// made as it is re-simulated and unknown ones are refused then).
    pub treaties: Option<u32>,
    /// Proposal ids are below this (None: any, as for treaties).
    pub proposals: Option<u32>,
}

/// The last match day of a scenario: its end date, plus the longest
/// deadline an offer sent in the last turn may carry.
pub fn last_day(setup: &Setup) -> u32 {
    let cal = &setup.calendar;
    cal.turn_start_day(cal.turns() + 1) + super::action::MAX_DEADLINE_DAYS
}

impl<'s> Bounds<'s> {
    /// Bounds for a record of a match of `setup` whose ids are yet unknown.
    pub fn of(setup: &'s Setup) -> Self {
        Bounds {
            setup,
            treaties: None,
            proposals: None,
        }
    }

    pub fn power(&self, p: PowerId) -> Result<(), String> {
        if p.index() < self.setup.powers.len() {
            Ok(())
        } else {
            Err(format!(
                "power #{} does not exist (the scenario has {})",
                p.0,
                self.setup.powers.len()
            ))
        }
    }

    pub fn state(&self, s: StateId) -> Result<(), String> {
        if s.index() < self.setup.states.len() {
            Ok(())
        } else {
            Err(format!(
                "state #{} does not exist (the scenario has {})",
                s.0,
                self.setup.states.len()
            ))
        }
    }

    pub fn leader(&self, l: LeaderId) -> Result<(), String> {
        if l.index() < self.setup.leaders.len() {
            Ok(())
        } else {
            Err(format!(
                "leader #{} does not exist (the scenario has {})",
                l.0,
                self.setup.leaders.len()
            ))
        }
    }

    pub fn bloc(&self, b: BlocId) -> Result<(), String> {
        if b.index() < self.setup.blocs.len() {
            Ok(())
        } else {
            Err(format!(
                "bloc #{} does not exist (the scenario has {})",
                b.0,
                self.setup.blocs.len()
            ))
        }
    }

    pub fn treaty(&self, t: TreatyId) -> Result<(), String> {
        match self.treaties {
            Some(limit) if t.0 >= limit => Err(format!(
                "treaty #{} does not exist (only {limit} were made)",
                t.0
            )),
            _ => Ok(()),
        }
    }

    pub fn proposal(&self, p: ProposalId) -> Result<(), String> {
        match self.proposals {
            Some(limit) if p.0 >= limit => Err(format!(
                "proposal #{} does not exist (the last one sent is #{})",
                p.0,
                limit.saturating_sub(1)
            )),
            _ => Ok(()),
        }
    }

    /// A match day within the calendar (and the deadlines beyond it).
    pub fn day(&self, day: u32) -> Result<(), String> {
        let last = last_day(self.setup);
        if day <= last {
            Ok(())
        } else {
            Err(format!(
                "day {day} lies beyond the scenario's calendar (its last day is {last})"
            ))
        }
    }

    /// A turn of the scenario (the one after the last is where a finished
    /// match rests).
    pub fn turn(&self, turn: u32) -> Result<(), String> {
        let turns = self.setup.turns();
        if (1..=turns + 1).contains(&turn) {
            Ok(())
        } else {
            Err(format!(
                "turn {turn} is outside the scenario's 1 to {turns}"
            ))
        }
    }

    /// A probability: finite, in [0, 1].
    pub fn probability(&self, p: f32) -> Result<(), String> {
        if p.is_finite() && (0.0..=1.0).contains(&p) {
            Ok(())
        } else {
            Err(format!("the probability {p} is not between 0 and 1"))
        }
    }

    pub fn clauses(&self, clauses: &[Clause]) -> Result<(), String> {
        if clauses.len() > MAX_CLAUSES {
            return Err(format!(
                "{} clauses; a document has at most {MAX_CLAUSES}",
                clauses.len()
            ));
        }
        for (i, c) in clauses.iter().enumerate() {
            self.clause(c)
                .map_err(|e| format!("clause {}: {e}", i + 1))?;
        }
        Ok(())
    }

    pub fn clause(&self, c: &Clause) -> Result<(), String> {
        if let Clause::TerritorialProtocol(assignments) = c
            && assignments.len() > self.setup.states.len().max(1)
        {
            return Err("a protocol assigns more states than there are".into());
        }
        c.map(&mut InRange(self)).map(|_| ())
    }

    pub fn consequence(&self, c: &Consequence) -> Result<(), String> {
        match c {
            Consequence::SeverRelations | Consequence::EndTalks | Consequence::DeclareWar => Ok(()),
            Consequence::Denounce(t) => self.treaty(*t),
        }
    }

    pub fn action(&self, a: &Action) -> Result<(), String> {
        match a {
            Action::Propose { to, clauses, .. } => {
                self.power(*to)?;
                self.clauses(clauses)
            }
            Action::Answer { proposal, answer } => {
                self.proposal(*proposal)?;
                match answer {
                    Answer::Accept | Answer::Reject => Ok(()),
                    Answer::Counter(clauses) => self.clauses(clauses),
                }
            }
            Action::Ultimatum {
                to,
                demands,
                consequence,
                ..
            } => {
                self.power(*to)?;
                self.clauses(demands)?;
                self.consequence(consequence)
            }
            Action::Summit { with, clauses, .. } => {
                self.power(*with)?;
                self.clauses(clauses)
            }
            Action::SeverRelations { with }
            | Action::RestoreRelations { with }
            | Action::EndTalks { with } => self.power(*with),
            Action::RecallAmbassador { from } => self.power(*from),
            Action::DeclareWar { on } => self.power(*on),
            Action::Invade { state } => self.state(*state),
            Action::Denounce { treaty } => self.treaty(*treaty),
            Action::CarryOut { proposal } | Action::BackDown { proposal } => {
                self.proposal(*proposal)
            }
        }
    }

    pub fn submission(&self, s: &Submission) -> Result<(), String> {
        self.power(s.actor)?;
        self.day(s.day)?;
        self.action(&s.action)
    }

    pub fn event(&self, e: &Event) -> Result<(), String> {
        self.turn(e.turn)?;
        self.day(e.day)?;
        for p in e.from.iter().chain(&e.to) {
            self.power(*p)?;
        }
        if let Some(p) = e.proposal {
            self.proposal(p)?;
        }
        self.clauses(&e.clauses)?;
        if let Some(s) = e.state {
            self.state(s)?;
        }
        if let Some(t) = e.treaty {
            self.treaty(t)?;
        }
        if let Some(p) = e.probability {
            self.probability(p)?;
        }
        for l in &e.objectors {
            self.leader(*l)?;
        }
        if e.summary.len() > 4096 {
            return Err("a log entry longer than 4096 bytes".into());
        }
        Ok(())
    }

    pub fn offer(&self, o: &PendingOffer) -> Result<(), String> {
        self.proposal(o.id)?;
        self.power(o.from)?;
        self.power(o.to)?;
        if o.from == o.to {
            return Err(format!("proposal #{} is addressed to its sender", o.id.0));
        }
        self.day(o.sent_day)?;
        self.day(o.deadline_day)?;
        if o.deadline_day < o.sent_day {
            return Err(format!("proposal #{} is due before it was sent", o.id.0));
        }
        if o.clauses.is_empty() {
            return Err(format!("proposal #{} has no clauses", o.id.0));
        }
        self.clauses(&o.clauses)?;
        if let Some(c) = &o.ultimatum {
            self.consequence(c)?;
        }
        Ok(())
    }

    pub fn treaty_in_force(&self, t: &Treaty) -> Result<(), String> {
        self.treaty(t.id)?;
        if t.parties.len() < 2 || t.parties.len() > self.setup.powers.len() {
            return Err(format!(
                "treaty #{} has {} parties",
                t.id.0,
                t.parties.len()
            ));
        }
        for p in t.parties.iter().chain(&t.known_to) {
            self.power(*p)?;
        }
        if t.known_to.len() > self.setup.powers.len() {
            return Err(format!("treaty #{} is known to too many powers", t.id.0));
        }
        self.clauses(&t.clauses)?;
        if t.name.len() > 400 {
            return Err(format!(
                "treaty #{} has a name of {} bytes",
                t.id.0,
                t.name.len()
            ));
        }
        Ok(())
    }

    /// A remembered value: finite.
    pub fn memory(&self, m: &Memory) -> Result<(), String> {
        match m.0.iter().find(|v| !v.is_finite()) {
            Some(v) => Err(format!("a remembered value is {v}")),
            None => Ok(()),
        }
    }
}

/// Checks a clause's ids by visiting them (see [`Clause::map`]).
struct InRange<'b, 's>(&'b Bounds<'s>);

impl MapIds<PowerId, StateId, BlocId, TreatyId> for InRange<'_, '_> {
    type P = ();
    type S = ();
    type B = ();
    type T = ();
    type Error = String;
    fn power(&mut self, _: &str, _: &'static str, p: &PowerId) -> Result<(), String> {
        self.0.power(*p)
    }
    fn state(&mut self, _: &str, s: &StateId) -> Result<(), String> {
        self.0.state(*s)
    }
    fn bloc(&mut self, _: &str, b: &BlocId) -> Result<(), String> {
        self.0.bloc(*b)
    }
    fn treaty(&mut self, _: &str, t: &TreatyId) -> Result<(), String> {
        self.0.treaty(*t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_beyond_the_scenario_are_named() {
        let world = crate::rules::testkit::tiny();
        let b = Bounds::of(&world.setup);
        assert!(b.clause(&Clause::Partition(StateId(0))).is_ok());
        let e = b.clause(&Clause::Partition(StateId(250))).unwrap_err();
        assert!(e.contains("state #250"), "{e}");
        let bad = Action::Propose {
            to: PowerId(1),
            clauses: vec![Clause::Trade {
                goods: super::super::clause::Goods::Credits,
                to: PowerId(99),
            }],
            deadline_days: 7,
            secret: crate::rules::clause::Secret::NONE,
        };
        assert!(b.action(&bad).unwrap_err().contains("power #99"));
        assert!(b.probability(f32::NAN).is_err());
        assert!(b.probability(1.5).is_err());
        assert!(b.day(100_000).is_err());
        let saved = Bounds {
            treaties: Some(3),
            ..b
        };
        assert!(saved.treaty(TreatyId(3)).is_err());
        assert!(saved.treaty(TreatyId(2)).is_ok());
    }
}
