//! The external-bot protocol (JSON lines; see docs/bot-protocol.md): what a
//! power may know and do, encoded for a bot, and the bot's actions and
//! answers decoded back into the game's own [`Action`]s. Decoding never
//! panics: anything malformed is an error saying what is wrong.

use crate::ai::Reply;
use crate::rules::clause::{self, Clause, Consequence, MapIds, Secret};
use crate::rules::ids::{BlocId, PowerId, ProposalId, StateId, TreatyId};
use crate::rules::intel::Perspective;
use crate::rules::model::evaluate;
use crate::rules::setup::Profile;
use crate::rules::text::terminal_safe;
use crate::rules::view::{PendingOffer, View, ViewExt};
use crate::rules::{Action, action};
use serde_json::{Map, Value, json};

/// The protocol version this build speaks: it changes only when a message
/// changes in a way an older bot would misread (a bot that does not know
/// the version passes).
pub const PROTOCOL_VERSION: u32 = 1;
/// Additions within the version (fields and actions an older bot may
/// ignore): 2 added secret clauses, the `due`, `records`, `claims` and
/// `fronts` of the world, and the `carry_out`/`back_down` actions; 3 added
/// `protocols` in `hello`, the `breakdown` of each assessment, and
/// `preview` requests.
pub const PROTOCOL_REVISION: u32 = 3;
/// The protocol versions this build speaks. A bot that says `"protocol":
/// 2` in an answer lives for a whole tournament worker: each later match
/// opens with `new_match` instead of a new process (docs/bot-protocol.md).
pub const PROTOCOLS: [u32; 2] = [1, 2];
/// Most `preview` requests answered while the game waits for one answer.
pub const MAX_PREVIEWS: usize = 256;

fn power(view: &dyn View, p: PowerId) -> Value {
    json!(view.setup().power(p).id)
}

/// A clause's ids as the protocol writes them.
struct ToText<'v>(&'v dyn View);

impl MapIds<PowerId, StateId, BlocId, TreatyId> for ToText<'_> {
    type P = String;
    type S = String;
    type B = String;
    type T = u32;
    type Error = std::convert::Infallible;
    fn power(&mut self, _: &str, _: &'static str, p: &PowerId) -> Result<String, Self::Error> {
        Ok(self.0.setup().power(*p).id.clone())
    }
    fn state(&mut self, _: &str, s: &StateId) -> Result<String, Self::Error> {
        Ok(self.0.setup().state(*s).id.clone())
    }
    fn bloc(&mut self, _: &str, b: &BlocId) -> Result<String, Self::Error> {
        Ok(self.0.setup().bloc(*b).id.clone())
    }
    fn treaty(&mut self, _: &str, t: &TreatyId) -> Result<u32, Self::Error> {
        Ok(t.0)
    }
}

/// A clause's ids read from the protocol, each checked.
struct FromText<'v>(&'v dyn View);

impl MapIds<String, String, String, u32> for FromText<'_> {
    type P = PowerId;
    type S = StateId;
    type B = BlocId;
    type T = TreatyId;
    type Error = ProtocolError;
    fn power(&mut self, _: &str, _: &'static str, p: &String) -> Result<PowerId, ProtocolError> {
        self.0
            .setup()
            .power_id(p)
            .ok_or_else(|| ProtocolError::Unknown("power", terminal_safe(p).into_owned()))
    }
    fn state(&mut self, _: &str, s: &String) -> Result<StateId, ProtocolError> {
        self.0
            .setup()
            .state_id(s)
            .ok_or_else(|| ProtocolError::Unknown("state", terminal_safe(s).into_owned()))
    }
    fn bloc(&mut self, _: &str, b: &String) -> Result<BlocId, ProtocolError> {
        let setup = self.0.setup();
        setup
            .bloc_ids()
            .find(|x| setup.bloc(*x).id == *b)
            .ok_or_else(|| ProtocolError::Unknown("bloc", terminal_safe(b).into_owned()))
    }
    fn treaty(&mut self, _: &str, t: &u32) -> Result<TreatyId, ProtocolError> {
        Ok(TreatyId(*t))
    }
}

/// A clause as JSON.
pub fn clause_json(view: &dyn View, c: &Clause) -> Value {
    match c.map(&mut ToText(view)) {
        Ok(text) => clause::clause_json(&text),
        Err(never) => match never {},
    }
}

/// A document's clauses as JSON, each secret one marked `"secret": true`.
fn clauses_json(view: &dyn View, clauses: &[Clause], secret: Secret) -> Vec<Value> {
    clauses
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let mut v = clause_json(view, c);
            if secret.has(i) {
                v["secret"] = json!(true);
            }
            v
        })
        .collect()
}

fn offer_json(view: &dyn View, o: &PendingOffer) -> Value {
    let cal = &view.setup().calendar;
    json!({
        "id": o.id.0,
        "from": power(view, o.from),
        "to": power(view, o.to),
        "clauses": clauses_json(view, &o.clauses, o.secret),
        "sent": cal.date(o.sent_day).to_string(),
        "deadline": cal.date(o.deadline_day).to_string(),
        "ultimatum": o.ultimatum.map(|c| c.name()),
    })
}

/// What `me` may know of the world (its [`Perspective`]): public facts,
/// its own memory and trust, the treaties it knows of (the public clauses
/// of others' secret ones), and the proposals addressed to it or sent by
/// it.
pub fn world_json(view: &dyn View, me: PowerId) -> Value {
    let known = Perspective::new(view, me);
    let view: &dyn View = &known;
    let setup = view.setup();
    let n = setup.power_count();
    let mut relations = Vec::new();
    for a in 0..n {
        for b in a + 1..n {
            relations.push(json!({"a": setup.powers[a].id, "b": setup.powers[b].id, "relation": view.relation(PowerId(a as u8), PowerId(b as u8)).name()}));
        }
    }
    let spheres: Map<String, Value> = setup
        .state_ids()
        .map(|s| (setup.state(s).id.clone(), power(view, view.sphere(s))))
        .collect();
    let controllers: Map<String, Value> = setup
        .state_ids()
        .map(|s| (setup.state(s).id.clone(), power(view, view.controller(s))))
        .collect();
    let opinions: Map<String, Value> = setup
        .power_ids()
        .filter(|p| *p != me)
        .map(|p| {
            (setup.power(p).id.clone(), json!({"our_opinion": view.opinion(me, p), "our_trust": view.trust(me, p), "talks_ended_by_us": view.talks_ended(me, p), "talks_ended_by_them": view.talks_ended(p, me)}))
        })
        .collect();
    let records: Map<String, Value> = setup
        .power_ids()
        .map(|p| {
            let st = view.standing(p);
            (setup.power(p).id.clone(), json!({"threats_carried_out": st.carried_out, "threats_backed_down": st.backed_down, "toll": st.toll}))
        })
        .collect();
    let claims: Vec<Value> = setup
        .state_ids()
        .flat_map(|s| view.claims_on(s))
        .map(|c| json!({"state": setup.state(c.state).id, "claimant": power(view, c.claimant), "recognised_by": power(view, c.by), "treaty": c.treaty.0}))
        .collect();
    let due: Vec<Value> = view
        .due()
        .filter(|o| o.from == me)
        .map(|o| {
            let c = crate::rules::threat::choice(view, o);
            let mut v = offer_json(view, o);
            v["decide_by"] = json!(setup.calendar.date(o.deadline_day).to_string());
            v["cost_carry_out"] = json!(c.carry_out);
            v["cost_back_down"] = json!(c.back_down);
            v
        })
        .collect();
    json!({
        "turn": view.turn(),
        "date": setup.calendar.date(view.day()).to_string(),
        "relations": relations,
        "spheres": spheres,
        "controllers": controllers,
        "treaties": view.treaties().map(|t| json!({"id": t.id.0, "name": t.name, "parties": t.parties.iter().map(|p| power(view, *p)).collect::<Vec<_>>(), "clauses": clauses_json(view, &t.clauses, t.secret)})).collect::<Vec<_>>(),
        "blocs": setup.bloc_ids().map(|b| json!({"id": setup.bloc(b).id, "members": view.members(b).iter().map(|p| power(view, *p)).collect::<Vec<_>>()})).collect::<Vec<_>>(),
        "inbox": view.pending().filter(|o| o.to == me).map(|o| offer_json(view, o)).collect::<Vec<_>>(),
        "sent": view.pending().filter(|o| o.from == me).map(|o| offer_json(view, o)).collect::<Vec<_>>(),
        "due": due,
        "opinions": opinions,
        "records": records,
        "claims": claims,
        "fronts": view.fronts().map(|f| json!({"attacker": power(view, f.attacker), "state": setup.state(f.state).id, "progress": f.progress})).collect::<Vec<_>>(),
        "objectives": setup.objectives.iter().filter(|o| o.power == me).map(|o| json!({"id": o.id, "description": o.description, "points": o.points, "holds": o.condition.holds(view), "share": o.share(view)})).collect::<Vec<_>>(),
    })
}

/// The opening message: who the bot plays and the scenario's tables.
pub fn hello(view: &dyn View, me: PowerId) -> Value {
    let setup = &view.setup();
    json!({
        "type": "hello",
        "version": PROTOCOL_VERSION,
        "revision": PROTOCOL_REVISION,
        "protocols": PROTOCOLS,
        "you": power(view, me),
        "scenario": setup.id,
        "turns": setup.turns(),
        "powers": setup.powers.iter().map(|p| json!({"id": p.id, "name": p.name, "great": p.great})).collect::<Vec<_>>(),
        "states": setup.states.iter().map(|s| json!({"id": s.id, "name": s.name})).collect::<Vec<_>>(),
        "blocs": setup.blocs.iter().map(|b| b.id.clone()).collect::<Vec<_>>(),
    })
}

/// The request for this turn's actions, with the powers `me` may address.
pub fn act_request(view: &dyn View, me: PowerId) -> Value {
    let setup = &view.setup();
    json!({
        "type": "act",
        "version": PROTOCOL_VERSION,
        "revision": PROTOCOL_REVISION,
        "you": power(view, me),
        "world": world_json(view, me),
        "may_propose_to": setup.power_ids().filter(|p| view.may_propose(me, *p)).map(|p| power(view, p)).collect::<Vec<_>>(),
        "max_clauses": action::MAX_CLAUSES,
        "max_deadline_days": action::MAX_DEADLINE_DAYS,
    })
}

/// The request to answer offers, each with our own model's assessment.
pub fn answer_request(
    view: &dyn View,
    me: PowerId,
    offers: &[&PendingOffer],
    temper: &Profile,
) -> Value {
    json!({
        "type": "answer",
        "version": PROTOCOL_VERSION,
        "revision": PROTOCOL_REVISION,
        "you": power(view, me),
        "world": world_json(view, me),
        "offers": offers.iter().map(|o| {
            let known = Perspective::new(view, me);
            let a = evaluate(&known, &crate::ai::as_offer(o), temper);
            let mut v = offer_json(view, o);
            v["assessment"] = json!({
                "margin": a.margin,
                "probability": a.probability,
                "breakdown": breakdown_json(&known, me, o.from, &a),
            });
            v
        }).collect::<Vec<_>>(),
    })
}

/// An assessment's itemised lines, whose values sum to its margin.
fn breakdown_json(
    view: &dyn View,
    receiver: PowerId,
    sender: PowerId,
    a: &crate::rules::model::Assessment,
) -> Vec<Value> {
    crate::rules::text::reasons(view, receiver, sender, a)
        .into_iter()
        .map(|r| json!({"factor": r.factor, "label": r.label, "value": r.value}))
        .collect()
}

/// The answer to a bot's `preview` request (`{"type": "preview", "to": P,
/// "clauses": [...], "deadline_days": N, "ultimatum": null|CONSEQUENCE}`):
/// the estimate its power would see in the composer, made from what it
/// knows, or why the draft cannot be weighed.
pub fn preview(view: &dyn View, me: PowerId, request: &Value) -> Value {
    let answer = |body: Value| {
        let mut v =
            json!({"type": "preview", "version": PROTOCOL_VERSION, "revision": PROTOCOL_REVISION});
        if let (Value::Object(m), Value::Object(b)) = (&mut v, body) {
            m.extend(b);
        }
        v
    };
    match preview_estimate(view, me, request) {
        Ok(v) => answer(v),
        Err(why) => answer(json!({"error": why.to_string()})),
    }
}

fn preview_estimate(view: &dyn View, me: PowerId, request: &Value) -> Result<Value, ProtocolError> {
    let to = power_of(view, request, "to")?;
    let (clauses, secret) = document(view, request, "clauses")?;
    let deadline = match request.get("deadline_days") {
        None | Some(Value::Null) => view.setup().model.deadline(),
        Some(_) => days(request)?,
    };
    let kind = match request.get("ultimatum") {
        None | Some(Value::Null) => crate::rules::model::OfferKind::Proposal,
        Some(c) => crate::rules::model::OfferKind::Ultimatum(consequence(c)?),
    };
    let known = Perspective::new(view, me);
    let day = known.day();
    let offer = crate::rules::model::Offer {
        kind,
        ..crate::rules::model::Offer::proposal(me, to, &clauses, day, day + deadline).secret(secret)
    };
    let e = crate::rules::model::estimate(&known, me, &offer);
    Ok(json!({
        "to": power(view, to),
        "estimate": {
            "low": e.low,
            "high": e.high,
            "margin": e.assessment.margin,
            "spread": e.spread,
            "probability": e.assessment.probability,
            "vetoed_by": e.assessment.vetoed_by.map(|l| view.setup().leader(l).id.clone()),
            "doubts": e.doubts.iter().map(|d| d.describe()).collect::<Vec<_>>(),
            "breakdown": breakdown_json(&known, to, me, &e.assessment),
        },
    }))
}

/// Why a bot's line, action or answer cannot be used. The text is what the
/// match log shows and what `docs/bot-protocol.md` promises.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ProtocolError {
    #[error("not JSON: {0}")]
    NotJson(String),
    #[error("expected {{\"{0}\": [...]}}")]
    NotList(&'static str),
    #[error("{0} actions in one turn; at most {MAX_ACTIONS}")]
    TooManyActions(usize),
    #[error("`{0}` must be a string")]
    NotText(&'static str),
    #[error("`{0}` must be a whole number")]
    NotNumber(&'static str),
    #[error("`{0}` must be true or false")]
    NotFlag(&'static str),
    #[error("`{0}` is out of range")]
    OutOfRange(&'static str),
    #[error("unknown {0} `{1}`")]
    Unknown(&'static str, String),
    #[error("`{0}` must be a list of clauses")]
    NotClauses(&'static str),
    #[error("`{0}` has more than {max} clauses", max = action::MAX_CLAUSES)]
    TooManyClauses(&'static str),
    #[error("`deadline_days` must be 1 to {max}", max = action::MAX_DEADLINE_DAYS)]
    Deadline,
    #[error(
        "`consequence` must be sever_relations, end_talks, declare_war or {{\"denounce\": TREATY}}"
    )]
    Consequence,
    #[error("unknown action kind `{0}`")]
    UnknownAction(String),
    #[error("`answer` must be accept, reject or wait (or give `counter`)")]
    Answer,
    #[error(transparent)]
    Clause(#[from] clause::ClauseJsonError),
}

/// The most actions a bot may send in one turn.
pub const MAX_ACTIONS: usize = 32;

fn text<'v>(v: &'v Value, key: &'static str) -> Result<&'v str, ProtocolError> {
    v.get(key)
        .and_then(Value::as_str)
        .ok_or(ProtocolError::NotText(key))
}

fn number(v: &Value, key: &'static str) -> Result<u64, ProtocolError> {
    v.get(key)
        .and_then(Value::as_u64)
        .ok_or(ProtocolError::NotNumber(key))
}

fn power_of(view: &dyn View, v: &Value, key: &'static str) -> Result<PowerId, ProtocolError> {
    FromText(view).power(key, "", &text(v, key)?.to_string())
}

fn state_of(view: &dyn View, v: &Value, key: &'static str) -> Result<StateId, ProtocolError> {
    FromText(view).state(key, &text(v, key)?.to_string())
}

fn proposal_of(v: &Value) -> Result<ProposalId, ProtocolError> {
    u32::try_from(number(v, "proposal")?)
        .map(ProposalId)
        .map_err(|_| ProtocolError::OutOfRange("proposal"))
}

fn treaty_of(v: &Value, key: &'static str) -> Result<TreatyId, ProtocolError> {
    u32::try_from(number(v, key)?)
        .map(TreatyId)
        .map_err(|_| ProtocolError::OutOfRange(key))
}

/// Decodes a clause.
pub fn decode_clause(view: &dyn View, v: &Value) -> Result<Clause, ProtocolError> {
    clause::clause_from_json(v)?.map(&mut FromText(view))
}

fn clauses(view: &dyn View, v: &Value, key: &'static str) -> Result<Vec<Clause>, ProtocolError> {
    document(view, v, key).map(|(clauses, _)| clauses)
}

/// A list of clauses, each of which may say `"secret": true`.
fn document(
    view: &dyn View,
    v: &Value,
    key: &'static str,
) -> Result<(Vec<Clause>, Secret), ProtocolError> {
    let list = v
        .get(key)
        .and_then(Value::as_array)
        .ok_or(ProtocolError::NotClauses(key))?;
    if list.len() > action::MAX_CLAUSES {
        return Err(ProtocolError::TooManyClauses(key));
    }
    let mut secret = Secret::NONE;
    let mut out = Vec::with_capacity(list.len());
    for (i, c) in list.iter().enumerate() {
        let mut c = c.clone();
        match c.as_object_mut().and_then(|o| o.remove("secret")) {
            None | Some(Value::Bool(false)) => {}
            Some(Value::Bool(true)) => secret = secret.with(i),
            Some(_) => return Err(ProtocolError::NotFlag("secret")),
        }
        out.push(decode_clause(view, &c)?);
    }
    Ok((out, secret))
}

fn days(v: &Value) -> Result<u32, ProtocolError> {
    let d = number(v, "deadline_days")?;
    u32::try_from(d)
        .ok()
        .filter(|d| (1..=action::MAX_DEADLINE_DAYS).contains(d))
        .ok_or(ProtocolError::Deadline)
}

/// A threatened consequence: `sever_relations`, `end_talks`, `declare_war`
/// or `{"denounce": TREATY}`.
fn consequence(v: &Value) -> Result<Consequence, ProtocolError> {
    Ok(match v {
        Value::String(s) if s == "sever_relations" => Consequence::SeverRelations,
        Value::String(s) if s == "end_talks" => Consequence::EndTalks,
        Value::String(s) if s == "declare_war" => Consequence::DeclareWar,
        Value::Object(o) if o.contains_key("denounce") => {
            Consequence::Denounce(treaty_of(v, "denounce")?)
        }
        _ => return Err(ProtocolError::Consequence),
    })
}

/// Decodes one action.
pub fn decode_action(view: &dyn View, v: &Value) -> Result<Action, ProtocolError> {
    let kind = text(v, "kind")?;
    Ok(match kind {
        "propose" => {
            let (clauses, secret) = document(view, v, "clauses")?;
            Action::Propose {
                to: power_of(view, v, "to")?,
                clauses,
                deadline_days: days(v)?,
                secret,
            }
        }
        "carry_out" => Action::CarryOut {
            proposal: proposal_of(v)?,
        },
        "back_down" => Action::BackDown {
            proposal: proposal_of(v)?,
        },
        "ultimatum" => Action::Ultimatum {
            to: power_of(view, v, "to")?,
            demands: clauses(view, v, "demands")?,
            deadline_days: days(v)?,
            secret: Secret::NONE,
            consequence: consequence(v.get("consequence").unwrap_or(&Value::Null))?,
        },
        "summit" => {
            let (clauses, secret) = document(view, v, "clauses")?;
            Action::Summit {
                with: power_of(view, v, "with")?,
                rounds: u8::try_from(number(v, "rounds")?)
                    .map_err(|_| ProtocolError::OutOfRange("rounds"))?,
                clauses,
                secret,
            }
        }
        "sever_relations" => Action::SeverRelations {
            with: power_of(view, v, "with")?,
        },
        "restore_relations" => Action::RestoreRelations {
            with: power_of(view, v, "with")?,
        },
        "recall_ambassador" => Action::RecallAmbassador {
            from: power_of(view, v, "from")?,
        },
        "end_talks" => Action::EndTalks {
            with: power_of(view, v, "with")?,
        },
        "declare_war" => Action::DeclareWar {
            on: power_of(view, v, "on")?,
        },
        "invade" => Action::Invade {
            state: state_of(view, v, "state")?,
        },
        "denounce" => Action::Denounce {
            treaty: treaty_of(v, "treaty")?,
        },
        k => return Err(ProtocolError::UnknownAction(terminal_safe(k).into_owned())),
    })
}

/// Decodes a bot's reply to `act`: `{"actions": [...]}`. Each action is
/// decoded on its own: good ones are kept, bad ones reported.
pub fn decode_actions(
    view: &dyn View,
    line: &str,
) -> Result<Vec<Result<Action, ProtocolError>>, ProtocolError> {
    let v: Value = serde_json::from_str(line).map_err(|e| ProtocolError::NotJson(e.to_string()))?;
    let list = v
        .get("actions")
        .and_then(Value::as_array)
        .ok_or(ProtocolError::NotList("actions"))?;
    if list.len() > MAX_ACTIONS {
        return Err(ProtocolError::TooManyActions(list.len()));
    }
    Ok(list.iter().map(|a| decode_action(view, a)).collect())
}

/// One decoded answer: the proposal, and the reply or why it is unusable.
pub type DecodedAnswer = (ProposalId, Result<Reply, ProtocolError>);

/// Decodes a bot's reply to `answer`: `{"answers": [{"proposal": ID,
/// "answer": "accept"|"reject"|"wait"} or {"proposal": ID, "counter": [...]}]}`.
pub fn decode_answers(view: &dyn View, line: &str) -> Result<Vec<DecodedAnswer>, ProtocolError> {
    let v: Value = serde_json::from_str(line).map_err(|e| ProtocolError::NotJson(e.to_string()))?;
    let list = v
        .get("answers")
        .and_then(Value::as_array)
        .ok_or(ProtocolError::NotList("answers"))?;
    let mut out = Vec::new();
    for a in list.iter().take(256) {
        let id = number(a, "proposal")
            .and_then(|n| u32::try_from(n).map_err(|_| ProtocolError::OutOfRange("proposal")))?;
        let reply = if let Some(c) = a.get("counter") {
            clauses(view, &json!({"counter": c}), "counter").map(Reply::Counter)
        } else {
            match a.get("answer").and_then(Value::as_str) {
                Some("accept") => Ok(Reply::Accept),
                Some("reject") => Ok(Reply::Reject),
                Some("wait") => Ok(Reply::Wait),
                _ => Err(ProtocolError::Answer),
            }
        };
        out.push((ProposalId(id), reply));
    }
    Ok(out)
}

/// The last message: how the match ended.
pub fn end_message(view: &dyn View, outcome: &str, scores: &[f32]) -> Value {
    let s: Map<String, Value> = view
        .setup()
        .powers
        .iter()
        .zip(scores)
        .map(|(p, v)| (p.id.clone(), json!(v)))
        .collect();
    json!({"type": "end", "version": PROTOCOL_VERSION, "revision": PROTOCOL_REVISION, "outcome": outcome, "scores": s})
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testkit::{p, tiny};

    #[test]
    fn clauses_and_actions_round_trip_through_json() {
        let view = tiny();
        let (alpha, beta) = (p(&view, "alpha"), p(&view, "beta"));
        let north = view.setup().state_id("north").unwrap();
        let clauses = vec![
            Clause::NonAggression,
            Clause::TerritorialProtocol(vec![(north, alpha)]),
            Clause::Trade {
                goods: crate::rules::clause::Goods::Credits,
                to: beta,
            },
        ];
        for c in &clauses {
            assert_eq!(decode_clause(&view, &clause_json(&view, c)).unwrap(), *c);
        }
        let line = r#"{"actions": [{"kind": "propose", "to": "beta", "deadline_days": 14, "clauses": [{"kind": "non_aggression"}]},
                                   {"kind": "sever_relations", "with": "gamma"}, {"kind": "fly"}, {"kind": "invade", "state": "atlantis"}]}"#;
        let out = decode_actions(&view, line).unwrap();
        assert_eq!(
            out[0],
            Ok(Action::Propose {
                to: beta,
                clauses: vec![Clause::NonAggression],
                deadline_days: 14,
                secret: crate::rules::clause::Secret::NONE,
            })
        );
        assert!(out[1].is_ok());
        assert_eq!(out[2], Err(ProtocolError::UnknownAction("fly".into())));
        assert_eq!(
            out[3],
            Err(ProtocolError::Unknown("state", "atlantis".into()))
        );
        assert_eq!(
            out[3].as_ref().unwrap_err().to_string(),
            "unknown state `atlantis`"
        );
        assert!(decode_actions(&view, "garbage").is_err());
        assert!(decode_actions(&view, "{}").is_err());
        let answers = decode_answers(&view, r#"{"answers": [{"proposal": 3, "answer": "accept"}, {"proposal": 4, "answer": "maybe"}]}"#).unwrap();
        assert_eq!(answers[0], (ProposalId(3), Ok(Reply::Accept)));
        assert!(answers[1].1.is_err());
    }
}
