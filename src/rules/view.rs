//! [`WorldView`]: a read-only picture of the world at one moment, the input
//! of the acceptance model, the AI and scoring. The simulation builds it from
//! its entities; a test builds it from a [`Setup`] in one line.

use super::clause::{Clause, ClauseKind, Consequence, kind_bits};
use super::condition::Facts;
use super::ids::{BlocId, PowerId, ProposalId, StateId, TreatyId};
use super::memory::{Memory, MemoryKind};
use super::relation::{PairTable, Relation};
use super::setup::Setup;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// A treaty in force.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TreatyView {
    pub id: TreatyId,
    pub name: String,
    pub parties: Vec<PowerId>,
    pub clauses: Vec<Clause>,
    /// Bits of the clause kinds it holds.
    pub kinds: u16,
}

impl TreatyView {
    /// A treaty from its parts.
    pub fn new(id: TreatyId, name: String, parties: Vec<PowerId>, clauses: Vec<Clause>) -> Self {
        let kinds = kind_bits(&clauses);
        TreatyView {
            id,
            name,
            parties,
            clauses,
            kinds,
        }
    }

    /// Whether `p` is a party.
    pub fn binds(&self, p: PowerId) -> bool {
        self.parties.contains(&p)
    }

    /// Whether it binds both `a` and `b`.
    pub fn between(&self, a: PowerId, b: PowerId) -> bool {
        self.binds(a) && self.binds(b)
    }

    /// Whether it holds a clause of this kind.
    pub fn has(&self, kind: ClauseKind) -> bool {
        self.kinds & kind.bit() != 0
    }
}

/// A proposal or ultimatum awaiting an answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PendingOffer {
    pub id: ProposalId,
    pub from: PowerId,
    pub to: PowerId,
    pub clauses: Vec<Clause>,
    pub sent_day: u32,
    pub deadline_day: u32,
    pub ultimatum: Option<Consequence>,
}

/// The world at one moment.
#[derive(Clone, Debug)]
pub struct WorldView {
    pub setup: Arc<Setup>,
    pub turn: u32,
    /// The match day (0 = the scenario's start date).
    pub day: u32,
    pub relations: PairTable<Relation>,
    /// Row: who remembers; column: whom.
    pub memory: PairTable<Memory>,
    /// Row: who trusts; column: whom.
    pub trust: PairTable<f32>,
    /// Row: who ended the talks; column: with whom.
    pub talks_ended: PairTable<bool>,
    /// Row: who recalled its ambassador; column: from whom.
    pub recalled: PairTable<bool>,
    pub spheres: Vec<PowerId>,
    pub controllers: Vec<PowerId>,
    pub partitioned: Vec<Option<PowerId>>,
    pub strength: Vec<f32>,
    pub bloc_members: Vec<Vec<PowerId>>,
    pub treaties: Vec<TreatyView>,
    pub pending: Vec<PendingOffer>,
    /// Ultimatums refused (or taken as insults) whose consequence falls due
    /// at their deadline.
    pub threats: Vec<PendingOffer>,
}

impl WorldView {
    /// The world at the scenario's start.
    pub fn new(setup: Arc<Setup>) -> Self {
        let n = setup.power_count();
        let mut memory = PairTable::new(n, Memory::default());
        for s in &setup.sentiments {
            memory.get_mut(s.of.index(), s.toward.index()).set(
                MemoryKind::Standing,
                setup.model.memory_rule(MemoryKind::Standing),
                s.value,
            );
        }
        let treaties = setup
            .treaties
            .iter()
            .enumerate()
            .map(|(i, t)| {
                TreatyView::new(
                    TreatyId(i as u32),
                    t.name.clone(),
                    t.parties.clone(),
                    t.clauses.clone(),
                )
            })
            .collect();
        WorldView {
            turn: 1,
            day: 0,
            relations: setup.relations.clone(),
            memory,
            trust: setup.trust.clone(),
            talks_ended: PairTable::new(n, false),
            recalled: PairTable::new(n, false),
            spheres: setup.states.iter().map(|s| s.sphere).collect(),
            controllers: setup.states.iter().map(|s| s.controller).collect(),
            partitioned: vec![None; setup.states.len()],
            strength: setup.powers.iter().map(|p| p.strength).collect(),
            bloc_members: setup.blocs.iter().map(|b| b.members.clone()).collect(),
            treaties,
            pending: Vec::new(),
            threats: Vec::new(),
            setup,
        }
    }

    /// `of`'s opinion of `toward`: the sum of its memory.
    pub fn opinion(&self, of: PowerId, toward: PowerId) -> f32 {
        self.memory.get(of.index(), toward.index()).opinion()
    }

    /// `of`'s trust in `toward` (0–1).
    pub fn trust(&self, of: PowerId, toward: PowerId) -> f32 {
        self.trust.get(of.index(), toward.index())
    }

    /// `of`'s memory of `toward`.
    pub fn memory_of(&self, of: PowerId, toward: PowerId) -> &Memory {
        let n = self.memory.size();
        &self.memory.cells()[of.index() * n + toward.index()]
    }

    /// Strength of a power.
    pub fn strength(&self, p: PowerId) -> f32 {
        self.strength[p.index()]
    }

    /// Treaties in force between two powers.
    pub fn treaties_between(
        &self,
        a: PowerId,
        b: PowerId,
    ) -> impl Iterator<Item = &TreatyView> + '_ {
        self.treaties.iter().filter(move |t| t.between(a, b))
    }

    /// A treaty in force by id.
    pub fn treaty(&self, id: TreatyId) -> Option<&TreatyView> {
        self.treaties.iter().find(|t| t.id == id)
    }

    /// Whether two powers may exchange proposals: relations not severed, and
    /// the receiver has not ended talks with the sender.
    pub fn may_propose(&self, from: PowerId, to: PowerId) -> bool {
        from != to
            && self.relation(from, to).allows_proposals()
            && !self.talks_ended(to, from)
            && !self.talks_ended(from, to)
    }

    /// Powers at strained or worse relations with `p` (its enemies).
    pub fn hostile_strength(&self, p: PowerId, except: PowerId) -> f32 {
        self.setup
            .power_ids()
            .filter(|q| *q != p && *q != except && self.relation(p, *q) >= Relation::Severed)
            .map(|q| self.strength(q))
            .sum()
    }

    /// The states in `p`'s sphere.
    pub fn sphere_of(&self, p: PowerId) -> impl Iterator<Item = StateId> + '_ {
        self.spheres
            .iter()
            .enumerate()
            .filter(move |(_, owner)| **owner == p)
            .map(|(i, _)| StateId(i as u8))
    }
}

impl Facts for WorldView {
    fn sphere(&self, state: StateId) -> PowerId {
        self.spheres[state.index()]
    }
    fn controller(&self, state: StateId) -> PowerId {
        self.controllers[state.index()]
    }
    fn relation(&self, a: PowerId, b: PowerId) -> Relation {
        self.relations.get(a.index(), b.index())
    }
    fn has_treaty(&self, a: PowerId, b: PowerId, kind: Option<ClauseKind>) -> bool {
        self.treaties_between(a, b)
            .any(|t| kind.is_none_or(|k| t.has(k)))
    }
    fn talks_ended(&self, by: PowerId, with: PowerId) -> bool {
        self.talks_ended.get(by.index(), with.index())
    }
    fn any_war(&self) -> bool {
        self.relations.cells().contains(&Relation::War)
    }
    fn isolated(&self, power: PowerId) -> bool {
        !self.treaties.iter().any(|t| {
            t.binds(power)
                && t.parties
                    .iter()
                    .any(|q| *q != power && self.setup.power(*q).great)
        })
    }
    fn in_bloc(&self, power: PowerId, bloc: BlocId) -> bool {
        self.bloc_members
            .get(bloc.index())
            .is_some_and(|m| m.contains(&power))
    }
}

/// The world as it would be if `clauses` between `a` and `b` took force.
pub struct WithClauses<'v> {
    pub view: &'v WorldView,
    pub a: PowerId,
    pub b: PowerId,
    pub clauses: &'v [Clause],
}

impl Facts for WithClauses<'_> {
    fn sphere(&self, state: StateId) -> PowerId {
        let mut owner = self.view.sphere(state);
        for c in self.clauses {
            match c {
                Clause::TerritorialProtocol { assignments } => {
                    if let Some((_, to)) = assignments.iter().find(|(s, _)| *s == state) {
                        owner = *to;
                    }
                }
                Clause::Cession { state: s, to } if *s == state => owner = *to,
                _ => {}
            }
        }
        owner
    }
    fn controller(&self, state: StateId) -> PowerId {
        self.clauses
            .iter()
            .rev()
            .find_map(|c| match c {
                Clause::Cession { state: s, to } if *s == state => Some(*to),
                _ => None,
            })
            .unwrap_or_else(|| self.view.controller(state))
    }
    fn relation(&self, a: PowerId, b: PowerId) -> Relation {
        self.view.relation(a, b)
    }
    fn has_treaty(&self, a: PowerId, b: PowerId, kind: Option<ClauseKind>) -> bool {
        let ours = (a == self.a && b == self.b) || (a == self.b && b == self.a);
        (ours
            && !self.clauses.is_empty()
            && kind.is_none_or(|k| self.clauses.iter().any(|c| c.kind() == k)))
            || self.view.has_treaty(a, b, kind)
    }
    fn talks_ended(&self, by: PowerId, with: PowerId) -> bool {
        self.view.talks_ended(by, with)
    }
    fn any_war(&self) -> bool {
        self.view.any_war()
    }
    fn isolated(&self, power: PowerId) -> bool {
        let other = if power == self.a {
            Some(self.b)
        } else if power == self.b {
            Some(self.a)
        } else {
            None
        };
        let ends_it =
            other.is_some_and(|o| self.view.setup.power(o).great) && !self.clauses.is_empty();
        !ends_it && self.view.isolated(power)
    }
    fn in_bloc(&self, power: PowerId, bloc: BlocId) -> bool {
        self.clauses.iter().any(
            |c| matches!(c, Clause::JoinBloc { power: p, bloc: b } if *p == power && *b == bloc),
        ) || self.view.in_bloc(power, bloc)
    }
}
