//! Synthetic scenarios for benchmarks and stress tests:
//! `spheres scenario generate --powers N --states M --seed S` writes a valid
//! scenario with N powers (a quarter of them great), M states, leaders,
//! profiles, objectives and outcome rules.

use super::schema::*;
use crate::rules::clause::ClauseKind;
use crate::rules::relation::Relation;
use crate::rules::rng::mix;
use crate::rules::setup::{ProfileKind, Role};

/// A synthetic scenario file (valid by construction).
pub fn generate(powers: usize, states: usize, seed: u64) -> ScenarioFile {
    let powers = powers.clamp(2, super::resolve::MAX_TABLE);
    let states = states.clamp(1, super::resolve::MAX_TABLE);
    let mut r = mix(seed ^ 0x5eed_5eed);
    let mut next = move |n: u64| {
        r = mix(r);
        r % n.max(1)
    };
    let greats = (powers / 4).max(2);
    let ideologies = ["red", "blue", "green", "gold"];
    let pid = |i: usize| format!("p{i:03}");
    let sid = |i: usize| format!("s{i:03}");
    let mut power_files = Vec::new();
    for i in 0..powers {
        let great = i < greats;
        power_files.push(PowerFile {
            id: pid(i),
            name: format!("Power {i}"),
            great,
            playable: great,
            ideology: ideologies[next(4) as usize].to_string(),
            strength: if great {
                40.0 + next(60) as f32
            } else {
                3.0 + next(15) as f32
            },
            trade_need: next(100) as f32 / 100.0,
            isolation: next(50) as f32 / 100.0,
            default_profile: if great {
                ["pragmatist", "hardliner", "opportunist"][next(3) as usize].to_string()
            } else {
                "minor".into()
            },
            colour: (
                next(100) as f32 / 100.0,
                next(100) as f32 / 100.0,
                next(100) as f32 / 100.0,
            ),
        });
    }
    let mut leaders = Vec::new();
    for i in 0..greats {
        for (j, role) in [
            Role::HeadOfState,
            Role::HeadOfGovernment,
            Role::ForeignMinister,
        ]
        .into_iter()
        .enumerate()
        {
            leaders.push(LeaderFile {
                id: format!("l{i:03}_{j}"),
                name: format!("Leader {j} of Power {i}"),
                power: pid(i),
                role,
                pride: next(100) as f32 / 100.0,
                bias: next(5) as f32 - 2.0,
                toward: vec![(pid((i + 1) % greats), next(7) as f32 - 3.0)],
                red_lines: if j == 0 {
                    vec![RedLineFile {
                        matter: MatterFile::TerritorialRevision,
                        penalty: 5.0 + next(10) as f32,
                        veto: false,
                        reason: "our lands are not for sale".into(),
                    }]
                } else {
                    Vec::new()
                },
                orders_from: None,
                posted_to: None,
            });
        }
    }
    let mut state_files = Vec::new();
    for i in 0..states {
        // Minor powers rule the first states; the rest are ruled by great powers.
        let ruler = if i + greats < powers {
            greats + i
        } else {
            next(greats as u64) as usize
        };
        state_files.push(StateFile {
            id: sid(i),
            name: format!("State {i}"),
            controller: pid(ruler),
            sphere: pid(next(greats as u64) as usize),
            value: 2.0 + next(12) as f32,
            interest: vec![(
                pid(next(greats as u64) as usize),
                1.0 + next(10) as f32 / 10.0,
            )],
            imperial: next(3) == 0,
            region: format!("region_{}", i % 5),
        });
    }
    let mut objectives = Vec::new();
    for i in 0..greats {
        for k in 0..3 {
            let s = next(states as u64) as usize;
            objectives.push(ObjectiveFile {
                id: format!("o{i:03}_{k}"),
                power: pid(i),
                description: format!("State {s} in our sphere"),
                points: 3.0 + next(8) as f32,
                when: ConditionFile::InSphere {
                    state: sid(s),
                    power: pid(i),
                },
                grades: Vec::new(),
            });
        }
        // A pact with a neighbour, so there is something to negotiate.
        objectives.push(ObjectiveFile {
            id: format!("o{i:03}_pact"),
            power: pid(i),
            description: "A non-aggression pact with our neighbour".into(),
            points: 3.0 + next(4) as f32,
            when: ConditionFile::Treaty {
                a: pid(i),
                b: pid((i + 1) % greats),
                kind: Some(ClauseKind::NonAggression),
            },
            grades: Vec::new(),
        });
        objectives.push(ObjectiveFile {
            id: format!("o{i:03}_peace"),
            power: pid(i),
            description: "No war".into(),
            points: 4.0,
            when: ConditionFile::Not(Box::new(ConditionFile::AnyWar)),
            grades: Vec::new(),
        });
    }
    let profile = |id: &str,
                   kind: ProfileKind,
                   concession: f32,
                   reservation: f32,
                   initiative: f32,
                   aggression: f32| ProfileFile {
        id: id.into(),
        kind,
        description: String::new(),
        concession,
        reservation,
        reservation_floor: reservation - 4.0,
        initiative,
        ambition: 1.2,
        aggression,
        honour: 0.7,
        counter: 0.5,
        patience: 0.3,
    };
    ScenarioFile {
        format: super::FORMAT,
        id: format!("generated_{powers}_{states}_{seed}"),
        title: format!("Generated: {powers} powers, {states} states"),
        description: "A synthetic scenario for benchmarks.".into(),
        calendar: CalendarFile {
            start: "1939-06-01".into(),
            end: "1939-09-01".into(),
            days_per_turn: 7,
        },
        ideologies: ideologies
            .iter()
            .map(|i| IdeologyFile {
                id: i.to_string(),
                name: i.to_string(),
            })
            .collect(),
        affinities: vec![
            AffinityFile {
                a: "red".into(),
                b: "blue".into(),
                value: -4.0,
                reason: None,
            },
            AffinityFile {
                a: "green".into(),
                b: "gold".into(),
                value: 3.0,
                reason: None,
            },
        ],
        common_grounds: vec![CommonGroundFile {
            name: "shared suspicion".into(),
            ideologies: vec!["red".into(), "green".into()],
            bond: 2.0,
        }],
        powers: power_files,
        leaders,
        blocs: vec![BlocFile {
            id: "league".into(),
            name: "the League".into(),
            members: vec![pid(0), pid(1)],
        }],
        states: state_files,
        treaties: vec![TreatyFile {
            id: "old_pact".into(),
            name: "Old Pact".into(),
            signed: "1920-01-01".into(),
            parties: vec![pid(0), pid(1)],
            clauses: vec![ClauseFile::MutualAssistance],
            note: String::new(),
        }],
        relations: vec![RelationFile {
            a: pid(0),
            b: pid(greats - 1),
            relation: Relation::Strained,
        }],
        sentiments: Vec::new(),
        default_trust: 0.6,
        trust: Vec::new(),
        model: ModelFile {
            loss_aversion: 1.5,
            opinion: 0.5,
            objectives: 0.8,
            rival_gain: 0.7,
            cession_factor: 1.3,
            alternatives: 0.5,
            war_risk: 4.0,
            ..ModelFile::default()
        },
        profiles: vec![
            profile("random", ProfileKind::Random, 1.0, 0.0, 0.0, 0.0),
            profile("pragmatist", ProfileKind::Model, 1.6, 2.0, 0.6, 0.1),
            profile("hardliner", ProfileKind::Model, 0.4, 6.0, 0.5, 0.5),
            profile("opportunist", ProfileKind::Model, 1.0, 3.0, 0.8, 0.35),
            profile("minor", ProfileKind::Model, 1.0, 4.0, 0.0, 0.0),
        ],
        objectives,
        outcomes: vec![
            OutcomeFile {
                label: "war".into(),
                description: "A war broke out".into(),
                when: ConditionFile::AnyWar,
            },
            OutcomeFile {
                label: "league_holds".into(),
                description: "The League's pact holds".into(),
                when: ConditionFile::Treaty {
                    a: pid(0),
                    b: pid(1),
                    kind: Some(ClauseKind::MutualAssistance),
                },
            },
            OutcomeFile {
                label: "status_quo".into(),
                description: String::new(),
                when: ConditionFile::Always,
            },
        ],
        events: Vec::new(),
        timeline: Vec::new(),
        plans: Vec::new(),
    }
}

/// The generated scenario as RON text.
pub fn generate_text(powers: usize, states: usize, seed: u64) -> Result<String, ron::Error> {
    // The documented syntax: `Scenario(` at the top, every record inside
    // it a bare `(…)` (not the loader's internal type names).
    let config = ron::ser::PrettyConfig::new()
        .struct_names(false)
        .depth_limit(4);
    let body = ron::ser::to_string_pretty(&generate(powers, states, seed), config)?;
    Ok(format!(
        "// Generated by `spheres scenario generate --powers {powers} --states {states} --seed {seed}`.\nScenario{body}\n"
    ))
}

#[cfg(test)]
mod tests {
    #[test]
    fn generated_scenarios_are_valid_and_play() {
        for (p, s) in [(8, 10), (64, 80), (2, 1)] {
            let text = super::generate_text(p, s, 3).unwrap();
            assert!(
                text.contains("\nScenario(\n") && !text.contains("File("),
                "{text}"
            );
            let loaded =
                crate::scenario::load_str("gen.ron", &text).unwrap_or_else(|r| panic!("{r}"));
            assert_eq!(loaded.setup.powers.len(), p);
            // It plays to the end: a label of its own rules, finite scores,
            // every turn played; and something happens in some of a few
            // seeds (a quiet summer is a legitimate result of one).
            let mut eventful = false;
            for seed in 1..=8 {
                let settings = crate::sim::MatchSettings::defaults(&loaded.setup, seed);
                let r = crate::sim::run_match(loaded.setup.clone(), settings);
                assert!(
                    loaded.setup.outcomes.iter().any(|o| o.label == r.outcome),
                    "{}",
                    r.outcome
                );
                assert!(r.scores.iter().all(|s| s.is_finite()));
                assert_eq!(
                    r.world.turn,
                    loaded.setup.turns() + 1,
                    "every turn was played"
                );
                eventful |= !r.events.is_empty();
            }
            assert!(
                eventful,
                "{p} powers, {s} states: nothing happened in 8 seeds"
            );
        }
    }
}
