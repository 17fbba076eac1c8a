//! The menus: main menu, new game, load, settings, and the hotseat hand-over.

use super::*;

pub(super) fn backdrop(ui: &mut Ui, map: &MapGeometry) {
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

pub(super) fn menu_button(ui: &mut Ui, label: &str, hint: &str) -> bool {
    ui.add_sized(
        [260.0, 34.0],
        egui::Button::new(RichText::new(label).size(17.0)),
    )
    .on_hover_text(hint)
    .clicked()
}

pub(super) fn main_menu(ctx: &egui::Context, f: &Frame<'_>, q: &mut UiQueue) {
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

pub(super) fn new_game(ctx: &egui::Context, f: &Frame<'_>, forms: &mut Forms, q: &mut UiQueue) {
    let scenarios = f.scenarios;
    let choice = forms.scenario_choice.min(scenarios.len().saturating_sub(1));
    let Some(offered) = scenarios.get(choice) else {
        return;
    };
    let (name, text) = (&offered.name, &offered.text);
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
                    .selected_text(offered.title())
                    .show_ui(ui, |ui| {
                        for (i, o) in scenarios.iter().enumerate() {
                            ui.selectable_value(&mut forms.scenario_choice, i, o.title())
                                .on_hover_text(&o.name);
                        }
                    })
                    .response
                    .on_hover_text(format!(
                        "{name}. The built-in scenarios, your own in the data folder's \
                         scenarios/ ({}), and mods in its mods/",
                        crate::sim::save::data_dir().display()
                    ));
                ui.end_row();
                if let Some(about) = &offered.about {
                    ui.label("");
                    ui.label(RichText::new(about).color(MUTED));
                    ui.end_row();
                }
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
        match &offered.loaded {
            Err(report) => {
                ui.label(RichText::new(report).color(theme::BAD));
            }
            Ok(setup) => {
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
                    forms.levels = vec![crate::ai::Level::Normal; setup.power_count()];
                }
                ui.label(RichText::new(&setup.description).color(MUTED));
                ui.add_space(4.0);
                egui::Grid::new("powers_grid").num_columns(4).striped(true).spacing([16.0, 6.0]).show(ui, |ui| {
                    ui.label(RichText::new("Power").strong());
                    ui.label(RichText::new("Human").strong());
                    ui.label(RichText::new("AI profile").strong());
                    ui.label(RichText::new("Level").strong());
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
                                .on_hover_text(
                                    setup
                                        .profiles
                                        .iter()
                                        .find(|prof| prof.id == forms.profiles[i])
                                        .map_or_else(
                                            || "How this power's AI decides".to_string(),
                                            |prof| format!("{}: {}", prof.id, prof.description),
                                        ),
                                );
                        });
                        ui.add_enabled_ui(!forms.humans[i], |ui| {
                            egui::ComboBox::from_id_salt(("level", i))
                                .selected_text(forms.levels[i].to_string())
                                .show_ui(ui, |ui| {
                                    for level in <crate::ai::Level as strum::VariantArray>::VARIANTS {
                                        ui.selectable_value(&mut forms.levels[i], *level, level.to_string())
                                            .on_hover_text(level.description());
                                    }
                                })
                                .response
                                .on_hover_text(format!(
                                    "How well this AI plays its profile — {}: {}",
                                    forms.levels[i],
                                    forms.levels[i].description()
                                ));
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
                                .zip(forms.profiles.iter().zip(&forms.levels))
                                .map(|(p, (prof, level))| (p.id.clone(), level.name(prof)))
                                .collect();
                            q.push(UiAction::NewGame {
                                source: crate::desktop::session::ScenarioSource {
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

/// One save in the load menu: a thumbnail of its board beside its title,
/// who plays it, when and the score; the title loads it.
fn save_slot(ui: &mut Ui, map: &MapGeometry, slot: &crate::desktop::SaveSlot, q: &mut UiQueue) {
    ui.horizontal(|ui| {
        if let Ok(d) = &slot.detail {
            map::miniature(ui, egui::vec2(120.0, 68.0), map, &d.setup, &d.board);
        }
        ui.vertical(|ui| {
            let ok = slot.detail.is_ok();
            if ui
                .add_enabled(ok, egui::Button::new(&slot.title))
                .on_hover_text(format!("Load {}", slot.path.display()))
                .on_disabled_hover_text(slot.path.display().to_string())
                .clicked()
            {
                q.push(UiAction::LoadGame(slot.path.clone()));
            }
            match &slot.detail {
                Ok(d) => {
                    ui.label(RichText::new(&d.text).color(MUTED));
                    if let Some((p, score)) = d.score {
                        ui.label(format!(
                            "{}'s score: {:.1}",
                            text::power(&d.setup, p),
                            score + 0.0
                        ));
                    }
                }
                Err(e) => {
                    ui.label(RichText::new(e).color(theme::BAD).small());
                }
            }
        });
    });
}

pub(super) fn load_game(ctx: &egui::Context, f: &Frame<'_>, forms: &mut Forms, q: &mut UiQueue) {
    centred_window(ctx, "load_game", 620.0, |ui| {
        ui.heading("Load game");
        ui.separator();
        if f.saves.is_empty() {
            ui.label(RichText::new("No saved games yet.").color(MUTED));
        }
        egui::ScrollArea::vertical()
            .max_height(330.0)
            .show(ui, |ui| {
                for slot in f.saves {
                    save_slot(ui, f.map, slot, q);
                    ui.separator();
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

pub(super) fn settings_screen(
    ctx: &egui::Context,
    settings: &mut Settings,
    forms: &mut Forms,
    q: &mut UiQueue,
) {
    centred_window(ctx, "settings", 420.0, |ui| {
        ui.heading("Settings");
        ui.separator();
        ui.checkbox(&mut settings.fit_window, "Scale with the window")
            .on_hover_text("Text and controls grow with the window, from 1280×720 up");
        let mut scale = forms.scale_drag.unwrap_or(settings.scale);
        let r = ui
            .add_enabled(
                !settings.fit_window,
                egui::Slider::new(&mut scale, 0.75..=2.0).text("Interface scale"),
            )
            .on_hover_text("Size of text and controls (applied when the slider is let go)");
        if r.dragged() {
            forms.scale_drag = Some(scale);
        } else {
            // Let go, typed or clicked: applied now.
            settings.scale = scale;
            forms.scale_drag = None;
        }
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

pub(super) fn handover(ctx: &egui::Context, f: &Frame<'_>, q: &mut UiQueue) {
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
            ui.label(if f.session.seat == 0 {
                "Each player sees only what their power knows. Pass the keyboard to this power's player."
            } else {
                "The previous player's screen is hidden. Hand the keyboard over."
            });
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
