//! Prints the acceptance model's breakdown of one offer at the start of a
//! scenario, as docs/modding.md shows it. Usage:
//!
//! ```sh
//! cargo run --no-default-features --example explain -- [SCENARIO.ron] FROM TO STATE...
//! ```
//!
//! The offer is a territorial protocol putting the STATEs into FROM's sphere,
//! with a non-aggression clause; without a scenario file, Summer 1939.

use spheres::rules::clause::Clause;
use spheres::rules::model::{Offer, evaluate};
use spheres::rules::{Sketch, text};

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let loaded = if args.first().is_some_and(|a| a.ends_with(".ron")) {
        spheres::scenario::load_path(std::path::Path::new(&args.remove(0)))
    } else {
        spheres::scenario::summer1939()
    };
    let loaded = match loaded {
        Ok(l) => l,
        Err(r) => {
            eprint!("{r}");
            std::process::exit(1);
        }
    };
    let setup = loaded.setup;
    let (Some(from), Some(to)) = (
        args.first().and_then(|a| setup.power_id(a)),
        args.get(1).and_then(|a| setup.power_id(a)),
    ) else {
        eprintln!("usage: explain [SCENARIO.ron] FROM TO STATE...   (power and state ids)");
        std::process::exit(2);
    };
    let assignments = args[2..]
        .iter()
        .filter_map(|s| setup.state_id(s))
        .map(|s| (s, from))
        .collect::<Vec<_>>();
    let mut clauses = Vec::new();
    if !assignments.is_empty() {
        clauses.push(Clause::TerritorialProtocol(assignments));
    }
    clauses.push(Clause::NonAggression);
    let view = Sketch::new(setup.clone());
    let temper = &setup.profiles[setup.power(to).default_profile];
    let offer = Offer::proposal(from, to, &clauses, 0, 14);
    let a = evaluate(&view, &offer, temper);
    println!(
        "{} offers {}: {}",
        text::power(&setup, from),
        text::power(&setup, to),
        text::clauses(&view, &clauses)
    );
    println!(
        "judged by {} with the `{}` profile:",
        text::power(&setup, to),
        temper.id
    );
    for line in text::breakdown(&view, to, from, &a) {
        println!("{line}");
    }
}
