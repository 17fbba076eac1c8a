//! The screens: main menu, new game, load, settings, the playing screen
//! (map, diplomacy with the composer and its live acceptance preview, inbox,
//! log), the hotseat hand-over and the game-over comparison with history.
//! Drawing only: every button pushes a [`UiAction`].

mod briefing;
mod composer;
mod game_over;
mod inbox;
mod log;
mod map_tab;
mod menus;
mod playing;

use crate::desktop::map::{self, Camera, Colouring};
use crate::desktop::session::{Composer, Screen, Session, Tab, UiAction, UiQueue, awaiting_us};
use crate::desktop::theme::{self, GOLD, MUTED, PARCHMENT};
use crate::rules::action::{self, Action, Answer};
use crate::rules::clause::{Clause, ClauseKind, Consequence, Secret};
use crate::rules::event::{Event, EventKind};
use crate::rules::memory::MemoryKind;
use crate::rules::model::{Assessment, Estimate, estimate};
use crate::rules::relation::Relation;
use crate::rules::threat;
use crate::rules::view::{PendingOffer, View, ViewExt};
use crate::rules::{PowerId, text};
use crate::scenario::map::MapGeometry;
use crate::sim::authority::Control;
use crate::sim::{Match, MatchLog};
use bevy_egui::egui::{self, Align, Color32, Layout, RichText, Ui};
use briefing::*;
use composer::*;
use game_over::*;
use inbox::*;
use log::*;
use map_tab::*;
use menus::*;
use playing::*;

/// Settings the player can change.
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    /// The interface scale when it does not follow the window.
    pub scale: f32,
    /// Scale the interface with the window: a 1280×720 layout, enlarged.
    pub fit_window: bool,
    pub fullscreen: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            scale: 1.0,
            fit_window: true,
            fullscreen: false,
        }
    }
}

impl Settings {
    /// The interface zoom for a window this many points high.
    pub fn zoom(&self, window_height: f32) -> f32 {
        if self.fit_window {
            (window_height / 720.0).clamp(1.0, 2.0)
        } else {
            self.scale
        }
    }
}

/// State of the menus' forms.
#[derive(Clone, Debug)]
pub struct Forms {
    pub scenario_choice: usize,
    pub scenario_path: String,
    pub humans: Vec<bool>,
    pub profiles: Vec<String>,
    /// How well each AI plays its profile.
    pub levels: Vec<crate::ai::Level>,
    pub seed: u64,
    pub load_path: String,
    pub log_power: Option<PowerId>,
    pub log_kind: Option<EventKind>,
    pub menu_open: bool,
    /// The status message on show: its serial and when it first showed.
    pub toast: Option<(u64, f64)>,
    /// The interface scale while its slider is dragged: applied when it is
    /// let go, so the slider does not move under the pointer.
    pub scale_drag: Option<f32>,
    /// End turn was asked while these offers to us would lapse: confirm.
    pub confirm_end: Option<Vec<crate::rules::ProposalId>>,
    /// Whether the first-match guide is shown (read from the data folder
    /// once).
    pub guide: Option<bool>,
}

impl Default for Forms {
    fn default() -> Self {
        Forms {
            scenario_choice: 0,
            scenario_path: String::new(),
            humans: Vec::new(),
            profiles: Vec::new(),
            levels: Vec::new(),
            seed: 1,
            load_path: String::new(),
            log_power: None,
            log_kind: None,
            menu_open: false,
            toast: None,
            scale_drag: None,
            confirm_end: None,
            guide: None,
        }
    }
}

/// Everything the screens read.
pub struct Frame<'a> {
    pub screen: Screen,
    pub session: &'a Session,
    pub view: Option<&'a dyn View>,
    pub m: Option<&'a Match>,
    pub log: Option<&'a MatchLog>,
    pub map: &'a MapGeometry,
    pub scenarios: &'a [crate::desktop::Offered],
    pub saves: &'a [crate::desktop::SaveSlot],
    /// Errors of an invalid change to a watched file (hot reload).
    pub reload_errors: Option<&'a str>,
    /// What the last hot reload did.
    pub reload_notice: Option<&'a str>,
    /// Some of its changes wait for a new game: offer to restart with them.
    pub reload_restart: bool,
}

pub(super) fn centred_window<R>(
    ctx: &egui::Context,
    id: &str,
    width: f32,
    add: impl FnOnce(&mut Ui) -> R,
) {
    egui::Window::new(id)
        .title_bar(false)
        .collapsible(false)
        .resizable(false)
        .fixed_size([width, 0.0])
        .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
        .show(ctx, |ui| {
            add(ui);
        });
}

/// Draws the current screen.
pub fn draw(
    ctx: &egui::Context,
    f: &Frame<'_>,
    camera: &mut Camera,
    forms: &mut Forms,
    settings: &mut Settings,
    q: &mut UiQueue,
) {
    let mut root = Ui::new(
        ctx.clone(),
        "root".into(),
        egui::UiBuilder::new()
            .layer_id(egui::LayerId::background())
            .max_rect(ctx.viewport_rect()),
    );
    match f.screen {
        Screen::MainMenu => {
            backdrop(&mut root, f.map);
            main_menu(ctx, f, q);
        }
        Screen::NewGame => {
            backdrop(&mut root, f.map);
            new_game(ctx, f, forms, q);
        }
        Screen::LoadGame => {
            backdrop(&mut root, f.map);
            load_game(ctx, f, forms, q);
        }
        Screen::Settings => {
            backdrop(&mut root, f.map);
            settings_screen(ctx, settings, forms, q);
        }
        Screen::Playing => playing(ctx, &mut root, f, camera, forms, q),
        Screen::Handover => {
            backdrop(&mut root, f.map);
            handover(ctx, f, q);
        }
        Screen::GameOver => game_over(&mut root, f, q),
    }
    if let Some(errors) = f.reload_errors {
        egui::Window::new("The scenario has errors")
            .collapsible(false)
            .default_width(640.0)
            .anchor(egui::Align2::CENTER_TOP, [0.0, 60.0])
            .show(ctx, |ui| {
                ui.label(RichText::new("The game keeps the running version until the file is fixed and saved again.").color(MUTED));
                egui::ScrollArea::vertical().max_height(260.0).show(ui, |ui| {
                    for line in errors.lines() {
                        ui.label(RichText::new(line).monospace().color(theme::BAD));
                    }
                });
            });
    } else if let Some(notice) = f.reload_notice {
        egui::Area::new("reload_notice".into())
            .anchor(egui::Align2::RIGHT_TOP, [-12.0, 44.0])
            .show(ctx, |ui| {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    ui.set_max_width(420.0);
                    ui.label(RichText::new(notice).color(theme::GOOD));
                    if f.reload_restart {
                        ui.horizontal(|ui| {
                            if ui
                                .button("Restart with the changes")
                                .on_hover_text(
                                    "A new match of the changed scenario: the same players, seed and AIs",
                                )
                                .clicked()
                            {
                                q.push(UiAction::RestartWithChanges);
                            }
                            if ui
                                .button("Keep playing")
                                .on_hover_text("The changes wait for the next new game")
                                .clicked()
                            {
                                q.push(UiAction::DismissReload);
                            }
                        });
                    }
                });
            });
    }
    // Esc leaves a menu screen for the main menu, as its Back button does.
    if matches!(
        f.screen,
        Screen::NewGame | Screen::LoadGame | Screen::Settings
    ) && ctx.input(|i| i.key_pressed(egui::Key::Escape))
    {
        q.push(UiAction::Show(Screen::MainMenu));
    }
    toast(ctx, f.session, forms);
}

/// How long a status message shows, in seconds.
const TOAST_SECONDS: f64 = 5.0;

/// The latest status message ("Saved to …", an error), above the bottom
/// bar for a few seconds; a click on it dismisses it.
fn toast(ctx: &egui::Context, session: &Session, forms: &mut Forms) {
    let Some(status) = &session.status else {
        return;
    };
    let now = ctx.input(|i| i.time);
    let shown_at = match forms.toast {
        Some((serial, at)) if serial == session.status_serial => at,
        _ => {
            forms.toast = Some((session.status_serial, now));
            now
        }
    };
    let left = TOAST_SECONDS - (now - shown_at);
    if left <= 0.0 {
        return;
    }
    // Drawn again when it is due to go (the game draws only on input).
    ctx.request_repaint_after(std::time::Duration::from_secs_f64(left));
    let r = egui::Area::new("status".into())
        .anchor(egui::Align2::CENTER_BOTTOM, [0.0, -52.0])
        .order(egui::Order::Foreground)
        .show(ctx, |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.set_max_width(700.0);
                ui.label(RichText::new(status).color(theme::WARN));
            });
        });
    if r.response
        .interact(egui::Sense::click())
        .on_hover_text("Click to dismiss")
        .clicked()
    {
        forms.toast = Some((session.status_serial, f64::NEG_INFINITY));
    }
}
