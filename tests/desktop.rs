//! The desktop game's logic, driven through the UI's own actions without a
//! window: a whole game as the USSR, hotseat, and save/load from the menu.
#![cfg(feature = "desktop")]

use bevy::prelude::*;
use bevy::state::app::StatesPlugin;
use spheres::desktop::session::{self, ScenarioSource, Screen, Session, UiAction, UiQueue};
use spheres::rules::action::{Action, Answer};
use spheres::rules::clause::Clause;
use spheres::rules::event::EventKind;
use spheres::rules::view::{Sketch, View, ViewExt};
use spheres::sim::world::EcsView;
use spheres::sim::{Match, MatchLog, MatchState, SimulationPlugin};

fn app() -> App {
    let mut app = App::new();
    app.add_plugins((MinimalPlugins, StatesPlugin))
        .add_plugins(SimulationPlugin)
        .add_plugins(session::plugin);
    spheres::sim::runner::single_threaded(&mut app);
    app.finish();
    app.cleanup();
    app.world_mut().resource_mut::<Session>().autosave = false;
    app
}

fn act(app: &mut App, a: UiAction) {
    app.world_mut().resource_mut::<UiQueue>().push(a);
    app.update();
}

/// Queues one order (it must be the only one) and plays the turn.
fn order_and_end_turn(app: &mut App, order: Action) {
    act(app, UiAction::Order(order));
    assert_eq!(app.world().resource::<Session>().orders.len(), 1);
    act(app, UiAction::EndTurn);
    app.update();
}

/// Whether the match log holds an event like this.
fn logged(app: &App, like: impl Fn(&spheres::rules::event::Event) -> bool) -> bool {
    app.world().resource::<MatchLog>().0.iter().any(like)
}

fn screen(app: &App) -> Screen {
    *app.world().resource::<State<Screen>>().get()
}

fn new_game(app: &mut App, humans: &[&str], seed: u64) {
    act(
        app,
        UiAction::NewGame {
            source: ScenarioSource::embedded(),
            humans: humans.iter().map(|h| h.to_string()).collect(),
            profiles: Vec::new(),
            seed,
        },
    );
    app.update();
}

#[test]
fn a_whole_game_as_the_ussr_through_the_ui() {
    let mut app = app();
    new_game(&mut app, &["ussr"], 3);
    assert_eq!(screen(&app), Screen::Playing);
    let setup = app.world().resource::<Match>().setup.clone();
    let (ussr, germany, britain) = (
        setup.power_id("ussr").unwrap(),
        setup.power_id("germany").unwrap(),
        setup.power_id("britain").unwrap(),
    );
    let ukraine = setup.state_id("ukraine").unwrap();
    let mut sent = 0;
    let mut answered = Vec::new();
    for turn in 1..=20 {
        if screen(&app) == Screen::GameOver {
            break;
        }
        let view = Sketch::of(&EcsView::of(app.world()).unwrap());
        // Answer the inbox: accept what our own assessment favours.
        for offer in view.pending().filter(|p| p.to == ussr) {
            let me = &setup.profiles[setup.power(ussr).default_profile];
            let a = spheres::ai::assess(&view, offer, me);
            let answer = if a.probability >= 0.5 {
                Answer::Accept
            } else {
                Answer::Reject
            };
            act(
                &mut app,
                UiAction::Order(Action::Answer {
                    proposal: offer.id,
                    answer,
                }),
            );
            answered.push(offer.id);
        }
        // Compose a proposal: alternate partners and documents.
        let (to, clause) = if turn % 2 == 1 {
            (germany, None)
        } else {
            (britain, Some(Clause::Consultation))
        };
        if view.may_propose(ussr, to) {
            act(&mut app, UiAction::ComposeFor(to));
            match clause {
                None => act(&mut app, UiAction::AssignState(ukraine, ussr)),
                Some(c) => act(&mut app, UiAction::AddClause(c)),
            }
            act(&mut app, UiAction::AddClause(Clause::NonAggression));
            let before = app.world().resource::<Session>().orders.len();
            act(&mut app, UiAction::SendComposed);
            if app.world().resource::<Session>().orders.len() > before {
                sent += 1;
            }
        }
        act(&mut app, UiAction::EndTurn);
        app.update();
        let summary = app.world().resource::<Session>().summary.clone();
        assert!(summary.is_some(), "turn {turn} ended with a summary");
    }
    assert_eq!(screen(&app), Screen::GameOver);
    assert_eq!(
        *app.world().resource::<State<MatchState>>().get(),
        MatchState::Over
    );
    assert!(sent >= 3, "sent {sent} proposals");
    let log = &app.world().resource::<MatchLog>().0;
    let ours = log
        .iter()
        .filter(|e| e.kind == EventKind::ProposalSent && e.from == Some(ussr))
        .count();
    assert!(ours >= sent.min(3), "{ours} of our proposals in the log");
    // Every answer given in the inbox was carried out and logged as ours.
    assert!(!answered.is_empty(), "the inbox had offers to answer");
    for id in &answered {
        assert!(
            log.iter().any(|e| e.proposal == Some(*id)
                && e.from == Some(ussr)
                && matches!(
                    e.kind,
                    EventKind::ProposalAccepted
                        | EventKind::ProposalRejected
                        | EventKind::UltimatumAccepted
                        | EventKind::UltimatumRejected
                        | EventKind::ProposalExpired
                )),
            "our answer to proposal #{} is not in the log",
            id.0
        );
    }
}

#[test]
fn hotseat_hands_over_between_players() {
    let mut app = app();
    new_game(&mut app, &["germany", "ussr"], 4);
    assert_eq!(
        screen(&app),
        Screen::Handover,
        "the first player takes the seat"
    );
    act(&mut app, UiAction::TakeSeat);
    assert_eq!(screen(&app), Screen::Playing);
    let germany = app
        .world()
        .resource::<Match>()
        .setup
        .power_id("germany")
        .unwrap();
    assert_eq!(app.world().resource::<Session>().me(), Some(germany));
    act(&mut app, UiAction::EndTurn);
    assert_eq!(
        screen(&app),
        Screen::Handover,
        "the USSR's turn to sit down"
    );
    let ussr = app
        .world()
        .resource::<Match>()
        .setup
        .power_id("ussr")
        .unwrap();
    assert_eq!(app.world().resource::<Session>().me(), Some(ussr));
    let turn = app.world().resource::<spheres::sim::Clock>().turn;
    act(&mut app, UiAction::TakeSeat);
    act(&mut app, UiAction::EndTurn);
    app.update();
    assert_eq!(
        app.world().resource::<spheres::sim::Clock>().turn,
        turn + 1,
        "the turn ran once both had played"
    );
    assert_eq!(screen(&app), Screen::Handover);
    assert_eq!(app.world().resource::<Session>().me(), Some(germany));
}

#[test]
fn save_and_load_from_the_menu_and_a_corrupt_save_is_a_message() {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("desktop");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("menu_save.ron");
    let mut app = app();
    new_game(&mut app, &["britain"], 8);
    for _ in 0..3 {
        act(&mut app, UiAction::EndTurn);
        app.update();
    }
    let hash = |app: &App| spheres::sim::registry::state_hash(app.world());
    let before = hash(&app);
    // An order queued but not yet carried out is saved with the game.
    let setup = app.world().resource::<Match>().setup.clone();
    let ussr = setup.power_id("ussr").unwrap();
    act(
        &mut app,
        UiAction::Order(Action::Propose {
            to: ussr,
            clauses: vec![Clause::Consultation],
            deadline_days: 14,
            secret: Default::default(),
        }),
    );
    let queued = app.world().resource::<Session>().orders.clone();
    assert_eq!(queued.len(), 1);
    act(&mut app, UiAction::SaveGame(Some(path.clone())));
    assert!(path.exists());
    let mut other = self::app();
    act(&mut other, UiAction::LoadGame(path.clone()));
    other.update();
    assert_eq!(hash(&other), before);
    assert_eq!(screen(&other), Screen::Playing);
    assert_eq!(other.world().resource::<Session>().orders, queued);

    let corrupt = dir.join("corrupt.ron");
    std::fs::write(&corrupt, "SaveGame(version: 1, scenario_name: \"x\"").unwrap();
    act(&mut other, UiAction::LoadGame(corrupt));
    let status = other
        .world()
        .resource::<Session>()
        .status
        .clone()
        .unwrap_or_default();
    assert!(
        status.contains("corrupt.ron:") && status.contains("error"),
        "{status}"
    );
    assert_eq!(hash(&other), before, "the running game is untouched");
}

#[test]
fn a_summit_ordered_in_the_ui_is_held_and_logged() {
    let mut app = app();
    new_game(&mut app, &["ussr"], 6);
    let setup = app.world().resource::<Match>().setup.clone();
    let germany = setup.power_id("germany").unwrap();
    let summit = Action::Summit {
        with: germany,
        rounds: 2,
        clauses: vec![Clause::Consultation, Clause::NonAggression],
        secret: Default::default(),
    };
    order_and_end_turn(&mut app, summit);
    assert!(
        logged(&app, |e| e.kind == EventKind::Conference
            && e.to == Some(germany)),
        "no conference in the log"
    );
}

#[test]
fn editing_the_scenario_reloads_it_or_shows_its_errors() {
    use spheres::desktop::reload::Watch;
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("reload");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("mine.ron");
    let text = spheres::scenario::SUMMER_1939.to_string();
    std::fs::write(&path, &text).unwrap();
    let mut app = app();
    app.init_resource::<Watch>()
        .add_systems(PreUpdate, spheres::desktop::reload::apply_changes);
    app.insert_resource(spheres::desktop::DesktopData::new(
        spheres::scenario::map::europe().unwrap(),
        Vec::new(),
        Vec::new(),
    ));
    act(
        &mut app,
        UiAction::NewGame {
            source: ScenarioSource {
                name: path.display().to_string(),
                text: text.clone(),
            },
            humans: vec!["ussr".into()],
            profiles: Vec::new(),
            seed: 1,
        },
    );
    app.update();
    let temperature = |app: &App| {
        app.world()
            .resource::<spheres::sim::Match>()
            .setup
            .model
            .temperature
    };
    assert_eq!(temperature(&app), 4.0);
    // A valid change to a weight applies at once, to the running match.
    std::fs::write(
        &path,
        text.replacen("temperature: 4.0", "temperature: 7.5", 1),
    )
    .unwrap();
    app.world().resource::<Watch>().changed(path.clone());
    app.update();
    assert_eq!(temperature(&app), 7.5);
    assert_eq!(app.world().resource::<Match>().setup.model.temperature, 7.5);
    assert!(app.world().resource::<Watch>().errors.is_none());
    let notice = |app: &App| {
        app.world()
            .resource::<Watch>()
            .notice
            .as_ref()
            .map(|(n, _)| n.clone())
            .unwrap_or_default()
    };
    assert!(
        notice(&app).contains("Applies now: the model's weights."),
        "{}",
        notice(&app)
    );
    assert!(
        app.world().resource::<Watch>().restart.is_none(),
        "nothing waits"
    );
    // Saved again unchanged: nothing new is said.
    app.world_mut().resource_mut::<Watch>().notice = None;
    app.world().resource::<Watch>().changed(path.clone());
    app.update();
    assert_eq!(notice(&app), "");
    // A starting position changed: the running match keeps its own, and
    // the notice says the change waits for a new game.
    std::fs::write(
        &path,
        text.replacen("temperature: 4.0", "temperature: 7.5", 1)
            .replacen("sphere: \"germany\"", "sphere: \"ussr\"", 1),
    )
    .unwrap();
    app.world().resource::<Watch>().changed(path.clone());
    app.update();
    assert!(
        notice(&app).contains("Waits for a new game: the starting position"),
        "{}",
        notice(&app)
    );
    let first_state = |app: &App| {
        let view = EcsView::of(app.world()).unwrap();
        let s = view.setup().state_ids().next().unwrap();
        view.setup().power(view.sphere(s)).id.clone()
    };
    assert_eq!(
        first_state(&app),
        "germany",
        "the running match keeps its start"
    );
    assert!(
        app.world().resource::<Watch>().restart.is_some(),
        "a restart is offered"
    );
    // Restart with the changes: the same player, seed and AIs, the new start.
    act(&mut app, UiAction::RestartWithChanges);
    app.update();
    assert_eq!(first_state(&app), "ussr", "the new start applies");
    assert_eq!(app.world().resource::<Match>().seed, 1);
    let session = app.world().resource::<Session>();
    assert_eq!(session.humans.len(), 1);
    assert!(app.world().resource::<Watch>().restart.is_none());
    // An invalid change is shown with its position and the running version is kept.
    std::fs::write(
        &path,
        text.replacen("temperature: 4.0", "temperature: -3.0", 1)
            .replacen("sphere: \"germany\"", "sphere: \"germny\"", 1),
    )
    .unwrap();
    app.world().resource::<Watch>().changed(path.clone());
    app.update();
    let errors = app
        .world()
        .resource::<Watch>()
        .errors
        .clone()
        .expect("errors are shown");
    assert!(
        errors.contains(&format!("{}:", path.display()))
            && errors.contains("did you mean `germany`?"),
        "{errors}"
    );
    assert!(errors.lines().count() >= 2, "{errors}");
    assert_eq!(temperature(&app), 7.5, "the running version is kept");
}

#[test]
fn a_mods_own_map_regions_are_drawn_while_its_game_runs() {
    use spheres::desktop::DesktopData;
    use spheres::desktop::reload::Watch;
    let mut app = app();
    app.init_resource::<Watch>().add_systems(
        PreUpdate,
        (
            spheres::desktop::reload::follow_map,
            spheres::desktop::reload::apply_changes,
        )
            .chain(),
    );
    app.insert_resource(DesktopData::new(
        spheres::scenario::map::europe().unwrap(),
        Vec::new(),
        Vec::new(),
    ));
    let folder = "examples/mods/romania";
    let loaded = spheres::scenario::load_path(std::path::Path::new(folder)).unwrap();
    let start = |app: &mut App, source: ScenarioSource| {
        act(
            app,
            UiAction::NewGame {
                source,
                humans: vec!["ussr".into()],
                profiles: Vec::new(),
                seed: 1,
            },
        );
        app.update();
    };
    let drawn = |app: &App, id: &str| {
        app.world()
            .resource::<DesktopData>()
            .map
            .region(id)
            .is_some()
    };
    start(
        &mut app,
        ScenarioSource {
            name: folder.into(),
            text: loaded.text.clone(),
        },
    );
    assert!(
        drawn(&app, "bessarabia"),
        "the mod's map.ron is laid over the map"
    );
    assert!(
        drawn(&app, "romania") && drawn(&app, "germany"),
        "the game's map stays"
    );
    let map = &app.world().resource::<DesktopData>().map;
    let region = map.region("bessarabia").unwrap();
    assert_eq!(
        map.hit(region.label).map(|i| map.regions[i].id.as_str()),
        Some("bessarabia"),
        "the region on top is the one picked"
    );
    // Another scenario: the game's map alone.
    start(&mut app, ScenarioSource::embedded());
    assert!(!drawn(&app, "bessarabia"));
}

#[test]
fn an_unmet_ultimatum_waits_in_the_inbox_for_our_decision() {
    let mut app = app();
    new_game(&mut app, &["ussr"], 3);
    let setup = app.world().resource::<Match>().setup.clone();
    let (ussr, germany) = (
        setup.power_id("ussr").unwrap(),
        setup.power_id("germany").unwrap(),
    );
    let ukraine = setup.state_id("ukraine").unwrap();
    let demand = Action::Ultimatum {
        to: germany,
        demands: vec![Clause::TerritorialProtocol(vec![(ukraine, ussr)])],
        deadline_days: 7,
        consequence: spheres::rules::clause::Consequence::SeverRelations,
        secret: Default::default(),
    };
    act(&mut app, UiAction::Order(demand));
    // Turns pass until the deadline has gone by unmet.
    let mut due = None;
    for _ in 0..3 {
        act(&mut app, UiAction::EndTurn);
        app.update();
        act(&mut app, UiAction::DismissSummary);
        let view = EcsView::of(app.world()).unwrap();
        due = session::awaiting_us(&view, ussr).1.first().map(|o| o.id);
        if due.is_some() {
            break;
        }
    }
    let Some(threat) = due else {
        panic!("our unmet ultimatum never came back for a decision");
    };
    order_and_end_turn(&mut app, Action::CarryOut { proposal: threat });
    assert!(
        logged(&app, |e| e.kind == EventKind::ThreatCarriedOut
            && e.proposal == Some(threat)),
        "the threat was not carried out"
    );
    let view = EcsView::of(app.world()).unwrap();
    assert!(view.relation(ussr, germany) >= spheres::rules::relation::Relation::Severed);
}

#[test]
fn the_new_game_menu_sets_each_ais_profile_and_level() {
    let mut app = app();
    act(
        &mut app,
        UiAction::NewGame {
            source: ScenarioSource::embedded(),
            humans: vec!["ussr".into()],
            profiles: vec![
                ("germany".into(), "hardliner:hard".into()),
                ("britain".into(), "pragmatist:easy".into()),
                ("france".into(), "pragmatist".into()),
            ],
            seed: 2,
        },
    );
    app.update();
    let m = app.world().resource::<Match>();
    let name = |id: &str| {
        let p = m.setup.power_id(id).unwrap();
        m.controls[p.index()].name(&m.setup)
    };
    assert_eq!(name("germany"), "hardliner:hard");
    assert_eq!(name("britain"), "pragmatist:easy");
    assert_eq!(name("france"), "pragmatist");
    assert_eq!(name("ussr"), "human");
    // The hard AI plays and says why.
    act(&mut app, UiAction::EndTurn);
    app.update();
    assert!(logged(&app, |e| e.reason.is_some()));
}

#[test]
fn the_turn_summary_leads_with_our_standing_and_end_turn_knows_what_would_lapse() {
    let mut app = app();
    new_game(&mut app, &["ussr"], 3);
    let setup = app.world().resource::<Match>().setup.clone();
    let ussr = setup.power_id("ussr").unwrap();
    let mut seen_lapsing = false;
    for _ in 0..12 {
        if screen(&app) != Screen::Playing {
            break;
        }
        let world = app.world();
        let view = EcsView::of(world).unwrap();
        let known = spheres::rules::intel::Perspective::new(&view, ussr);
        let lapsing = session::lapsing(&known, ussr, &[]);
        let next = setup.calendar.turn_start_day(known.turn() + 1);
        for id in &lapsing {
            let p = known.pending().find(|p| p.id == *id).unwrap();
            assert_eq!(p.to, ussr);
            assert!(p.ultimatum.is_some() || p.deadline_day < next, "{p:?}");
        }
        let answer = lapsing.first().map(|id| Action::Answer {
            proposal: *id,
            answer: Answer::Reject,
        });
        drop(known);
        drop(view);
        if let Some(answer) = answer {
            // Answered, it is no longer on the list.
            act(&mut app, UiAction::Order(answer));
            let orders = app.world().resource::<Session>().orders.clone();
            let view = EcsView::of(app.world()).unwrap();
            let known = spheres::rules::intel::Perspective::new(&view, ussr);
            assert!(!session::lapsing(&known, ussr, &orders).contains(&lapsing[0]));
            seen_lapsing = true;
        }
        act(&mut app, UiAction::EndTurn);
        app.update();
        let summary = app.world().resource::<Session>().summary.clone().unwrap();
        assert_eq!(summary.before.len(), 1);
        assert_eq!(summary.after[0].scores.len(), setup.power_count());
        assert_eq!(summary.after[0].shares.len(), setup.objectives.len());
        act(&mut app, UiAction::DismissSummary);
    }
    assert!(
        seen_lapsing,
        "some offer to the USSR came due in twelve weeks"
    );
}

/// Every character the game's own text can show (the string literals of
/// the sources, the shipped scenarios and map) is in the fonts the desktop
/// draws with: a missing glyph shows as an empty box ("→" once did).
#[test]
fn every_character_the_game_writes_is_in_its_fonts() {
    use bevy_egui::egui;
    use skrifa::MetadataProvider;
    // The faces egui draws proportional text with, first to last fallback.
    let fonts = egui::FontDefinitions::default();
    let faces: Vec<skrifa::FontRef<'_>> = fonts.families[&egui::FontFamily::Proportional]
        .iter()
        .map(|name| {
            let data = &fonts.font_data[name];
            skrifa::FontRef::from_index(&data.font, data.index).unwrap()
        })
        .collect();
    let drawable = |c: char| faces.iter().any(|f| f.charmap().map(c).is_some());
    let mut sources = Vec::new();
    let mut stack = vec![std::path::PathBuf::from("src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            // The terminal's text (headless output) is not drawn by egui.
            if path.is_dir() && !path.ends_with("headless") {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                sources.push(path);
            }
        }
    }
    for extra in [
        "scenarios/summer1939.ron",
        "scenarios/polish_question.ron",
        "assets/map/europe.ron",
    ] {
        sources.push(extra.into());
    }
    let mut missing = Vec::new();
    for path in sources {
        let text = std::fs::read_to_string(&path).unwrap();
        for (n, line) in text.lines().enumerate() {
            if line.trim_start().starts_with("//") {
                continue;
            }
            // Only what is inside quotes: comments and code are never shown.
            for (i, quoted) in line.split('"').enumerate() {
                if i % 2 == 0 {
                    continue;
                }
                for c in quoted.chars().filter(|c| !c.is_ascii()) {
                    if !drawable(c) {
                        missing.push(format!(
                            "{}:{}: {c:?} (U+{:04X})",
                            path.display(),
                            n + 1,
                            c as u32
                        ));
                    }
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "characters the fonts lack:\n{}",
        missing.join("\n")
    );
}

/// A queued document can be taken back into the composer, changed and
/// sent again; orders that are not documents cannot be edited.
#[test]
fn a_queued_proposal_can_be_edited() {
    let mut app = app();
    new_game(&mut app, &["ussr"], 3);
    let (britain, germany) = {
        let view = EcsView::of(app.world()).unwrap();
        let setup = view.setup();
        (
            setup.power_id("britain").unwrap(),
            setup.power_id("germany").unwrap(),
        )
    };
    act(&mut app, UiAction::ComposeFor(britain));
    act(&mut app, UiAction::AddClause(Clause::Consultation));
    act(&mut app, UiAction::SendComposed);
    act(
        &mut app,
        UiAction::Order(Action::EndTalks { with: germany }),
    );
    assert_eq!(app.world().resource::<Session>().orders.len(), 2);
    // Ending talks is no document: nothing to edit.
    act(&mut app, UiAction::EditOrder(1));
    assert_eq!(app.world().resource::<Session>().orders.len(), 2);
    act(&mut app, UiAction::EditOrder(0));
    let s = app.world().resource::<Session>();
    assert_eq!(s.orders.len(), 1, "the proposal left the orders");
    assert_eq!(s.composer.target, Some(britain));
    assert_eq!(s.composer.clauses, vec![Clause::Consultation]);
    assert_eq!(s.tab, session::Tab::Diplomacy);
    act(&mut app, UiAction::AddClause(Clause::NonAggression));
    act(&mut app, UiAction::SendComposed);
    let s = app.world().resource::<Session>();
    assert_eq!(s.orders.len(), 2);
    assert!(matches!(
        &s.orders[1].action,
        Action::Propose { to, clauses, .. }
            if *to == britain && clauses == &vec![Clause::Consultation, Clause::NonAggression]
    ));
}

/// A document sent from the composer keeps the estimate the composer
/// showed; its answer finds it, to set the real chance beside it.
#[test]
fn an_answer_is_set_beside_the_estimate_we_sent_it_with() {
    let mut app = app();
    new_game(&mut app, &["ussr"], 3);
    let britain = EcsView::of(app.world())
        .unwrap()
        .setup()
        .power_id("britain")
        .unwrap();
    act(&mut app, UiAction::ComposeFor(britain));
    act(&mut app, UiAction::AddClause(Clause::Consultation));
    act(&mut app, UiAction::SendComposed);
    let sent = app.world().resource::<Session>().estimates.clone();
    assert_eq!(sent.len(), 1);
    assert!(sent[0].low <= sent[0].high && sent[0].high <= 1.0 && sent[0].low >= 0.0);
    for _ in 0..3 {
        act(&mut app, UiAction::EndTurn);
        app.update();
        act(&mut app, UiAction::DismissSummary);
    }
    let log = &app.world().resource::<MatchLog>().0;
    let answer = log
        .iter()
        .find(|e| {
            e.from == Some(britain)
                && e.probability.is_some()
                && e.clauses == vec![Clause::Consultation]
        })
        .expect("Britain answered within three weeks");
    assert_eq!(
        session::SentEstimate::of(&sent, answer),
        Some(&sent[0]),
        "the answer finds the estimate"
    );
}
