//! The simulation as a Bevy ECS app. Powers, states, blocs, leaders,
//! treaties and offers are entities, and their components are the world:
//! there is no second copy of it ([`components`]). A turn is one `update`
//! running the ordered phases of DESIGN §2 as system sets; actions and
//! answers are messages. The phases read the world through the rules'
//! [`View`](crate::rules::View) of it ([`world::EcsView`]) and change it
//! through the [`authority`]; saves and the state hash follow from the
//! [`registry`]. The same [`SimulationPlugin`] runs headless
//! (`MinimalPlugins` + `StatesPlugin`) and under the desktop game.
//!
//! Nothing here reads a clock or a frame count, and no decision iterates a
//! hash map: every random draw comes from a stream derived from (match seed,
//! turn, decision id).

pub mod authority;
pub mod bots;
pub mod components;
pub mod hash;
pub mod invariants;
pub mod phases;
pub mod record;
pub mod registry;
pub mod replay;
pub mod runner;
pub mod save;
pub mod world;

use bevy::prelude::*;
use bevy::state::app::StatesPlugin;
pub use components::*;
pub use phases::begin;
pub use runner::{MatchResult, MatchSettings, run_match};

/// The phases of a turn, in order.
#[derive(SystemSet, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TurnPhase {
    /// The turn opens; scripted events fire.
    Scripted,
    /// Every power submits actions; they are carried out.
    Actions,
    /// Proposals and ultimatums are delivered and answered.
    Delivery,
    /// Treaties take force, deadlines expire, wars resolve.
    Consequences,
    /// Memory fades, scores update, the log records, the clock moves on.
    Upkeep,
}

/// Whether a match is being played.
#[derive(States, Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum MatchState {
    /// No match yet (the desktop's menus).
    #[default]
    Idle,
    Running,
    Over,
}

/// When turns run: every update (headless), or one per request (the
/// desktop's End Turn).
#[derive(Resource, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TurnGate {
    pub autoplay: bool,
    pub requested: u32,
}

fn turn_allowed(gate: Res<TurnGate>) -> bool {
    gate.autoplay || gate.requested > 0
}

/// The simulation: add it to an app with a [`Match`] resource inserted.
pub struct SimulationPlugin;

impl Plugin for SimulationPlugin {
    fn build(&self, app: &mut App) {
        if !app.is_plugin_added::<StatesPlugin>() {
            app.add_plugins(StatesPlugin);
        }
        app.init_state::<MatchState>()
            .add_message::<ActionSubmitted>()
            .add_message::<Decided>()
            .init_resource::<Orders>()
            .init_resource::<MatchLog>()
            .init_resource::<TurnGate>()
            .configure_sets(
                Update,
                (
                    TurnPhase::Scripted,
                    TurnPhase::Actions,
                    TurnPhase::Delivery,
                    TurnPhase::Consequences,
                    TurnPhase::Upkeep,
                )
                    .chain()
                    .run_if(in_state(MatchState::Running).and_then(turn_allowed)),
            )
            .add_systems(
                Update,
                (
                    (phases::open_turn, phases::fire_scripted_events)
                        .chain()
                        .in_set(TurnPhase::Scripted),
                    (
                        phases::submit_ai_actions,
                        phases::submit_orders,
                        phases::carry_out_actions,
                    )
                        .chain()
                        .in_set(TurnPhase::Actions),
                    phases::answer_offers.in_set(TurnPhase::Delivery),
                    (phases::apply_decisions, phases::expire_deadlines)
                        .chain()
                        .in_set(TurnPhase::Consequences),
                    (
                        phases::fade_and_score,
                        phases::record_outcomes,
                        phases::advance_clock,
                    )
                        .chain()
                        .in_set(TurnPhase::Upkeep),
                ),
            );
    }
}
