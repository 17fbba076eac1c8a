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

/// The chance that `p`'s envoys learn a secret between `parties` before
/// the summer ends (a try each week that is left, as in
/// `Authority::gather_intelligence`).
pub fn discovery(view: &(impl View + ?Sized), p: PowerId, parties: [PowerId; 2]) -> f32 {
    let w = &view.setup().model;
    let weeks = view
        .setup()
        .calendar
        .turns()
        .saturating_sub(view.turn())
        .max(1) as i32;
    let weekly_miss: f32 = parties
        .iter()
        .map(|q| 1.0 - intelligence(view, p, *q) * w.intel_chance)
        .product();
    1.0 - weekly_miss.powi(weeks)
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
/// the public clauses of the rest; the offers it sent or received, and the
/// public ultimatums between others.
pub struct Perspective<'v> {
    base: &'v dyn View,
    me: PowerId,
    treaties: OnceCell<Vec<Cow<'v, Treaty>>>,
    offers: OnceCell<Vec<&'v PendingOffer>>,
    pairs: OnceCell<PairTable<Pair>>,
    bonds: OnceCell<Bonds>,
    /// What each objective earns now, as it is asked (NaN: not yet).
    shares: OnceCell<Vec<Cell<f32>>>,
    /// [`View::hostile_strength`] by pair of powers, as it is asked (NaN:
    /// not yet): every security clause weighed asks it.
    hostile: OnceCell<Vec<Cell<f32>>>,
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
            hostile: OnceCell::new(),
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
            // Its own offers, and the public ultimatums between others
            // (an ultimatum is announced: `EventKind::UltimatumSent` is
            // seen by all).
            base.offers()
                .filter(|o| {
                    o.from == self.me
                        || o.to == self.me
                        || o.ultimatum.is_some()
                            && o.stage == super::view::Stage::Open
                            && !o.secret.any()
                })
                .collect()
        })
    }

    fn bonds(&self) -> &Bonds {
        // From the world's treaties directly (the kinds of the clauses `me`
        // can see), without making the cut-down copies.
        self.bonds.get_or_init(|| {
            let base: &'v dyn View = self.base;
            Bonds::of_kinds(
                base.setup().power_count(),
                base.treaties().map(|t| {
                    let kinds = if t.known_by(self.me) {
                        t.kinds
                    } else {
                        t.visible_to(self.me).fold(0, |k, c| k | c.kind().bit())
                    };
                    (t.parties.as_slice(), kinds)
                }),
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
    fn hostile_strength(&self, p: PowerId, except: PowerId) -> f32 {
        let n = self.base.setup().power_count();
        let cells = self
            .hostile
            .get_or_init(|| (0..n * n).map(|_| Cell::new(f32::NAN)).collect());
        let Some(cell) = cells.get(p.index() * n + except.index()) else {
            return super::view::hostile_strength(self, p, except);
        };
        if cell.get().is_nan() {
            cell.set(super::view::hostile_strength(self, p, except));
        }
        cell.get()
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::clause::Secret;
    use crate::rules::ids::TreatyId;
    use crate::rules::model::{Doubt, Offer, estimate};
    use crate::rules::testkit::{p, s, tiny};

    /// Beta and Gamma sign a pact with a secret protocol giving North to Beta.
    fn secret_deal() -> (crate::rules::Sketch, PowerId, PowerId, PowerId) {
        let mut view = tiny();
        let (alpha, beta, gamma) = (p(&view, "alpha"), p(&view, "beta"), p(&view, "gamma"));
        let north = s(&view, "north");
        let mut t = Treaty::new(
            TreatyId(7),
            "Pact".into(),
            vec![beta, gamma],
            vec![
                Clause::NonAggression,
                Clause::TerritorialProtocol(vec![(north, beta)]),
            ],
        );
        t.secret = Secret::NONE.with(1);
        view.treaties.push(t);
        (view, alpha, beta, gamma)
    }

    #[test]
    fn others_see_only_the_public_part_of_a_treaty() {
        let (view, alpha, beta, gamma) = secret_deal();
        let protocol = Some(ClauseKind::TerritorialProtocol);
        let outsider = Perspective::new(&view, alpha);
        let party = Perspective::new(&view, beta);
        let seen = |v: &dyn View| v.treaties().find(|t| t.id == TreatyId(7)).cloned();
        assert_eq!(
            seen(&outsider).unwrap().clauses,
            vec![Clause::NonAggression]
        );
        assert_eq!(seen(&party).unwrap().clauses.len(), 2);
        assert!(!outsider.has_treaty(beta, gamma, protocol));
        assert!(outsider.has_treaty(beta, gamma, Some(ClauseKind::NonAggression)));
        assert!(party.has_treaty(beta, gamma, protocol));
        // Once its envoys find it out, it knows the whole treaty.
        let mut found = view.clone();
        found.treaties.last_mut().unwrap().known_to.push(alpha);
        assert!(Perspective::new(&found, alpha).has_treaty(beta, gamma, protocol));
    }

    #[test]
    fn a_memory_of_deceit_stays_with_the_deceived() {
        let (mut view, alpha, beta, gamma) = secret_deal();
        view.pair_mut(gamma, beta).memory.0[MemoryKind::Deceit.slot()] = -6.0;
        let deceit = |v: &dyn View| v.pair(gamma, beta).memory.0[MemoryKind::Deceit.slot()];
        assert_eq!(deceit(&Perspective::new(&view, gamma)), -6.0);
        assert_eq!(deceit(&Perspective::new(&view, alpha)), 0.0);
        // Everything else about the pair is the world's.
        assert_eq!(
            Perspective::new(&view, alpha).relation(gamma, beta),
            view.relation(gamma, beta)
        );
    }

    #[test]
    fn an_estimate_widens_without_an_envoy() {
        let view = tiny();
        let (alpha, beta) = (p(&view, "alpha"), p(&view, "beta"));
        let clauses = [Clause::NonAggression];
        let offer = Offer::proposal(alpha, beta, &clauses, 0, 14);
        let near = estimate(&Perspective::new(&view, alpha), alpha, &offer);
        let mut recalled = view.clone();
        recalled.pair_mut(alpha, beta).recalled = true;
        let far = estimate(&Perspective::new(&recalled, alpha), alpha, &offer);
        assert!(
            far.spread > near.spread,
            "{} vs {}",
            far.spread,
            near.spread
        );
        assert!(far.low <= near.low && far.high >= near.high);
        assert!(far.doubts.contains(&Doubt::NoEnvoy));
        assert!(!near.doubts.contains(&Doubt::NoEnvoy));
        // The point estimate reads the receiver's public profile, not its mind.
        assert!(
            near.low <= near.assessment.probability && near.assessment.probability <= near.high
        );
    }
}
