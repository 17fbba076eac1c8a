//! The registry: every component and resource that is the state of a
//! match, named once in [`registry!`]. The saved world ([`SavedWorld`]),
//! the state hash ([`state_hash`]) and the checks a save must pass before
//! it is restored all follow from that one list, so a new component joins
//! all three by one line.
//!
//! To add a piece of state: define the component (or resource) in
//! `components.rs` with `Serialize` and `Deserialize`, implement
//! [`Checked`] for it (what ids it names, what range its numbers keep), and
//! add one line below.

use super::components::*;
use super::world::reindex;
use crate::rules::check::Bounds;
use crate::rules::view::Pair;
use bevy::prelude::*;
use serde::{Deserialize, Serialize};

/// A piece of state read from a file, checked against its scenario before
/// the simulation touches it.
pub trait Checked {
    /// The first problem, in words.
    fn check(&self, b: &Bounds<'_>) -> Result<(), String>;
}

macro_rules! registry {
    (
        entities { $($field:ident : $component:ty),* $(,)? }
        resources { $($rfield:ident : $resource:ty),* $(,)? }
    ) => {
        /// One entity of a match as saved: the registered components it has.
        #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct SavedEntity {
            $(
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub $field: Option<$component>,
            )*
        }

        /// The state of a match as saved and hashed: the registered
        /// resources, and every entity with its registered components.
        #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct SavedWorld {
            $( pub $rfield: $resource, )*
            pub entities: Vec<SavedEntity>,
        }

        /// [`SavedEntity`] borrowed from the world, serialised alike: what
        /// the state hash reads, without copying the state.
        #[derive(Serialize)]
        #[serde(rename = "SavedEntity")]
        struct EntityRef<'w> {
            $(
                #[serde(skip_serializing_if = "Option::is_none")]
                $field: Option<&'w $component>,
            )*
        }

        /// [`SavedWorld`] borrowed from the world, serialised alike.
        #[derive(Serialize)]
        #[serde(rename = "SavedWorld")]
        struct WorldRef<'w> {
            $( $rfield: &'w $resource, )*
            entities: Vec<EntityRef<'w>>,
        }

        impl<'w> WorldRef<'w> {
            fn of(world: &'w World) -> Option<Self> {
                let index = world.get_resource::<Index>()?;
                let entities = ordered(index)
                    .map(|e| EntityRef { $( $field: world.get::<$component>(e), )* })
                    .collect();
                Some(WorldRef {
                    $( $rfield: world.get_resource::<$resource>()?, )*
                    entities,
                })
            }
        }

        impl SavedEntity {
            fn capture(world: &World, e: Entity) -> Self {
                SavedEntity { $( $field: world.get::<$component>(e).cloned(), )* }
            }

            fn spawn(self, world: &mut World) {
                let mut entity = world.spawn(SimEntity);
                $( if let Some(c) = self.$field { entity.insert(c); } )*
            }

            fn check_parts(&self, b: &Bounds<'_>) -> Result<(), String> {
                $(
                    if let Some(c) = &self.$field {
                        c.check(b).map_err(|e| format!("{}: {e}", stringify!($field)))?;
                    }
                )*
                Ok(())
            }
        }

        impl SavedWorld {
            /// The state of the match in `world`, entities in a fixed order
            /// (powers, states, blocs, leaders, treaties, offers; each by id).
            pub fn capture(world: &World) -> Option<Self> {
                let index = world.get_resource::<Index>()?;
                let entities = ordered(index)
                    .map(|e| SavedEntity::capture(world, e))
                    .collect();
                Some(SavedWorld {
                    $( $rfield: world.get_resource::<$resource>()?.clone(), )*
                    entities,
                })
            }

            /// Puts this state into `world` (which holds no match).
            pub fn spawn(self, world: &mut World) {
                $( world.insert_resource(self.$rfield); )*
                for e in self.entities {
                    e.spawn(world);
                }
                reindex(world);
            }

            fn check_parts(&self, b: &Bounds<'_>) -> Result<(), String> {
                $(
                    self.$rfield
                        .check(b)
                        .map_err(|e| format!("{}: {e}", stringify!($rfield)))?;
                )*
                for (i, e) in self.entities.iter().enumerate() {
                    e.check_parts(b)
                        .map_err(|why| format!("entity {}: {why}", i + 1))?;
                }
                Ok(())
            }
        }
    };
}

registry! {
    entities {
        power: PowerKey,
        strength: Strength,
        score: Score,
        record: Record,
        state: StateKey,
        land: Land,
        bloc: BlocKey,
        members: Members,
        leader: LeaderKey,
        treaty: Signed,
        offer: Tabled,
        front: Fighting,
    }
    resources {
        clock: Clock,
        counters: Counters,
        pairs: Pairs,
        log: MatchLog,
    }
}

impl SavedWorld {
    /// The world at the scenario's start (spawned like a saved one).
    pub fn start(setup: &std::sync::Arc<crate::rules::Setup>) -> Self {
        use crate::rules::view::{Sketch, View};
        let sketch = Sketch::new(setup.clone());
        let scores = crate::rules::score::scores(&sketch);
        let mut entities = Vec::new();
        for p in setup.power_ids() {
            entities.push(SavedEntity {
                power: Some(PowerKey(p)),
                strength: Some(Strength(sketch.strength(p))),
                score: Some(Score(scores[p.index()])),
                record: Some(Record::default()),
                ..SavedEntity::default()
            });
        }
        for s in setup.state_ids() {
            entities.push(SavedEntity {
                state: Some(StateKey(s)),
                land: Some(Land(sketch.territory(s))),
                ..SavedEntity::default()
            });
        }
        for b in setup.bloc_ids() {
            entities.push(SavedEntity {
                bloc: Some(BlocKey(b)),
                members: Some(Members(sketch.members(b).to_vec())),
                ..SavedEntity::default()
            });
        }
        for l in setup.leader_ids() {
            entities.push(SavedEntity {
                leader: Some(LeaderKey(l)),
                ..SavedEntity::default()
            });
        }
        for t in &sketch.treaties {
            entities.push(SavedEntity {
                treaty: Some(Signed(t.clone())),
                ..SavedEntity::default()
            });
        }
        SavedWorld {
            clock: Clock { turn: 1, day: 0 },
            counters: Counters {
                // Proposals are counted from 1, as a reader counts them.
                next_proposal: 1,
                next_treaty: sketch.treaties.len() as u32,
            },
            pairs: Pairs(sketch.pairs),
            log: MatchLog::default(),
            entities,
        }
    }
}

/// Every entity of the match, in the order saves and the hash use.
fn ordered(index: &Index) -> impl Iterator<Item = Entity> + '_ {
    index
        .powers
        .iter()
        .chain(&index.states)
        .chain(&index.blocs)
        .chain(&index.leaders)
        .copied()
        .chain(index.treaties.iter().map(|(_, e)| *e))
        .chain(index.offers.iter().map(|(_, e)| *e))
        .chain(index.fronts.iter().copied())
}

/// The state hash of the match in `world`: every registered component and
/// resource. Two worlds with the same hash hold the same state.
pub fn state_hash(world: &World) -> u64 {
    WorldRef::of(world).map_or(0, |s| super::hash::hash_of(&s))
}

impl SavedWorld {
    /// The bounds its ids are checked against: the scenario's tables, and
    /// the treaty and proposal ids its counters have given out.
    pub fn bounds<'s>(&self, setup: &'s crate::rules::Setup) -> Bounds<'s> {
        Bounds {
            setup,
            treaties: Some(self.counters.next_treaty),
            proposals: Some(self.counters.next_proposal),
        }
    }

    /// Checks the state whole against its scenario: every part by itself,
    /// and that the entities are the scenario's (one per power, state, bloc
    /// and leader, each with what it must have; treaties and offers with
    /// ids of their own).
    pub fn check(&self, b: &Bounds<'_>) -> Result<(), String> {
        self.check_parts(b)?;
        let setup = b.setup;
        let n = setup.power_count();
        if self.pairs.size() != n {
            return Err(format!(
                "the table of pairs covers {} powers; the scenario has {n}",
                self.pairs.size()
            ));
        }
        for a in 0..n {
            for c in 0..n {
                if self.pairs.get(a, c).relation != self.pairs.get(c, a).relation {
                    return Err(format!(
                        "the relation of powers #{a} and #{c} differs by the side asked"
                    ));
                }
            }
        }
        let mut powers = vec![false; n];
        let mut states = vec![false; setup.states.len()];
        let mut blocs = vec![false; setup.blocs.len()];
        let mut leaders = vec![false; setup.leaders.len()];
        let mut treaties = std::collections::BTreeSet::new();
        let mut offers = std::collections::BTreeSet::new();
        for (i, e) in self.entities.iter().enumerate() {
            let at = |why: &str| format!("entity {}: {why}", i + 1);
            let kinds = [
                e.power.is_some(),
                e.state.is_some(),
                e.bloc.is_some(),
                e.leader.is_some(),
                e.treaty.is_some(),
                e.offer.is_some(),
                e.front.is_some(),
            ];
            if kinds.iter().filter(|k| **k).count() != 1 {
                return Err(at(
                    "it must be exactly one of a power, a state, a bloc, a leader, a treaty, an offer or a front",
                ));
            }
            let once = |seen: &mut [bool], i: usize, what: &str| {
                if std::mem::replace(&mut seen[i], true) {
                    Err(at(&format!("{what} #{i} appears twice")))
                } else {
                    Ok(())
                }
            };
            if let Some(p) = e.power {
                once(&mut powers, p.0.index(), "power")?;
                if e.strength.is_none() || e.score.is_none() || e.record.is_none() {
                    return Err(at("a power needs its strength, score and record"));
                }
            }
            if let Some(s) = e.state {
                once(&mut states, s.0.index(), "state")?;
                if e.land.is_none() {
                    return Err(at("a state needs its land"));
                }
            }
            if let Some(bloc) = e.bloc {
                once(&mut blocs, bloc.0.index(), "bloc")?;
                if e.members.is_none() {
                    return Err(at("a bloc needs its members"));
                }
            }
            if let Some(l) = e.leader {
                once(&mut leaders, l.0.index(), "leader")?;
            }
            if let Some(t) = &e.treaty
                && !treaties.insert(t.id)
            {
                return Err(at(&format!("treaty #{} appears twice", t.id.0)));
            }
            if let Some(o) = &e.offer
                && !offers.insert(o.id)
            {
                return Err(at(&format!("proposal #{} appears twice", o.id.0)));
            }
        }
        for (what, seen) in [
            ("power", &powers),
            ("state", &states),
            ("bloc", &blocs),
            ("leader", &leaders),
        ] {
            if let Some(i) = seen.iter().position(|s| !s) {
                return Err(format!("{what} #{i} of the scenario is missing"));
            }
        }
        Ok(())
    }
}

impl Checked for PowerKey {
    fn check(&self, b: &Bounds<'_>) -> Result<(), String> {
        b.power(self.0)
    }
}

impl Checked for Strength {
    fn check(&self, _: &Bounds<'_>) -> Result<(), String> {
        if self.0.is_finite() && self.0 >= 0.0 {
            Ok(())
        } else {
            Err(format!(
                "a strength of {} is not a number of zero or more",
                self.0
            ))
        }
    }
}

impl Checked for Score {
    fn check(&self, _: &Bounds<'_>) -> Result<(), String> {
        if self.0.is_finite() {
            Ok(())
        } else {
            Err(format!("a score of {} is not a number", self.0))
        }
    }
}

impl Checked for Record {
    fn check(&self, _: &Bounds<'_>) -> Result<(), String> {
        if self.toll.is_finite() && self.toll >= 0.0 {
            Ok(())
        } else {
            Err(format!(
                "a toll of {} is not a number of zero or more",
                self.toll
            ))
        }
    }
}

impl Checked for Fighting {
    fn check(&self, b: &Bounds<'_>) -> Result<(), String> {
        b.power(self.attacker)?;
        b.state(self.state)?;
        b.day(self.began_day)
    }
}

impl Checked for StateKey {
    fn check(&self, b: &Bounds<'_>) -> Result<(), String> {
        b.state(self.0)
    }
}

impl Checked for Land {
    fn check(&self, b: &Bounds<'_>) -> Result<(), String> {
        b.power(self.sphere)?;
        b.power(self.controller)?;
        self.partitioned_with.map_or(Ok(()), |p| b.power(p))
    }
}

impl Checked for BlocKey {
    fn check(&self, b: &Bounds<'_>) -> Result<(), String> {
        b.bloc(self.0)
    }
}

impl Checked for Members {
    fn check(&self, b: &Bounds<'_>) -> Result<(), String> {
        self.0.iter().try_for_each(|p| b.power(*p))
    }
}

impl Checked for LeaderKey {
    fn check(&self, b: &Bounds<'_>) -> Result<(), String> {
        b.leader(self.0)
    }
}

impl Checked for Signed {
    fn check(&self, b: &Bounds<'_>) -> Result<(), String> {
        b.treaty_in_force(&self.0)
    }
}

impl Checked for Tabled {
    fn check(&self, b: &Bounds<'_>) -> Result<(), String> {
        b.offer(&self.0)
    }
}

impl Checked for Clock {
    fn check(&self, b: &Bounds<'_>) -> Result<(), String> {
        b.turn(self.turn)?;
        b.day(self.day)
    }
}

impl Checked for Counters {
    fn check(&self, _: &Bounds<'_>) -> Result<(), String> {
        // The ids in use are checked against these (see `SavedWorld::bounds`).
        Ok(())
    }
}

impl Checked for Pair {
    fn check(&self, b: &Bounds<'_>) -> Result<(), String> {
        b.memory(&self.memory)?;
        if !(0.0..=1.0).contains(&self.trust) {
            return Err(format!("a trust of {} is not between 0 and 1", self.trust));
        }
        Ok(())
    }
}

impl Checked for Pairs {
    fn check(&self, b: &Bounds<'_>) -> Result<(), String> {
        self.0.cells().iter().try_for_each(|p| p.check(b))
    }
}

impl Checked for MatchLog {
    fn check(&self, b: &Bounds<'_>) -> Result<(), String> {
        const MOST: usize = 200_000;
        if self.0.len() > MOST {
            return Err(format!(
                "a log of {} entries (at most {MOST})",
                self.0.len()
            ));
        }
        for (i, e) in self.0.iter().enumerate() {
            b.event(e)
                .map_err(|why| format!("entry {}: {why}", i + 1))?;
        }
        Ok(())
    }
}
