//! What a power knows: its envoys' view into others' affairs, the secrets
//! aimed at it, and the world as it sees it ([`Perspective`]): its own
//! memory, the treaties it knows of, the talks it is party to. Players,
//! AIs and bots all play from a perspective; only the match record is
//! omniscient.

use super::clause::{Clause, ClauseKind};
use super::ids::{BlocId, PowerId, StateId};
use super::memory::MemoryKind;
use super::relation::{PairTable, Relation};
use super::setup::Setup;
use super::view::{Bonds, Front, Pair, PendingOffer, Standing, Territory, Treaty, View, ViewExt};
use std::borrow::Cow;
use std::cell::{Cell, OnceCell};
use std::sync::Arc;

/// How well `p`'s envoys can see into `q`'s affairs (0–1): an ambassador
/// in place (not recalled, relations not broken) and calm relations.
pub fn intelligence(view: &(impl View + ?Sized), p: PowerId, q: PowerId) -> f32 {
    let w = &view.setup().model;
    let envoy = if view.recalled(p, q) || view.relation(p, q) >= Relation::Severed {
        w.intel_no_envoy
    } else {
        1.0
    };
    let calm = if view.relation(p, q) == Relation::Normal {
        1.0
    } else {
        w.intel_strained
    };
    envoy * calm
}

/// Whether clauses are aimed at `p`: they concern a state it holds, rules
/// or guarantees, or they touch one of its objectives.
pub fn aimed_at(view: &dyn View, clauses: &[Clause], p: PowerId) -> bool {
    let setup = view.setup();
    let guarded = |s: StateId| {
        view.treaties().any(|t| {
            t.clauses
                .iter()
                .any(|c| matches!(c, Clause::Guarantee { guarantor, state } if *guarantor == p && *state == s))
        })
    };
    clauses.iter().any(|c| {
        c.states().into_iter().any(|s| {
            let t = view.territory(s);
            t.sphere == p || t.controller == p || guarded(s)
        })
    }) || setup
        .objectives
        .iter()
        .any(|o| o.power == p && o.touched_by(clauses))
}

/// The world as `me` knows it. Public facts (relations, strength, the
/// map, blocs, fronts, records) as they are; its own memory and trust as
/// they are; others' memories without what only they know (the secrets
/// they discovered); the treaties it is party to or knows whole, and only
/// the public clauses of the rest; the offers it sent or received.
pub struct Perspective<'v> {
    base: &'v dyn View,
    me: PowerId,
    treaties: OnceCell<Vec<Cow<'v, Treaty>>>,
    offers: OnceCell<Vec<&'v PendingOffer>>,
    pairs: OnceCell<PairTable<Pair>>,
    bonds: OnceCell<Bonds>,
    /// What each objective earns now, as it is asked (NaN: not yet).
    shares: OnceCell<Vec<Cell<f32>>>,
}

impl<'v> Perspective<'v> {
    /// `base` as `me` knows it.
    pub fn new(base: &'v dyn View, me: PowerId) -> Self {
        Perspective {
            base,
            me,
            treaties: OnceCell::new(),
            offers: OnceCell::new(),
            pairs: OnceCell::new(),
            bonds: OnceCell::new(),
            shares: OnceCell::new(),
        }
    }

    /// Whose perspective it is.
    pub fn me(&self) -> PowerId {
        self.me
    }

    /// The treaties as `me` knows them: those it knows in full borrowed
    /// from the world, the others cut down to their visible clauses.
    fn treaties(&self) -> &[Cow<'v, Treaty>] {
        self.treaties.get_or_init(|| {
            let base: &'v dyn View = self.base;
            base.treaties()
                .filter_map(|t| {
                    if t.known_by(self.me) {
                        return Some(Cow::Borrowed(t));
                    }
                    let public: Vec<Clause> = t.visible_to(self.me).cloned().collect();
                    (!public.is_empty()).then(|| {
                        let mut seen = Treaty::new(t.id, t.name.clone(), t.parties.clone(), public);
                        seen.known_to = t.known_to.clone();
                        Cow::Owned(seen)
                    })
                })
                .collect()
        })
    }

    fn offers(&self) -> &[&'v PendingOffer] {
        self.offers.get_or_init(|| {
            let base: &'v dyn View = self.base;
            base.offers()
                .filter(|o| o.from == self.me || o.to == self.me)
                .collect()
        })
    }

    fn bonds(&self) -> &Bonds {
        self.bonds.get_or_init(|| {
            Bonds::of(
                self.base.setup().power_count(),
                self.treaties().iter().map(|t| &**t),
            )
        })
    }

    fn pairs(&self) -> &PairTable<Pair> {
        self.pairs.get_or_init(|| {
            let n = self.base.setup().power_count();
            let mut table = PairTable::new(n, Pair::default());
            for of in self.base.setup().power_ids() {
                for toward in self.base.setup().power_ids() {
                    let mut pair = *self.base.pair(of, toward);
                    if of != self.me {
                        pair.memory.0[MemoryKind::Deceit.slot()] = 0.0;
                    }
                    *table.get_mut(of.index(), toward.index()) = pair;
                }
            }
            table
        })
    }
}

impl View for Perspective<'_> {
    fn setup(&self) -> &Arc<Setup> {
        self.base.setup()
    }
    fn turn(&self) -> u32 {
        self.base.turn()
    }
    fn day(&self) -> u32 {
        self.base.day()
    }
    fn pair(&self, of: PowerId, toward: PowerId) -> &Pair {
        let pair = self.base.pair(of, toward);
        // Others' memory of deceit is theirs alone; where there is none,
        // the world's own record serves as it is.
        if of == self.me || pair.memory.0[MemoryKind::Deceit.slot()] == 0.0 {
            pair
        } else {
            self.pairs().cell(of.index(), toward.index())
        }
    }
    fn strength(&self, p: PowerId) -> f32 {
        self.base.strength(p)
    }
    fn territory(&self, s: StateId) -> Territory {
        self.base.territory(s)
    }
    fn members(&self, b: BlocId) -> &[PowerId] {
        self.base.members(b)
    }
    fn treaty_count(&self) -> usize {
        self.treaties().len()
    }
    // What conditions and the model ask most, from the treaties as known.
    fn has_treaty(&self, a: PowerId, b: PowerId, kind: Option<ClauseKind>) -> bool {
        self.bonds().has(a, b, kind)
    }
    fn isolated(&self, power: PowerId) -> bool {
        self.bonds().isolated(self.base.setup(), power)
    }
    // Weighing offers asks what each objective earns now again and again.
    fn objective_share(&self, i: usize) -> f32 {
        let setup = self.base.setup();
        let Some(objective) = setup.objectives.get(i) else {
            return 0.0;
        };
        // NaN: not asked yet.
        let shares = self
            .shares
            .get_or_init(|| vec![Cell::new(f32::NAN); setup.objectives.len()]);
        let known = shares[i].get();
        if !known.is_nan() {
            return known;
        }
        let share = objective.share(self);
        shares[i].set(share);
        share
    }
    fn treaty_at(&self, i: usize) -> &Treaty {
        &self.treaties()[i]
    }
    fn offer_count(&self) -> usize {
        self.offers().len()
    }
    fn offer_at(&self, i: usize) -> &PendingOffer {
        self.offers()[i]
    }
    fn standing(&self, p: PowerId) -> Standing {
        self.base.standing(p)
    }
    fn front_count(&self) -> usize {
        self.base.front_count()
    }
    fn front_at(&self, i: usize) -> &Front {
        self.base.front_at(i)
    }
}
