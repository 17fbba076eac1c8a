//! Ultimatums are a bet. At the deadline of an unmet ultimatum its sender
//! chooses: carry out the threat, and pay what the consequence costs; or
//! back down, and pay in prestige and in the credibility of every later
//! threat. [`choice`] prices both sides from the sender's point of view,
//! for the AI's decision and for the human's inbox alike.

use super::clause::Consequence;
use super::ids::PowerId;
use super::model::{credibility, protectors, record};
use super::relation::Relation;
use super::score::scores;
use super::view::{PendingOffer, Sketch, View};

/// What each side of the decision costs the sender, in score points.
#[derive(Clone, Debug, PartialEq)]
pub struct ThreatChoice {
    /// Carrying out: the objectives it costs at once, and for a war the
    /// weeks of war left (at the enemy's and its protectors' strength).
    pub carry_out: f32,
    /// Backing down: the prestige it costs, and what lower credibility
    /// will cost later threats.
    pub back_down: f32,
    /// The sender's credibility with the receiver now…
    pub credibility: f32,
    /// …and after backing down.
    pub credibility_after: f32,
}

/// Prices the decision on `threat` for its sender.
pub fn choice(view: &dyn View, threat: &PendingOffer) -> ThreatChoice {
    price(view, threat.from, threat.to, threat.ultimatum)
}

/// Prices both sides of a threat of `consequence` by `s` to `r` (one on
/// the table, or one `s` is thinking of making), for `s`.
pub fn price(
    view: &dyn View,
    s: PowerId,
    r: PowerId,
    consequence: Option<Consequence>,
) -> ThreatChoice {
    let setup = view.setup();
    let w = &setup.model;
    let now = scores(view)[s.index()];
    let mut after = Sketch::of(view);
    let mut weeks = 0.0;
    match consequence {
        Some(Consequence::SeverRelations) => break_off(&mut after, s, r, Relation::Severed),
        Some(Consequence::DeclareWar) => {
            break_off(&mut after, s, r, Relation::War);
            let enemies: f32 = view.strength(r)
                + protectors(view, r, s)
                    .iter()
                    .map(|p| view.strength(*p) * record(view, *p))
                    .sum::<f32>();
            let left = setup.calendar.turns().saturating_sub(view.turn()) as f32 + 1.0;
            weeks = super::war::weekly_toll(view, view.strength(s), enemies) * left;
        }
        Some(Consequence::EndTalks) => {
            after.pair_mut(s, r).talks_ended = true;
        }
        Some(Consequence::Denounce(t)) => after.treaties.retain(|x| x.id != t),
        None => {}
    }
    let lost = (now - scores(&after)[s.index()]).max(0.0);
    let credibility_now = credibility(view, s, r);
    // Backing down adds one to the record of threats abandoned.
    let st = view.standing(s);
    let kept = w.credibility_kept + st.carried_out as f32;
    let abandoned = w.credibility_lost + st.backed_down as f32;
    let record_after = if kept + abandoned + 1.0 > 0.0 {
        kept / (kept + abandoned + 1.0)
    } else {
        0.0
    };
    let credibility_after = credibility_now * record_after / record(view, s).max(1e-3);
    ThreatChoice {
        carry_out: lost + weeks,
        back_down: w.back_down_points + w.credibility_value * (credibility_now - credibility_after),
        credibility: credibility_now,
        credibility_after,
    }
}

/// `a` and `b` in `sketch` fall to `relation` (severed or war), and the
/// promises between them end with it.
pub fn break_off(sketch: &mut Sketch, a: PowerId, b: PowerId, relation: Relation) {
    sketch.set_relation(a, b, relation);
    sketch
        .treaties
        .retain(|t| !(t.between(a, b) && t.ends_on_break()));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::clause::{Clause, Secret};
    use crate::rules::ids::ProposalId;
    use crate::rules::testkit::{p, s, tiny};
    use crate::rules::view::Stage;

    #[test]
    fn both_sides_of_the_bet_cost_something_and_backing_down_costs_credibility() {
        let mut view = tiny();
        let (alpha, beta) = (p(&view, "alpha"), p(&view, "beta"));
        let threat = |consequence| PendingOffer {
            id: ProposalId(3),
            from: alpha,
            to: beta,
            clauses: vec![Clause::TerritorialProtocol(vec![(
                s(&view, "north"),
                alpha,
            )])],
            secret: Secret::NONE,
            sent_day: 0,
            deadline_day: 7,
            ultimatum: Some(consequence),
            stage: Stage::Due,
        };
        let war = choice(&view, &threat(Consequence::DeclareWar));
        let break_off = choice(&view, &threat(Consequence::SeverRelations));
        // A war against a stronger power and its ally is dearer than a break.
        assert!(war.carry_out > break_off.carry_out, "{war:?} {break_off:?}");
        assert!(war.back_down >= view.setup.model.back_down_points);
        assert!(war.credibility_after < war.credibility);
        // A record of threats abandoned makes every later threat less credible.
        let before = crate::rules::model::credibility(&view, alpha, beta);
        view.standing[alpha.index()].backed_down += 2;
        let after = crate::rules::model::credibility(&view, alpha, beta);
        assert!(after < before, "{after} vs {before}");
        view.standing[alpha.index()].carried_out += 6;
        assert!(crate::rules::model::credibility(&view, alpha, beta) > after);
    }
}
