//! Rendering a finished match: the JSON contract of DESIGN §6 and the
//! readable, dated text timeline.

use crate::rules::clause::Clause;
use crate::rules::event::Event;
use crate::rules::history;
use crate::rules::relation::Relation;
use crate::rules::text;
use crate::rules::view::View;
use crate::sim::MatchResult;
use crate::sim::authority::Control;
use serde_json::{Map, Value, json};

fn power_id(r: &MatchResult, p: Option<crate::rules::PowerId>) -> Value {
    p.and_then(|p| r.setup.powers.get(p.index()))
        .map_or(Value::Null, |d| Value::String(d.id.clone()))
}

fn profile_name(r: &MatchResult, c: &Control) -> String {
    c.name(&r.setup)
}

/// A clause as JSON: its kind, the states it concerns, and the words.
pub fn clause_json(r: &MatchResult, c: &Clause) -> Value {
    let states: Vec<Value> = c
        .states()
        .iter()
        .map(|s| Value::String(r.setup.state(*s).id.clone()))
        .collect();
    let mut m = Map::new();
    m.insert("kind".into(), json!(c.kind().name()));
    m.insert("states".into(), Value::Array(states));
    if let Clause::TerritorialProtocol(assignments) = c {
        let a: Map<String, Value> = assignments
            .iter()
            .map(|(s, p)| (r.setup.state(*s).id.clone(), json!(r.setup.power(*p).id)))
            .collect();
        m.insert("assignments".into(), Value::Object(a));
    }
    m.insert("text".into(), json!(text::clause(&r.world, c)));
    Value::Object(m)
}

fn event_json(r: &MatchResult, e: &Event) -> Value {
    let mut m = Map::new();
    m.insert("turn".into(), json!(e.turn));
    m.insert(
        "date".into(),
        json!(r.setup.calendar.date(e.day).to_string()),
    );
    m.insert("kind".into(), json!(e.kind.name()));
    m.insert("from".into(), power_id(r, e.from));
    m.insert("to".into(), power_id(r, e.to));
    m.insert("summary".into(), json!(e.summary));
    if let Some(id) = &e.scripted {
        m.insert("event".into(), json!(id));
    }
    if let Some(p) = e.proposal {
        m.insert("proposal".into(), json!(p.0));
    }
    if !e.clauses.is_empty() {
        m.insert(
            "clauses".into(),
            Value::Array(e.clauses.iter().map(|c| clause_json(r, c)).collect()),
        );
    }
    if let Some(s) = e.state {
        m.insert("state".into(), json!(r.setup.state(s).id));
    }
    if let Some(t) = e.treaty {
        m.insert("treaty".into(), json!(t.0));
    }
    if let Some(p) = e.probability {
        m.insert("probability".into(), json!(round3(p)));
    }
    if let Some(margin) = e.margin {
        m.insert("margin".into(), json!(round3(margin)));
        m.insert(
            "breakdown".into(),
            Value::Array(
                e.breakdown
                    .iter()
                    .map(
                        |l| json!({"factor": l.factor, "label": l.label, "value": round3(l.value)}),
                    )
                    .collect(),
            ),
        );
    }
    if let Some(why) = &e.reason {
        m.insert("reason".into(), json!(why));
    }
    if !e.objectors.is_empty() {
        let names: Vec<Value> = e
            .objectors
            .iter()
            .map(|l| json!(r.setup.leader(*l).id))
            .collect();
        m.insert("objectors".into(), Value::Array(names));
    }
    if !e.audience.is_empty() || e.secret.any() {
        // The match record is omniscient; it says what was secret, and who
        // learnt of it.
        m.insert("secret".into(), json!(true));
        let who = if e.audience.is_empty() {
            e.from.iter().chain(&e.to).copied().collect::<Vec<_>>()
        } else {
            e.audience.clone()
        };
        m.insert(
            "known_to".into(),
            Value::Array(who.iter().map(|p| power_id(r, Some(*p))).collect()),
        );
        if e.secret.any()
            && let Some(Value::Array(clauses)) = m.get_mut("clauses")
        {
            for (i, c) in clauses.iter_mut().enumerate() {
                if e.secret.has(i) {
                    c["secret"] = json!(true);
                }
            }
        }
    }
    Value::Object(m)
}

/// The history beats as JSON, and the fidelity.
fn history_json(r: &MatchResult) -> (Vec<Value>, f32) {
    let results = history::judge(&r.setup, &r.events);
    let cal = &r.setup.calendar;
    let out = results
        .iter()
        .map(|b| {
            json!({
                "beat": b.beat.id,
                "what": b.beat.what,
                "expected": if b.beat.never { Value::Null } else { json!(cal.date(b.beat.day).to_string()) },
                "never": b.beat.never,
                "happened": b.day.is_some(),
                "date": b.day.map(|d| cal.date(d).to_string()),
                "days_off": b.days_off,
                "met": b.met,
            })
        })
        .collect();
    (out, history::fidelity(&results))
}

fn round3(x: f32) -> f64 {
    (f64::from(x) * 1000.0).round() / 1000.0
}

/// Every objective at the end: its id, power, points, and the share of
/// them earned (1 met, 0 not, between for a grade).
fn objectives_json(r: &MatchResult) -> Vec<Value> {
    r.setup
        .objectives
        .iter()
        .enumerate()
        .map(|(i, o)| {
            let share = r.world.objective_share(i);
            json!({
                "id": o.id,
                "power": r.setup.power(o.power).id,
                "points": round3(o.points),
                "share": round3(share),
                "earned": round3(share * o.points) + 0.0,
            })
        })
        .collect()
}

/// The match as one JSON object (DESIGN §6).
pub fn json(r: &MatchResult) -> Result<String, serde_json::Error> {
    let setup = &r.setup;
    let profiles: Map<String, Value> = setup
        .powers
        .iter()
        .zip(&r.settings.controls)
        .map(|(p, c)| (p.id.clone(), json!(profile_name(r, c))))
        .collect();
    let scores: Map<String, Value> = setup
        .powers
        .iter()
        .zip(&r.scores)
        .map(|(p, s)| (p.id.clone(), json!(round3(*s))))
        .collect();
    let mut relations = Vec::new();
    let n = setup.power_count();
    for a in 0..n {
        for b in a + 1..n {
            let rel = r.world.pairs.get(a, b).relation;
            relations.push(json!({
                "a": setup.powers[a].id,
                "b": setup.powers[b].id,
                "relation": rel.name(),
            }));
        }
    }
    let spheres: Map<String, Value> = setup
        .states
        .iter()
        .zip(&r.world.territory)
        .map(|(s, t)| (s.id.clone(), json!(setup.power(t.sphere).id)))
        .collect();
    let treaties: Vec<Value> = r
        .world
        .treaties
        .iter()
        .map(|t| {
            let clauses: Vec<Value> = t
                .clauses
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let mut v = clause_json(r, c);
                    if t.secret.has(i) {
                        v["secret"] = json!(true);
                    }
                    v
                })
                .collect();
            let mut v = json!({
                "id": t.id.0,
                "name": t.name,
                "parties": t.parties.iter().map(|p| setup.power(*p).id.clone()).collect::<Vec<_>>(),
                "clauses": clauses,
            });
            if t.secret.any() {
                v["secret"] = json!(true);
                v["known_to"] = Value::Array(
                    t.parties
                        .iter()
                        .chain(&t.known_to)
                        .map(|p| json!(setup.power(*p).id))
                        .collect(),
                );
            }
            v
        })
        .collect();
    let shares: Map<String, Value> = setup
        .powers
        .iter()
        .zip(&r.shares)
        .map(|(p, s)| (p.id.clone(), json!(round3(*s))))
        .collect();
    let (history, fidelity) = history_json(r);
    let out = json!({
        "scenario": setup.id,
        "seed": r.settings.seed,
        "profiles": profiles,
        "events": r.events.iter().map(|e| event_json(r, e)).collect::<Vec<_>>(),
        "final": {
            "scores": scores,
            "shares": shares,
            "objectives": objectives_json(r),
            "winner": winners(r).iter().map(|p| setup.power(*p).id.clone()).collect::<Vec<_>>(),
            "relations": relations,
            "spheres": spheres,
            "treaties": treaties,
            "records": setup.power_ids().map(|p| {
                let st = r.world.standing(p);
                (setup.power(p).id.clone(), json!({"threats_carried_out": st.carried_out, "threats_backed_down": st.backed_down, "toll": round3(st.toll)}))
            }).collect::<Map<String, Value>>(),
        },
        "outcome": r.outcome,
        "history": history,
        "fidelity": round3(fidelity),
        "state_hash": format!("{:016x}", r.state_hash),
    });
    let mut s = serde_json::to_string_pretty(&out)?;
    s.push('\n');
    Ok(s)
}

/// The match as a readable, dated timeline. Every text that came from a
/// file or a bot is printed with control characters escaped.
pub fn text(r: &MatchResult) -> String {
    use std::fmt::Write;
    let safe = |t: &str| text::terminal_safe(t).into_owned();
    let setup = &r.setup;
    let cal = &setup.calendar;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "Spheres — {} (seed {})",
        safe(&setup.title),
        r.settings.seed
    );
    let profiles: Vec<String> = setup
        .powers
        .iter()
        .zip(&r.settings.controls)
        .map(|(p, c)| format!("{}={}", p.id, safe(&profile_name(r, c))))
        .collect();
    let _ = writeln!(s, "Profiles: {}", profiles.join(", "));
    let mut turn = 0;
    for e in &r.events {
        if e.turn != turn {
            turn = e.turn;
            let _ = writeln!(
                s,
                "\nTurn {turn} — week of {}",
                cal.date(cal.turn_start_day(turn)).long()
            );
        }
        let why = e
            .reason
            .as_deref()
            .map(|r| format!(" — {}", text::shown(r, 400)))
            .unwrap_or_default();
        let _ = writeln!(
            s,
            "  {}  {:<19} {}{why}",
            cal.date(e.day),
            e.kind.name(),
            text::shown(&e.summary, 2000)
        );
    }
    let end_day = cal.turn_start_day(r.settings.turns + 1);
    let _ = writeln!(s, "\nFinal position ({})", cal.date(end_day).long());
    let mut ranked: Vec<(usize, f32)> = r.scores.iter().copied().enumerate().collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let ranking: Vec<String> = ranked
        .iter()
        // `+ 0.0`: a score of nothing prints as 0, never -0.
        .map(|(i, v)| format!("{} {}", safe(&setup.powers[*i].name), v + 0.0))
        .collect();
    let _ = writeln!(s, "  Scores: {}", ranking.join(", "));
    for (i, o) in setup.objectives.iter().enumerate() {
        let share = r.world.objective_share(i);
        let mark = match share {
            x if x >= 1.0 - 1e-4 => "[x]",
            x if x <= 1e-4 => "[ ]",
            _ => "[~]",
        };
        let _ = writeln!(
            s,
            "  {mark} {} {}: {} of {} — {}",
            setup.power(o.power).id,
            o.id,
            round3(share * o.points) + 0.0,
            o.points,
            text::shown(&o.description, 400)
        );
    }
    let shares: Vec<String> = ranked
        .iter()
        .map(|(i, _)| {
            format!(
                "{} {:.0}%",
                safe(&setup.powers[*i].name),
                r.shares[*i] * 100.0
            )
        })
        .collect();
    let won: Vec<String> = winners(r)
        .iter()
        .map(|p| safe(&setup.power(*p).name))
        .collect();
    let won = if won.is_empty() {
        "nobody (no seat reached anything)".to_string()
    } else {
        won.join(" and ")
    };
    let _ = writeln!(
        s,
        "  Share of what each could reach: {}; the win: {won}",
        shares.join(", "),
    );
    let spheres: Vec<String> = setup
        .states
        .iter()
        .zip(&r.world.territory)
        .map(|(st, t)| format!("{} → {}", safe(&st.name), safe(&setup.power(t.sphere).name)))
        .collect();
    let _ = writeln!(s, "  Spheres: {}", spheres.join(", "));
    let mut strained = Vec::new();
    let n = setup.power_count();
    for a in 0..n {
        for b in a + 1..n {
            let rel = r.world.pairs.get(a, b).relation;
            if rel != Relation::Normal {
                strained.push(format!(
                    "{}–{} {}",
                    safe(&setup.powers[a].name),
                    safe(&setup.powers[b].name),
                    rel.name()
                ));
            }
        }
    }
    if !strained.is_empty() {
        let _ = writeln!(s, "  Relations: {}", strained.join(", "));
    }
    for t in &r.world.treaties {
        let _ = writeln!(
            s,
            "  In force: {} ({})",
            safe(&t.name),
            text::shown(&text::clauses(&r.world, &t.clauses), 2000)
        );
    }
    let description = setup
        .outcomes
        .iter()
        .find(|o| o.label == r.outcome)
        .map(|o| o.description.as_str())
        .unwrap_or("");
    let _ = writeln!(
        s,
        "Outcome: {} — {}",
        safe(&r.outcome),
        text::shown(description, 2000)
    );
    let results = history::judge(setup, &r.events);
    if !results.is_empty() {
        let _ = writeln!(s, "History:");
        for b in &results {
            let when = match (b.beat.never, b.day, b.days_off) {
                (true, None, _) => "never happened, as in history".to_string(),
                (true, Some(d), _) => format!("happened on {} (it never did)", cal.date(d)),
                (false, Some(d), Some(off)) => format!("{} ({off:+} days)", cal.date(d)),
                (false, _, _) => "did not happen".to_string(),
            };
            let _ = writeln!(
                s,
                "  [{}] {}: {when}",
                if b.met { "x" } else { " " },
                safe(&b.beat.id)
            );
        }
        let _ = writeln!(
            s,
            "Fidelity: {:.0}% of the beats met",
            history::fidelity(&results) * 100.0
        );
    }
    let _ = writeln!(s, "State hash: {:016x}", r.state_hash);
    s
}

/// Who won the match (see [`crate::rules::score::winners`]).
pub fn winners(r: &MatchResult) -> Vec<crate::rules::PowerId> {
    crate::rules::score::winners(&r.setup, &r.shares)
}
