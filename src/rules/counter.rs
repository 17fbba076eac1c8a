//! The counter-proposal generator: edits a clause list (drops clauses or
//! single state assignments, adds sweeteners) until the receiver's margin is
//! positive, keeping the sender's estimated margin as high as it can.

use super::clause::{Clause, Goods};
use super::ids::PowerId;
use super::model::{Offer, OfferKind, evaluate};
use super::setup::Profile;
use super::view::View;

/// A counter-proposal and what each side is expected to make of it.
#[derive(Clone, Debug, PartialEq)]
pub struct Counter {
    pub clauses: Vec<Clause>,
    /// The receiver's (the counter's author's) margin.
    pub receiver_margin: f32,
    /// The original sender's estimated margin for the counter.
    pub sender_margin: f32,
}

const MAX_STEPS: usize = 4;

/// Candidate one-step edits of a clause list.
fn edits(clauses: &[Clause], receiver: PowerId, sender: PowerId) -> Vec<Vec<Clause>> {
    let mut out = Vec::new();
    for i in 0..clauses.len() {
        if clauses.len() > 1 {
            let mut c = clauses.to_vec();
            c.remove(i);
            out.push(c);
        }
        if let Clause::TerritorialProtocol(assignments) = &clauses[i]
            && assignments.len() > 1
        {
            for j in 0..assignments.len() {
                let mut a = assignments.clone();
                a.remove(j);
                let mut c = clauses.to_vec();
                c[i] = Clause::TerritorialProtocol(a);
                out.push(c);
            }
        }
    }
    let sweeteners = [
        Clause::NonAggression,
        Clause::Consultation,
        Clause::Trade {
            goods: Goods::IndustrialMaterials,
            to: receiver,
        },
        Clause::Trade {
            goods: Goods::Credits,
            to: sender,
        },
    ];
    for s in sweeteners {
        if !clauses.contains(&s) && clauses.len() < super::action::MAX_CLAUSES {
            let mut c = clauses.to_vec();
            c.push(s);
            out.push(c);
        }
    }
    out
}

/// A counter to `offer` by its receiver, or `None` when no edit within a few
/// steps makes it acceptable to the receiver.
pub fn counter_proposal(
    view: &dyn View,
    offer: &Offer<'_>,
    receiver: &Profile,
    sender: &Profile,
) -> Option<Counter> {
    let (r, s) = (offer.to, offer.from);
    // The receiver's margin (minus infinity if vetoed)…
    let for_receiver = |clauses: &[Clause]| {
        let to_r = Offer {
            clauses,
            kind: OfferKind::Proposal,
            id: None,
            ..*offer
        };
        let a = evaluate(view, &to_r, receiver);
        if a.vetoed_by.is_none() {
            a.margin
        } else {
            f32::NEG_INFINITY
        }
    };
    // …and the sender's, asked only where it can decide.
    let for_sender = |clauses: &[Clause]| {
        let to_s = Offer {
            from: r,
            to: s,
            clauses,
            kind: OfferKind::Proposal,
            id: None,
            sent_day: view.day(),
            deadline_day: offer.deadline_day.max(view.day() + 1),
            secret: offer.secret,
        };
        evaluate(view, &to_s, sender).margin
    };
    let mut current = offer.clauses.to_vec();
    for _ in 0..MAX_STEPS {
        let mut best: Option<(Vec<Clause>, f32, f32)> = None;
        let mut best_ok: Option<(Vec<Clause>, f32, f32)> = None;
        for cand in edits(&current, r, s) {
            let mr = for_receiver(&cand);
            // Below the best unacceptable draft so far, it cannot win.
            if mr <= 0.0 && best.as_ref().is_some_and(|b| mr < b.1) {
                continue;
            }
            let ms = for_sender(&cand);
            if mr > 0.0 {
                if best_ok.as_ref().is_none_or(|b| ms > b.2) {
                    best_ok = Some((cand, mr, ms));
                }
            } else if best
                .as_ref()
                .is_none_or(|b| mr > b.1 || (mr == b.1 && ms > b.2))
            {
                best = Some((cand, mr, ms));
            }
        }
        if let Some((clauses, receiver_margin, sender_margin)) = best_ok {
            return (clauses != offer.clauses).then_some(Counter {
                clauses,
                receiver_margin,
                sender_margin,
            });
        }
        match best {
            Some((c, _, _)) => current = c,
            None => return None,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::model::Offer;
    use crate::rules::testkit::{p, profile, s, tiny};

    #[test]
    fn counter_proposal_drops_what_the_receiver_cannot_accept() {
        let view = tiny();
        let (alpha, beta) = (p(&view, "alpha"), p(&view, "beta"));
        let (north, south) = (s(&view, "north"), s(&view, "south"));
        let clauses = vec![
            Clause::TerritorialProtocol(vec![(north, alpha), (south, alpha)]),
            Clause::NonAggression,
        ];
        let offer = Offer::proposal(alpha, beta, &clauses, 0, 14);
        let (rt, st) = (profile(&view, "pragmatist"), profile(&view, "pragmatist"));
        let before = evaluate(&view, &offer, &rt);
        assert!(before.margin < 0.0 || before.vetoed_by.is_some());
        let counter = counter_proposal(&view, &offer, &rt, &st).expect("a counter exists");
        assert!(counter.receiver_margin > 0.0);
        assert_ne!(counter.clauses, clauses);
        // South (vetoed) must be gone.
        assert!(!counter.clauses.iter().any(|c| c.concerns(south)));
    }
}
