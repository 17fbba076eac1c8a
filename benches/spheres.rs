//! Benchmarks (divan): one acceptance evaluation, one AI decision, and a
//! whole headless match. Run with `cargo bench --no-default-features`.

use divan::{Bencher, black_box};
use spheres::rules::clause::{Clause, Goods};
use spheres::rules::model::{Offer, evaluate};
use spheres::rules::view::{Sketch, View};
use spheres::sim::{MatchSettings, run_match};

fn main() {
    divan::main();
}

fn start() -> Sketch {
    let setup = spheres::scenario::summer1939()
        .expect("embedded scenario")
        .setup;
    Sketch::new(setup)
}

#[divan::bench]
fn acceptance_evaluation(bencher: Bencher) {
    let view = start();
    let setup = view.setup().clone();
    let (ussr, germany) = (
        setup.power_id("ussr").unwrap(),
        setup.power_id("germany").unwrap(),
    );
    let ukraine = setup.state_id("ukraine").unwrap();
    let clauses = vec![
        Clause::TerritorialProtocol(vec![(ukraine, ussr)]),
        Clause::NonAggression,
        Clause::Trade {
            goods: Goods::IndustrialMaterials,
            to: ussr,
        },
    ];
    let temper = setup.profiles[setup.power(germany).default_profile].clone();
    bencher.bench_local(|| {
        let offer = Offer::proposal(ussr, germany, black_box(&clauses), 0, 14);
        black_box(evaluate(black_box(&view), &offer, &temper).margin)
    });
}

#[divan::bench]
fn ai_decision(bencher: Bencher) {
    let view = start();
    let setup = view.setup().clone();
    let ussr = setup.power_id("ussr").unwrap();
    let profile = setup.profiles[setup.power(ussr).default_profile].clone();
    let mut seed = 0u64;
    bencher.bench_local(|| {
        seed += 1;
        let mut rng = spheres::rules::rng::stream(seed, 1, 1);
        let player = spheres::ai::Player {
            profile: &profile,
            level: spheres::ai::Level::Normal,
        };
        black_box(spheres::ai::act(black_box(&view), ussr, player, &mut rng))
    });
}

/// Whole matches of Summer 1939, a new seed each, every AI at `level`.
fn matches_at(bencher: Bencher, level: spheres::ai::Level) {
    let setup = spheres::scenario::summer1939()
        .expect("embedded scenario")
        .setup;
    let mut seed = 0u64;
    bencher.bench_local(|| {
        seed += 1;
        let mut settings = MatchSettings::defaults(&setup, seed);
        for c in &mut settings.controls {
            if let spheres::sim::authority::Control::Ai(_, l) = c {
                *l = level;
            }
        }
        black_box(run_match(setup.clone(), settings).state_hash)
    });
}

/// A whole match, every power at its default AI (target: under 1 ms).
#[divan::bench(sample_count = 200)]
fn whole_match(bencher: Bencher) {
    matches_at(bencher, spheres::ai::Level::Normal);
}

/// A whole match with every power's AI at `hard` (target: under 50 ms).
#[divan::bench]
fn whole_match_hard(bencher: Bencher) {
    matches_at(bencher, spheres::ai::Level::Hard);
}

#[divan::bench]
fn app_build(bencher: Bencher) {
    let setup = spheres::scenario::summer1939()
        .expect("embedded scenario")
        .setup;
    bencher.bench_local(|| {
        let settings = MatchSettings::defaults(&setup, 1);
        black_box(spheres::sim::runner::headless_app(setup.clone(), &settings))
    });
}

/// An app four turns into a match, ready for its next turn.
fn mid_match(setup: std::sync::Arc<spheres::rules::Setup>, seed: u64) -> bevy::app::App {
    let mut app =
        spheres::sim::runner::headless_app(setup.clone(), &MatchSettings::defaults(&setup, seed));
    for _ in 0..4 {
        app.update();
    }
    app
}

/// One turn played from the middle of a match, a new seed each sample.
fn bench_turn(bencher: Bencher, setup: &std::sync::Arc<spheres::rules::Setup>) {
    let mut seed = 0;
    bencher
        .with_inputs(|| {
            seed += 1;
            mid_match(setup.clone(), seed)
        })
        .bench_local_values(|mut app| {
            app.update();
            app
        });
}

#[divan::bench(sample_count = 300)]
fn one_turn(bencher: Bencher) {
    let setup = spheres::scenario::summer1939()
        .expect("embedded scenario")
        .setup;
    bench_turn(bencher, &setup);
}

/// One turn of a generated scenario with this many powers (and 1.25 times
/// as many states).
#[divan::bench(args = [8, 16, 32, 64], sample_count = 40)]
fn turn_with_powers(bencher: Bencher, powers: usize) {
    let text = spheres::scenario::generate::generate_text(powers, powers * 5 / 4, 1).unwrap();
    let setup = spheres::scenario::load_str("generated.ron", &text)
        .expect("valid")
        .setup;
    bench_turn(bencher, &setup);
}
