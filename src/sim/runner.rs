//! Running a whole match headless: build the app, play every turn, collect
//! the log and the final state.

use super::authority::Control;
use super::components::*;
use super::{MatchState, SimulationPlugin, TurnGate};
use crate::rules::Setup;
use crate::rules::event::Event;
use crate::rules::view::Sketch;
use bevy::app::MainScheduleOrder;
use bevy::ecs::schedule::{ScheduleLabel, Schedules, SingleThreadedExecutor};
use bevy::prelude::*;
use bevy::state::app::StatesPlugin;
use std::sync::Arc;

/// What a match is played with.
#[derive(Clone, Debug)]
pub struct MatchSettings {
    pub seed: u64,
    /// Time an external bot has for one decision.
    pub bot_timeout: std::time::Duration,
    /// Who plays each power, by power index.
    pub controls: Vec<Control>,
    /// Turns to play (at most the scenario's).
    pub turns: u32,
}

impl MatchSettings {
    /// Every power run by its scenario default profile.
    pub fn defaults(setup: &Setup, seed: u64) -> Self {
        MatchSettings {
            seed,
            bot_timeout: super::bots::DEFAULT_TIMEOUT,
            controls: setup
                .power_ids()
                .map(|p| Control::default_ai(setup, p))
                .collect(),
            turns: setup.turns(),
        }
    }
}

/// The result of a match.
#[derive(Clone, Debug)]
pub struct MatchResult {
    pub setup: Arc<Setup>,
    pub settings: MatchSettings,
    pub events: Vec<Event>,
    /// The final position.
    pub world: Sketch,
    pub scores: Vec<f32>,
    /// Each power's share of what it could reach (see [`crate::rules::score::shares`]).
    pub shares: Vec<f32>,
    pub outcome: String,
    pub state_hash: u64,
    /// Every turn's inputs, when the match was recorded.
    pub record: Vec<super::record::TurnRecord>,
}

/// Builds a headless app for a match: `MinimalPlugins`, `StatesPlugin`, the
/// simulation, every schedule single-threaded (parallelism belongs at the
/// level of whole matches).
pub fn headless_app(setup: Arc<Setup>, settings: &MatchSettings) -> App {
    let mut app = bare_app();
    if settings
        .controls
        .iter()
        .any(|c| matches!(c, Control::Bot(_)))
    {
        app.insert_resource(super::bots::Bots::new(settings.bot_timeout));
    }
    begin_match(&mut app, setup, settings);
    app
}

fn begin_match(app: &mut App, setup: Arc<Setup>, settings: &MatchSettings) {
    let m = Match {
        setup: setup.clone(),
        seed: settings.seed,
        controls: settings.controls.clone(),
        turns: settings.turns.clamp(1, setup.turns()),
    };
    super::begin(app.world_mut(), m, None);
}

/// A headless app that resumes a restored match (a save), turns playing
/// at each update.
pub fn resumed_app(m: Match, saved: super::registry::SavedWorld) -> App {
    let mut app = bare_app();
    super::begin(app.world_mut(), m, Some(saved));
    app
}

/// A headless app with the simulation and no match yet.
fn bare_app() -> App {
    let mut app = App::new();
    app.add_plugins((MinimalPlugins, StatesPlugin))
        .add_plugins(SimulationPlugin)
        .insert_resource(TurnGate {
            autoplay: true,
            requested: 0,
        });
    single_threaded(&mut app);
    app.finish();
    app.cleanup();
    app
}

/// Sets the single-threaded executor on every schedule of the app.
pub fn single_threaded(app: &mut App) {
    let labels: Vec<_> = app
        .world()
        .resource::<MainScheduleOrder>()
        .labels
        .iter()
        .map(|l| l.intern())
        .collect();
    let world = app.world_mut();
    for label in labels {
        world.resource_mut::<Schedules>().entry(label);
    }
    let _ = Update.intern();
    for (_, schedule) in world.resource_mut::<Schedules>().iter_mut() {
        schedule.set_executor(SingleThreadedExecutor::new());
    }
}

/// Plays a whole match and returns its result.
pub fn run_match(setup: Arc<Setup>, settings: MatchSettings) -> MatchResult {
    if settings
        .controls
        .iter()
        .any(|c| matches!(c, Control::Bot(_)))
    {
        let app = headless_app(setup.clone(), &settings);
        return play_out(app, setup, settings);
    }
    // Building an app costs more than a tenth of a match: each thread keeps
    // one and starts every match afresh in it (`begin` clears the last one).
    thread_local! {
        static APP: std::cell::RefCell<Option<App>> = const { std::cell::RefCell::new(None) };
    }
    APP.with(|slot| {
        let mut app = slot.borrow_mut().take().unwrap_or_else(bare_app);
        begin_match(&mut app, setup.clone(), &settings);
        let result = play(&mut app, setup, settings);
        *slot.borrow_mut() = Some(app);
        result
    })
}

/// Plays the turns of a prepared app to the end.
pub fn play_out(mut app: App, setup: Arc<Setup>, settings: MatchSettings) -> MatchResult {
    play(&mut app, setup, settings)
}

fn play(app: &mut App, setup: Arc<Setup>, settings: MatchSettings) -> MatchResult {
    let limit = settings.turns.clamp(1, setup.turns()) + 2;
    for _ in 0..limit {
        app.update();
        if *app.world().resource::<State<MatchState>>().get() == MatchState::Over {
            break;
        }
    }
    finish(app, setup, settings)
}

fn finish(app: &mut App, setup: Arc<Setup>, settings: MatchSettings) -> MatchResult {
    let world = app.world_mut();
    let state_hash = super::registry::state_hash(world);
    let (final_world, scores) = match super::world::EcsView::of(world) {
        Some(view) => (
            Sketch::of(&view),
            setup.power_ids().map(|p| view.score(p)).collect(),
        ),
        None => (Sketch::new(setup.clone()), vec![0.0; setup.power_count()]),
    };
    let outcome = crate::rules::score::outcome(&final_world);
    let events = world
        .get_resource_mut::<MatchLog>()
        .map(|mut log| std::mem::take(&mut log.0))
        .unwrap_or_default();
    world.remove_resource::<super::record::ReplayFeed>();
    if let Some(mut bots) = world.remove_resource::<super::bots::Bots>() {
        bots.broadcast(|_| crate::ai::protocol::end_message(&final_world, &outcome, &scores));
        bots.release();
    }
    let record = world
        .remove_resource::<super::record::Recorder>()
        .map(|r| r.turns.into_values().collect())
        .unwrap_or_default();
    MatchResult {
        record,
        setup,
        settings,
        events,
        shares: crate::rules::score::shares(&final_world),
        world: final_world,
        scores,
        outcome,
        state_hash,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reused_app_plays_exactly_like_a_fresh_one() {
        let setup = crate::scenario::summer1939().unwrap().setup;
        let fresh = |seed| {
            play_out(
                headless_app(setup.clone(), &MatchSettings::defaults(&setup, seed)),
                setup.clone(),
                MatchSettings::defaults(&setup, seed),
            )
        };
        let reused = |seed| run_match(setup.clone(), MatchSettings::defaults(&setup, seed));
        for seed in [3, 4, 3, 9] {
            let (a, b) = (fresh(seed), reused(seed));
            assert_eq!(a.state_hash, b.state_hash, "seed {seed}");
            assert_eq!(a.events, b.events, "seed {seed}");
        }
    }
}
