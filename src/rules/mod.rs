//! The rules of Spheres: plain Rust domain types and pure functions over a
//! read-only view of the world. Nothing here knows about Bevy; a test builds a
//! [`WorldView`] in a few lines and calls the acceptance model directly.

pub mod action;
pub mod calendar;
pub mod check;
pub mod clause;
pub mod condition;
pub mod counter;
pub mod event;
pub mod history;
pub mod ids;
pub mod intel;
pub mod memory;
pub mod model;
pub mod relation;
pub mod rng;
pub mod score;
pub mod setup;
pub mod text;
pub mod threat;
pub mod view;
pub mod war;
pub mod weights;

pub use action::{Action, ActionError, Answer, Submission};
pub use calendar::Date;
pub use clause::{Clause, ClauseKind, Consequence};
pub use condition::Condition;
pub use event::{Event, EventKind};
pub use ids::{BlocId, LeaderId, PowerId, ProposalId, StateId, TreatyId};
pub use memory::{Memory, MemoryKind, MemoryRule};
pub use model::{Assessment, Line, Offer, OfferKind, Verdict};
pub use relation::Relation;
pub use setup::Setup;
pub use view::{Pair, PendingOffer, Sketch, Territory, Treaty, View, ViewExt};

/// Helpers for unit tests: the tiny test scenario as a world.
#[cfg(test)]
pub(crate) mod testkit {
    use super::*;
    use std::sync::Arc;

    /// The tiny scenario (`scenarios/tiny.ron`) at its start.
    pub fn tiny() -> Sketch {
        let loaded =
            crate::scenario::load_str("tiny.ron", include_str!("../../scenarios/tiny.ron"))
                .unwrap_or_else(|r| panic!("{r}"));
        Sketch::new(Arc::clone(&loaded.setup))
    }

    /// A power by id.
    pub fn p(view: &dyn View, id: &str) -> PowerId {
        view.setup()
            .power_id(id)
            .unwrap_or_else(|| panic!("no power {id}"))
    }

    /// A state by id.
    pub fn s(view: &dyn View, id: &str) -> StateId {
        view.setup()
            .state_id(id)
            .unwrap_or_else(|| panic!("no state {id}"))
    }

    /// `view` with `attacker`'s invasion of the state `state` under way,
    /// `progress` battles won.
    pub fn fighting(view: &Sketch, attacker: PowerId, state: &str, progress: u8) -> Sketch {
        let mut out = view.clone();
        out.fronts.push(view::Front {
            attacker,
            state: s(view, state),
            began_day: 0,
            progress,
        });
        out
    }

    /// A profile by id.
    pub fn profile(view: &dyn View, id: &str) -> setup::Profile {
        view.setup().profiles[view.setup().profile_index(id).unwrap_or(0)].clone()
    }
}
