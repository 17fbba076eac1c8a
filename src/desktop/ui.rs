//! The screens: main menu, new game, load, settings, the playing screen
//! (map, diplomacy with the composer and its live acceptance preview, inbox,
//! log), the hotseat hand-over and the game-over comparison with history.
//! Drawing only: every button pushes a [`UiAction`].

use super::map::{self, Camera, Colouring};
use super::session::{Composer, Screen, Session, Tab, UiAction, UiQueue};
use super::theme::{self, GOLD, MUTED, PARCHMENT};
use crate::rules::action::{self, Action, Answer};
use crate::rules::clause::{Clause, ClauseKind, Consequence};
use crate::rules::event::EventKind;
use crate::rules::memory::MemoryKind;
use crate::rules::model::{Assessment, Offer, OfferKind, evaluate};
use crate::rules::view::{View, ViewExt};
use crate::rules::{PowerId, text};
use crate::scenario::map::MapGeometry;
use crate::sim::authority::Control;
use crate::sim::{Match, MatchLog};
use bevy_egui::egui::{self, Align, Color32, Layout, RichText, Ui};

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
    pub seed: u64,
    pub load_path: String,
    pub log_power: Option<PowerId>,
    pub log_kind: Option<EventKind>,
    pub menu_open: bool,
}

impl Default for Forms {
    fn default() -> Self {
        Forms {
            scenario_choice: 0,
            scenario_path: String::new(),
            humans: Vec::new(),
            profiles: Vec::new(),
            seed: 1,
            load_path: String::new(),
            log_power: None,
            log_kind: None,
            menu_open: false,
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
    pub scenarios: &'a [(String, String)],
    pub saves: &'a [std::path::PathBuf],
    /// Errors of an invalid change to a watched file (hot reload).
    pub reload_errors: Option<&'a str>,
    /// What the last hot reload did.
    pub reload_notice: Option<&'a str>,
}

fn title(ui: &mut Ui, text: &str) {
    ui.label(RichText::new(text).size(30.0).color(GOLD).strong());
}

fn centred_window<R>(ctx: &egui::Context, id: &str, width: f32, add: impl FnOnce(&mut Ui) -> R) {
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
            settings_screen(ctx, settings, q);
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
                });
            });
    }
    if let Some(status) = &f.session.status
        && f.screen != Screen::Playing
    {
        egui::Area::new("status".into())
            .anchor(egui::Align2::CENTER_BOTTOM, [0.0, -16.0])
            .show(ctx, |ui| {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    ui.set_max_width(700.0);
                    ui.label(RichText::new(status).color(theme::WARN));
                });
            });
    }
}

fn backdrop(ui: &mut Ui, map: &MapGeometry) {
    let rect = ui.max_rect();
    super::map::silhouette(ui.painter(), rect, map);
    ui.painter().text(
        rect.center_top() + egui::vec2(0.0, 60.0),
        egui::Align2::CENTER_CENTER,
        "SPHERES",
        egui::FontId::proportional(54.0),
        GOLD,
    );
    ui.painter().text(
        rect.center_top() + egui::vec2(0.0, 104.0),
        egui::Align2::CENTER_CENTER,
        "Diplomacy in the summer of 1939",
        egui::FontId::proportional(18.0),
        MUTED,
    );
}

fn menu_button(ui: &mut Ui, label: &str, hint: &str) -> bool {
    ui.add_sized(
        [260.0, 34.0],
        egui::Button::new(RichText::new(label).size(17.0)),
    )
    .on_hover_text(hint)
    .clicked()
}

fn main_menu(ctx: &egui::Context, f: &Frame<'_>, q: &mut UiQueue) {
    centred_window(ctx, "main_menu", 300.0, |ui| {
        ui.vertical_centered(|ui| {
            ui.add_space(8.0);
            if f.view.is_some()
                && f.m.is_some()
                && menu_button(ui, "Resume", "Back to the match in progress (Esc)")
            {
                q.push(UiAction::Show(Screen::Playing));
            }
            if menu_button(
                ui,
                "New game",
                "Choose your power, the scenario, the AI and the seed",
            ) {
                q.push(UiAction::Show(Screen::NewGame));
            }
            if menu_button(ui, "Load game", "Continue a saved match") {
                q.push(UiAction::Show(Screen::LoadGame));
            }
            if menu_button(ui, "Settings", "Interface scale and window mode") {
                q.push(UiAction::Show(Screen::Settings));
            }
            if menu_button(ui, "Quit", "Leave the game") {
                q.push(UiAction::Quit);
            }
            ui.add_space(8.0);
        });
    });
}

fn new_game(ctx: &egui::Context, f: &Frame<'_>, forms: &mut Forms, q: &mut UiQueue) {
    let scenarios = f.scenarios;
    let choice = forms.scenario_choice.min(scenarios.len().saturating_sub(1));
    let (name, text) = scenarios.get(choice).cloned().unwrap_or_default();
    let loaded = crate::scenario::load_str(&name, &text);
    centred_window(ctx, "new_game", 560.0, |ui| {
        ui.heading("New game");
        ui.separator();
        egui::Grid::new("new_game_grid")
            .num_columns(2)
            .spacing([16.0, 8.0])
            .show(ui, |ui| {
                ui.label("Scenario");
                egui::ComboBox::from_id_salt("scenario")
                    .width(320.0)
                    .selected_text(&name)
                    .show_ui(ui, |ui| {
                        for (i, (n, _)) in scenarios.iter().enumerate() {
                            ui.selectable_value(&mut forms.scenario_choice, i, n);
                        }
                    })
                    .response
                    .on_hover_text(
                        "Scenarios from the scenarios/ folder and the embedded Summer 1939",
                    );
                ui.end_row();
                ui.label("or a file");
                ui.horizontal(|ui| {
                    ui.add(
                        egui::TextEdit::singleline(&mut forms.scenario_path)
                            .desired_width(250.0)
                            .hint_text("path/to/scenario.ron"),
                    )
                    .on_hover_text("A scenario file anywhere on disk");
                    if ui
                        .button("Use")
                        .on_hover_text("Read and validate this file")
                        .clicked()
                        && !forms.scenario_path.is_empty()
                    {
                        q.push(UiAction::AddScenarioFile(
                            forms.scenario_path.clone().into(),
                        ));
                    }
                });
                ui.end_row();
                ui.label("Seed");
                ui.add(egui::DragValue::new(&mut forms.seed).range(0..=u64::MAX))
                    .on_hover_text("The same seed and choices give the same match");
                ui.end_row();
            });
        ui.separator();
        match &loaded {
            Err(report) => {
                ui.label(RichText::new(report.to_string()).color(theme::BAD));
            }
            Ok(loaded) => {
                let setup = &loaded.setup;
                if forms.humans.len() != setup.power_count() {
                    forms.humans = setup.powers.iter().map(|p| p.id == "ussr").collect();
                    if !forms.humans.iter().any(|h| *h)
                        && let Some(i) = setup.powers.iter().position(|p| p.playable)
                    {
                        forms.humans[i] = true;
                    }
                    forms.profiles = setup
                        .powers
                        .iter()
                        .map(|p| setup.profiles[p.default_profile].id.clone())
                        .collect();
                }
                ui.label(RichText::new(&setup.description).color(MUTED));
                ui.add_space(4.0);
                egui::Grid::new("powers_grid").num_columns(3).striped(true).spacing([16.0, 6.0]).show(ui, |ui| {
                    ui.label(RichText::new("Power").strong());
                    ui.label(RichText::new("Human").strong());
                    ui.label(RichText::new("AI profile").strong());
                    ui.end_row();
                    for (i, p) in setup.powers.iter().enumerate().filter(|(_, p)| p.great) {
                        ui.label(&p.name);
                        ui.add_enabled(p.playable, egui::Checkbox::without_text(&mut forms.humans[i]))
                            .on_hover_text("Played by a human at this computer (several humans take turns: hotseat)")
                            .on_disabled_hover_text("Not playable in this scenario");
                        ui.add_enabled_ui(!forms.humans[i], |ui| {
                            egui::ComboBox::from_id_salt(("profile", i))
                                .selected_text(forms.profiles[i].clone())
                                .show_ui(ui, |ui| {
                                    for prof in &setup.profiles {
                                        ui.selectable_value(&mut forms.profiles[i], prof.id.clone(), &prof.id)
                                            .on_hover_text(&prof.description);
                                    }
                                })
                                .response
                                .on_hover_text("How this power's AI decides");
                        });
                        ui.end_row();
                    }
                });
                ui.separator();
                ui.horizontal(|ui| {
                    if ui
                        .button("Back")
                        .on_hover_text("Return to the main menu (Esc)")
                        .clicked()
                    {
                        q.push(UiAction::Show(Screen::MainMenu));
                    }
                    ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                        let humans: Vec<String> = setup
                            .powers
                            .iter()
                            .zip(&forms.humans)
                            .filter(|(_, h)| **h)
                            .map(|(p, _)| p.id.clone())
                            .collect();
                        let ok = !humans.is_empty();
                        if ui
                            .add_enabled(ok, egui::Button::new(RichText::new("Start").strong()))
                            .on_hover_text("Begin the match")
                            .on_disabled_hover_text("Choose at least one human power")
                            .clicked()
                        {
                            let profiles = setup
                                .powers
                                .iter()
                                .zip(&forms.profiles)
                                .map(|(p, prof)| (p.id.clone(), prof.clone()))
                                .collect();
                            q.push(UiAction::NewGame {
                                source: super::session::ScenarioSource {
                                    name: name.clone(),
                                    text: text.clone(),
                                },
                                humans,
                                profiles,
                                seed: forms.seed,
                            });
                        }
                    });
                });
            }
        }
    });
}

fn load_game(ctx: &egui::Context, f: &Frame<'_>, forms: &mut Forms, q: &mut UiQueue) {
    centred_window(ctx, "load_game", 560.0, |ui| {
        ui.heading("Load game");
        ui.separator();
        if f.saves.is_empty() {
            ui.label(RichText::new("No saved games yet.").color(MUTED));
        }
        egui::ScrollArea::vertical()
            .max_height(260.0)
            .show(ui, |ui| {
                for path in f.saves {
                    let label = path
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    if ui
                        .button(&label)
                        .on_hover_text(path.display().to_string())
                        .clicked()
                    {
                        q.push(UiAction::LoadGame(path.clone()));
                    }
                }
            });
        ui.separator();
        ui.horizontal(|ui| {
            ui.label("File");
            ui.add(egui::TextEdit::singleline(&mut forms.load_path).desired_width(330.0))
                .on_hover_text("Path of a save file");
            if ui.button("Load").on_hover_text("Load this file").clicked()
                && !forms.load_path.is_empty()
            {
                q.push(UiAction::LoadGame(forms.load_path.clone().into()));
            }
        });
        if ui
            .button("Back")
            .on_hover_text("Return to the main menu (Esc)")
            .clicked()
        {
            q.push(UiAction::Show(Screen::MainMenu));
        }
    });
}

fn settings_screen(ctx: &egui::Context, settings: &mut Settings, q: &mut UiQueue) {
    centred_window(ctx, "settings", 420.0, |ui| {
        ui.heading("Settings");
        ui.separator();
        ui.checkbox(&mut settings.fit_window, "Scale with the window")
            .on_hover_text("Text and controls grow with the window, from 1280×720 up");
        ui.add_enabled(
            !settings.fit_window,
            egui::Slider::new(&mut settings.scale, 0.75..=2.0).text("Interface scale"),
        )
        .on_hover_text("Size of text and controls");
        ui.checkbox(&mut settings.fullscreen, "Full screen")
            .on_hover_text("Borderless full screen, or a window");
        ui.separator();
        if ui
            .button("Back")
            .on_hover_text("Return to the main menu (Esc)")
            .clicked()
        {
            q.push(UiAction::Show(Screen::MainMenu));
        }
    });
}

fn handover(ctx: &egui::Context, f: &Frame<'_>, q: &mut UiQueue) {
    let (Some(view), Some(me)) = (f.view, f.session.me()) else {
        return;
    };
    let setup = &view.setup();
    let leader = setup
        .power(me)
        .leaders
        .iter()
        .map(|l| setup.leader(*l))
        .find(|l| l.role == crate::rules::setup::Role::HeadOfGovernment)
        .map(|l| l.name.clone())
        .unwrap_or_else(|| setup.power(me).name.clone());
    centred_window(ctx, "handover", 460.0, |ui| {
        ui.vertical_centered(|ui| {
            ui.heading(format!("{} to play", text::power(setup, me)));
            ui.label(RichText::new(setup.calendar.date(view.day()).long()).color(MUTED));
            ui.add_space(8.0);
            ui.label("The previous player's screen is hidden. Hand the keyboard over.");
            ui.add_space(8.0);
            if ui
                .add_sized(
                    [280.0, 34.0],
                    egui::Button::new(format!("I am {leader}: take the seat")),
                )
                .on_hover_text("Show this power's map, inbox and log")
                .clicked()
            {
                q.push(UiAction::TakeSeat);
            }
        });
    });
}

fn playing(
    ctx: &egui::Context,
    root: &mut Ui,
    f: &Frame<'_>,
    camera: &mut Camera,
    forms: &mut Forms,
    q: &mut UiQueue,
) {
    let (Some(view), Some(m), Some(me)) = (f.view, f.m, f.session.me()) else {
        backdrop(root, f.map);
        return;
    };
    let setup = &view.setup();
    let s = f.session;
    // Shortcuts.
    ctx.input(|i| {
        if i.key_pressed(egui::Key::Escape) {
            forms.menu_open = !forms.menu_open;
        }
        if i.modifiers.command && i.key_pressed(egui::Key::S) {
            q.push(UiAction::SaveGame(None));
        }
    });
    if !ctx.egui_wants_keyboard_input() {
        ctx.input(|i| {
            if i.key_pressed(egui::Key::Enter) && !forms.menu_open {
                q.push(UiAction::EndTurn);
            }
            for (key, tab) in [
                (egui::Key::Num1, Tab::Map),
                (egui::Key::Num2, Tab::Diplomacy),
                (egui::Key::Num3, Tab::Inbox),
                (egui::Key::Num4, Tab::Log),
            ] {
                if i.key_pressed(key) {
                    q.push(UiAction::SetTab(tab));
                }
            }
        });
    }
    let inbox: Vec<_> = view.pending().filter(|p| p.to == me).collect();
    // Top bar: the power, the date, the tabs.
    egui::Panel::top("top")
        .frame(
            egui::Frame::new()
                .fill(theme::PANEL_DARK)
                .inner_margin(egui::Margin::symmetric(12, 6)),
        )
        .show(root, |ui| {
            ui.horizontal(|ui| {
                let name = text::power(setup, me);
                ui.label(
                    RichText::new(name.strip_prefix("the ").unwrap_or(name))
                        .size(20.0)
                        .strong()
                        .color(
                            theme::colour(setup.power(me).colour)
                                .lerp_to_gamma(Color32::WHITE, 0.35),
                        ),
                );
                ui.label(
                    RichText::new(format!(
                        "Score {:.0}",
                        crate::rules::score::scores(view)[me.index()]
                    ))
                    .color(GOLD),
                )
                .on_hover_text(
                    "Points of your objectives that hold now (Diplomacy tab lists them)",
                );
                ui.separator();
                let date = setup.calendar.date(view.day());
                ui.label(RichText::new(format!("Week of {}", date.long())).strong());
                ui.label(
                    RichText::new(format!("turn {} of {}", view.turn().min(m.turns), m.turns))
                        .color(MUTED),
                );
                if let Some(file) = &s.replay {
                    ui.label(RichText::new("REPLAY").strong().color(theme::WARN))
                        .on_hover_text(format!("Watching {file}: End turn steps to the next turn"));
                }
                ui.separator();
                for (tab, label, hint) in [
                    (
                        Tab::Map,
                        "Map".to_string(),
                        "Europe by sphere or by relation (1)",
                    ),
                    (
                        Tab::Diplomacy,
                        "Diplomacy".to_string(),
                        "Overview and the proposal composer (2)",
                    ),
                    (
                        Tab::Inbox,
                        format!("Inbox ({})", inbox.len()),
                        "Proposals and ultimatums awaiting your answer (3)",
                    ),
                    (Tab::Log, "Log".to_string(), "The dated event log (4)"),
                ] {
                    if ui
                        .selectable_label(s.tab == tab, RichText::new(label).size(15.5))
                        .on_hover_text(hint)
                        .clicked()
                    {
                        q.push(UiAction::SetTab(tab));
                    }
                }
            });
        });
    // Bottom bar: orders and End turn.
    egui::Panel::bottom("bottom")
        .frame(
            egui::Frame::new()
                .fill(theme::PANEL_DARK)
                .inner_margin(egui::Margin::symmetric(12, 6)),
        )
        .show(root, |ui| {
            ui.horizontal(|ui| {
                if ui
                    .button("Menu")
                    .on_hover_text("Save, load, settings, quit (Esc)")
                    .clicked()
                {
                    forms.menu_open = true;
                }
                if ui
                    .button("Save")
                    .on_hover_text("Quick-save to the saves folder (Ctrl+S)")
                    .clicked()
                {
                    q.push(UiAction::SaveGame(None));
                }
                ui.separator();
                ui.label(format!("{} order(s) this turn", s.orders.len()))
                    .on_hover_text("Orders are carried out when the turn ends");
                for (i, o) in s.orders.iter().enumerate().take(3) {
                    if ui
                        .small_button(format!("{} (cancel)", text::action(view, &o.action)))
                        .on_hover_text("Cancel this order")
                        .clicked()
                    {
                        q.push(UiAction::CancelOrder(i));
                    }
                }
                if let Some(status) = &s.status {
                    ui.label(RichText::new(status).color(theme::WARN));
                }
                ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                    let label = RichText::new("End turn (Enter)").size(16.0).strong();
                    if ui
                        .add(egui::Button::new(label).fill(Color32::from_rgb(0x6b, 0x55, 0x2a)))
                        .on_hover_text(
                            "Carry out your orders; every power answers and acts (Enter)",
                        )
                        .clicked()
                    {
                        q.push(UiAction::EndTurn);
                    }
                });
            });
        });
    match s.tab {
        Tab::Map => {
            egui::Panel::right("map_side")
                .default_size(330.0)
                .resizable(false)
                .show(root, |ui| {
                    map_side(ui, view, s, camera, q);
                });
            egui::CentralPanel::no_frame()
                .show(root, |ui| map::show(ui, f.map, view, s, camera, q));
        }
        Tab::Diplomacy => {
            egui::Panel::left("overview")
                .default_size(420.0)
                .resizable(false)
                .show(root, |ui| {
                    egui::ScrollArea::vertical()
                        .id_salt("overview_scroll")
                        .show(ui, |ui| overview(ui, view, me, q));
                });
            egui::CentralPanel::default().show(root, |ui| {
                egui::ScrollArea::vertical()
                    .id_salt("composer_scroll")
                    .show(ui, |ui| composer(ui, view, m, me, &s.composer, q));
            });
        }
        Tab::Inbox => {
            egui::Panel::right("conferences")
                .default_size(420.0)
                .resizable(false)
                .show(root, |ui| {
                    egui::ScrollArea::vertical()
                        .id_salt("conference_scroll")
                        .show(ui, |ui| conferences(ui, view, f.log, me));
                });
            egui::CentralPanel::default().show(root, |ui| inbox_tab(ui, view, m, me, s, q));
        }
        Tab::Log => {
            egui::CentralPanel::default().show(root, |ui| log_tab(ui, view, f.log, forms));
        }
    }
    if let Some(summary) = &s.summary
        && !forms.menu_open
    {
        turn_summary(ctx, view, me, summary, q);
    }
    if forms.menu_open {
        centred_window(ctx, "ingame_menu", 300.0, |ui| {
            ui.vertical_centered(|ui| {
                ui.heading("Paused");
                if menu_button(ui, "Resume", "Back to the game (Esc)") {
                    forms.menu_open = false;
                }
                if menu_button(ui, "Save", "Quick-save to the saves folder (Ctrl+S)") {
                    q.push(UiAction::SaveGame(None));
                }
                if menu_button(ui, "Load game", "Continue a saved match") {
                    forms.menu_open = false;
                    q.push(UiAction::Show(Screen::LoadGame));
                }
                if menu_button(
                    ui,
                    "Main menu",
                    "Leave this match (it is autosaved every turn)",
                ) {
                    forms.menu_open = false;
                    q.push(UiAction::Show(Screen::MainMenu));
                }
                if menu_button(ui, "Quit", "Leave the game") {
                    q.push(UiAction::Quit);
                }
            });
        });
    }
}

/// What happened in the turn that just ended, most important first.
fn turn_summary(
    ctx: &egui::Context,
    view: &dyn View,
    me: PowerId,
    summary: &super::session::TurnSummary,
    q: &mut UiQueue,
) {
    let setup = &view.setup();
    egui::Window::new(format!("Turn {} — what happened", summary.turn))
        .collapsible(false)
        .resizable(false)
        .default_width(620.0)
        .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
        .show(ctx, |ui| {
            let ours: Vec<_> = summary
                .events
                .iter()
                .filter(|e| e.from == Some(me) || e.to == Some(me))
                .collect();
            let others: Vec<_> = summary
                .events
                .iter()
                .filter(|e| e.from != Some(me) && e.to != Some(me) && e.kind != EventKind::Scripted)
                .collect();
            egui::ScrollArea::vertical()
                .max_height(360.0)
                .show(ui, |ui| {
                    if summary.events.is_empty() {
                        ui.label(RichText::new("A quiet week.").color(MUTED));
                    }
                    for e in summary
                        .events
                        .iter()
                        .filter(|e| e.kind == EventKind::Scripted)
                    {
                        ui.label(RichText::new(&e.summary).italics());
                    }
                    if !ours.is_empty() {
                        ui.label(RichText::new("Concerning us").strong().color(GOLD));
                        for e in ours {
                            ui.horizontal_wrapped(|ui| {
                                ui.label(
                                    RichText::new(setup.calendar.date(e.day).to_string())
                                        .monospace()
                                        .color(MUTED),
                                );
                                ui.label(
                                    RichText::new(&e.summary)
                                        .color(kind_colour(e.kind).lerp_to_gamma(PARCHMENT, 0.4)),
                                );
                            });
                        }
                    }
                    if !others.is_empty() {
                        ui.label(RichText::new("Elsewhere").strong().color(GOLD));
                        for e in others {
                            ui.horizontal_wrapped(|ui| {
                                ui.label(
                                    RichText::new(setup.calendar.date(e.day).to_string())
                                        .monospace()
                                        .color(MUTED),
                                );
                                ui.label(&e.summary);
                            });
                        }
                    }
                });
            ui.separator();
            if ui
                .button("Continue")
                .on_hover_text("Close the summary (the log keeps everything)")
                .clicked()
            {
                q.push(UiAction::DismissSummary);
            }
        });
}

fn map_side(ui: &mut Ui, view: &dyn View, s: &Session, camera: &mut Camera, q: &mut UiQueue) {
    let setup = &view.setup();
    ui.add_space(6.0);
    if let Some(target) = s.composer.target {
        ui.checkbox(
            &mut camera.picking,
            format!(
                "Pick states for a protocol with {}",
                text::power(setup, target)
            ),
        )
        .on_hover_text(
            "Click a state: into our sphere; shift-click: into theirs; click again to take it out",
        );
        if camera.picking {
            let protocol = s
                .composer
                .clauses
                .iter()
                .find(|c| matches!(c, crate::rules::Clause::TerritorialProtocol(_)));
            ui.label(
                RichText::new(protocol.map_or_else(
                    || "No state picked yet.".to_string(),
                    |c| text::clause(view, c),
                ))
                .color(GOLD),
            );
        }
        ui.separator();
    }
    ui.horizontal(|ui| {
        ui.label("Colour by");
        ui.selectable_value(&mut camera.colouring, Colouring::Spheres, "spheres")
            .on_hover_text("Each state in the colour of the power whose sphere it is in");
        ui.selectable_value(&mut camera.colouring, Colouring::Relations, "relations")
            .on_hover_text("Green: treaty; grey: normal; orange: strained; red: severed or war");
    });
    if ui
        .button("Reset view")
        .on_hover_text("Fit Europe to the window")
        .clicked()
    {
        camera.fitted = false;
    }
    ui.separator();
    let Some(id) = s.selected.as_deref() else {
        ui.label(
            RichText::new("Click a state to see who holds it; drag to pan, scroll to zoom.")
                .color(MUTED),
        );
        legend(ui, view);
        return;
    };
    map::tooltip(ui, view, s.me(), id, id);
    ui.separator();
    let me = s.me();
    if let (Some(me), Some(state)) = (me, setup.state_id(id))
        && let Some(target) = s.composer.target
    {
        ui.label(RichText::new("Territorial protocol in the composer:").strong());
        ui.horizontal(|ui| {
            if ui
                .button(format!("{} → our sphere", setup.state(state).name))
                .on_hover_text("Add this state to the protocol, assigned to us")
                .clicked()
            {
                q.push(UiAction::AssignState(state, me));
            }
            if ui
                .button(format!("→ {}", text::power(setup, target)))
                .on_hover_text("Add this state to the protocol, assigned to the other party")
                .clicked()
            {
                q.push(UiAction::AssignState(state, target));
            }
        });
    }
    if let Some(p) = setup.power_id(id)
        && Some(p) != me
        && ui
            .button(format!("Compose a proposal to {}", text::power(setup, p)))
            .on_hover_text("Open the composer addressed to this power")
            .clicked()
    {
        q.push(UiAction::ComposeFor(p));
    }
    if let (Some(me), Some(state)) = (me, setup.state_id(id))
        && view.controller(state) != me
    {
        let invade = Action::Invade { state };
        let legal = action::check(view, me, &invade);
        if ui
            .add_enabled(
                legal.is_ok(),
                egui::Button::new(format!("Invade {}", setup.state(state).name)),
            )
            .on_hover_text(
                "Declare war on its ruler and march in; treaty partners may join either side",
            )
            .on_disabled_hover_text(legal.err().map(|e| e.to_string()).unwrap_or_default())
            .clicked()
        {
            q.push(UiAction::Order(invade));
        }
    }
}

fn legend(ui: &mut Ui, view: &dyn View) {
    ui.add_space(6.0);
    ui.label(RichText::new("Spheres").strong());
    for p in view.setup().great_powers() {
        ui.horizontal(|ui| {
            let (rect, _) = ui.allocate_exact_size(egui::vec2(14.0, 14.0), egui::Sense::hover());
            ui.painter()
                .rect_filled(rect, 2.0, theme::colour(view.setup().power(p).colour));
            let n = view.sphere_of(p).count();
            ui.label(format!(
                "{} ({} satellite{})",
                text::power(view.setup(), p),
                n,
                if n == 1 { "" } else { "s" }
            ));
        });
    }
}

fn overview(ui: &mut Ui, view: &dyn View, me: PowerId, q: &mut UiQueue) {
    let setup = &view.setup();
    ui.heading("Our position");
    ui.label(RichText::new("Leaders").strong());
    for l in &setup.power(me).leaders {
        let d = setup.leader(*l);
        ui.label(format!("{} — {}", d.name, d.role.describe()))
            .on_hover_text(format!("Pride {:.0}%", d.pride * 100.0));
    }
    ui.add_space(4.0);
    ui.label(RichText::new("Objectives").strong());
    for o in setup.objectives.iter().filter(|o| o.power == me) {
        let holds = o.condition.holds(view);
        let mark = if holds { "✔" } else { "✖" };
        ui.label(
            RichText::new(format!("{mark} {} ({:+.0})", o.description, o.points)).color(if holds {
                theme::GOOD
            } else {
                MUTED
            }),
        );
    }
    ui.add_space(4.0);
    ui.label(RichText::new("Powers").strong()).on_hover_text(
        "How each power stands toward us: relation, opinion (with its remembered acts) and trust",
    );
    for p in setup.great_powers().filter(|p| *p != me) {
        let opinion = view.opinion(p, me);
        let header = format!(
            "{} — {} · opinion {:+.1} · trust {:.0}%",
            text::power(setup, p),
            view.relation(me, p).name(),
            opinion,
            view.trust(p, me) * 100.0
        );
        egui::CollapsingHeader::new(
            RichText::new(header).color(theme::signed(opinion).lerp_to_gamma(PARCHMENT, 0.5)),
        )
        .id_salt(("power", p.0))
        .show(ui, |ui| {
            let memory = view.memory_of(p, me);
            let mut any = false;
            for kind in MemoryKind::ALL {
                let v = memory.get(kind);
                if v != 0.0 {
                    any = true;
                    ui.label(
                        RichText::new(format!("{v:+6.1}  {}", kind.describe()))
                            .color(theme::signed(v)),
                    );
                }
            }
            if !any {
                ui.label(RichText::new("No remembered acts").color(MUTED));
            }
            ui.horizontal(|ui| {
                if ui
                    .button("Compose")
                    .on_hover_text("Open the composer addressed to this power")
                    .clicked()
                {
                    q.push(UiAction::ComposeFor(p));
                }
                let actions = [
                    (
                        Action::RecallAmbassador { from: p },
                        "Recall ambassador",
                        "Recall our ambassador: relations become strained",
                    ),
                    (
                        Action::SeverRelations { with: p },
                        "Sever",
                        "Break off relations: treaties with them lapse",
                    ),
                    (
                        Action::RestoreRelations { with: p },
                        "Restore",
                        "Restore severed relations",
                    ),
                    (
                        Action::EndTalks { with: p },
                        "End talks",
                        "Refuse all further proposals from them",
                    ),
                    (
                        Action::DeclareWar { on: p },
                        "Declare war",
                        "War: their allies and guarantors may join them",
                    ),
                ];
                for (a, label, hint) in actions {
                    let legal = action::check(view, me, &a);
                    if legal.is_ok() && ui.small_button(label).on_hover_text(hint).clicked() {
                        q.push(UiAction::Order(a));
                    }
                }
            });
        });
    }
    ui.add_space(4.0);
    ui.label(RichText::new("Treaties in force").strong());
    for t in view.treaties().filter(|t| t.binds(me)) {
        ui.horizontal(|ui| {
            ui.label(&t.name)
                .on_hover_text(text::clauses(view, &t.clauses));
            if ui
                .small_button("Denounce")
                .on_hover_text("Break this treaty: every power will trust us less")
                .clicked()
            {
                q.push(UiAction::Order(Action::Denounce { treaty: t.id }));
            }
        });
    }
}

/// The clause menu of the composer: every kind of clause, each with the
/// clauses of that kind the two powers could agree now.
fn clause_menu(ui: &mut Ui, view: &dyn View, me: PowerId, target: PowerId, q: &mut UiQueue) {
    ui.menu_button("Add clause...", |ui| {
        for kind in ClauseKind::ALL.iter().copied() {
            let choices = action::choices(view, me, target, kind);
            let add = |q: &mut UiQueue, c: Clause| match c {
                // A protocol grows by one state at a time, as on the map.
                Clause::TerritorialProtocol(list) => {
                    for (s, p) in list {
                        q.push(UiAction::AssignState(s, p));
                    }
                }
                c => q.push(UiAction::AddClause(c)),
            };
            match choices.as_slice() {
                [] => {
                    ui.add_enabled(false, egui::Button::new(text::kind_title(kind)))
                        .on_disabled_hover_text(format!(
                            "{}: none possible between these powers now",
                            text::kind_description(kind)
                        ));
                }
                [one] => {
                    if ui
                        .button(text::kind_title(kind))
                        .on_hover_text(text::kind_description(kind))
                        .clicked()
                    {
                        add(q, one.clone());
                        ui.close();
                    }
                }
                many => {
                    ui.menu_button(text::kind_title(kind), |ui| {
                        if kind == ClauseKind::TerritorialProtocol {
                            ui.label(RichText::new("Or click states on the map").color(MUTED));
                        }
                        egui::ScrollArea::vertical()
                            .max_height(360.0)
                            .show(ui, |ui| {
                                for c in many {
                                    if ui.button(text::clause(view, c)).clicked() {
                                        add(q, c.clone());
                                        ui.close();
                                    }
                                }
                            });
                    })
                    .response
                    .on_hover_text(text::kind_description(kind));
                }
            }
        }
    })
    .response
    .on_hover_text("Add an article to the document");
}

/// The temper the model uses for a power: its AI profile or, for a human,
/// the scenario default.
fn temper(m: &Match, p: PowerId) -> &crate::rules::setup::Profile {
    let i = match m.controls.get(p.index()) {
        Some(Control::Ai(i)) => *i,
        Some(Control::Human | Control::Bot(_)) | None => m.setup.power(p).default_profile,
    };
    &m.setup.profiles[i]
}

fn composer(ui: &mut Ui, view: &dyn View, m: &Match, me: PowerId, c: &Composer, q: &mut UiQueue) {
    let setup = &view.setup();
    ui.heading(if c.counter_to.is_some() {
        "Counter-proposal"
    } else {
        "Proposal composer"
    });
    ui.horizontal(|ui| {
        ui.label("To");
        let current = c
            .target
            .map(|p| text::power(setup, p).to_string())
            .unwrap_or_else(|| "choose a power".into());
        egui::ComboBox::from_id_salt("target")
            .selected_text(current)
            .show_ui(ui, |ui| {
                for p in setup.power_ids().filter(|p| *p != me) {
                    if ui
                        .selectable_label(c.target == Some(p), text::power(setup, p))
                        .clicked()
                    {
                        q.push(UiAction::ComposeFor(p));
                    }
                }
            })
            .response
            .on_hover_text("The power that receives the document");
    });
    let Some(target) = c.target else {
        ui.label(RichText::new("Choose a power to address, then add clauses.").color(MUTED));
        return;
    };
    ui.separator();
    for (i, clause) in c.clauses.iter().enumerate() {
        ui.horizontal(|ui| {
            if ui
                .small_button("Remove")
                .on_hover_text("Remove this clause")
                .clicked()
            {
                q.push(UiAction::RemoveClause(i));
            }
            ui.label(format!("{}. {}", i + 1, text::clause(view, clause)));
        });
    }
    if c.clauses.is_empty() {
        ui.label(RichText::new("No clauses yet.").color(MUTED));
    }
    ui.horizontal(|ui| {
        clause_menu(ui, view, me, target, q);
        if ui
            .button("Clear")
            .on_hover_text("Remove every clause")
            .clicked()
        {
            q.push(UiAction::ClearComposer);
        }
    });
    ui.separator();
    if c.counter_to.is_none() {
        ui.horizontal(|ui| {
            let mut days = c.deadline_days;
            if ui
                .add(
                    egui::Slider::new(&mut days, 1..=action::MAX_DEADLINE_DAYS)
                        .text("days to answer"),
                )
                .on_hover_text("The deadline; the receiver concedes as it nears")
                .changed()
            {
                q.push(UiAction::SetDeadline(days));
            }
        });
        ui.horizontal(|ui| {
            let mut ultimatum = c.ultimatum.is_some();
            if ui
                .checkbox(&mut ultimatum, "Ultimatum")
                .on_hover_text("Demands with a threat: a proud leader may take it as an insult")
                .changed()
            {
                q.push(UiAction::SetUltimatum(
                    ultimatum.then_some(Consequence::SeverRelations),
                ));
            }
            if let Some(cons) = c.ultimatum {
                egui::ComboBox::from_id_salt("consequence")
                    .selected_text(cons.describe())
                    .show_ui(ui, |ui| {
                        for k in [
                            Consequence::SeverRelations,
                            Consequence::EndTalks,
                            Consequence::DeclareWar,
                        ] {
                            if ui.selectable_label(cons == k, k.describe()).clicked() {
                                q.push(UiAction::SetUltimatum(Some(k)));
                            }
                        }
                    })
                    .response
                    .on_hover_text("What happens if the demands are not met by the deadline");
            }
        });
    }
    let legal = c.action().map(|a| action::check(view, me, &a));
    ui.add_space(4.0);
    let enabled = matches!(legal, Some(Ok(())));
    let why = match &legal {
        Some(Err(e)) => e.to_string(),
        None => "choose a power".into(),
        _ => String::new(),
    };
    ui.horizontal(|ui| {
        if ui
            .add_enabled(enabled, egui::Button::new(RichText::new("Send").strong()))
            .on_hover_text("Queue this document; it is delivered when the turn ends")
            .on_disabled_hover_text(why.clone())
            .clicked()
        {
            q.push(UiAction::SendComposed);
        }
        if c.counter_to.is_none() && c.ultimatum.is_none() {
            let summit = Action::Summit { with: target, rounds: 2, clauses: c.clauses.clone() };
            let legal = action::check(view, me, &summit);
            if ui
                .add_enabled(legal.is_ok(), egui::Button::new("Hold a summit"))
                .on_hover_text("A two-round conference this turn: each side may counter in turn; an agreement is signed on the spot")
                .on_disabled_hover_text(legal.err().map(|e| e.to_string()).unwrap_or_default())
                .clicked()
            {
                q.push(UiAction::Order(summit));
                q.push(UiAction::ClearComposer);
            }
        }
    });
    if !enabled && !why.is_empty() && !c.clauses.is_empty() {
        ui.label(RichText::new(why).color(theme::WARN));
    }

    // The live acceptance preview: the model the AI itself will use.
    ui.separator();
    ui.label(RichText::new("Acceptance preview").strong())
        .on_hover_text("How the receiver's own model judges this document now");
    if !c.clauses.is_empty() {
        let kind = c
            .ultimatum
            .map_or(OfferKind::Proposal, OfferKind::Ultimatum);
        let offer = Offer {
            id: None,
            from: me,
            to: target,
            clauses: &c.clauses,
            kind,
            sent_day: view.day(),
            deadline_day: view.day() + c.deadline_days,
        };
        let a = evaluate(view, &offer, temper(m, target));
        breakdown(ui, view, target, me, &a);
    }
}

/// A probability bar and the itemised breakdown.
fn breakdown(ui: &mut Ui, view: &dyn View, receiver: PowerId, sender: PowerId, a: &Assessment) {
    let p = a.probability;
    // Darker fills than the text colours, so the parchment label reads on both.
    let colour = if p >= 0.6 {
        Color32::from_rgb(0x3f, 0x7a, 0x3a)
    } else if p >= 0.35 {
        Color32::from_rgb(0x9a, 0x6a, 0x1e)
    } else {
        Color32::from_rgb(0x8e, 0x2e, 0x26)
    };
    ui.add(
        egui::ProgressBar::new(p)
            .desired_width(ui.available_width().min(520.0))
            .fill(colour)
            .text(
                RichText::new(format!(
                    "{:.0}% likely to accept · margin {:+.1}",
                    p * 100.0,
                    a.margin
                ))
                .color(PARCHMENT),
            ),
    )
    .on_hover_text("P(accept) = logistic(margin / temperature)");
    if a.insult_chance > 0.01 {
        ui.label(
            RichText::new(format!(
                "{:.0}% chance it is taken as an insult and talks end",
                a.insult_chance * 100.0
            ))
            .color(theme::BAD),
        );
    }
    if let Some(l) = a.vetoed_by {
        ui.label(
            RichText::new(format!("Vetoed by {}", view.setup().leader(l).name))
                .color(theme::BAD)
                .strong(),
        );
    }
    egui::Grid::new(("breakdown", receiver.0, sender.0))
        .num_columns(2)
        .striped(true)
        .show(ui, |ui| {
            for line in &a.lines {
                ui.label(
                    RichText::new(format!("{:+6.1}", line.value))
                        .monospace()
                        .color(theme::signed(line.value)),
                );
                ui.label(text::line(view, receiver, sender, line));
                ui.end_row();
            }
            ui.label(
                RichText::new(format!("{:+6.1}", a.margin))
                    .monospace()
                    .strong(),
            );
            ui.label(RichText::new("margin").strong());
            ui.end_row();
        });
    let objectors = a.objectors();
    if !objectors.is_empty() {
        let names: Vec<&str> = objectors
            .iter()
            .map(|l| view.setup().leader(*l).name.as_str())
            .collect();
        ui.label(RichText::new(format!("Objections from {}", names.join(", "))).color(theme::WARN));
    }
}

fn inbox_tab(ui: &mut Ui, view: &dyn View, m: &Match, me: PowerId, s: &Session, q: &mut UiQueue) {
    let setup = &view.setup();
    ui.heading("Inbox");
    let inbox: Vec<_> = view.pending().filter(|p| p.to == me).collect();
    if inbox.is_empty() {
        ui.label(RichText::new("Nothing awaits your answer.").color(MUTED));
    }
    egui::ScrollArea::vertical()
        .id_salt("inbox_scroll")
        .show(ui, |ui| {
            for offer in inbox {
                let answered = s.orders.iter().find_map(|o| {
                    if let Action::Answer { proposal, answer } = &o.action
                        && *proposal == offer.id
                    {
                        Some(answer.clone())
                    } else {
                        None
                    }
                });
                egui::Frame::group(ui.style()).show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    let what = match offer.ultimatum {
                        Some(c) => format!(
                            "Ultimatum #{} from {} — or {}",
                            offer.id.0,
                            text::power(setup, offer.from),
                            c.describe()
                        ),
                        None => format!(
                            "Proposal #{} from {}",
                            offer.id.0,
                            text::power(setup, offer.from)
                        ),
                    };
                    ui.label(
                        RichText::new(what)
                            .strong()
                            .color(if offer.ultimatum.is_some() {
                                theme::BAD
                            } else {
                                GOLD
                            }),
                    );
                    ui.label(
                        RichText::new(format!(
                            "Sent {}, answer by {}",
                            setup.calendar.date(offer.sent_day).long(),
                            setup.calendar.date(offer.deadline_day).long()
                        ))
                        .color(MUTED),
                    );
                    for (i, c) in offer.clauses.iter().enumerate() {
                        ui.label(format!("{}. {}", i + 1, text::clause(view, c)));
                    }
                    let a = crate::ai::assess(view, offer, temper(m, me));
                    egui::CollapsingHeader::new("Our assessment")
                        .id_salt(("assessment", offer.id.0))
                        .default_open(true)
                        .show(ui, |ui| breakdown(ui, view, me, offer.from, &a));
                    ui.horizontal(|ui| {
                        if let Some(ans) = &answered {
                            let word = match ans {
                                Answer::Accept => "accept",
                                Answer::Reject => "reject",
                                Answer::Counter(_) => "counter",
                            };
                            ui.label(
                                RichText::new(format!(
                                    "Your order: {word} (cancel it in the bottom bar)"
                                ))
                                .color(MUTED),
                            );
                            return;
                        }
                        if ui
                            .button("Accept")
                            .on_hover_text("Sign it: it takes force when the turn ends")
                            .clicked()
                        {
                            q.push(UiAction::Order(Action::Answer {
                                proposal: offer.id,
                                answer: Answer::Accept,
                            }));
                        }
                        if ui
                            .button("Reject")
                            .on_hover_text("Refuse it (they will remember)")
                            .clicked()
                        {
                            q.push(UiAction::Order(Action::Answer {
                                proposal: offer.id,
                                answer: Answer::Reject,
                            }));
                        }
                        if offer.ultimatum.is_none()
                            && ui
                                .button("Counter…")
                                .on_hover_text("Edit the clauses and send them back")
                                .clicked()
                        {
                            q.push(UiAction::CounterTo(offer.id));
                        }
                        ui.label(
                            RichText::new("or leave it unanswered until the deadline").color(MUTED),
                        );
                    });
                });
                ui.add_space(6.0);
            }
            let sent: Vec<_> = view.pending().filter(|p| p.from == me).collect();
            if !sent.is_empty() {
                ui.add_space(8.0);
                ui.label(RichText::new("Awaiting their answer").strong());
                for p in sent {
                    ui.label(format!(
                        "#{} to {}: {} (by {})",
                        p.id.0,
                        text::power(setup, p.to),
                        text::clauses(view, &p.clauses),
                        setup.calendar.date(p.deadline_day).long()
                    ));
                }
            }
        });
}

/// The conference view: every summit we took part in, round by round
/// (the documents traded and how the conference ended).
fn conferences(ui: &mut Ui, view: &dyn View, log: Option<&MatchLog>, me: PowerId) {
    let setup = &view.setup();
    ui.heading("Conferences");
    let Some(log) = log else { return };
    let ours: Vec<&crate::rules::event::Event> = log
        .0
        .iter()
        .filter(|e| e.kind == EventKind::Conference && (e.from == Some(me) || e.to == Some(me)))
        .collect();
    if ours.is_empty() {
        ui.label(RichText::new("No summit yet. Hold one from the composer: a conference of two rounds in which each side may counter, signed on the spot if it succeeds.").color(MUTED));
        return;
    }
    for c in ours {
        let (a, b) = (c.from, c.to);
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(RichText::new(setup.calendar.date(c.day).long()).color(MUTED));
            ui.label(RichText::new(&c.summary).strong().color(GOLD));
            let rounds = log.0.iter().filter(|e| {
                e.day == c.day
                    && e.turn == c.turn
                    && ((e.from == a && e.to == b) || (e.from == b && e.to == a))
                    && matches!(
                        e.kind,
                        EventKind::ProposalSent
                            | EventKind::ProposalCountered
                            | EventKind::ProposalAccepted
                            | EventKind::TreatySigned
                    )
            });
            for (i, e) in rounds.enumerate() {
                ui.label(
                    RichText::new(format!("{}. {}", i + 1, e.summary))
                        .color(kind_colour(e.kind).lerp_to_gamma(PARCHMENT, 0.5)),
                );
            }
        });
        ui.add_space(4.0);
    }
}

fn kind_colour(kind: EventKind) -> Color32 {
    use EventKind::*;
    match kind {
        TreatySigned | ProposalAccepted | UltimatumAccepted | RelationsRestored
        | ObligationHonoured => theme::GOOD,
        WarDeclared | Invasion | RelationsSevered | TalksEnded | TreatyBroken | UltimatumSent => {
            theme::BAD
        }
        ProposalRejected | UltimatumRejected | ProposalExpired | UltimatumExpired
        | RelationsStrained | AmbassadorRecalled => theme::WARN,
        Scripted | Conference | ProposalSent | ProposalCountered | TreatyRevised
        | SphereChanged | InvasionFailed | ActionRefused | PlanWithdrawn => MUTED,
    }
}

fn log_tab(ui: &mut Ui, view: &dyn View, log: Option<&MatchLog>, forms: &mut Forms) {
    let setup = &view.setup();
    ui.horizontal(|ui| {
        ui.heading("Event log");
        ui.separator();
        let power = forms
            .log_power
            .map(|p| text::power(setup, p).to_string())
            .unwrap_or_else(|| "all powers".into());
        egui::ComboBox::from_id_salt("log_power")
            .selected_text(power)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut forms.log_power, None, "all powers");
                for p in setup.power_ids() {
                    ui.selectable_value(&mut forms.log_power, Some(p), text::power(setup, p));
                }
            })
            .response
            .on_hover_text("Only events involving this power");
        let kind = forms
            .log_kind
            .map(|k| k.name().to_string())
            .unwrap_or_else(|| "all kinds".into());
        egui::ComboBox::from_id_salt("log_kind")
            .selected_text(kind)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut forms.log_kind, None, "all kinds");
                for k in EventKind::ALL {
                    ui.selectable_value(&mut forms.log_kind, Some(k), k.name());
                }
            })
            .response
            .on_hover_text("Only events of this kind");
    });
    ui.separator();
    let Some(log) = log else { return };
    egui::ScrollArea::vertical()
        .id_salt("log_scroll")
        .stick_to_bottom(true)
        .show(ui, |ui| {
            egui::Grid::new("log_grid")
                .num_columns(3)
                .striped(true)
                .spacing([12.0, 4.0])
                .show(ui, |ui| {
                    for e in log.0.iter().filter(|e| {
                        forms
                            .log_power
                            .is_none_or(|p| e.from == Some(p) || e.to == Some(p))
                            && forms.log_kind.is_none_or(|k| e.kind == k)
                    }) {
                        ui.label(
                            RichText::new(setup.calendar.date(e.day).to_string())
                                .monospace()
                                .color(MUTED),
                        );
                        ui.label(RichText::new(e.kind.name()).color(kind_colour(e.kind)));
                        ui.add(egui::Label::new(&e.summary).wrap());
                        ui.end_row();
                    }
                });
        });
}

fn game_over(root: &mut Ui, f: &Frame<'_>, q: &mut UiQueue) {
    let (Some(view), Some(m)) = (f.view, f.m) else {
        backdrop(root, f.map);
        return;
    };
    let setup = &view.setup();
    let scores = crate::rules::score::scores(view);
    let outcome = crate::rules::score::outcome(view);
    let description = setup
        .outcomes
        .iter()
        .find(|o| o.label == outcome)
        .map(|o| o.description.clone())
        .unwrap_or_default();
    egui::Panel::bottom("go_bottom")
        .frame(
            egui::Frame::new()
                .fill(theme::PANEL_DARK)
                .inner_margin(egui::Margin::symmetric(12, 8)),
        )
        .show(root, |ui| {
            ui.horizontal(|ui| {
                if ui
                    .button("Main menu")
                    .on_hover_text("Return to the main menu")
                    .clicked()
                {
                    q.push(UiAction::Show(Screen::MainMenu));
                }
                if ui
                    .button("New game")
                    .on_hover_text("Start another match")
                    .clicked()
                {
                    q.push(UiAction::Show(Screen::NewGame));
                }
            });
        });
    egui::CentralPanel::default().show(root, |ui| {
        ui.vertical_centered(|ui| {
            title(ui, "The summer is over");
            ui.label(
                RichText::new(format!("{} — {}", outcome.replace('_', " "), description))
                    .size(18.0)
                    .color(PARCHMENT),
            );
        });
        ui.add_space(8.0);
        // Plain top-down columns: a justified layout would stretch the
        // words of every wrapped line.
        let plain = egui::Layout::top_down(egui::Align::Min);
        ui.columns(3, |cols| {
            let [standing, this_match, history] = cols else {
                return;
            };
            standing.with_layout(plain, |ui| {
                ui.label(RichText::new("Final standing").strong().color(GOLD));
                let mut ranked: Vec<PowerId> = setup.great_powers().collect();
                ranked.sort_by(|a, b| {
                    scores[b.index()]
                        .total_cmp(&scores[a.index()])
                        .then(a.cmp(b))
                });
                for (i, p) in ranked.iter().enumerate() {
                    let human = m.controls.get(p.index()) == Some(&Control::Human);
                    let who = if human { " (you)" } else { "" };
                    ui.add_space(4.0);
                    ui.label(
                        RichText::new(format!(
                            "{}. {}{who} — {:.0}",
                            i + 1,
                            text::power(setup, *p),
                            scores[p.index()]
                        ))
                        .size(16.0),
                    );
                    for o in setup.objectives.iter().filter(|o| o.power == *p) {
                        let holds = o.condition.holds(view);
                        ui.label(
                            RichText::new(format!(
                                "   {} {} ({:+.0})",
                                if holds { "✔" } else { "✖" },
                                o.description,
                                o.points
                            ))
                            .color(if holds {
                                theme::GOOD
                            } else {
                                MUTED
                            }),
                        );
                    }
                }
            });
            let key = |k: EventKind| {
                matches!(
                    k,
                    EventKind::Conference
                        | EventKind::TreatySigned
                        | EventKind::TalksEnded
                        | EventKind::RelationsSevered
                        | EventKind::WarDeclared
                        | EventKind::Invasion
                        | EventKind::UltimatumSent
                        | EventKind::SphereChanged
                        | EventKind::TreatyBroken
                )
            };
            this_match.with_layout(plain, |ui| {
                ui.label(RichText::new("This match").strong().color(GOLD));
                let Some(log) = f.log else {
                    return;
                };
                egui::ScrollArea::vertical()
                    .id_salt("go_match")
                    .auto_shrink([false, false])
                    .show(ui, |ui| {
                        for e in log.0.iter().filter(|e| key(e.kind)) {
                            dated(ui, &setup.calendar.date(e.day).long(), &e.summary);
                        }
                    });
            });
            history.with_layout(plain, |ui| {
                ui.label(RichText::new("History").strong().color(GOLD));
                egui::ScrollArea::vertical()
                    .id_salt("go_history")
                    .auto_shrink([false, false])
                    .show(ui, |ui| {
                        for t in &setup.timeline {
                            dated(ui, &t.date.long(), &t.text);
                        }
                    });
            });
        });
    });
}

/// A dated entry of a timeline: the date small above the text.
fn dated(ui: &mut Ui, date: &str, text: &str) {
    ui.add_space(2.0);
    ui.label(RichText::new(date).small().color(MUTED));
    ui.label(text);
}
