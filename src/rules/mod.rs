//! The rules of Spheres: plain Rust domain types and pure functions over a
//! read-only view of the world. Nothing here knows about Bevy; a test builds a
//! [`WorldView`] in a few lines and calls the acceptance model directly.

pub mod action;
pub mod calendar;
pub mod clause;
pub mod condition;
pub mod counter;
pub mod event;
pub mod ids;
pub mod memory;
pub mod model;
pub mod relation;
pub mod rng;
pub mod setup;
pub mod text;
pub mod view;
pub mod war;

pub use action::{Action, ActionError, Answer, Submission};
pub use calendar::Date;
pub use clause::{Clause, ClauseKind, Consequence};
pub use condition::{Condition, Facts};
pub use event::{Event, EventKind};
pub use ids::{BlocId, LeaderId, PowerId, ProposalId, StateId, TreatyId};
pub use memory::{Memory, MemoryKind, MemoryRule};
pub use model::{Assessment, Line, Offer, OfferKind, Verdict};
pub use relation::Relation;
pub use setup::Setup;
pub use view::WorldView;
