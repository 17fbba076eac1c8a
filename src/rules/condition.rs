//! Conditions over the state of the world: what objectives and outcome rules
//! test, asked of any [`View`] — the world as it is, or as a proposal would
//! leave it.

use super::clause::{Clause, ClauseKind};
use super::ids::{BlocId, PowerId, StateId};
use super::relation::Relation;
use super::view::View;
use serde::{Deserialize, Serialize};

/// A condition on the world.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Condition {
    Always,
    InSphere {
        state: StateId,
        power: PowerId,
    },
    Controls {
        power: PowerId,
        state: StateId,
    },
    Treaty {
        a: PowerId,
        b: PowerId,
        kind: Option<ClauseKind>,
    },
    Relation {
        a: PowerId,
        b: PowerId,
        at_least: Relation,
        at_most: Relation,
    },
    TalksEnded {
        by: PowerId,
        with: PowerId,
    },
    AnyWar,
    /// Some state is held by conquest (by `by`, if given), not signature.
    Conquest {
        by: Option<PowerId>,
    },
    Isolated {
        power: PowerId,
    },
    InBloc {
        power: PowerId,
        bloc: BlocId,
    },
    All(Vec<Condition>),
    Any(Vec<Condition>),
    Not(Box<Condition>),
}

impl Condition {
    /// Calls `f` on every plain condition that counts toward this one
    /// holding: the leaves under `All` and `Any`, not those under `Not`.
    pub fn each_wanted(&self, f: &mut impl FnMut(&Condition)) {
        match self {
            Condition::All(v) | Condition::Any(v) => v.iter().for_each(|c| c.each_wanted(f)),
            Condition::Not(_) => {}
            Condition::Always
            | Condition::InSphere { .. }
            | Condition::Controls { .. }
            | Condition::Treaty { .. }
            | Condition::Relation { .. }
            | Condition::TalksEnded { .. }
            | Condition::AnyWar
            | Condition::Conquest { .. }
            | Condition::Isolated { .. }
            | Condition::InBloc { .. } => f(self),
        }
    }

    /// Whether the condition holds in `facts`.
    pub fn holds(&self, facts: &(impl View + ?Sized)) -> bool {
        match self {
            Condition::Always => true,
            Condition::InSphere { state, power } => facts.sphere(*state) == *power,
            Condition::Controls { power, state } => facts.controller(*state) == *power,
            Condition::Treaty { a, b, kind } => facts.has_treaty(*a, *b, *kind),
            Condition::Relation {
                a,
                b,
                at_least,
                at_most,
            } => {
                let r = facts.relation(*a, *b);
                r >= *at_least && r <= *at_most
            }
            Condition::TalksEnded { by, with } => facts.talks_ended(*by, *with),
            Condition::AnyWar => facts.any_war(),
            Condition::Conquest { by } => facts.setup().state_ids().any(|s| {
                let t = facts.territory(s);
                t.conquered && by.is_none_or(|p| t.sphere == p)
            }),
            Condition::Isolated { power } => facts.isolated(*power),
            Condition::InBloc { power, bloc } => facts.in_bloc(*power, *bloc),
            Condition::All(all) => all.iter().all(|c| c.holds(facts)),
            Condition::Any(any) => any.iter().any(|c| c.holds(facts)),
            Condition::Not(inner) => !inner.holds(facts),
        }
    }

    /// Whether clauses of a proposal could ever change the truth of this
    /// condition; used to skip objectives a proposal cannot touch.
    pub fn touched_by(&self, clauses: &[Clause]) -> bool {
        Touch::of([self]).by(clauses)
    }
}

/// A document between two powers as [`Touch::by_document`] asks about it:
/// its parties, the kinds of its clauses and the states they concern.
#[derive(Clone, Debug)]
pub struct Document {
    a: PowerId,
    b: PowerId,
    kinds: u16,
    states: Vec<StateId>,
}

impl Document {
    pub fn new(a: PowerId, b: PowerId, clauses: &[Clause]) -> Self {
        Document {
            a,
            b,
            kinds: clauses.iter().fold(0, |k, c| k | c.kind().bit()),
            states: clauses.iter().flat_map(Clause::each_state).collect(),
        }
    }
}

/// What clauses could change the truth of some conditions (an objective's
/// condition and its grades), gathered from their leaves: the treaties and
/// isolation they ask about, a bloc accession, or a clause concerning one
/// of these states.
#[derive(Clone, Debug, Default)]
pub struct Touch {
    /// Treaties asked about: between whom, and of what kind.
    treaties: Vec<(PowerId, PowerId, Option<ClauseKind>)>,
    /// Powers whose isolation is asked about.
    isolated: Vec<PowerId>,
    bloc: bool,
    states: Vec<StateId>,
}

impl Touch {
    pub fn of<'c>(conditions: impl IntoIterator<Item = &'c Condition>) -> Self {
        fn walk(c: &Condition, t: &mut Touch) {
            match c {
                Condition::InSphere { state, .. } | Condition::Controls { state, .. } => {
                    t.states.push(*state)
                }
                Condition::Treaty { a, b, kind } => t.treaties.push((*a, *b, *kind)),
                Condition::Isolated { power } => t.isolated.push(*power),
                Condition::InBloc { .. } => t.bloc = true,
                Condition::All(v) | Condition::Any(v) => v.iter().for_each(|c| walk(c, t)),
                Condition::Not(inner) => walk(inner, t),
                Condition::Always
                | Condition::Relation { .. }
                | Condition::TalksEnded { .. }
                | Condition::AnyWar
                | Condition::Conquest { .. } => {}
            }
        }
        let mut t = Touch::default();
        conditions.into_iter().for_each(|c| walk(c, &mut t));
        t.states.sort();
        t.states.dedup();
        t
    }

    /// Whether `clauses`, between any powers, could change the truth.
    pub fn by(&self, clauses: &[Clause]) -> bool {
        let asks_treaties = !self.treaties.is_empty() || !self.isolated.is_empty();
        (asks_treaties && !clauses.is_empty()) || self.by_content(clauses)
    }

    /// Whether `doc` taking force could change the truth (as
    /// [`super::view::WithClauses`] makes it take force: the states it
    /// moves, the blocs it joins, and one treaty between its parties).
    pub fn by_document(&self, doc: &Document) -> bool {
        if doc.kinds == 0 {
            return false;
        }
        let ours =
            |x: PowerId, y: PowerId| (x == doc.a && y == doc.b) || (x == doc.b && y == doc.a);
        self.treaties
            .iter()
            .any(|(x, y, kind)| ours(*x, *y) && kind.is_none_or(|k| doc.kinds & k.bit() != 0))
            || self.isolated.iter().any(|p| *p == doc.a || *p == doc.b)
            || (self.bloc && doc.kinds & ClauseKind::JoinBloc.bit() != 0)
            || doc
                .states
                .iter()
                .any(|s| self.states.binary_search(s).is_ok())
    }

    fn by_content(&self, clauses: &[Clause]) -> bool {
        (self.bloc && clauses.iter().any(|c| c.kind() == ClauseKind::JoinBloc))
            || clauses.iter().any(|c| {
                c.each_state()
                    .any(|s| self.states.binary_search(&s).is_ok())
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testkit::{p, s, tiny};

    #[test]
    fn conditions_combine_and_read_the_world() {
        let mut view = tiny();
        let (alpha, beta, gamma) = (p(&view, "alpha"), p(&view, "beta"), p(&view, "gamma"));
        let north = s(&view, "north");
        let ours = Condition::InSphere {
            state: north,
            power: alpha,
        };
        let theirs = Condition::InSphere {
            state: north,
            power: beta,
        };
        let pact = Condition::Treaty {
            a: gamma,
            b: beta,
            kind: Some(ClauseKind::MutualAssistance),
        };
        assert!(!ours.holds(&view) && theirs.holds(&view) && pact.holds(&view));
        assert!(Condition::Any(vec![ours.clone(), theirs.clone()]).holds(&view));
        assert!(!Condition::All(vec![ours.clone(), theirs.clone()]).holds(&view));
        assert!(Condition::Not(Box::new(ours.clone())).holds(&view));
        assert!(Condition::All(vec![]).holds(&view) && !Condition::Any(vec![]).holds(&view));
        assert!(Condition::Isolated { power: alpha }.holds(&view));
        assert!(!Condition::Isolated { power: beta }.holds(&view));
        view.territory[north.index()].sphere = alpha;
        assert!(ours.holds(&view) && !theirs.holds(&view));
        let tense = Condition::Relation {
            a: alpha,
            b: gamma,
            at_least: Relation::Strained,
            at_most: Relation::Severed,
        };
        assert!(!tense.holds(&view) && !Condition::AnyWar.holds(&view));
        view.set_relation(alpha, gamma, Relation::Severed);
        assert!(tense.holds(&view));
        view.set_relation(alpha, gamma, Relation::War);
        assert!(!tense.holds(&view) && Condition::AnyWar.holds(&view));
    }

    #[test]
    fn only_clauses_that_concern_a_condition_touch_it() {
        let view = tiny();
        let (alpha, north, south) = (p(&view, "alpha"), s(&view, "north"), s(&view, "south"));
        let north_ours = Condition::InSphere {
            state: north,
            power: alpha,
        };
        let about_south = [Clause::Cession {
            state: south,
            to: alpha,
        }];
        let about_north = [Clause::TerritorialProtocol(vec![(north, alpha)])];
        assert!(!north_ours.touched_by(&about_south));
        assert!(north_ours.touched_by(&about_north));
        assert!(Condition::Not(Box::new(north_ours)).touched_by(&about_north));
        assert!(!Condition::AnyWar.touched_by(&about_north));
    }
}
