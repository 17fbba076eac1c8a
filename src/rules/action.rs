//! Actions: the one command path. Humans, AI players, replays and external
//! bots all submit these; [`check`] says whether one is legal now (the test
//! mode of the OpenTTD script API), the simulation carries it out.

use super::clause::{Clause, ClauseKind, Consequence, Goods, Secret};
use super::ids::{PowerId, ProposalId, StateId, TreatyId};
use super::relation::Relation;
use super::view::{Stage, View, ViewExt};
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Longest allowed deadline, in days.
pub const MAX_DEADLINE_DAYS: u32 = 63;
/// Most clauses in one document.
pub const MAX_CLAUSES: usize = 16;
/// Most rounds of a summit.
pub const MAX_ROUNDS: u8 = 4;

/// An answer to a received proposal. Leaving it unanswered is no action.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    Accept,
    Reject,
    Counter(Vec<Clause>),
}

/// Something a power does in its action phase.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Propose {
        to: PowerId,
        clauses: Vec<Clause>,
        deadline_days: u32,
        #[serde(default)]
        secret: Secret,
    },
    Answer {
        proposal: ProposalId,
        answer: Answer,
    },
    Ultimatum {
        to: PowerId,
        demands: Vec<Clause>,
        deadline_days: u32,
        consequence: Consequence,
        #[serde(default)]
        secret: Secret,
    },
    Summit {
        with: PowerId,
        rounds: u8,
        clauses: Vec<Clause>,
        #[serde(default)]
        secret: Secret,
    },
    /// The sender of an unmet ultimatum past its deadline carries out its
    /// threat.
    CarryOut {
        proposal: ProposalId,
    },
    /// … or backs down: the threat lapses, at a cost in credibility and
    /// prestige.
    BackDown {
        proposal: ProposalId,
    },
    SeverRelations {
        with: PowerId,
    },
    RestoreRelations {
        with: PowerId,
    },
    RecallAmbassador {
        from: PowerId,
    },
    EndTalks {
        with: PowerId,
    },
    DeclareWar {
        on: PowerId,
    },
    Invade {
        state: StateId,
    },
    Denounce {
        treaty: TreatyId,
    },
}

impl Action {
    /// The power a document goes to and its clauses, for the actions that
    /// send one (a proposal, an ultimatum, a summit).
    pub fn document(&self) -> Option<(PowerId, &[Clause])> {
        match self {
            Action::Propose { to, clauses, .. } => Some((*to, clauses)),
            Action::Ultimatum { to, demands, .. } => Some((*to, demands)),
            Action::Summit { with, clauses, .. } => Some((*with, clauses)),
            Action::SeverRelations { .. }
            | Action::RestoreRelations { .. }
            | Action::RecallAmbassador { .. }
            | Action::EndTalks { .. }
            | Action::DeclareWar { .. }
            | Action::Invade { .. }
            | Action::Denounce { .. }
            | Action::CarryOut { .. }
            | Action::BackDown { .. }
            | Action::Answer { .. } => None,
        }
    }
}

/// An action by a power on a day of the current turn.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Submission {
    pub actor: PowerId,
    /// Match day on which it is done (within the current turn).
    pub day: u32,
    pub action: Action,
    /// Why an AI does it, in words (none for humans and bots).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub why: Option<String>,
}

/// Why an action is not legal now.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum ActionError {
    #[error("a power cannot do that to itself")]
    SelfTarget,
    #[error("no such power")]
    UnknownPower,
    #[error("no such state")]
    UnknownState,
    #[error("relations are severed or at war: no proposals")]
    NoRelations,
    #[error("talks have been ended")]
    TalksEnded,
    #[error("an ultimatum cannot be countered: meet its demands or refuse them")]
    CounterToUltimatum,
    #[error("a proposal needs at least one clause")]
    Empty,
    #[error("too many clauses (at most {MAX_CLAUSES})")]
    TooManyClauses,
    #[error("the deadline must be 1 to {MAX_DEADLINE_DAYS} days")]
    BadDeadline,
    #[error("a summit has 1 to {MAX_ROUNDS} rounds")]
    BadRounds,
    #[error("clause {0}: {1}")]
    BadClause(usize, &'static str),
    #[error("no pending proposal with that id addressed to this power")]
    NoSuchProposal,
    #[error("no ultimatum of this power with that id awaits its decision")]
    NoSuchThreat,
    #[error("documents between powers at war must hold an armistice")]
    AtWar,
    #[error("no treaty in force with that id binding this power")]
    NoSuchTreaty,
    #[error("relations are already {0}")]
    Relation(&'static str),
    #[error("the ambassador has already been recalled")]
    AlreadyRecalled,
    #[error("the state is already ours")]
    AlreadyOurs,
    #[error("our invasion of that state is already under way")]
    AlreadyInvading,
    #[error("proposal #{0} to that power awaits its answer: one open proposal per power at a time")]
    AlreadyProposed(u32),
}

/// Whether `actor` may do `action` in `view`.
pub fn check(view: &dyn View, actor: PowerId, action: &Action) -> Result<(), ActionError> {
    let n = view.setup().power_count();
    let power = |p: PowerId| {
        if p.index() >= n {
            Err(ActionError::UnknownPower)
        } else if p == actor {
            Err(ActionError::SelfTarget)
        } else {
            Ok(())
        }
    };
    match action {
        Action::Propose {
            to,
            clauses,
            deadline_days,
            ..
        } => {
            power(*to)?;
            if !(1..=MAX_DEADLINE_DAYS).contains(deadline_days) {
                return Err(ActionError::BadDeadline);
            }
            // One open proposal per receiver: asking again and again is
            // not a lottery of independent answers.
            if let Some(open) = view.pending().find(|o| {
                o.from == actor && o.to == *to && o.ultimatum.is_none() && o.stage == Stage::Open
            }) {
                return Err(ActionError::AlreadyProposed(open.id.0));
            }
            document(view, actor, *to, clauses)
        }
        Action::Ultimatum {
            to,
            demands,
            deadline_days,
            ..
        } => {
            power(*to)?;
            if !(1..=MAX_DEADLINE_DAYS).contains(deadline_days) {
                return Err(ActionError::BadDeadline);
            }
            demands_ok(view, actor, *to, demands)
        }
        Action::CarryOut { proposal } | Action::BackDown { proposal } => {
            if view.due().any(|o| o.id == *proposal && o.from == actor) {
                Ok(())
            } else {
                Err(ActionError::NoSuchThreat)
            }
        }
        Action::Summit {
            with,
            rounds,
            clauses,
            ..
        } => {
            power(*with)?;
            if !(1..=MAX_ROUNDS).contains(rounds) {
                return Err(ActionError::BadRounds);
            }
            document(view, actor, *with, clauses)
        }
        Action::Answer { proposal, answer } => {
            let Some(offer) = view.pending().find(|p| p.id == *proposal && p.to == actor) else {
                return Err(ActionError::NoSuchProposal);
            };
            match answer {
                // A counter-proposal is a document to the sender: it must be
                // one that could be sent (an ultimatum is met or not).
                Answer::Counter(_) if offer.ultimatum.is_some() => {
                    Err(ActionError::CounterToUltimatum)
                }
                Answer::Counter(clauses) => document(view, actor, offer.from, clauses),
                Answer::Accept | Answer::Reject => Ok(()),
            }
        }
        Action::SeverRelations { with } => {
            power(*with)?;
            match view.relation(actor, *with) {
                r @ (Relation::Severed | Relation::War) => Err(ActionError::Relation(r.name())),
                Relation::Normal | Relation::Strained => Ok(()),
            }
        }
        Action::RestoreRelations { with } => {
            power(*with)?;
            match view.relation(actor, *with) {
                Relation::Severed => Ok(()),
                r => Err(ActionError::Relation(r.name())),
            }
        }
        Action::RecallAmbassador { from } => {
            power(*from)?;
            if view.recalled(actor, *from) {
                Err(ActionError::AlreadyRecalled)
            } else if view.relation(actor, *from) >= Relation::Severed {
                Err(ActionError::Relation(view.relation(actor, *from).name()))
            } else {
                Ok(())
            }
        }
        Action::EndTalks { with } => {
            power(*with)?;
            if view.talks_ended(actor, *with) {
                Err(ActionError::TalksEnded)
            } else {
                Ok(())
            }
        }
        Action::DeclareWar { on } => {
            power(*on)?;
            if view.relation(actor, *on) == Relation::War {
                Err(ActionError::Relation("war"))
            } else {
                Ok(())
            }
        }
        Action::Invade { state } => {
            let Some(_) = view.setup().states.get(state.index()) else {
                return Err(ActionError::UnknownState);
            };
            if view.controller(*state) == actor {
                Err(ActionError::AlreadyOurs)
            } else if view
                .fronts()
                .any(|f| f.attacker == actor && f.state == *state)
            {
                Err(ActionError::AlreadyInvading)
            } else {
                Ok(())
            }
        }
        Action::Denounce { treaty } => {
            if view.treaty(*treaty).is_some_and(|t| t.binds(actor)) {
                Ok(())
            } else {
                Err(ActionError::NoSuchTreaty)
            }
        }
    }
}

/// Whether a clause list is a valid proposal between `a` and `b`: talks
/// open, relations not severed (between powers at war, only a document
/// holding an armistice), and every clause sound.
pub fn document(
    view: &dyn View,
    a: PowerId,
    b: PowerId,
    clauses: &[Clause],
) -> Result<(), ActionError> {
    match view.relation(a, b) {
        Relation::War if clauses.iter().any(|c| matches!(c, Clause::Armistice)) => {}
        Relation::War => return Err(ActionError::AtWar),
        Relation::Severed => return Err(ActionError::NoRelations),
        Relation::Normal | Relation::Strained if !view.may_propose(a, b) => {
            return Err(ActionError::TalksEnded);
        }
        Relation::Normal | Relation::Strained => {}
    }
    clauses_ok(view, a, b, clauses)
}

/// Whether a clause list is a valid ultimatum's demands: as a proposal,
/// except that ended talks do not stop an ultimatum (they close the
/// channel for proposals only), and no armistice is demanded at the point
/// of a gun.
pub fn demands_ok(
    view: &dyn View,
    a: PowerId,
    b: PowerId,
    clauses: &[Clause],
) -> Result<(), ActionError> {
    match view.relation(a, b) {
        Relation::War => Err(ActionError::AtWar),
        Relation::Severed => Err(ActionError::NoRelations),
        Relation::Normal | Relation::Strained => clauses_ok(view, a, b, clauses),
    }
}

fn clauses_ok(
    view: &dyn View,
    a: PowerId,
    b: PowerId,
    clauses: &[Clause],
) -> Result<(), ActionError> {
    if clauses.is_empty() {
        return Err(ActionError::Empty);
    }
    if clauses.len() > MAX_CLAUSES {
        return Err(ActionError::TooManyClauses);
    }
    for (i, c) in clauses.iter().enumerate() {
        clause_ok(view, a, b, c).map_err(|why| ActionError::BadClause(i + 1, why))?;
        if c.is_promise() && view.has_treaty(a, b, Some(c.kind())) {
            return Err(ActionError::BadClause(
                i + 1,
                "already in force between the parties",
            ));
        }
        if clauses[..i].contains(c) {
            return Err(ActionError::BadClause(i + 1, "the same clause twice"));
        }
        if let Clause::JoinBloc { power, .. } = c
            && clauses[..i]
                .iter()
                .any(|d| matches!(d, Clause::JoinBloc { power: p, .. } if p == power))
        {
            return Err(ActionError::BadClause(
                i + 1,
                "a power joins one bloc: blocs exclude each other",
            ));
        }
    }
    Ok(())
}

/// Every clause of `kind` that a document between `a` and `b` could hold
/// now: what the composer offers and what a player may choose from,
/// generated from the kind and filtered by the same checks a document
/// passes (no power guarantees its own state, none joins a bloc twice).
pub fn choices(view: &dyn View, a: PowerId, b: PowerId, kind: ClauseKind) -> Vec<Clause> {
    use strum::VariantArray;
    let setup = view.setup();
    let parties = [a, b];
    let states: Vec<StateId> = setup.state_ids().collect();
    let candidates: Vec<Clause> = match kind {
        ClauseKind::NonAggression => vec![Clause::NonAggression],
        ClauseKind::Armistice => vec![Clause::Armistice],
        ClauseKind::MutualAssistance => vec![Clause::MutualAssistance],
        ClauseKind::Consultation => vec![Clause::Consultation],
        ClauseKind::Trade => Goods::VARIANTS
            .iter()
            .flat_map(|g| parties.map(|to| Clause::Trade { goods: *g, to }))
            .collect(),
        ClauseKind::JoinBloc => setup
            .bloc_ids()
            .flat_map(|bloc| parties.map(|power| Clause::JoinBloc { power, bloc }))
            .collect(),
        ClauseKind::Guarantee => parties
            .iter()
            .flat_map(|g| {
                states.iter().map(|s| Clause::Guarantee {
                    guarantor: *g,
                    state: *s,
                })
            })
            .collect(),
        ClauseKind::TerritorialProtocol => states
            .iter()
            .flat_map(|s| parties.map(|p| Clause::TerritorialProtocol(vec![(*s, p)])))
            .collect(),
        ClauseKind::Cession => states
            .iter()
            .flat_map(|s| parties.map(|to| Clause::Cession { state: *s, to }))
            .collect(),
        ClauseKind::Partition => states.iter().map(|s| Clause::Partition(*s)).collect(),
        ClauseKind::Revision => view
            .treaties()
            .filter(|t| t.binds(a) || t.binds(b))
            .map(|t| Clause::Revision(t.id))
            .collect(),
        ClauseKind::Denunciation => view
            .treaties()
            .filter(|t| t.binds(a) || t.binds(b))
            .map(|t| Clause::Denunciation(t.id))
            .collect(),
    };
    candidates
        .into_iter()
        .filter(|c| {
            clause_ok(view, a, b, c).is_ok()
                && meaningful(view, c)
                && !(c.is_promise() && view.treaties_between(a, b).any(|t| t.has(c.kind())))
        })
        .collect()
}

/// Whether a legal clause is worth offering in a menu: a guarantee comes
/// from a great power, a power in a bloc does not join another, and a
/// protocol does not assign a state to the sphere it is already in.
fn meaningful(view: &dyn View, c: &Clause) -> bool {
    let setup = view.setup();
    match c {
        Clause::Guarantee { guarantor, .. } => setup.power(*guarantor).great,
        Clause::JoinBloc { power, .. } => !setup.bloc_ids().any(|b| view.in_bloc(*power, b)),
        Clause::TerritorialProtocol(list) => list.iter().all(|(s, to)| view.sphere(*s) != *to),
        _ => true,
    }
}

fn clause_ok(view: &dyn View, a: PowerId, b: PowerId, c: &Clause) -> Result<(), &'static str> {
    let party = |p: PowerId| p == a || p == b;
    let states = view.setup().states.len();
    let state_ok = |s: StateId| s.index() < states;
    match c {
        Clause::NonAggression | Clause::MutualAssistance | Clause::Consultation => Ok(()),
        Clause::Armistice if view.relation(a, b) == Relation::War => Ok(()),
        Clause::Armistice => Err("an armistice is made only between powers at war"),
        Clause::Trade { to, .. } if party(*to) => Ok(()),
        Clause::Trade { .. } => Err("trade must go to one of the parties"),
        Clause::JoinBloc { power, bloc } => {
            if !party(*power) {
                Err("only a party can join a bloc")
            } else if bloc.index() >= view.setup().blocs.len() {
                Err("no such bloc")
            } else if view.in_bloc(*power, *bloc) {
                Err("already a member of that bloc")
            } else if view
                .setup()
                .bloc_ids()
                .any(|other| other != *bloc && view.in_bloc(*power, other))
            {
                Err("already a member of another bloc: blocs exclude each other")
            } else {
                Ok(())
            }
        }
        Clause::Guarantee { guarantor, state } => {
            if !party(*guarantor) {
                Err("the guarantor must be a party")
            } else if !state_ok(*state) {
                Err("no such state")
            } else if view.controller(*state) == *guarantor {
                Err("a power cannot guarantee its own state")
            } else {
                Ok(())
            }
        }
        Clause::TerritorialProtocol(assignments) => {
            if assignments.is_empty() {
                return Err("a territorial protocol must assign at least one state");
            }
            for (i, (s, to)) in assignments.iter().enumerate() {
                if !state_ok(*s) {
                    return Err("no such state");
                }
                if !party(*to) {
                    return Err("states may be assigned only to the parties' spheres");
                }
                if assignments[..i].iter().any(|(o, _)| o == s) {
                    return Err("a state is assigned twice");
                }
            }
            Ok(())
        }
        Clause::Cession { state, to } => {
            if !state_ok(*state) {
                Err("no such state")
            } else if !party(*to) {
                Err("a state can be ceded only to a party")
            } else if view.controller(*state) == *to {
                Err("the state is already theirs")
            } else {
                Ok(())
            }
        }
        Clause::Partition(state) => {
            if !state_ok(*state) {
                Err("no such state")
            } else if party(view.controller(*state)) {
                Err("a party cannot partition its own state")
            } else {
                Ok(())
            }
        }
        Clause::Revision(treaty) | Clause::Denunciation(treaty) => {
            if view
                .treaty(*treaty)
                .is_some_and(|t| t.binds(a) || t.binds(b))
            {
                Ok(())
            } else {
                Err("no treaty in force with that id binds a party")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::ids::{BlocId, ProposalId};
    use crate::rules::testkit::{p, s, tiny};

    /// A power joins one bloc: not two in one document, and not a second
    /// once it is in one (Romania once signed both accession protocols).
    #[test]
    fn blocs_exclude_each_other() {
        let setup = crate::scenario::summer1939().unwrap().setup;
        let view = crate::rules::Sketch::new(setup.clone());
        let (germany, britain, poland) = (
            setup.power_id("germany").unwrap(),
            setup.power_id("britain").unwrap(),
            setup.power_id("poland").unwrap(),
        );
        let (axis, entente) = (
            setup
                .bloc_ids()
                .find(|b| setup.bloc(*b).id == "axis")
                .unwrap(),
            setup
                .bloc_ids()
                .find(|b| setup.bloc(*b).id == "entente")
                .unwrap(),
        );
        let join = |bloc| Clause::JoinBloc {
            power: poland,
            bloc,
        };
        assert_eq!(document(&view, germany, poland, &[join(axis)]), Ok(()));
        assert!(matches!(
            document(&view, germany, poland, &[join(axis), join(entente)]),
            Err(ActionError::BadClause(2, _))
        ));
        // Once Poland is in the Axis, Britain cannot bring it into the Entente.
        let joined = [join(axis)];
        let after = crate::rules::view::WithClauses::new(&view, germany, poland, &joined);
        assert!(after.in_bloc(poland, axis));
        assert_eq!(
            document(&after, britain, poland, &[join(entente)]),
            Err(ActionError::BadClause(
                1,
                "already a member of another bloc: blocs exclude each other"
            ))
        );
        assert!(
            choices(&after, britain, poland, ClauseKind::JoinBloc)
                .iter()
                .all(|c| !matches!(c, Clause::JoinBloc { power, .. } if *power == poland))
        );
    }

    #[test]
    fn a_counter_proposal_must_be_a_document_that_could_be_sent() {
        let mut view = tiny();
        let (beta, gamma) = (p(&view, "beta"), p(&view, "gamma"));
        // Beta and gamma are already allies.
        assert!(view.has_treaty(beta, gamma, Some(ClauseKind::MutualAssistance)));
        let offer = |id, ultimatum| crate::rules::view::PendingOffer {
            id: ProposalId(id),
            from: gamma,
            to: beta,
            clauses: vec![Clause::Consultation],
            sent_day: 0,
            deadline_day: 14,
            ultimatum,
            secret: crate::rules::clause::Secret::NONE,
            stage: crate::rules::view::Stage::Open,
        };
        view.offers.push(offer(1, None));
        view.offers.push(offer(
            2,
            Some(crate::rules::clause::Consequence::SeverRelations),
        ));
        let answer = |id, clauses: Vec<Clause>| Action::Answer {
            proposal: ProposalId(id),
            answer: Answer::Counter(clauses),
        };
        assert_eq!(
            check(&view, beta, &answer(1, vec![Clause::NonAggression])),
            Ok(())
        );
        // The alliance in force again: refused when ordered, with why.
        assert!(check(&view, beta, &answer(1, vec![Clause::MutualAssistance])).is_err());
        assert!(check(&view, beta, &answer(1, vec![])).is_err());
        assert_eq!(
            check(&view, beta, &answer(2, vec![Clause::NonAggression])),
            Err(ActionError::CounterToUltimatum)
        );
    }

    #[test]
    fn the_choices_of_a_kind_are_legal_and_meaningful() {
        let view = tiny();
        let (alpha, beta) = (p(&view, "alpha"), p(&view, "beta"));
        for kind in ClauseKind::ALL.iter().copied() {
            for c in choices(&view, alpha, beta, kind) {
                assert_eq!(c.kind(), kind);
                assert_eq!(
                    document(&view, alpha, beta, std::slice::from_ref(&c)),
                    Ok(()),
                    "{c:?}"
                );
            }
        }
        // Nobody guarantees a state it rules itself.
        let north_power = p(&view, "north");
        let guarantees = choices(&view, north_power, beta, ClauseKind::Guarantee);
        assert!(!guarantees.is_empty());
        assert!(guarantees.iter().all(|c| !matches!(
            c,
            Clause::Guarantee { guarantor, state } if *guarantor == north_power && view.controller(*state) == north_power
        )));
        // Small states guarantee nobody; a power in a bloc is not offered
        // another; no state is assigned to the sphere it is in.
        assert!(guarantees.iter().all(|c| matches!(
            c,
            Clause::Guarantee { guarantor, .. } if view.setup().power(*guarantor).great
        )));
        for (a, b) in [(alpha, beta), (beta, alpha), (alpha, north_power)] {
            for c in choices(&view, a, b, ClauseKind::JoinBloc) {
                let Clause::JoinBloc { power, .. } = c else {
                    unreachable!()
                };
                assert!(
                    view.setup().bloc_ids().all(|b| !view.in_bloc(power, b)),
                    "{c:?}"
                );
            }
            for c in choices(&view, a, b, ClauseKind::TerritorialProtocol) {
                let Clause::TerritorialProtocol(list) = &c else {
                    unreachable!()
                };
                assert!(list.iter().all(|(s, to)| view.sphere(*s) != *to), "{c:?}");
            }
        }
        // A treaty in force is not offered again.
        let gamma = p(&view, "gamma");
        assert!(choices(&view, beta, gamma, ClauseKind::MutualAssistance).is_empty());
        assert_eq!(
            choices(&view, alpha, beta, ClauseKind::MutualAssistance).len(),
            1
        );
    }

    fn propose(to: PowerId, clauses: Vec<Clause>) -> Action {
        Action::Propose {
            to,
            clauses,
            deadline_days: 14,
            secret: crate::rules::clause::Secret::NONE,
        }
    }

    #[test]
    fn proposals_are_checked_before_they_are_sent() {
        let view = tiny();
        let (alpha, beta, gamma) = (p(&view, "alpha"), p(&view, "beta"), p(&view, "gamma"));
        let north = s(&view, "north");
        let ok = |a: &Action| check(&view, alpha, a);
        assert_eq!(ok(&propose(beta, vec![Clause::NonAggression])), Ok(()));
        assert_eq!(
            ok(&propose(alpha, vec![Clause::NonAggression])),
            Err(ActionError::SelfTarget)
        );
        assert_eq!(
            ok(&propose(PowerId(99), vec![Clause::NonAggression])),
            Err(ActionError::UnknownPower)
        );
        assert_eq!(ok(&propose(beta, vec![])), Err(ActionError::Empty));
        assert_eq!(
            ok(&propose(beta, vec![Clause::Consultation; MAX_CLAUSES + 1])),
            Err(ActionError::TooManyClauses)
        );
        for deadline_days in [0, MAX_DEADLINE_DAYS + 1] {
            let late = Action::Propose {
                to: beta,
                clauses: vec![Clause::NonAggression],
                deadline_days,
                secret: crate::rules::clause::Secret::NONE,
            };
            assert_eq!(ok(&late), Err(ActionError::BadDeadline));
        }
        let twice = vec![Clause::NonAggression, Clause::NonAggression];
        assert!(matches!(
            ok(&propose(beta, twice)),
            Err(ActionError::BadClause(2, _))
        ));
        // Clauses must concern the parties and existing things.
        let bad = [
            Clause::Trade {
                to: gamma,
                goods: crate::rules::clause::Goods::Credits,
            },
            Clause::TerritorialProtocol(vec![(north, gamma)]),
            Clause::TerritorialProtocol(vec![]),
            Clause::Cession {
                state: StateId(99),
                to: alpha,
            },
            Clause::Guarantee {
                guarantor: gamma,
                state: north,
            },
            Clause::JoinBloc {
                power: alpha,
                bloc: BlocId(9),
            },
            Clause::Denunciation(TreatyId(42)),
        ];
        for clause in bad {
            assert!(
                matches!(
                    ok(&propose(beta, vec![clause.clone()])),
                    Err(ActionError::BadClause(1, _))
                ),
                "{clause:?} should be refused"
            );
        }
        // A promise already in force between the parties cannot be made again.
        let again = propose(gamma, vec![Clause::MutualAssistance]);
        assert!(matches!(
            check(&view, beta, &again),
            Err(ActionError::BadClause(1, _))
        ));
    }

    #[test]
    fn ended_talks_and_severed_relations_stop_proposals() {
        let mut view = tiny();
        let (alpha, beta) = (p(&view, "alpha"), p(&view, "beta"));
        let offer = propose(beta, vec![Clause::NonAggression]);
        view.pair_mut(beta, alpha).talks_ended = true;
        assert_eq!(check(&view, alpha, &offer), Err(ActionError::TalksEnded));
        view.pair_mut(beta, alpha).talks_ended = false;
        view.set_relation(alpha, beta, Relation::Severed);
        assert_eq!(check(&view, alpha, &offer), Err(ActionError::NoRelations));
        let sever = Action::SeverRelations { with: beta };
        assert_eq!(
            check(&view, alpha, &sever),
            Err(ActionError::Relation("severed"))
        );
        // War is still possible, and then no second declaration.
        let war = Action::DeclareWar { on: beta };
        assert_eq!(check(&view, alpha, &war), Ok(()));
        view.set_relation(alpha, beta, Relation::War);
        assert_eq!(check(&view, alpha, &war), Err(ActionError::Relation("war")));
    }

    #[test]
    fn answers_invasions_and_denunciations_need_something_to_act_on() {
        let view = tiny();
        let (alpha, beta) = (p(&view, "alpha"), p(&view, "beta"));
        let answer = Action::Answer {
            proposal: ProposalId(0),
            answer: Answer::Accept,
        };
        assert_eq!(
            check(&view, alpha, &answer),
            Err(ActionError::NoSuchProposal)
        );
        let invade = |state| Action::Invade { state };
        assert_eq!(check(&view, alpha, &invade(s(&view, "north"))), Ok(()));
        assert_eq!(
            check(&view, alpha, &invade(StateId(99))),
            Err(ActionError::UnknownState)
        );
        let north_power = p(&view, "north");
        assert_eq!(
            check(&view, north_power, &invade(s(&view, "north"))),
            Err(ActionError::AlreadyOurs)
        );
        // A second invasion of a state already invaded is refused.
        let fighting = crate::rules::testkit::fighting(&view, alpha, "north", 1);
        assert_eq!(
            check(&fighting, alpha, &invade(s(&view, "north"))),
            Err(ActionError::AlreadyInvading)
        );
        assert_eq!(check(&fighting, beta, &invade(s(&view, "north"))), Ok(()));
        let old_pact = Action::Denounce {
            treaty: TreatyId(0),
        };
        assert_eq!(check(&view, beta, &old_pact), Ok(()));
        assert_eq!(
            check(&view, alpha, &old_pact),
            Err(ActionError::NoSuchTreaty),
            "alpha is no party to the old pact"
        );
        let rounds = Action::Summit {
            with: beta,
            rounds: MAX_ROUNDS + 1,
            clauses: vec![Clause::NonAggression],
            secret: crate::rules::clause::Secret::NONE,
        };
        assert_eq!(check(&view, alpha, &rounds), Err(ActionError::BadRounds));
    }

    #[test]
    fn the_relations_ladder_only_goes_down_one_rung_at_a_time() {
        let mut r = Relation::Normal;
        let mut seen = vec![r];
        while r != Relation::War {
            r = r.worse();
            seen.push(r);
        }
        assert_eq!(
            seen,
            [
                Relation::Normal,
                Relation::Strained,
                Relation::Severed,
                Relation::War
            ]
        );
        assert_eq!(Relation::War.worse(), Relation::War);
        assert!(Relation::Strained.allows_proposals());
        assert!(!Relation::Severed.allows_proposals());
    }
}
