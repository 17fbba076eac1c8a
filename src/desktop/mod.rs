//! The desktop game: window, map, diplomacy screens and input, as a
//! [`DesktopPlugin`] on top of the same `SimulationPlugin` the headless
//! runner uses. The game's logic lives in [`session`] (testable without a
//! window); [`ui`] and [`map`] only draw and push actions.

pub mod map;
pub mod reload;

pub mod session;
pub mod theme;
pub mod ui;

use crate::rules::PowerId;
use crate::rules::view::{View, ViewExt};
use crate::scenario::map::MapGeometry;
use crate::sim::world::WorldRead;
use crate::sim::{Match, MatchLog, MatchState, SimulationPlugin};
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
    pub window_size: Option<(u32, u32)>,
    pub screenshot_delay: Option<f64>,
    pub replay: Option<PathBuf>,
}

/// Data the screens need that is not game state.
#[derive(Resource)]
pub struct DesktopData {
    /// The map drawn: the game's map with the running mod's own regions laid
    /// over it (see [`reload::follow_map`]).
    pub map: MapGeometry,
    /// The game's map: `assets/map/europe.ron`, or the embedded one.
    base_map: MapGeometry,
    /// The running mod's own regions, if it has any.
    mod_map: Option<MapGeometry>,
    /// The scenario `mod_map` was read for.
    map_for: String,
    /// (name, text) of every scenario offered in the new-game menu.
    pub scenarios: Vec<Offered>,
    pub saves: Vec<SaveSlot>,
}

/// A save offered in the load menu, described from its contents.
#[derive(Clone)]
pub struct SaveSlot {
    pub path: PathBuf,
    /// "Quicksave", "Autosave" or the file's name.
    pub title: String,
    /// What it holds — or why it cannot be read.
    pub detail: Result<SlotDetail, String>,
}

/// What a save holds, for the load menu.
#[derive(Clone)]
pub struct SlotDetail {
    /// Who plays, when, in which scenario, and queued orders.
    pub text: String,
    /// The (first) human player's power and score, as it knows it.
    pub score: Option<(PowerId, f32)>,
    /// The board, for a thumbnail.
    pub setup: std::sync::Arc<crate::rules::Setup>,
    pub board: map::Board,
}

impl SaveSlot {
    /// Reads the save at `path` for the menu: checked and rebuilt as a
    /// load would, so a slot that shows here loads.
    pub fn read(path: PathBuf) -> SaveSlot {
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let title = match stem.as_str() {
            "quicksave" => "Quicksave".to_string(),
            "autosave" => "Autosave (the start of the last turn played)".to_string(),
            _ => stem,
        };
        let name = path.display().to_string();
        let detail = crate::sim::save::read_save(&path)
            .and_then(|save| save.restore(&name).map(|r| (save, r)))
            .map_err(|e| e.to_string())
            .map(|(save, (m, saved))| describe(&save, m, saved));
        SaveSlot {
            path,
            title,
            detail,
        }
    }
}

fn describe(
    save: &crate::sim::save::SaveGame,
    m: Match,
    saved: crate::sim::registry::SavedWorld,
) -> SlotDetail {
    let setup = m.setup.clone();
    let humans: Vec<PowerId> = setup
        .power_ids()
        .filter(|p| m.controls.get(p.index()) == Some(&crate::sim::authority::Control::Human))
        .collect();
    let mut world = World::new();
    saved.spawn(&mut world);
    let view = crate::sim::world::EcsView::new(&world, &setup);
    let score = humans.first().map(|me| {
        let known = crate::rules::intel::Perspective::new(&view, *me);
        (*me, crate::rules::score::score(&known, *me))
    });
    let clock = view.turn();
    let turns = save.turns;
    let when = if clock > turns {
        "finished".to_string()
    } else {
        format!(
            "week of {} (turn {clock} of {turns})",
            setup
                .calendar
                .date(setup.calendar.turn_start_day(clock))
                .long(),
        )
    };
    let orders = match save.orders.len() {
        0 => String::new(),
        n => format!(" · {} queued", crate::rules::text::count(n, "order")),
    };
    let who = if humans.is_empty() {
        "no human player".to_string()
    } else {
        humans
            .iter()
            .map(|p| crate::rules::text::power(&setup, *p))
            .collect::<Vec<_>>()
            .join(", ")
    };
    SlotDetail {
        text: format!("{who} · {when} · {}{orders}", setup.title),
        score,
        board: map::Board::now(&view),
        setup,
    }
}

/// A scenario offered in the new-game menu: its text, and what loading it
/// gave (loaded once, not on every frame the menu is drawn).
#[derive(Clone, Debug)]
pub struct Offered {
    pub name: String,
    pub text: String,
    pub loaded: Result<std::sync::Arc<crate::rules::Setup>, String>,
    /// A mod's author, version and the game versions it was made for.
    pub about: Option<String>,
}

impl Offered {
    /// How the menu names it: its title, or its file when it does not
    /// load.
    pub fn title(&self) -> &str {
        match &self.loaded {
            Ok(setup) if !setup.title.is_empty() => &setup.title,
            _ => &self.name,
        }
    }

    /// Loads and checks a scenario's text.
    pub fn new(name: String, text: String) -> Self {
        let loaded = crate::scenario::load_str(&name, &text)
            .map(|l| l.setup)
            .map_err(|r| r.to_string());
        let about = crate::scenario::mods::about(std::path::Path::new(&name));
        Offered {
            name,
            text,
            loaded,
            about,
        }
    }
}

impl DesktopData {
    /// The game's map and the scenarios and saves offered.
    pub fn new(map: MapGeometry, scenarios: Vec<(String, String)>, saves: Vec<SaveSlot>) -> Self {
        let scenarios = scenarios
            .into_iter()
            .map(|(name, text)| Offered::new(name, text))
            .collect();
        DesktopData {
            base_map: map.clone(),
            map,
            mod_map: None,
            map_for: String::new(),
            scenarios,
            saves,
        }
    }

    /// Replaces the game's map.
    fn set_base_map(&mut self, map: MapGeometry) {
        self.base_map = map;
        self.compose_map();
    }

    /// Replaces the running mod's own regions.
    fn set_mod_map(&mut self, map: Option<MapGeometry>) {
        self.mod_map = map;
        self.compose_map();
    }

    fn compose_map(&mut self) {
        self.map = match &self.mod_map {
            Some(extra) => self.base_map.overlay(extra),
            None => self.base_map.clone(),
        };
    }
}

/// The UI's own state between frames.
#[derive(Resource, Default)]
struct UiMemory {
    camera: map::Camera,
    forms: ui::Forms,
    settings: ui::Settings,
    applied: Option<ui::Settings>,
    /// The interface zoom last applied.
    zoom: Option<f32>,
    /// Frames still to draw after an action, without waiting for input.
    redraws: u8,
}

fn keep_drawing(
    mut memory: ResMut<UiMemory>,
    mut redraw: MessageWriter<bevy::window::RequestRedraw>,
) {
    if memory.redraws > 0 {
        memory.redraws -= 1;
        redraw.write(bevy::window::RequestRedraw);
    }
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
    /// Extra time to wait once the screen is ready.
    delay: std::time::Duration,
    ready_at: Option<std::time::Instant>,
}

/// The desktop game on top of the simulation.
pub struct DesktopPlugin;

impl Plugin for DesktopPlugin {
    fn build(&self, app: &mut App) {
        app.add_plugins(EguiPlugin::default())
            .add_plugins(session::plugin)
            .init_resource::<UiMemory>()
            .init_resource::<reload::Watch>()
            .add_systems(Startup, reload::start)
            .add_systems(
                PreUpdate,
                (
                    reload::follow_session,
                    reload::follow_map,
                    reload::apply_changes,
                )
                    .chain(),
            )
            .add_systems(Startup, setup_camera)
            .add_systems(EguiPrimaryContextPass, draw_ui)
            .add_systems(
                PreUpdate,
                (drop_unchanged_modifiers, input_time_now, pointer_gone)
                    .after(bevy_egui::EguiPreUpdateSet::ProcessInput)
                    .before(bevy_egui::EguiPreUpdateSet::BeginPass),
            )
            .add_systems(
                Update,
                (apply_settings, quit_when_asked, refresh_saves, set_icon),
            )
            .add_systems(Last, keep_drawing);
    }
}

/// bevy_egui reports the modifier keys to egui on every frame, and egui
/// repaints after any input event: that would redraw forever. Keep the event
/// only when the modifiers really changed, so an idle game draws nothing.
fn drop_unchanged_modifiers(
    mut last: Local<Option<bevy_egui::egui::Modifiers>>,
    mut inputs: Query<&mut bevy_egui::EguiInput>,
) {
    for mut input in &mut inputs {
        let previous = *last;
        input.0.events.retain(|e| match e {
            bevy_egui::egui::Event::ModifiersChanged(m) => {
                let changed = previous != Some(*m);
                *last = Some(*m);
                changed
            }
            _ => true,
        });
    }
}

/// bevy_egui stamps each frame's input with `Time<Real>`, which in a
/// reactive app is the time of the last frame drawn before the pointer
/// rested: a press that wakes the idle game looks to egui as if it began
/// then, longer ago than a click may last, and the click was dropped after
/// a rest of a second or more (bevy_egui #352). Stamp it with the time the
/// input is read instead.
fn input_time_now(real: Res<Time<bevy::time::Real>>, mut inputs: Query<&mut bevy_egui::EguiInput>) {
    // On the same clock as bevy_egui's stamp, so it never goes back.
    let now = real.startup().elapsed().as_secs_f64();
    for mut input in &mut inputs {
        input.0.time = Some(now);
    }
}

/// bevy_egui does not tell egui when the pointer leaves the window, so a
/// tooltip (and the hover it belongs to) stayed after the pointer had gone.
fn pointer_gone(
    mut left: MessageReader<bevy::window::CursorLeft>,
    mut inputs: Query<&mut bevy_egui::EguiInput>,
) {
    if left.read().count() == 0 {
        return;
    }
    for mut input in &mut inputs {
        input.0.events.push(bevy_egui::egui::Event::PointerGone);
    }
}

fn setup_camera(mut commands: Commands) {
    // egui smooths its own edges (feathering): multisampling the whole
    // window as well only cost time, most of all under software rendering.
    commands.spawn((Camera2d, bevy::render::view::Msaa::Off));
}

fn scenario_list(extra: Option<(String, String)>) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if let Some(e) = extra {
        out.push(e);
    }
    // The scenarios built into the game, whatever the working directory…
    for (name, text) in crate::scenario::BUILT_IN {
        out.push((name.to_string(), text.to_string()));
    }
    // …and the player's own, in the data folder's scenarios/.
    let mut files: Vec<PathBuf> = std::fs::read_dir(crate::sim::save::data_dir().join("scenarios"))
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.sort();
    for f in files {
        if f.extension().is_some_and(|e| e == "ron" || e == "json")
            && let Ok(text) = crate::scenario::read_text(&f)
        {
            out.push((f.display().to_string(), text));
        }
    }
    // Mods in the data folder, and the sample mods shipped beside the game.
    let mut mods = crate::scenario::mods::installed(&crate::sim::save::data_dir());
    mods.extend(crate::scenario::mods::installed(std::path::Path::new(
        "examples",
    )));
    for folder in mods {
        if let Ok(loaded) = crate::scenario::load_path(&folder) {
            out.push((folder.display().to_string(), loaded.text));
        }
    }
    out.dedup_by(|a, b| a.0 == b.0);
    out
}

/// The saves in the saves folder, newest first.
fn list_saves() -> Vec<SaveSlot> {
    let mut saves: Vec<(std::time::SystemTime, PathBuf)> =
        std::fs::read_dir(crate::sim::save::saves_dir())
            .map(|d| {
                d.filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.extension().is_some_and(|e| e == "ron"))
                    .map(|p| {
                        let modified = std::fs::metadata(&p)
                            .and_then(|m| m.modified())
                            .unwrap_or(std::time::UNIX_EPOCH);
                        (modified, p)
                    })
                    .collect()
            })
            .unwrap_or_default();
    saves.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    saves.into_iter().map(|(_, p)| SaveSlot::read(p)).collect()
}

fn refresh_saves(
    screen: Res<State<Screen>>,
    mut offered: ResMut<session::OfferedScenarios>,
    mut data: ResMut<DesktopData>,
) {
    if screen.is_changed() && *screen.get() == Screen::LoadGame {
        data.saves = list_saves();
    }
    // Files added in the new-game menu go first, selected.
    for (name, text) in offered.0.drain(..) {
        data.scenarios.retain(|o| o.name != name);
        data.scenarios.insert(0, Offered::new(name, text));
    }
}

#[allow(clippy::too_many_arguments)] // the UI reads the whole game
fn draw_ui(
    mut contexts: EguiContexts,
    screen: Res<State<Screen>>,
    session: Res<Session>,
    read: WorldRead,
    m: Option<Res<Match>>,
    log: Option<Res<MatchLog>>,
    data: Res<DesktopData>,
    watch: Res<reload::Watch>,
    windows: Query<&Window, With<PrimaryWindow>>,
    mut memory: ResMut<UiMemory>,
    mut queue: ResMut<UiQueue>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let UiMemory {
        camera,
        forms,
        settings,
        zoom,
        ..
    } = &mut *memory;
    let height = windows.single().map_or(720.0, |w| w.height());
    let wanted = settings.zoom(height);
    if *zoom != Some(wanted) {
        theme::apply(ctx, wanted);
        *zoom = Some(wanted);
    }
    let omniscient = read.view();
    // A player sees the world as their power knows it (others' secret
    // clauses and talks hidden); a replay shows everything.
    let known = omniscient
        .as_ref()
        .zip(session.me())
        .filter(|_| session.replay.is_none())
        .map(|(v, me)| crate::rules::intel::Perspective::new(v, me));
    let frame = ui::Frame {
        screen: *screen.get(),
        session: &session,
        view: match &known {
            Some(k) => Some(k as &dyn View),
            None => omniscient.as_ref().map(|v| v as &dyn View),
        },
        m: m.as_deref(),
        log: log.as_deref(),
        map: &data.map,
        scenarios: &data.scenarios,
        saves: &data.saves,
        reload_errors: watch.errors.as_deref(),
        reload_notice: watch.recent_notice(),
        reload_restart: watch.restart.is_some(),
    };
    // Escape leaves the menus.
    if matches!(
        frame.screen,
        Screen::NewGame | Screen::LoadGame | Screen::Settings
    ) && ctx.input(|i| i.key_pressed(bevy_egui::egui::Key::Escape))
    {
        queue.push(UiAction::Show(Screen::MainMenu));
    }
    ui::draw(ctx, &frame, camera, forms, settings, &mut queue);
    if !queue.0.is_empty() {
        // Actions take effect in the next frames (a turn, a new screen):
        // draw those frames even if no further input comes.
        memory.redraws = 3;
    }
    Ok(())
}

fn apply_settings(
    mut memory: ResMut<UiMemory>,
    mut windows: Query<&mut Window, With<PrimaryWindow>>,
) {
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
#[allow(clippy::too_many_arguments)] // it watches the whole game
fn screenshot_driver(
    mut commands: Commands,
    mut plan: ResMut<ScreenshotPlan>,
    screen: Res<State<Screen>>,
    state: Res<State<MatchState>>,
    session: Res<Session>,
    read: WorldRead,
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
    if plan.screen == "menu" || plan.screen == "newgame" {
        if !plan.prepared {
            if plan.screen == "newgame" {
                queue.push(UiAction::Show(Screen::NewGame));
            }
            plan.prepared = true;
        }
        capture_when_ready(&mut commands, &mut plan);
        return;
    }
    let Some(view) = read.view() else { return };
    let me = session.me();
    if !plan.prepared {
        if *screen.get() != Screen::Playing && *screen.get() != Screen::GameOver {
            return;
        }
        let inbox_empty = !view.pending().any(|p| Some(p.to) == me);
        let need_turn = match plan.screen.as_str() {
            "gameover" => *state.get() != MatchState::Over,
            "inbox" => inbox_empty && plan.turns_played < 8,
            "log" => plan.turns_played < 4,
            _ => false,
        };
        if need_turn {
            if session.summary.as_ref().map(|s| s.turn) == Some(plan.turns_played)
                || plan.turns_played == 0
            {
                queue.push(UiAction::EndTurn);
                plan.turns_played += 1;
            }
            return;
        }
        if plan.screen != "gameover" {
            queue.push(UiAction::DismissSummary);
        }
        // The briefing is a screen of its own (`--screen briefing`).
        if plan.screen != "briefing" {
            queue.push(UiAction::Briefed(true));
        }
        match plan.screen.as_str() {
            "diplomacy" => {
                queue.push(UiAction::SetTab(Tab::Diplomacy));
                // A sample document, so the live preview has something to judge.
                let setup = &view.setup();
                if let (Some(me), Some(germany), Some(ussr), Some(ukraine)) = (
                    me,
                    setup.power_id("germany"),
                    setup.power_id("ussr"),
                    setup.state_id("ukraine"),
                ) {
                    let other = if me == germany { ussr } else { germany };
                    queue.push(UiAction::ComposeFor(other));
                    queue.push(UiAction::AssignState(ukraine, ussr));
                    queue.push(UiAction::AddClause(crate::rules::Clause::NonAggression));
                    queue.push(UiAction::AddClause(crate::rules::Clause::Trade {
                        goods: crate::rules::clause::Goods::IndustrialMaterials,
                        to: ussr,
                    }));
                }
            }
            "inbox" => queue.push(UiAction::SetTab(Tab::Inbox)),
            "log" => queue.push(UiAction::SetTab(Tab::Log)),
            _ => {
                queue.push(UiAction::SetTab(Tab::Map));
                if let Some(p) = me {
                    queue.push(UiAction::Select(Some(view.setup().power(p).id.clone())));
                }
            }
        }
        plan.prepared = true;
        return;
    }
    capture_when_ready(&mut commands, &mut plan);
}

/// Counts frames once the screen is prepared, giving the renderer time to
/// compile its pipelines and draw; then asks for the capture.
fn capture_when_ready(commands: &mut Commands, plan: &mut ScreenshotPlan) {
    plan.ready_frames += 1;
    let ready_at = *plan.ready_at.get_or_insert_with(std::time::Instant::now);
    if plan.ready_frames < 45 || ready_at.elapsed() < plan.delay {
        return;
    }
    plan.requested = true;
    commands
        .spawn(Screenshot::primary_window())
        .observe(save_to_disk(plan.path.clone()))
        .observe(
            |_: On<ScreenshotCaptured>, mut plan: ResMut<ScreenshotPlan>| {
                plan.captured = true;
                plan.exit_in = 5;
            },
        );
}

/// When the process started (for `SPHERES_TIMING`).
static START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();

/// Runs the desktop game.
pub fn run(options: PlayOptions) -> std::process::ExitCode {
    let _ = START.set(std::time::Instant::now());
    let mut extra = None;
    if let Some(path) = &options.scenario {
        match crate::scenario::load_path(path) {
            Ok(loaded) => extra = Some((path.display().to_string(), loaded.text)),
            Err(report) => {
                eprint!("{report}");
                return std::process::ExitCode::from(1);
            }
        }
    }
    if let Some(shot) = &options.screenshot
        && let Err(e) = crate::files::check_output(shot)
    {
        eprintln!("spheres: {e}");
        return std::process::ExitCode::from(1);
    }
    if let Some(load) = &options.load
        && let Err(e) = session::describe_save(load)
    {
        eprintln!("spheres: {e}");
        return std::process::ExitCode::from(1);
    }
    // The map on disk (so modders can redraw it) or, failing that, the embedded one.
    let from_disk = crate::files::read_text(
        std::path::Path::new(reload::MAP_FILE),
        crate::scenario::map::MAX_MAP_BYTES,
    )
    .ok()
    .and_then(|text| crate::scenario::map::load_map(reload::MAP_FILE, &text).ok());
    let map = match from_disk.map_or_else(crate::scenario::map::europe, Ok) {
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
                    resolution: options.window_size.unwrap_or((1280, 720)).into(),
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
    .insert_resource(DesktopData::new(map, scenarios, list_saves()))
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
                delay: std::time::Duration::from_secs_f64(
                    options.screenshot_delay.unwrap_or(0.0).clamp(0.0, 600.0),
                ),
                ready_at: None,
            })
            .add_systems(Update, screenshot_driver);
        app.world_mut().resource_mut::<Session>().autosave = false;
    } else if std::env::var_os("SPHERES_CONTINUOUS").is_some() {
        // For measuring the full frame time (update and rendering).
        app.insert_resource(WinitSettings::continuous());
    } else {
        app.insert_resource(WinitSettings::desktop_app());
    }
    if let Some(file) = std::env::var_os("SPHERES_TIMING") {
        app.insert_resource(Timing {
            file: PathBuf::from(file),
            start: START.get().copied().unwrap_or_else(std::time::Instant::now),
            first: None,
            frames: 0,
            slowest: std::time::Duration::ZERO,
            last: None,
        })
        .add_systems(First, frame_started)
        .add_systems(Last, timing);
    }
    // Skip the menu when the command line says what to play.
    let mut queue = Vec::new();
    if let Some(replay) = options.replay {
        queue.push(UiAction::OpenReplay(replay));
    } else if let Some(load) = options.load {
        queue.push(UiAction::LoadGame(load));
    } else if options.as_power.is_some()
        || options.scenario.is_some()
        || options.seed.is_some()
        || (options.screenshot.is_some()
            && !matches!(options.screen.as_deref(), Some("menu" | "newgame")))
    {
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

/// The window icon: two interlocking spheres, drawn in code.
fn set_icon(mut done: Local<bool>, windows: Query<Entity, With<PrimaryWindow>>) {
    if *done {
        return;
    }
    let Ok(entity) = windows.single() else { return };
    let size = 64u32;
    let mut rgba = vec![0u8; (size * size * 4) as usize];
    for y in 0..size {
        for x in 0..size {
            let (fx, fy) = (x as f32 + 0.5, y as f32 + 0.5);
            let left = ((fx - 24.0).powi(2) + (fy - 32.0).powi(2)).sqrt() < 20.0;
            let right = ((fx - 40.0).powi(2) + (fy - 32.0).powi(2)).sqrt() < 20.0;
            let px = match (left, right) {
                (true, true) => [0xd9, 0xb3, 0x5b, 0xff],
                (true, false) => [0x66, 0x73, 0x8c, 0xff],
                (false, true) => [0xb3, 0x29, 0x24, 0xff],
                _ => [0, 0, 0, 0],
            };
            let i = ((y * size + x) * 4) as usize;
            rgba[i..i + 4].copy_from_slice(&px);
        }
    }
    let Ok(icon) = winit::window::Icon::from_rgba(rgba, size, size) else {
        return;
    };
    bevy::winit::WINIT_WINDOWS.with_borrow(|w| {
        if let Some(window) = w.get_window(entity) {
            window.set_window_icon(Some(icon));
            *done = true;
        }
    });
}

/// With `SPHERES_TIMING=FILE`: the time to the first interactive frame,
/// the frames drawn so far (to check reactive rendering), the slowest
/// frame, the screen, tab, the composer's receiver and clauses, orders
/// queued, turn, whether the turn summary or the briefing is open and
/// whether the pointer is over the window, rewritten to FILE after every
/// frame (for tools/measure_desktop.sh and tools/real_input.sh).
#[derive(Resource)]
struct Timing {
    file: PathBuf,
    start: std::time::Instant,
    first: Option<std::time::Duration>,
    frames: u64,
    slowest: std::time::Duration,
    /// When the current frame's update began.
    last: Option<std::time::Instant>,
}

fn frame_started(mut t: ResMut<Timing>) {
    t.last = Some(std::time::Instant::now());
}

fn timing(
    mut t: ResMut<Timing>,
    screen: Res<State<Screen>>,
    session: Res<session::Session>,
    clock: Option<Res<crate::sim::Clock>>,
    m: Option<Res<Match>>,
    mut contexts: Query<&mut bevy_egui::EguiContext>,
) {
    // Whether egui thinks the pointer is over the window (hovers, tooltips).
    // Without change detection: a context borrowed as changed would make
    // the game redraw forever.
    let pointer = contexts.iter_mut().any(|mut c| {
        c.bypass_change_detection()
            .get_mut()
            .input(|i| i.pointer.hover_pos().is_some())
    });
    let now = std::time::Instant::now();
    t.frames += 1;
    if t.first.is_none()
        && matches!(screen.get(), Screen::MainMenu | Screen::Playing)
        && t.frames > 2
    {
        t.first = Some(now - t.start);
    }
    // The work of this frame: from the start of its update to now.
    if let Some(started) = t.last {
        let took = now - started;
        if took > t.slowest && t.frames > 30 {
            t.slowest = took;
        }
    }
    let line = format!(
        "frames={} first_ms={:.0} slowest_ms={:.0} screen={:?} tab={:?} to={} clauses={} orders={} turn={} summary={} briefing={} pointer={}\n",
        t.frames,
        t.first.map_or(-1.0, |d| d.as_secs_f64() * 1000.0),
        t.slowest.as_secs_f64() * 1000.0,
        screen.get(),
        session.tab,
        match (&m, session.composer.target) {
            (Some(m), Some(p)) => m.setup.power(p).id.as_str(),
            _ => "none",
        },
        session.composer.clauses.len(),
        session.orders.len(),
        clock.map_or(0, |c| c.turn),
        session.summary.is_some(),
        session
            .me()
            .is_some_and(|me| !session.briefed.contains(&me)),
        pointer
    );
    let _ = crate::files::write_atomically(&t.file, line.as_bytes());
}
