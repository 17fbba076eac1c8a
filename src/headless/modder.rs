//! The modder's tools in the binary: `spheres explain`, `spheres export`
//! and `spheres regions`.

use super::{Failure, cli, load_scenario};
use crate::rules::clause::Clause;
use crate::rules::model::{Offer, evaluate};
use crate::rules::text::{self, terminal_safe};
use crate::rules::{PowerId, Setup, Sketch};
use crate::scenario;
use std::path::Path;

/// `spheres explain FROM TO [--protocol S=P]... [--clause C]...`: how TO
/// would judge FROM's document on the scenario's first day.
pub fn explain(args: &cli::ExplainArgs) -> Result<String, Failure> {
    let loaded = load_scenario(args.scenario.as_deref())?;
    let setup = loaded.setup;
    let from = power(&setup, &args.from, "FROM")?;
    let to = power(&setup, &args.to, "TO")?;
    if from == to {
        return Err(Failure::usage(format!(
            "{} cannot send a document to itself: give two different powers",
            args.from
        )));
    }
    let view = Sketch::new(setup.clone());
    let mut clauses = Vec::new();
    if !args.protocol.is_empty() {
        let mut list = Vec::new();
        for spec in &args.protocol {
            let (state, holder) = spec.split_once('=').ok_or_else(|| {
                Failure::usage(format!(
                    "--protocol {}: write STATE=POWER, e.g. ukraine=ussr",
                    terminal_safe(spec)
                ))
            })?;
            let s = setup.state_id(state).ok_or_else(|| {
                unknown(
                    &format!("--protocol {}", terminal_safe(spec)),
                    "state",
                    state,
                    setup.states.iter().map(|s| s.id.as_str()),
                )
            })?;
            list.push((s, power(&setup, holder, &format!("--protocol {spec}"))?));
        }
        clauses.push(Clause::TerritorialProtocol(list));
    }
    for spec in &args.clause {
        let json = if spec.trim_start().starts_with('{') {
            serde_json::from_str(spec).map_err(|e| {
                Failure::usage(format!(
                    "--clause {}: not JSON ({e}); write a kind (non_aggression) or the bot protocol's JSON",
                    terminal_safe(spec)
                ))
            })?
        } else {
            serde_json::json!({ "kind": spec })
        };
        let clause = crate::ai::protocol::decode_clause(&view, &json)
            .map_err(|e| Failure::usage(format!("--clause {}: {e}", terminal_safe(spec))))?;
        clauses.push(clause);
    }
    if clauses.is_empty() {
        return Err(Failure::usage(
            "give the document: --protocol STATE=POWER and/or --clause KIND (e.g. --clause non_aggression)",
        ));
    }
    crate::rules::action::document(&view, from, to, &clauses)
        .map_err(|why| Failure::usage(format!("that document cannot be sent: {why}")))?;
    let temper = match &args.profile {
        None => &setup.profiles[setup.power(to).default_profile],
        Some(id) => setup.profiles.iter().find(|p| &p.id == id).ok_or_else(|| {
            unknown(
                "--profile",
                "profile",
                id,
                setup.profiles.iter().map(|p| p.id.as_str()),
            )
        })?,
    };
    let offer = Offer::proposal(from, to, &clauses, 0, 14);
    let a = evaluate(&view, &offer, temper);
    let mut out = format!(
        "{} offers {}: {}\njudged by {} with the `{}` profile, on {}:\n",
        text::power(&setup, from),
        text::power(&setup, to),
        text::clauses(&view, &clauses),
        text::power(&setup, to),
        temper.id,
        setup.calendar.date(0).long(),
    );
    for line in text::breakdown(&view, to, from, &a) {
        out.push_str(&line);
        out.push('\n');
    }
    Ok(out)
}

fn power(setup: &Setup, id: &str, what: &str) -> Result<PowerId, Failure> {
    setup.power_id(id).ok_or_else(|| {
        unknown(
            what,
            "power",
            id,
            setup.powers.iter().map(|p| p.id.as_str()),
        )
    })
}

fn unknown<'k>(
    what: &str,
    kind: &str,
    id: &str,
    known: impl Iterator<Item = &'k str> + Clone,
) -> Failure {
    let hint = text::did_you_mean(id, known.clone())
        .map(|k| format!("did you mean `{k}`? "))
        .unwrap_or_default();
    Failure::usage(format!(
        "{what}: unknown {kind} `{}` ({hint}known: {})",
        terminal_safe(id),
        known.collect::<Vec<_>>().join(", ")
    ))
}

/// `spheres export WHAT [--out DIR]`: a built-in file, printed or written
/// into a folder (never over a file that is there).
pub fn export(what: cli::Exported, out: Option<&Path>, json: bool) -> Result<String, Failure> {
    let (name, text) = match what {
        cli::Exported::Scenario => ("summer1939", scenario::SUMMER_1939),
        cli::Exported::PolishQuestion => ("polish_question", scenario::POLISH_QUESTION),
        cli::Exported::Map => ("europe", scenario::map::EUROPE),
    };
    if !json {
        return write_new(out, &format!("{name}.ron"), text.to_string());
    }
    let value = match what {
        cli::Exported::Map => {
            let file: scenario::map::MapFile = ron::from_str(text)
                .map_err(|e| Failure::failed(format!("the embedded map: {e}")))?;
            serde_json::to_value(file)
        }
        _ => serde_json::to_value(scenario::parse(name, text)?),
    }
    .map_err(|e| Failure::failed(format!("could not write JSON: {e}")))?;
    let mut text = serde_json::to_string_pretty(&value)
        .map_err(|e| Failure::failed(format!("could not write JSON: {e}")))?;
    text.push('\n');
    write_new(out, &format!("{name}.json"), text)
}

/// `spheres schema`: the JSON Schema of a file format.
pub fn schema(what: cli::Schemed, out: Option<&Path>) -> Result<String, Failure> {
    let (name, schema) = match what {
        cli::Schemed::Scenario => (
            "scenario",
            schemars::schema_for!(scenario::schema::ScenarioFile),
        ),
        cli::Schemed::Mod => ("mod", schemars::schema_for!(scenario::mods::ModFile)),
        cli::Schemed::Map => ("map", schemars::schema_for!(scenario::map::MapFile)),
    };
    let mut value = schema.to_value();
    for_modders(&mut value);
    let mut text = serde_json::to_string_pretty(&value)
        .map_err(|e| Failure::failed(format!("could not write the schema: {e}")))?;
    text.push('\n');
    write_new(out, &format!("spheres-{name}.schema.json"), text)
}

/// The descriptions (the code's own documentation) without the code's
/// link syntax: "[`super::FORMAT`]" reads "`FORMAT`".
fn for_modders(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                if let (true, serde_json::Value::String(text)) = (key == "description", &mut *v) {
                    let mut plain = text.replace("[`", "`").replace("`]", "`");
                    for path in ["crate::rules::", "crate::", "super::"] {
                        plain = plain.replace(path, "");
                    }
                    *text = plain;
                } else {
                    for_modders(v);
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(for_modders),
        _ => {}
    }
}

/// Prints `text`, or writes it as `name` into the folder `out`, never over
/// a file that is there.
fn write_new(out: Option<&Path>, name: &str, text: String) -> Result<String, Failure> {
    let Some(dir) = out else {
        return Ok(text);
    };
    if !dir.is_dir() {
        return Err(Failure::failed(format!(
            "--out {}: no such folder (create it first, or give another)",
            terminal_safe(&dir.display().to_string())
        )));
    }
    let path = dir.join(name);
    if std::fs::symlink_metadata(&path).is_ok() {
        return Err(Failure::failed(format!(
            "{} is already there: it was left as it was (move it, or export into another folder)",
            terminal_safe(&path.display().to_string())
        )));
    }
    crate::files::write_atomically(&path, text.as_bytes())?;
    Ok(format!(
        "spheres: wrote {}\n",
        terminal_safe(&path.display().to_string())
    ))
}

/// `spheres regions`: every region of the map (with a mod's own regions),
/// and what the scenario draws there.
pub fn regions(scenario_path: Option<&Path>) -> Result<String, Failure> {
    let loaded = load_scenario(scenario_path)?;
    let setup = loaded.setup;
    let mut map = scenario::map::europe()?;
    if let Some(folder) = scenario_path.filter(|p| p.is_dir())
        && let Some(extra) = scenario::mods::map_overlay(folder)?
    {
        map = map.overlay(&extra);
    }
    let mut out = format!(
        "{} regions of the map ({}); what {} draws there:\n",
        map.regions.len(),
        terminal_safe(&map.source),
        terminal_safe(&setup.title)
    );
    let width = map.regions.iter().map(|r| r.id.len()).max().unwrap_or(0);
    for r in &map.regions {
        let role = if let Some(s) = setup.state_id(&r.id) {
            format!("state {}", setup.state(s).name)
        } else if let Some(p) = setup.power_id(&r.id) {
            format!("power {}", setup.power(p).name)
        } else {
            "context (drawn neutral)".to_string()
        };
        out.push_str(&format!(
            "{:width$}  {:24}  {}\n",
            terminal_safe(&r.id),
            terminal_safe(&r.name),
            terminal_safe(&role)
        ));
    }
    let missing: Vec<&str> = setup
        .states
        .iter()
        .map(|s| s.id.as_str())
        .chain(setup.powers.iter().map(|p| p.id.as_str()))
        .filter(|id| map.region(id).is_none())
        .collect();
    if !missing.is_empty() {
        out.push_str(&format!(
            "not on the map (not drawn): {}\n",
            missing.join(", ")
        ));
    }
    Ok(out)
}
