//! The ECS world as the rules see it: [`EcsView`] answers the rules'
//! [`View`] straight from the entities and resources of a match, with no
//! copy. It borrows the world, so nothing changes while it is read.

use super::components::*;
use crate::rules::ids::{BlocId, PowerId, StateId};
use crate::rules::relation::PairTable;
use crate::rules::view::{Bonds, Front, Pair, PendingOffer, Standing, Territory, Treaty, View};
use crate::rules::{ClauseKind, Setup, TreatyId};
use bevy::prelude::*;
use std::cell::OnceCell;
use std::sync::Arc;

/// What a view answers for an entity the index names but the world lacks
/// (never, while the index is kept right; the invariant checks say so).
static NO_TREATY: Treaty = Treaty {
    id: TreatyId(u32::MAX),
    name: String::new(),
    parties: Vec::new(),
    clauses: Vec::new(),
    secret: crate::rules::clause::Secret::NONE,
    known_to: Vec::new(),
    kinds: 0,
};
static NO_OFFER: PendingOffer = PendingOffer {
    id: crate::rules::ProposalId(u32::MAX),
    from: PowerId(0),
    to: PowerId(0),
    clauses: Vec::new(),
    sent_day: 0,
    deadline_day: 0,
    ultimatum: None,
    secret: crate::rules::clause::Secret::NONE,
    stage: crate::rules::view::Stage::Open,
};
static NO_PAIR: Pair = Pair {
    relation: crate::rules::Relation::Normal,
    memory: crate::rules::Memory([0.0; crate::rules::memory::KINDS]),
    trust: 0.0,
    talks_ended: false,
    recalled: false,
};

/// The rules' view of a match held in an ECS world. What it reads is
/// fetched from the entities once, when first asked for (a view lives for
/// one question or one decision; the world cannot change under it).
#[derive(Clone)]
pub struct EcsView<'w> {
    world: &'w World,
    setup: &'w Arc<Setup>,
    clock: Clock,
    pairs: &'w PairTable<Pair>,
    index: &'w Index,
    strength: OnceCell<Vec<f32>>,
    land: OnceCell<Vec<Territory>>,
    treaties: OnceCell<Vec<&'w Treaty>>,
    offers: OnceCell<Vec<&'w PendingOffer>>,
    bonds: OnceCell<Bonds>,
}

static NO_INDEX: Index = Index {
    powers: Vec::new(),
    states: Vec::new(),
    blocs: Vec::new(),
    leaders: Vec::new(),
    treaties: Vec::new(),
    offers: Vec::new(),
    fronts: Vec::new(),
};
static NO_FRONT: Front = Front {
    attacker: PowerId(0),
    state: StateId(0),
    began_day: 0,
    progress: 0,
};
static NO_PAIRS: PairTable<Pair> = PairTable::empty();
const NO_LAND: Territory = Territory {
    sphere: PowerId(0),
    controller: PowerId(0),
    partitioned_with: None,
    conquered: false,
};

impl<'w> EcsView<'w> {
    /// The view of the match in `world`, if one has begun.
    pub fn of(world: &'w World) -> Option<Self> {
        let setup = &world.get_resource::<Match>()?.setup;
        Some(EcsView::new(world, setup))
    }

    /// The view of `world`, playing `setup` (a world not yet holding a
    /// match reads as empty).
    pub fn new(world: &'w World, setup: &'w Arc<Setup>) -> Self {
        EcsView {
            setup,
            clock: world
                .get_resource::<Clock>()
                .copied()
                .unwrap_or(Clock { turn: 1, day: 0 }),
            pairs: world.get_resource::<Pairs>().map_or(&NO_PAIRS, |p| &p.0),
            index: world.get_resource::<Index>().unwrap_or(&NO_INDEX),
            world,
            strength: OnceCell::new(),
            land: OnceCell::new(),
            treaties: OnceCell::new(),
            offers: OnceCell::new(),
            bonds: OnceCell::new(),
        }
    }

    fn bonds(&self) -> &Bonds {
        self.bonds
            .get_or_init(|| Bonds::of(self.pairs.size(), self.treaties().iter().copied()))
    }

    /// The same world read as on `day` of the turn (answers judged on the
    /// day their offer arrived).
    pub fn set_day(&mut self, day: u32) {
        self.clock.day = day;
    }

    /// The world it reads.
    pub fn world(&self) -> &'w World {
        self.world
    }

    /// A power's score as of the last turn's end.
    pub fn score(&self, p: PowerId) -> f32 {
        self.index
            .powers
            .get(p.index())
            .and_then(|e| self.world.get::<Score>(*e))
            .map_or(0.0, |s| s.0)
    }

    fn treaties(&self) -> &[&'w Treaty] {
        self.treaties.get_or_init(|| {
            self.index
                .treaties
                .iter()
                .map(|(_, e)| self.world.get::<Signed>(*e).map_or(&NO_TREATY, |t| &t.0))
                .collect()
        })
    }

    fn offers(&self) -> &[&'w PendingOffer] {
        self.offers.get_or_init(|| {
            self.index
                .offers
                .iter()
                .map(|(_, e)| self.world.get::<Tabled>(*e).map_or(&NO_OFFER, |o| &o.0))
                .collect()
        })
    }
}

impl View for EcsView<'_> {
    fn setup(&self) -> &Arc<Setup> {
        self.setup
    }
    fn turn(&self) -> u32 {
        self.clock.turn
    }
    fn day(&self) -> u32 {
        self.clock.day
    }
    fn pair(&self, of: PowerId, toward: PowerId) -> &Pair {
        self.pairs.cell_or(of.index(), toward.index(), &NO_PAIR)
    }
    fn strength(&self, p: PowerId) -> f32 {
        let all = self.strength.get_or_init(|| {
            self.index
                .powers
                .iter()
                .map(|e| self.world.get::<Strength>(*e).map_or(0.0, |s| s.0))
                .collect()
        });
        all.get(p.index()).copied().unwrap_or(0.0)
    }
    fn territory(&self, s: StateId) -> Territory {
        let all = self.land.get_or_init(|| {
            self.index
                .states
                .iter()
                .map(|e| self.world.get::<Land>(*e).map_or(NO_LAND, |l| l.0))
                .collect()
        });
        all.get(s.index()).copied().unwrap_or(NO_LAND)
    }
    fn members(&self, b: BlocId) -> &[PowerId] {
        self.index
            .blocs
            .get(b.index())
            .and_then(|e| self.world.get::<Members>(*e))
            .map_or(&[], |m| m.0.as_slice())
    }
    fn treaty_count(&self) -> usize {
        self.index.treaties.len()
    }
    fn treaty_at(&self, i: usize) -> &Treaty {
        self.treaties().get(i).copied().unwrap_or(&NO_TREATY)
    }
    fn offer_count(&self) -> usize {
        self.index.offers.len()
    }
    fn offer_at(&self, i: usize) -> &PendingOffer {
        self.offers().get(i).copied().unwrap_or(&NO_OFFER)
    }
    fn standing(&self, p: PowerId) -> Standing {
        self.index
            .powers
            .get(p.index())
            .and_then(|e| self.world.get::<Record>(*e))
            .map_or_else(Standing::default, |r| r.0)
    }
    fn front_count(&self) -> usize {
        self.index.fronts.len()
    }
    fn front_at(&self, i: usize) -> &Front {
        self.index
            .fronts
            .get(i)
            .and_then(|e| self.world.get::<Fighting>(*e))
            .map_or(&NO_FRONT, |f| &f.0)
    }
    // Asked most often (by every objective and outcome rule): answered
    // from the pairs' treaty bits, made once per view.
    fn has_treaty(&self, a: PowerId, b: PowerId, kind: Option<ClauseKind>) -> bool {
        self.bonds().has(a, b, kind)
    }
    fn isolated(&self, power: PowerId) -> bool {
        self.bonds().isolated(self.setup, power)
    }
}

/// The entities holding component `C`, with their keys, in key order.
fn keyed<C: Component, K: Ord + Copy>(
    world: &mut World,
    key: impl Fn(&C) -> K,
) -> Vec<(K, Entity)> {
    let mut all: Vec<(K, Entity)> = world
        .query::<(Entity, &C)>()
        .iter(world)
        .map(|(e, c)| (key(c), e))
        .collect();
    all.sort_by_key(|(k, _)| *k);
    all
}

/// The entities holding component `C`, in the order of their keys.
fn ordered<C: Component, K: Ord + Copy>(world: &mut World, key: impl Fn(&C) -> K) -> Vec<Entity> {
    keyed(world, key).into_iter().map(|(_, e)| e).collect()
}

/// Rebuilds the [`Index`] from the key components of the match's entities.
pub fn reindex(world: &mut World) {
    let index = Index {
        powers: ordered(world, |k: &PowerKey| k.0),
        states: ordered(world, |k: &StateKey| k.0),
        blocs: ordered(world, |k: &BlocKey| k.0),
        leaders: ordered(world, |k: &LeaderKey| k.0),
        treaties: keyed(world, |t: &Signed| t.id),
        offers: keyed(world, |o: &Tabled| o.id),
        fronts: ordered(world, |f: &Fighting| (f.attacker, f.state)),
    };
    world.insert_resource(index);
}

/// The rules' view of the match for ordinary systems (the desktop's
/// screens): the same components as [`EcsView`] reads, fetched as
/// read-only system parameters, so a system can hold it beside its own
/// mutable state.
#[derive(bevy::ecs::system::SystemParam)]
pub struct WorldRead<'w, 's> {
    m: Option<Res<'w, Match>>,
    clock: Option<Res<'w, Clock>>,
    pairs: Option<Res<'w, Pairs>>,
    index: Option<Res<'w, Index>>,
    strength: Query<'w, 's, &'static Strength>,
    score: Query<'w, 's, &'static Score>,
    land: Query<'w, 's, &'static Land>,
    members: Query<'w, 's, &'static Members>,
    treaties: Query<'w, 's, &'static Signed>,
    offers: Query<'w, 's, &'static Tabled>,
    records: Query<'w, 's, &'static Record>,
    fronts: Query<'w, 's, &'static Fighting>,
}

/// A [`WorldRead`] with a match in it.
pub struct ReadView<'a, 'w, 's> {
    read: &'a WorldRead<'w, 's>,
    setup: &'a Arc<Setup>,
    pairs: &'a PairTable<Pair>,
    index: &'a Index,
    clock: Clock,
}

impl<'w, 's> WorldRead<'w, 's> {
    /// The view, if a match has begun.
    pub fn view(&self) -> Option<ReadView<'_, 'w, 's>> {
        Some(ReadView {
            setup: &self.m.as_ref()?.setup,
            pairs: &self.pairs.as_ref()?.0,
            index: self.index.as_ref()?,
            clock: **self.clock.as_ref()?,
            read: self,
        })
    }
}

impl ReadView<'_, '_, '_> {
    /// A power's score as of the last turn's end.
    pub fn score(&self, p: PowerId) -> f32 {
        self.index
            .powers
            .get(p.index())
            .and_then(|e| self.read.score.get(*e).ok())
            .map_or(0.0, |s| s.0)
    }
}

impl View for ReadView<'_, '_, '_> {
    fn setup(&self) -> &Arc<Setup> {
        self.setup
    }
    fn turn(&self) -> u32 {
        self.clock.turn
    }
    fn day(&self) -> u32 {
        self.clock.day
    }
    fn pair(&self, of: PowerId, toward: PowerId) -> &Pair {
        self.pairs.cell_or(of.index(), toward.index(), &NO_PAIR)
    }
    fn strength(&self, p: PowerId) -> f32 {
        self.index
            .powers
            .get(p.index())
            .and_then(|e| self.read.strength.get(*e).ok())
            .map_or(0.0, |s| s.0)
    }
    fn territory(&self, s: StateId) -> Territory {
        self.index
            .states
            .get(s.index())
            .and_then(|e| self.read.land.get(*e).ok())
            .map_or(
                Territory {
                    sphere: PowerId(0),
                    controller: PowerId(0),
                    partitioned_with: None,
                    conquered: false,
                },
                |l| l.0,
            )
    }
    fn members(&self, b: BlocId) -> &[PowerId] {
        self.index
            .blocs
            .get(b.index())
            .and_then(|e| self.read.members.get(*e).ok())
            .map_or(&[], |m| m.0.as_slice())
    }
    fn treaty_count(&self) -> usize {
        self.index.treaties.len()
    }
    fn treaty_at(&self, i: usize) -> &Treaty {
        self.index
            .treaties
            .get(i)
            .and_then(|(_, e)| self.read.treaties.get(*e).ok())
            .map_or(&NO_TREATY, |t| &t.0)
    }
    fn offer_count(&self) -> usize {
        self.index.offers.len()
    }
    fn offer_at(&self, i: usize) -> &PendingOffer {
        self.index
            .offers
            .get(i)
            .and_then(|(_, e)| self.read.offers.get(*e).ok())
            .map_or(&NO_OFFER, |o| &o.0)
    }
    fn standing(&self, p: PowerId) -> Standing {
        self.index
            .powers
            .get(p.index())
            .and_then(|e| self.read.records.get(*e).ok())
            .map_or_else(Standing::default, |r| r.0)
    }
    fn front_count(&self) -> usize {
        self.index.fronts.len()
    }
    fn front_at(&self, i: usize) -> &Front {
        self.index
            .fronts
            .get(i)
            .and_then(|e| self.read.fronts.get(*e).ok())
            .map_or(&NO_FRONT, |f| &f.0)
    }
}
