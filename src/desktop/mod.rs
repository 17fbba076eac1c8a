//! The desktop game: window, map, diplomacy screens and input, as a
//! [`DesktopPlugin`] on top of the same `SimulationPlugin` the headless
//! runner uses. The game's logic lives in [`session`] (testable without a
//! window); [`ui`] and [`map`] only draw and push actions.

pub mod map;
pub mod session;
pub mod theme;
pub mod ui;

use crate::scenario::map::MapGeometry;
use crate::sim::{Match, MatchLog, MatchState, SimulationPlugin, Snapshot};
use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, ScreenshotCaptured, save_to_disk};
use bevy::window::{PrimaryWindow, WindowMode};
use bevy::winit::WinitSettings;
use bevy_egui::{EguiContexts, EguiPlugin, EguiPrimaryContextPass};
use session::{Screen, Session, Tab, UiAction, UiQueue};
use std::path::PathBuf;

/// What `spheres play` asked for.
#[derive(Clone, Debug, Default)]
pub struct PlayOptions {
    pub scenario: Option<PathBuf>,
    pub as_power: Option<String>,
    pub load: Option<PathBuf>,
    pub seed: Option<u64>,
    pub screenshot: Option<PathBuf>,
    pub screen: Option<String>,
}

/// Data the screens need that is not game state.
#[derive(Resource)]
pub struct DesktopData {
    pub map: MapGeometry,
    /// (name, text) of every scenario offered in the new-game menu.
    pub scenarios: Vec<(String, String)>,
    pub saves: Vec<PathBuf>,
}

/// The UI's own state between frames.
#[derive(Resource, Default)]
struct UiMemory {
    camera: map::Camera,
    forms: ui::Forms,
    settings: ui::Settings,
    applied: Option<ui::Settings>,
}

/// A screenshot to take once a screen is ready (`--screenshot`).
#[derive(Resource, Debug)]
struct ScreenshotPlan {
    path: PathBuf,
    screen: String,
    prepared: bool,
    ready_frames: u32,
    turns_played: u32,
    requested: bool,
    captured: bool,
    exit_in: u32,
}

/// The desktop game on top of the simulation.
pub struct DesktopPlugin;

impl Plugin for DesktopPlugin {
    fn build(&self, app: &mut App) {
        app.add_plugins(EguiPlugin::default())
            .add_plugins(session::plugin)
            .init_resource::<UiMemory>()
            .add_systems(Startup, setup_camera)
            .add_systems(EguiPrimaryContextPass, draw_ui)
            .add_systems(Update, (apply_settings, quit_when_asked, refresh_saves));
    }
}

fn setup_camera(mut commands: Commands) {
    commands.spawn(Camera2d);
}

fn scenario_list(extra: Option<(String, String)>) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if let Some(e) = extra {
        out.push(e);
    }
    out.push((crate::scenario::SUMMER_1939_NAME.to_string(), crate::scenario::SUMMER_1939.to_string()));
    // Other scenarios shipped beside the game (and mods, later).
    let mut files: Vec<PathBuf> = std::fs::read_dir("scenarios")
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.sort();
    for f in files {
        if f.extension().is_some_and(|e| e == "ron") && !f.ends_with("summer1939.ron") && !f.ends_with("tiny.ron") {
            if let Ok(text) = std::fs::read_to_string(&f) {
                out.push((f.display().to_string(), text));
            }
        }
    }
    out.dedup_by(|a, b| a.0 == b.0);
    out
}

fn list_saves() -> Vec<PathBuf> {
    let mut saves: Vec<PathBuf> = std::fs::read_dir(crate::sim::save::saves_dir())
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|e| e == "ron")).collect())
        .unwrap_or_default();
    saves.sort();
    saves
}

fn refresh_saves(screen: Res<State<Screen>>, mut data: ResMut<DesktopData>) {
    if screen.is_changed() && *screen.get() == Screen::LoadGame {
        data.saves = list_saves();
    }
}

#[allow(clippy::too_many_arguments)] // the UI reads the whole game
fn draw_ui(
    mut contexts: EguiContexts,
    screen: Res<State<Screen>>,
    session: Res<Session>,
    snap: Option<Res<Snapshot>>,
    m: Option<Res<Match>>,
    log: Option<Res<MatchLog>>,
    data: Res<DesktopData>,
    mut memory: ResMut<UiMemory>,
    mut queue: ResMut<UiQueue>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let UiMemory {
        camera,
        forms,
        settings,
        applied,
    } = &mut *memory;
    if applied.as_ref() != Some(settings) {
        theme::apply(ctx, settings.scale);
    }
    let frame = ui::Frame {
        screen: *screen.get(),
        session: &session,
        view: snap.as_deref().map(|s| &s.view),
        m: m.as_deref(),
        log: log.as_deref(),
        map: &data.map,
        scenarios: &data.scenarios,
        saves: &data.saves,
    };
    // Escape leaves the menus.
    if matches!(frame.screen, Screen::NewGame | Screen::LoadGame | Screen::Settings) && ctx.input(|i| i.key_pressed(bevy_egui::egui::Key::Escape)) {
        queue.push(UiAction::Show(Screen::MainMenu));
    }
    ui::draw(ctx, &frame, camera, forms, settings, &mut queue);
    Ok(())
}

fn apply_settings(mut memory: ResMut<UiMemory>, mut windows: Query<&mut Window, With<PrimaryWindow>>) {
    if memory.applied.as_ref() == Some(&memory.settings) {
        return;
    }
    let fullscreen = memory.settings.fullscreen;
    if let Ok(mut w) = windows.single_mut() {
        w.mode = if fullscreen {
            WindowMode::BorderlessFullscreen(bevy::window::MonitorSelection::Current)
        } else {
            WindowMode::Windowed
        };
    }
    memory.applied = Some(memory.settings.clone());
}

fn quit_when_asked(session: Res<Session>, mut exit: MessageWriter<AppExit>) {
    if session.quit {
        exit.write(AppExit::Success);
    }
}

/// Prepares the requested screen, waits until it is drawn, then captures it.
fn screenshot_driver(
    mut commands: Commands,
    mut plan: ResMut<ScreenshotPlan>,
    screen: Res<State<Screen>>,
    state: Res<State<MatchState>>,
    session: Res<Session>,
    snap: Option<Res<Snapshot>>,
    mut queue: ResMut<UiQueue>,
    mut exit: MessageWriter<AppExit>,
) {
    if plan.captured {
        plan.exit_in = plan.exit_in.saturating_sub(1);
        if plan.exit_in == 0 {
            exit.write(AppExit::Success);
        }
        return;
    }
    if plan.requested {
        return;
    }
    let Some(snap) = snap else { return };
    let me = session.me();
    if !plan.prepared {
        if *screen.get() != Screen::Playing && *screen.get() != Screen::GameOver {
            return;
        }
        let view = &snap.view;
        let inbox_empty = !view.pending.iter().any(|p| Some(p.to) == me);
        let need_turn = match plan.screen.as_str() {
            "gameover" => *state.get() != MatchState::Over,
            "inbox" => inbox_empty && plan.turns_played < 8,
            "log" => plan.turns_played < 4,
            _ => false,
        };
        if need_turn {
            if session.summary.as_ref().map(|s| s.turn) == Some(plan.turns_played) || plan.turns_played == 0 {
                queue.push(UiAction::EndTurn);
                plan.turns_played += 1;
            }
            return;
        }
        match plan.screen.as_str() {
            "diplomacy" => {
                queue.push(UiAction::SetTab(Tab::Diplomacy));
                if let (Some(me), Some(germany), Some(ukraine)) = (me, view.setup.power_id("germany"), view.setup.state_id("ukraine")) {
                    if me != germany {
                        queue.push(UiAction::ComposeFor(germany));
                        queue.push(UiAction::AssignState(ukraine, me));
                        queue.push(UiAction::AddClause(crate::rules::Clause::NonAggression));
                    }
                }
            }
            "inbox" => queue.push(UiAction::SetTab(Tab::Inbox)),
            "log" => queue.push(UiAction::SetTab(Tab::Log)),
            _ => {
                queue.push(UiAction::SetTab(Tab::Map));
                if let Some(p) = me {
                    queue.push(UiAction::Select(Some(snap.view.setup.power(p).id.clone())));
                }
            }
        }
        plan.prepared = true;
        return;
    }
    // Give the renderer time to compile its pipelines and draw the screen.
    plan.ready_frames += 1;
    if plan.ready_frames < 45 {
        return;
    }
    plan.requested = true;
    let path = plan.path.clone();
    commands
        .spawn(Screenshot::primary_window())
        .observe(save_to_disk(path))
        .observe(|_: On<ScreenshotCaptured>, mut plan: ResMut<ScreenshotPlan>| {
            plan.captured = true;
            plan.exit_in = 5;
        });
}

/// Runs the desktop game.
pub fn run(options: PlayOptions) -> std::process::ExitCode {
    let mut extra = None;
    if let Some(path) = &options.scenario {
        match crate::scenario::load_path(path) {
            Ok(_) => match std::fs::read_to_string(path) {
                Ok(text) => extra = Some((path.display().to_string(), text)),
                Err(e) => {
                    eprintln!("spheres: {}: {e}", path.display());
                    return std::process::ExitCode::from(1);
                }
            },
            Err(report) => {
                eprint!("{report}");
                return std::process::ExitCode::from(1);
            }
        }
    }
    if let Some(load) = &options.load
        && let Err(e) = session::describe_save(load)
    {
        eprintln!("spheres: {e}");
        return std::process::ExitCode::from(1);
    }
    let map = match crate::scenario::map::europe() {
        Ok(m) => m,
        Err(r) => {
            eprint!("{r}");
            return std::process::ExitCode::from(1);
        }
    };
    let scenarios = scenario_list(extra.clone());
    let mut app = App::new();
    app.add_plugins(
        DefaultPlugins
            .set(WindowPlugin {
                primary_window: Some(Window {
                    title: "Spheres — Summer 1939".into(),
                    resolution: (1280, 720).into(),
                    ..default()
                }),
                ..default()
            })
            .set(bevy::log::LogPlugin {
                filter: "warn,wgpu=error,naga=error,bevy_render=error".into(),
                ..default()
            }),
    )
    .insert_resource(ClearColor(Color::srgb_u8(0x1a, 0x1c, 0x22)))
    .insert_resource(DesktopData {
        map,
        scenarios,
        saves: list_saves(),
    })
    .add_plugins(SimulationPlugin)
    .add_plugins(DesktopPlugin);
    if let Some(path) = &options.screenshot {
        app.insert_resource(WinitSettings::continuous())
            .insert_resource(ScreenshotPlan {
                path: path.clone(),
                screen: options.screen.clone().unwrap_or_else(|| "map".into()),
                prepared: false,
                ready_frames: 0,
                turns_played: 0,
                requested: false,
                captured: false,
                exit_in: 0,
            })
            .add_systems(Update, screenshot_driver);
        app.world_mut().resource_mut::<Session>().autosave = false;
    } else {
        app.insert_resource(WinitSettings::desktop_app());
    }
    // Skip the menu when the command line says what to play.
    let mut queue = Vec::new();
    if let Some(load) = options.load {
        queue.push(UiAction::LoadGame(load));
    } else if options.as_power.is_some() || options.scenario.is_some() || options.seed.is_some() || options.screenshot.is_some() {
        let source = match extra {
            Some((name, text)) => session::ScenarioSource { name, text },
            None => session::ScenarioSource::embedded(),
        };
        queue.push(UiAction::NewGame {
            source,
            humans: vec![options.as_power.unwrap_or_else(|| "ussr".into())],
            profiles: Vec::new(),
            seed: options.seed.unwrap_or(1),
        });
    }
    app.world_mut().resource_mut::<UiQueue>().0.extend(queue);
    match app.run() {
        AppExit::Success => std::process::ExitCode::SUCCESS,
        AppExit::Error(code) => std::process::ExitCode::from(code.get()),
    }
}
