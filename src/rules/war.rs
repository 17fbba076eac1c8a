//! War: who is obliged to fight, and a simple seeded resolution of an
//! invasion from the strengths of the sides.

use super::clause::{Clause, ClauseKind};
use super::ids::{PowerId, StateId, TreatyId};
use super::view::{View, ViewExt};

/// What binds a power to defend another or a state.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Bond {
    /// A treaty of mutual assistance with the victim.
    Assistance(TreatyId),
    /// A treaty guaranteeing the state attacked.
    Guarantee(TreatyId, StateId),
    /// The state attacked is in this power's sphere: its patron answers
    /// for it, or is seen to abandon it.
    Patron(StateId),
}

/// A power bound to join a war on `victim`'s side.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Obligation {
    pub power: PowerId,
    pub bond: Bond,
}

impl Obligation {
    /// The treaty that binds, if a treaty does.
    pub fn treaty(&self) -> Option<TreatyId> {
        match self.bond {
            Bond::Assistance(t) | Bond::Guarantee(t, _) => Some(t),
            Bond::Patron(_) => None,
        }
    }

    /// The state it binds the power to defend, if it is a state's.
    pub fn state(&self) -> Option<StateId> {
        match self.bond {
            Bond::Guarantee(_, s) | Bond::Patron(s) => Some(s),
            Bond::Assistance(_) => None,
        }
    }
}

/// The states a war on `victim` attacks: `state` if a state was invaded,
/// else every state the victim rules.
pub fn attacked(view: &dyn View, victim: PowerId, state: Option<StateId>) -> Vec<StateId> {
    match state {
        Some(s) => vec![s],
        None => view
            .setup()
            .state_ids()
            .filter(|s| view.controller(*s) == victim)
            .collect(),
    }
}

/// Who must come to the aid of `victim` (a power attacked by `aggressor`)
/// and of the states attacked (`state` if a state was invaded, else every
/// state the victim rules): mutual-assistance partners of the victim and
/// guarantors of those states, in treaty order, then the powers in whose
/// spheres they lie. Without duplicates.
pub fn obligations(
    view: &dyn View,
    aggressor: PowerId,
    victim: PowerId,
    state: Option<StateId>,
) -> Vec<Obligation> {
    let states = attacked(view, victim, state);
    let mut out: Vec<Obligation> = Vec::new();
    for t in view.treaties() {
        if t.has(ClauseKind::MutualAssistance) && t.binds(victim) {
            for p in &t.parties {
                if *p != victim && *p != aggressor && !out.iter().any(|o| o.power == *p) {
                    out.push(Obligation {
                        power: *p,
                        bond: Bond::Assistance(t.id),
                    });
                }
            }
        }
        for c in &t.clauses {
            if let Clause::Guarantee {
                guarantor,
                state: s,
            } = c
                && states.contains(s)
                && *guarantor != aggressor
                && !out.iter().any(|o| o.power == *guarantor)
            {
                out.push(Obligation {
                    power: *guarantor,
                    bond: Bond::Guarantee(t.id, *s),
                });
            }
        }
    }
    for s in states {
        let patron = view.sphere(s);
        if patron != victim && patron != aggressor && !out.iter().any(|o| o.power == patron) {
            out.push(Obligation {
                power: patron,
                bond: Bond::Patron(s),
            });
        }
    }
    out
}

/// The side defending `state` against `attacker`: its ruler, and each
/// power bound to defend it (see [`obligations`]) for which `fights`
/// holds (at war with the attacker, say).
pub fn defenders(
    view: &dyn View,
    attacker: PowerId,
    state: StateId,
    fights: impl Fn(PowerId) -> bool,
) -> Vec<PowerId> {
    let ruler = view.controller(state);
    let mut out = vec![ruler];
    out.extend(
        obligations(view, attacker, ruler, Some(state))
            .into_iter()
            .map(|o| o.power)
            .filter(|p| fights(*p)),
    );
    out
}

/// What a week at war costs a side of strength `mine` against a side of
/// strength `theirs`, in score: [`ModelWeights::war_turn_points`] at even
/// strength, twice the enemy's share of the two.
///
/// [`ModelWeights::war_turn_points`]: super::weights::ModelWeights
pub fn weekly_toll(view: &dyn View, mine: f32, theirs: f32) -> f32 {
    let share = if mine + theirs > 0.0 {
        theirs / (mine + theirs)
    } else {
        0.5
    };
    view.setup().model.war_turn_points * 2.0 * share
}

/// What an invasion of `state` by `me` would meet, in words for the
/// player about to order it: who is bound to defend the state, and a
/// week's odds against all of them and against its ruler alone.
pub fn outlook(view: &dyn View, me: PowerId, state: StateId) -> String {
    let setup = view.setup();
    let ruler = view.controller(state);
    let name = |p: PowerId| super::text::power(setup, p).to_string();
    let bound: Vec<String> = obligations(view, me, ruler, Some(state))
        .iter()
        .map(|o| {
            let why = match o.bond {
                Bond::Assistance(_) => format!("allied to {}", name(ruler)),
                Bond::Guarantee(..) => "its guarantor".to_string(),
                Bond::Patron(_) => "its patron".to_string(),
            };
            format!("{} ({why})", name(o.power))
        })
        .collect();
    let all = planned_battle(view, me, &defenders(view, me, state, |_| true));
    let alone = planned_battle(view, me, &[ruler]);
    let battles = view.setup().model.battles_to_conquer();
    let mut out = format!("War on {}", name(ruler));
    if bound.is_empty() {
        out.push_str("; nobody is bound to defend it");
    } else {
        out.push_str(&format!(", and bound to defend it: {}", bound.join(", ")));
    }
    out.push_str(&format!(
        ". A week's battle: {:.0}% against them all, {:.0}% against {} alone; {} won in a row take it, a battle lost throws the invasion back and costs strength, and every week at war costs points.",
        all.chance * 100.0,
        alone.chance * 100.0,
        name(ruler),
        super::text::count(usize::from(battles), "battle"),
    ));
    out
}

/// The odds of an invasion.
#[derive(Clone, Debug, PartialEq)]
pub struct Battle {
    pub attack: f32,
    pub defence: f32,
    /// Chance the attacker takes the state.
    pub chance: f32,
}

/// The attacker's side against the defenders (the state itself and those
/// who joined it; see [`defenders`]) on a front already open. An invader
/// fighting on several fronts divides its strength between them; a
/// defender brings its whole strength to each.
pub fn battle(view: &dyn View, attackers: &[PowerId], defenders: &[PowerId]) -> Battle {
    odds(view, attackers, defenders, 0)
}

/// As [`battle`], for an invasion not yet launched (one front more).
pub fn planned_battle(view: &dyn View, attacker: PowerId, defenders: &[PowerId]) -> Battle {
    odds(view, &[attacker], defenders, 1)
}

fn odds(view: &dyn View, attackers: &[PowerId], defenders: &[PowerId], new: usize) -> Battle {
    let w = &view.setup().model;
    let attack: f32 = attackers
        .iter()
        .map(|p| {
            let fronts = view.fronts().filter(|f| f.attacker == *p).count() + new;
            view.strength(*p) / fronts.max(1) as f32
        })
        .sum();
    // Defenders fight on their own ground: a modest bonus.
    let defence: f32 = defenders.iter().map(|p| view.strength(*p)).sum::<f32>() * w.defence_bonus;
    let chance = if attack + defence <= 0.0 {
        0.5
    } else {
        (attack / (attack + defence)).clamp(w.battle_floor, w.battle_ceiling.max(w.battle_floor))
    };
    Battle {
        attack,
        defence,
        chance,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testkit::{p, s, tiny};
    use crate::rules::view::Treaty;

    #[test]
    fn obligations_come_from_assistance_pacts_and_guarantees_once_each() {
        let mut view = tiny();
        let (alpha, beta, gamma) = (p(&view, "alpha"), p(&view, "beta"), p(&view, "gamma"));
        let north = s(&view, "north");
        // The old pact binds gamma to beta.
        let duties = obligations(&view, alpha, beta, None);
        assert_eq!(duties.len(), 1);
        assert_eq!(duties[0].power, gamma);
        assert!(matches!(duties[0].bond, Bond::Assistance(_)));
        // Nobody is bound to the aggressor's victim when the aggressor is the partner.
        assert!(obligations(&view, gamma, beta, None).is_empty());
        // A guarantee of north by gamma adds nothing new for gamma (already
        // bound), but a guarantee by alpha binds alpha unless alpha attacks.
        view.treaties.push(Treaty::new(
            TreatyId(7),
            "Guarantee".into(),
            vec![gamma, alpha],
            vec![
                Clause::Guarantee {
                    guarantor: gamma,
                    state: north,
                },
                Clause::Guarantee {
                    guarantor: alpha,
                    state: north,
                },
            ],
        ));
        let north_power = p(&view, "north");
        let duties = obligations(&view, beta, north_power, Some(north));
        let powers: Vec<PowerId> = duties.iter().map(|d| d.power).collect();
        assert_eq!(powers, vec![gamma, alpha]);
        assert!(
            duties
                .iter()
                .all(|d| matches!(d.bond, Bond::Guarantee(_, s) if s == north))
        );
        // North lies in beta's sphere: against any other invader, beta is
        // bound as its patron, after the treaties.
        let duties = obligations(&view, alpha, north_power, Some(north));
        assert_eq!(
            duties.iter().map(|d| d.power).collect::<Vec<_>>(),
            [gamma, beta]
        );
        assert_eq!(duties[1].bond, Bond::Patron(north));
        assert_eq!(duties[1].treaty(), None);
        assert_eq!(
            defenders(&view, alpha, north, |p| p == beta),
            [north_power, beta]
        );
        // The player about to invade reads who is bound and the odds.
        let words = outlook(&view, alpha, north);
        assert!(
            words.starts_with("War on North, and bound to defend it: Gamma (its guarantor), Beta (its patron). A week's battle: "),
            "{words}"
        );
        let (all, alone) = (
            planned_battle(&view, alpha, &defenders(&view, alpha, north, |_| true)),
            planned_battle(&view, alpha, &[north_power]),
        );
        assert!(all.chance < alone.chance);
        assert!(words.contains(&format!("{:.0}% against them all", all.chance * 100.0)));
    }

    #[test]
    fn battle_odds_grow_with_strength_and_never_reach_certainty() {
        let view = tiny();
        let (alpha, beta, gamma) = (p(&view, "alpha"), p(&view, "beta"), p(&view, "gamma"));
        let alone = battle(&view, &[alpha], &[gamma]);
        let allied = battle(&view, &[alpha, beta], &[gamma]);
        let defended = battle(&view, &[alpha], &[gamma, beta]);
        assert!(allied.chance > alone.chance && alone.chance > defended.chance);
        // Equal strength: the defender's ground tips the balance.
        let mirror = battle(&view, &[alpha], &[alpha]);
        assert!(mirror.chance < 0.5);
        let mut weak = view.clone();
        weak.strength[alpha.index()] = 0.0;
        assert_eq!(battle(&weak, &[alpha], &[beta]).chance, 0.05);
        weak.strength[beta.index()] = 0.0;
        assert_eq!(battle(&weak, &[alpha], &[beta]).chance, 0.5);
        weak.strength[alpha.index()] = 1e6;
        assert_eq!(battle(&weak, &[alpha], &[gamma]).chance, 0.95);
        // A second front halves the invader's strength on each.
        let two = planned_battle(&view, alpha, &[gamma]);
        assert_eq!(two.attack, alone.attack);
        let fighting = crate::rules::testkit::fighting(&view, alpha, "north", 0);
        let split = planned_battle(&fighting, alpha, &[gamma]);
        assert_eq!(split.attack, alone.attack / 2.0);
        assert_eq!(battle(&fighting, &[alpha], &[gamma]).attack, alone.attack);
    }
}
