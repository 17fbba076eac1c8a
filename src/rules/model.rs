//! The negotiation-acceptance model: one pure function that says how a
//! receiver judges a proposal or ultimatum, with an itemised breakdown whose
//! lines sum to the margin. AI powers decide with it, and the desktop's
//! acceptance preview shows it to a human before anything is sent.
//!
//! margin = clause values (security, territory, economy, prestige,
//! objectives; promises discounted by trust) + relationship (memory,
//! ideology) − reservation (conceding toward the deadline, raised by
//! competing offers) + war risk + leaders (leanings, red lines);
//! for ultimatums also + consequence × credibility − pride.
//! P(accept) = logistic(margin / temperature).

use super::clause::{Clause, ClauseKind, Consequence, Secret};
use super::ids::{LeaderId, PowerId, ProposalId, StateId};
use super::memory::MemoryKind;
use super::relation::Relation;
use super::setup::{Matter, ModelWeights, Profile};
use super::view::{View, ViewExt, WithClauses};

/// Whether the offer is a proposal or an ultimatum.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum OfferKind {
    Proposal,
    Ultimatum(Consequence),
}

/// What is being judged: `from` offers `clauses` to `to`.
#[derive(Copy, Clone, Debug)]
pub struct Offer<'a> {
    pub id: Option<ProposalId>,
    pub from: PowerId,
    pub to: PowerId,
    pub clauses: &'a [Clause],
    pub kind: OfferKind,
    pub sent_day: u32,
    pub deadline_day: u32,
    /// The clauses to be kept secret if it is signed.
    pub secret: Secret,
}

impl<'a> Offer<'a> {
    /// A proposal judged on the day it is sent.
    pub fn proposal(
        from: PowerId,
        to: PowerId,
        clauses: &'a [Clause],
        day: u32,
        deadline: u32,
    ) -> Self {
        Offer {
            id: None,
            from,
            to,
            clauses,
            kind: OfferKind::Proposal,
            sent_day: day,
            deadline_day: deadline,
            secret: Secret::NONE,
        }
    }

    /// With these clauses secret.
    pub fn secret(self, secret: Secret) -> Self {
        Offer {
            secret: secret.within(self.clauses.len()),
            ..self
        }
    }
}

/// Which factor a breakdown line stands for.
#[derive(Copy, Clone, Debug, PartialEq)]
pub enum Factor {
    /// Security from a partner's promise or strength.
    Security,
    /// A state gained for our sphere.
    Territory(StateId),
    /// A state lost from our sphere.
    SphereLoss(StateId),
    /// A rival's gain of a state.
    RivalGain(StateId),
    /// A claim to a state recognised (ours: +; a rival's: −), where the
    /// state's holder does not sign.
    Claim(StateId),
    /// What the resentment of a power we offend is to be feared.
    Resentment(PowerId),
    /// What our protectors (led by this one) shield us from a threat.
    Protection(PowerId),
    /// Ending a war.
    Peace,
    /// Other proposals of the sender's on our table.
    Importunity,
    Economy,
    Prestige,
    /// Being pulled into a partner's wars.
    Entanglement,
    /// Ending our isolation.
    Isolation,
    /// Promises are worth only what trust in the promiser makes them.
    TrustDiscount,
    /// An objective of ours is reached (+) or lost (−).
    Objective(u16),
    /// One remembered kind of act.
    Opinion(MemoryKind),
    /// One part of the ideological affinity between receiver and sender
    /// (an index into `Setup::affinity_parts`), or, with none, the mean
    /// affinity with a bloc's members.
    Affinity(Option<u8>),
    /// What we hold out for, conceding toward the deadline.
    Reservation,
    /// A competing offer raises the bar.
    Alternative(ProposalId),
    /// Refusing a strong, hostile power risks war.
    WarRisk,
    /// The ultimatum's threat, times the sender's credibility.
    Threat(Consequence),
    /// Giving in to an ultimatum stings the proudest leader.
    Pride(LeaderId),
    /// A leader's own leaning.
    Leaning(LeaderId),
    /// A leader's red line (index into his list).
    RedLine(LeaderId, u8),
}

impl Factor {
    /// Its key in JSON breakdowns.
    pub fn key(self) -> &'static str {
        match self {
            Factor::Security => "security",
            Factor::Territory(_) => "territory",
            Factor::SphereLoss(_) => "sphere_loss",
            Factor::RivalGain(_) => "rival_gain",
            Factor::Claim(_) => "claim",
            Factor::Resentment(_) => "resentment",
            Factor::Protection(_) => "protection",
            Factor::Peace => "peace",
            Factor::Importunity => "importunity",
            Factor::Economy => "economy",
            Factor::Prestige => "prestige",
            Factor::Entanglement => "entanglement",
            Factor::Isolation => "isolation",
            Factor::TrustDiscount => "trust_discount",
            Factor::Objective(_) => "objective",
            Factor::Opinion(_) => "opinion",
            Factor::Affinity(_) => "affinity",
            Factor::Reservation => "reservation",
            Factor::Alternative(_) => "alternative",
            Factor::WarRisk => "war_risk",
            Factor::Threat(_) => "threat",
            Factor::Pride(_) => "pride",
            Factor::Leaning(_) => "leaning",
            Factor::RedLine(_, _) => "red_line",
        }
    }

    /// The leader a line speaks for, if it is a leader's.
    pub fn leader(self) -> Option<LeaderId> {
        match self {
            Factor::Pride(id) | Factor::Leaning(id) | Factor::RedLine(id, _) => Some(id),
            Factor::Security
            | Factor::Territory(_)
            | Factor::SphereLoss(_)
            | Factor::RivalGain(_)
            | Factor::Claim(_)
            | Factor::Resentment(_)
            | Factor::Protection(_)
            | Factor::Peace
            | Factor::Importunity
            | Factor::Economy
            | Factor::Prestige
            | Factor::Entanglement
            | Factor::Isolation
            | Factor::TrustDiscount
            | Factor::Objective(_)
            | Factor::Opinion(_)
            | Factor::Affinity(_)
            | Factor::Reservation
            | Factor::Alternative(_)
            | Factor::WarRisk
            | Factor::Threat(_) => None,
        }
    }
}

/// One line of the breakdown.
#[derive(Copy, Clone, Debug, PartialEq)]
pub struct Line {
    pub factor: Factor,
    /// The clause (index into the offer) the line comes from, if any.
    pub clause: Option<u8>,
    pub value: f32,
}

/// The model's answer.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    Accept,
    Reject,
    /// Taken as an insult: talks end.
    EndTalks,
}

impl Verdict {
    /// The lower-case word used in logs.
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Accept => "accept",
            Verdict::Reject => "reject",
            Verdict::EndTalks => "end_talks",
        }
    }
}

/// The full judgement of one offer.
#[derive(Clone, Debug, PartialEq)]
pub struct Assessment {
    /// The sum of the lines.
    pub margin: f32,
    /// logistic(margin / temperature), or 0 under a veto.
    pub probability: f32,
    /// Chance an ultimatum is taken as an insult (0 for proposals).
    pub insult_chance: f32,
    /// A leader's veto, if one applies.
    pub vetoed_by: Option<LeaderId>,
    pub lines: Vec<Line>,
    /// A leader's own leaning is an objection from this many points against
    /// (the scenario's `objection_threshold`).
    pub objection_threshold: f32,
}

impl Assessment {
    /// The most likely verdict.
    pub fn verdict(&self) -> Verdict {
        if self.insult_chance >= 0.5 {
            Verdict::EndTalks
        } else if self.probability >= 0.5 {
            Verdict::Accept
        } else {
            Verdict::Reject
        }
    }

    /// A verdict drawn with two uniform rolls in [0, 1).
    pub fn decide(&self, insult_roll: f64, accept_roll: f64) -> Verdict {
        if insult_roll < f64::from(self.insult_chance) {
            Verdict::EndTalks
        } else if accept_roll < f64::from(self.probability) {
            Verdict::Accept
        } else {
            Verdict::Reject
        }
    }

    /// The leaders whose lines count against the offer.
    pub fn objectors(&self) -> Vec<LeaderId> {
        let mut out: Vec<LeaderId> = self
            .lines
            .iter()
            .filter_map(|l| {
                // A mild leaning against is not an objection; a red line or pride is.
                let objects = if matches!(l.factor, Factor::Leaning(_)) {
                    l.value <= -self.objection_threshold
                } else {
                    l.value < 0.0
                };
                l.factor.leader().filter(|_| objects)
            })
            .collect();
        out.dedup();
        out
    }
}

/// The proudest of a power's leaders (the first listed, on a tie): the one
/// an ultimatum stings, and who takes it as an insult.
pub fn proudest(setup: &super::setup::Setup, power: PowerId) -> Option<LeaderId> {
    setup.power(power).leaders.iter().copied().max_by(|a, b| {
        setup
            .leader(*a)
            .pride
            .total_cmp(&setup.leader(*b).pride)
            .then(b.cmp(a))
    })
}

/// Why an estimate of another power's answer is not exact.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Doubt {
    /// Its leaders are judged by their public profile, not their minds.
    Temper,
    /// No ambassador in place there (recalled, or relations broken).
    NoEnvoy,
    /// Relations are strained: the envoys hear less.
    Strained,
}

impl Doubt {
    /// Words for the preview.
    pub fn describe(self) -> &'static str {
        match self {
            Doubt::Temper => "their leaders are judged by their public profile",
            Doubt::NoEnvoy => "no ambassador of ours is there",
            Doubt::Strained => "strained relations: our envoys hear less",
        }
    }
}

/// One power's estimate of how another would judge an offer: the model's
/// assessment from what the estimating power knows (its perspective, the
/// receiver's public profile), and a range around it that widens as its
/// intelligence on the receiver worsens.
#[derive(Clone, Debug, PartialEq)]
pub struct Estimate {
    pub assessment: Assessment,
    /// ± this many points of margin.
    pub spread: f32,
    /// P(accept) at the bottom and the top of the range.
    pub low: f32,
    pub high: f32,
    pub doubts: Vec<Doubt>,
}

/// `me`'s estimate of how `offer.to` would judge `offer`. `view` is what
/// `me` knows (its [`super::intel::Perspective`]); no private state of the
/// receiver is read: its temper is its public (default) profile.
pub fn estimate(view: &dyn View, me: PowerId, offer: &Offer<'_>) -> Estimate {
    estimate_in(view, me, offer, None)
}

/// The public temper `me` judges a receiver by: its default profile.
pub fn public_temper(view: &dyn View, receiver: PowerId) -> &Profile {
    let setup = view.setup();
    &setup.profiles[setup.power(receiver).default_profile]
}

/// As [`estimate`], with the receiver's [`backdrop`] (made with its
/// [`public_temper`]) already worked out.
pub fn estimate_with(
    view: &dyn View,
    me: PowerId,
    offer: &Offer<'_>,
    backdrop: &[Line],
) -> Estimate {
    estimate_in(view, me, offer, Some(backdrop))
}

fn estimate_in(
    view: &dyn View,
    me: PowerId,
    offer: &Offer<'_>,
    backdrop: Option<&[Line]>,
) -> Estimate {
    let setup = view.setup();
    let w = &setup.model;
    let r = offer.to;
    let temper = public_temper(view, r);
    let assessment = judge(view, offer, temper, backdrop);
    let mut doubts = vec![Doubt::Temper];
    if view.recalled(me, r) || view.relation(me, r) >= Relation::Severed {
        doubts.push(Doubt::NoEnvoy);
    }
    if view.relation(me, r) == Relation::Strained {
        doubts.push(Doubt::Strained);
    }
    let intel = super::intel::intelligence(view, me, r);
    let spread = w.estimate_floor + w.estimate_spread * (1.0 - intel);
    let t = w.temperature.max(0.01);
    let (low, high) = if assessment.vetoed_by.is_some() {
        (0.0, 0.0)
    } else {
        (
            logistic((assessment.margin - spread) / t),
            logistic((assessment.margin + spread) / t),
        )
    };
    Estimate {
        assessment,
        spread,
        low,
        high,
        doubts,
    }
}

/// logistic(x) = 1 / (1 + e^-x).
pub fn logistic(x: f32) -> f32 {
    1.0 / (1.0 + (-x).exp())
}

/// Judges `offer` from its receiver's point of view. `temper` is the
/// receiver's negotiation personality (concession curve, reservation).
pub fn evaluate(view: &dyn View, offer: &Offer<'_>, temper: &Profile) -> Assessment {
    judge(view, offer, temper, None)
}

/// As [`evaluate`], with the lines that do not depend on the clauses
/// already worked out by [`backdrop`] for an offer between the same powers,
/// of the same kind, days and id (the AI weighs many documents so).
pub fn evaluate_with(
    view: &dyn View,
    offer: &Offer<'_>,
    temper: &Profile,
    backdrop: &[Line],
) -> Assessment {
    judge(view, offer, temper, Some(backdrop))
}

/// The lines of a receiver's judgement of `offer` that do not depend on
/// its clauses: its memory of the sender, their ideologies, its
/// reservation, the best competing offer, the sender's other proposals and
/// the risk of war.
pub fn backdrop(view: &dyn View, offer: &Offer<'_>, temper: &Profile) -> Vec<Line> {
    let mut lines = Vec::with_capacity(8);
    backdrop_lines(view, offer, temper, &mut lines);
    lines
}

fn backdrop_lines(view: &dyn View, offer: &Offer<'_>, temper: &Profile, lines: &mut Vec<Line>) {
    let setup = &**view.setup();
    let w = &setup.model;
    let (r, s) = (offer.to, offer.from);
    // Relationship: memory and ideology.
    let memory = view.memory_of(r, s);
    for kind in MemoryKind::ALL {
        let v = memory.get(kind);
        if v != 0.0 {
            push(lines, Factor::Opinion(kind), None, v * w.opinion);
        }
    }
    let parts = &setup.affinity_parts[r.index() * setup.power_count() + s.index()];
    for (i, (value, _)) in parts.iter().enumerate().take(usize::from(u8::MAX)) {
        push(
            lines,
            Factor::Affinity(Some(i as u8)),
            None,
            value * w.ideology,
        );
    }

    // Reservation, conceding toward the deadline.
    let span = offer.deadline_day.saturating_sub(offer.sent_day).max(1) as f32;
    let elapsed = (view.day().saturating_sub(offer.sent_day) as f32 / span).clamp(0.0, 1.0);
    let alpha = elapsed.powf(1.0 / temper.concession.max(0.05));
    let reservation = temper.reservation - alpha * (temper.reservation - temper.reservation_floor);
    push(lines, Factor::Reservation, None, -reservation);

    // The best competing offer raises the bar. Its clause values are worked
    // out in the tail of `lines` and cut off again, to avoid allocating.
    let mut best: Option<(ProposalId, f32)> = None;
    for p in view
        .pending()
        .filter(|p| p.to == r && p.from != s && p.ultimatum.is_none() && Some(p.id) != offer.id)
    {
        let mark = lines.len();
        for (i, c) in p.clauses.iter().enumerate() {
            clause_value(view, w, r, p.from, c, i as u8, lines);
        }
        let value: f32 = lines[mark..].iter().map(|l| l.value).sum();
        lines.truncate(mark);
        if value > 0.0 && best.is_none_or(|(_, v)| value > v) {
            best = Some((p.id, value));
        }
    }
    if let Some((id, value)) = best {
        push(
            lines,
            Factor::Alternative(id),
            None,
            -value * w.alternatives,
        );
    }

    // Other proposals of the sender's on our table weigh on each.
    let others = view
        .pending()
        .filter(|p| p.from == s && p.to == r && p.ultimatum.is_none() && Some(p.id) != offer.id)
        .count();
    if others > 0 && matches!(offer.kind, OfferKind::Proposal) {
        push(
            lines,
            Factor::Importunity,
            None,
            -w.importunity_points * others as f32,
        );
    }

    let share = share(view, s, r);
    let relation = view.relation(r, s);
    if relation >= Relation::Strained && relation < Relation::War && share > 0.5 {
        let k = if relation == Relation::Severed {
            w.severed_war_risk
        } else {
            1.0
        };
        push(
            lines,
            Factor::WarRisk,
            None,
            w.war_risk * k * (share - 0.5) * 2.0,
        );
    }
}

fn judge(
    view: &dyn View,
    offer: &Offer<'_>,
    temper: &Profile,
    backdrop: Option<&[Line]>,
) -> Assessment {
    let setup = &**view.setup();
    let w = &setup.model;
    let (r, s) = (offer.to, offer.from);
    let mut lines = Vec::with_capacity(16);

    // Clause values.
    let mut promised = 0.0;
    for (i, clause) in offer.clauses.iter().enumerate() {
        let before = lines.len();
        clause_value(view, w, r, s, clause, i as u8, &mut lines);
        if clause.is_promise() {
            promised += lines[before..]
                .iter()
                .map(|l| l.value)
                .filter(|v| *v > 0.0)
                .sum::<f32>();
        }
    }
    if offer.secret.any() {
        kept_secret(view, w, offer, &mut lines);
    }
    let trust = view.trust(r, s);
    if promised > 0.0 && trust < 1.0 {
        push(
            &mut lines,
            Factor::TrustDiscount,
            None,
            -promised * (1.0 - trust),
        );
    }

    // Objectives the offer would reach or lose.
    let hypothetical = WithClauses::new(view, s, r, offer.clauses);
    let doc = super::condition::Document::new(s, r, offer.clauses);
    for (i, objective) in setup.objectives.iter().enumerate() {
        if objective.power != r || !objective.touched_by_document(&doc) {
            continue;
        }
        let change = objective.share(&hypothetical) - view.objective_share(i);
        if change != 0.0 {
            push(
                &mut lines,
                Factor::Objective(i as u16),
                None,
                change * objective.points * w.objectives,
            );
        }
    }
    if setup.power(s).great
        && setup.power(r).isolation > 0.0
        && view.isolated(r)
        && !offer.clauses.is_empty()
        && matches!(offer.kind, OfferKind::Proposal)
    {
        push(
            &mut lines,
            Factor::Isolation,
            None,
            w.isolation_points * setup.power(r).isolation * w.security,
        );
    }

    match backdrop {
        Some(given) => lines.extend_from_slice(given),
        None => backdrop_lines(view, offer, temper, &mut lines),
    }
    let share = share(view, s, r);

    // Ultimatums: the threat, times credibility, less what the receiver's
    // protectors shield it from, against pride.
    let mut insult_chance = 0.0;
    if let OfferKind::Ultimatum(consequence) = offer.kind {
        let proudest = proudest(setup, r);
        let cost = match consequence {
            Consequence::SeverRelations => w.sever_cost,
            Consequence::EndTalks => w.end_talks_cost,
            Consequence::Denounce(_) => w.denounce_cost,
            Consequence::DeclareWar => w.war_cost * share * 2.0,
        };
        let threat = cost * credibility(view, s, r);
        push(&mut lines, Factor::Threat(consequence), None, threat);
        let (shield, patron) = protection(view, r, s);
        if let Some(patron) = patron {
            push(
                &mut lines,
                Factor::Protection(patron),
                None,
                -threat * shield,
            );
        }
        if let Some(leader) = proudest {
            let pride = setup.leader(leader).pride;
            push(
                &mut lines,
                Factor::Pride(leader),
                None,
                -pride * w.pride_points * w.pride,
            );
            insult_chance = logistic((pride - w.insult_threshold) / w.insult_softness.max(0.01));
        }
    }

    // Leaders: leanings and red lines.
    let mut vetoed_by = None;
    for &leader_id in &setup.power(r).leaders {
        let leader = setup.leader(leader_id);
        if leader.orders_from.is_some() {
            continue; // acts under orders: no leaning of his own
        }
        let toward = leader
            .toward
            .iter()
            .find(|(p, _)| *p == s)
            .map_or(0.0, |(_, v)| *v);
        if leader.bias + toward != 0.0 {
            push(
                &mut lines,
                Factor::Leaning(leader_id),
                None,
                leader.bias + toward,
            );
        }
        for (i, red_line) in leader.red_lines.iter().enumerate() {
            if matter_at_stake(view, r, offer, &red_line.matter) {
                push(
                    &mut lines,
                    Factor::RedLine(leader_id, i as u8),
                    None,
                    -red_line.penalty,
                );
                if red_line.veto && vetoed_by.is_none() {
                    vetoed_by = Some(leader_id);
                }
            }
        }
    }

    let margin = lines.iter().map(|l| l.value).sum::<f32>();
    let probability = if vetoed_by.is_some() {
        0.0
    } else {
        logistic(margin / w.temperature.max(0.01))
    };
    Assessment {
        margin,
        probability,
        insult_chance,
        vetoed_by,
        lines,
        objection_threshold: w.objection_threshold,
    }
}

fn push(lines: &mut Vec<Line>, factor: Factor, clause: Option<u8>, value: f32) {
    if value != 0.0 && value.is_finite() {
        lines.push(Line {
            factor,
            clause,
            value,
        });
    }
}

/// How far `sender`'s threats are believed by `receiver`: its share of
/// their strength (doubled, within the floor and 1), times its record of
/// threats carried out against those abandoned (a prior of
/// `credibility_kept` kept and `credibility_lost` abandoned).
pub fn credibility(view: &dyn View, sender: PowerId, receiver: PowerId) -> f32 {
    let w = &view.setup().model;
    (share(view, sender, receiver) * 2.0).clamp(w.credibility_floor, 1.0) * record(view, sender)
}

/// A power's record as a factor: threats carried out and kept promises of
/// protection against those abandoned.
pub fn record(view: &dyn View, p: PowerId) -> f32 {
    let w = &view.setup().model;
    let st = view.standing(p);
    let kept = w.credibility_kept + st.carried_out as f32;
    let lost = w.credibility_lost + st.backed_down as f32;
    if kept + lost <= 0.0 {
        1.0
    } else {
        kept / (kept + lost)
    }
}

/// The powers that protect `client` against `threat`: the holders of the
/// spheres of the states it rules (its patrons), the guarantors of those
/// states, and its partners in mutual assistance; none that is `threat`
/// itself or at war with `client`.
pub fn protectors(view: &dyn View, client: PowerId, threat: PowerId) -> Vec<PowerId> {
    let mut out: Vec<PowerId> = Vec::new();
    let mut add = |p: PowerId| {
        if p != client && p != threat && !out.contains(&p) {
            out.push(p);
        }
    };
    let ruled: Vec<StateId> = view
        .setup()
        .state_ids()
        .filter(|s| view.controller(*s) == client)
        .collect();
    for s in &ruled {
        add(view.sphere(*s));
    }
    for t in view.treaties() {
        if t.has(ClauseKind::MutualAssistance) && t.binds(client) {
            t.parties.iter().for_each(|p| add(*p));
        }
        for c in &t.clauses {
            if let Clause::Guarantee { guarantor, state } = c
                && ruled.contains(state)
            {
                add(*guarantor);
            }
        }
    }
    out.retain(|p| view.relation(*p, client) != Relation::War);
    out
}

/// How much of a threat from `threat` `client`'s protectors shield it from
/// (their strength, each times its record, against the threat's), and the
/// strongest of them.
pub fn protection(view: &dyn View, client: PowerId, threat: PowerId) -> (f32, Option<PowerId>) {
    let guards = protectors(view, client, threat);
    let guard: f32 = guards
        .iter()
        .map(|p| view.strength(*p) * record(view, *p))
        .sum();
    let attack = view.strength(threat);
    let shield = if guard + attack > 0.0 {
        guard / (guard + attack)
    } else {
        0.0
    };
    let strongest = guards.iter().copied().max_by(|a, b| {
        view.strength(*a)
            .total_cmp(&view.strength(*b))
            .then(b.cmp(a))
    });
    (shield, strongest)
}

/// The sender's share of the two powers' combined strength.
fn share(view: &dyn View, sender: PowerId, receiver: PowerId) -> f32 {
    let (a, b) = (view.strength(sender), view.strength(receiver));
    if a + b <= 0.0 { 0.5 } else { a / (a + b) }
}

/// How much R and S are rivals (0.3 friendly … 1 hostile).
fn rivalry(view: &dyn View, r: PowerId, s: PowerId) -> f32 {
    let w = &view.setup().model;
    if view.relation(r, s) >= Relation::Strained || view.opinion(r, s) < w.rivalry_opinion {
        w.rivalry_hostile
    } else {
        w.rivalry_friendly
    }
}

/// What one clause is worth to receiver `r` when offered by `s`.
fn clause_value(
    view: &dyn View,
    w: &ModelWeights,
    r: PowerId,
    s: PowerId,
    clause: &Clause,
    index: u8,
    lines: &mut Vec<Line>,
) {
    let setup = &**view.setup();
    let at = Some(index);
    let share_s = share(view, s, r);
    match clause {
        Clause::NonAggression if view.has_treaty(r, s, Some(ClauseKind::MutualAssistance)) => {
            // Allies already promise more than non-aggression.
        }
        Clause::NonAggression => {
            let tension = match view.relation(r, s) {
                Relation::Normal => 1.0,
                Relation::Strained => w.tension_strained,
                Relation::Severed | Relation::War => w.tension_severed,
            };
            push(
                lines,
                Factor::Security,
                at,
                w.non_aggression_points * w.security * share_s * tension,
            );
            push(lines, Factor::Entanglement, at, -w.entanglement);
        }
        Clause::MutualAssistance => {
            push(
                lines,
                Factor::Security,
                at,
                w.assistance_points * w.security * share_s,
            );
            let enemies = view.hostile_strength(s, r);
            let mine = view.strength(r).max(1.0);
            push(
                lines,
                Factor::Entanglement,
                at,
                -(w.assistance_entanglement + w.assistance_enemies * enemies / mine)
                    * w.entanglement,
            );
        }
        Clause::Trade { to, .. } => {
            if *to == r {
                push(
                    lines,
                    Factor::Economy,
                    at,
                    w.trade_receive_points * w.economy * setup.power(r).trade_need,
                );
            } else {
                push(lines, Factor::Economy, at, w.trade_give_points * w.economy);
                let gain = w.trade_rival_points * setup.power(s).trade_need * rivalry(view, r, s);
                push(lines, Factor::Security, at, -gain * w.rival_gain);
            }
        }
        Clause::JoinBloc { power, bloc } => {
            let members = view.members(*bloc);
            if *power == r {
                let strength: f32 = members
                    .iter()
                    .filter(|m| **m != r)
                    .map(|m| view.strength(*m))
                    .sum();
                let share = strength / (strength + view.strength(r)).max(1.0);
                push(
                    lines,
                    Factor::Security,
                    at,
                    w.bloc_security_points * w.security * share,
                );
                let affinity: f32 = members
                    .iter()
                    .map(|m| setup.affinity.get(r.index(), m.index()))
                    .sum::<f32>()
                    / members.len().max(1) as f32;
                push(lines, Factor::Affinity(None), at, affinity * w.ideology);
                if setup.power(r).great {
                    // A great power does not lightly submit to another's bloc.
                    push(
                        lines,
                        Factor::Prestige,
                        at,
                        -w.bloc_submission_points * w.prestige,
                    );
                }
                let enemies: f32 = members.iter().map(|m| view.hostile_strength(*m, r)).sum();
                push(
                    lines,
                    Factor::Entanglement,
                    at,
                    -(w.bloc_entanglement + w.bloc_enemies * enemies / view.strength(r).max(1.0))
                        * w.entanglement,
                );
            } else if members.contains(&r) {
                push(
                    lines,
                    Factor::Prestige,
                    at,
                    w.bloc_member_prestige * w.prestige,
                );
                push(
                    lines,
                    Factor::Security,
                    at,
                    w.bloc_member_security * w.security * share_s,
                );
            } else {
                push(
                    lines,
                    Factor::Security,
                    at,
                    -w.bloc_rival_points * w.rival_gain * rivalry(view, r, *power),
                );
            }
        }
        Clause::Consultation => {
            push(
                lines,
                Factor::Prestige,
                at,
                w.consultation_points * w.prestige,
            );
        }
        Clause::Armistice => {
            // The weeks of war it saves, and the relief of peace, both
            // worth more against a stronger enemy; less the invasions it
            // stops on either side.
            let turns_left = setup.calendar.turns().saturating_sub(view.turn()) as f32 + 1.0;
            let enemy = share_s * 2.0;
            push(
                lines,
                Factor::Peace,
                at,
                (w.war_turn_points * turns_left + w.armistice_points) * enemy,
            );
            for f in view.fronts() {
                let t = view.territory(f.state);
                let worth = setup.state(f.state).worth_to(r) * w.territory * 0.5;
                if f.attacker == r && (t.controller == s || t.sphere == s) {
                    push(lines, Factor::Territory(f.state), at, -worth);
                } else if f.attacker == s && (t.controller == r || t.sphere == r) {
                    push(lines, Factor::SphereLoss(f.state), at, worth);
                }
            }
        }
        Clause::Guarantee { guarantor, state } => {
            let worth = setup.state(*state).worth_to(r);
            if *guarantor == r {
                push(
                    lines,
                    Factor::Entanglement,
                    at,
                    -(w.guarantor_entanglement + w.guarantor_worth * worth) * w.entanglement,
                );
                push(
                    lines,
                    Factor::Prestige,
                    at,
                    w.guarantor_prestige * w.prestige,
                );
            } else if view.sphere(*state) == r || view.controller(*state) == r {
                push(
                    lines,
                    Factor::Security,
                    at,
                    w.guaranteed_worth * worth * w.security * share_s,
                );
            } else if setup
                .state(*state)
                .interest
                .iter()
                .any(|(p, k)| *p == r && *k > 1.0)
            {
                // A guarantee fences off a state we want.
                push(
                    lines,
                    Factor::RivalGain(*state),
                    at,
                    -w.fenced_worth * worth * w.territory,
                );
            }
        }
        Clause::TerritorialProtocol(assignments) => {
            for (state, to) in assignments {
                sphere_change(view, w, r, s, *state, *to, 1.0, at, lines);
            }
        }
        Clause::Cession { state, to } => {
            sphere_change(view, w, r, s, *state, *to, w.cession_factor, at, lines);
        }
        Clause::Partition(state) => {
            let owner = view.sphere(*state);
            let worth = setup.state(*state).worth_to(r);
            if owner != r && owner != s {
                // Neither holds it: each party's claim to a share.
                push(
                    lines,
                    Factor::Claim(*state),
                    at,
                    w.partition_worth * worth * w.territory * w.claim_worth,
                );
                resentment(view, w, r, owner, *state, at, lines);
            } else if owner == r {
                push(
                    lines,
                    Factor::SphereLoss(*state),
                    at,
                    -w.partition_worth * worth * w.territory * w.loss_aversion,
                );
            } else {
                push(
                    lines,
                    Factor::Territory(*state),
                    at,
                    w.partition_worth * worth * w.territory,
                );
            }
        }
        Clause::Revision(treaty) | Clause::Denunciation(treaty) => {
            if let Some(t) = view.treaty(*treaty)
                && t.binds(r)
            {
                push(
                    lines,
                    Factor::Prestige,
                    at,
                    -w.revision_prestige * w.prestige,
                );
                if t.has(ClauseKind::MutualAssistance) || t.has(ClauseKind::NonAggression) {
                    push(
                        lines,
                        Factor::Security,
                        at,
                        -w.revision_security * w.security,
                    );
                }
            }
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn sphere_change(
    view: &dyn View,
    w: &ModelWeights,
    r: PowerId,
    s: PowerId,
    state: StateId,
    to: PowerId,
    factor: f32,
    at: Option<u8>,
    lines: &mut Vec<Line>,
) {
    let setup = &**view.setup();
    let current = view.sphere(state);
    if current == to {
        return;
    }
    let def = setup.state(state);
    if current != r && current != s {
        // The holder does not sign: a recognition, not a move.
        recognition(view, w, r, state, to, factor, at, lines);
        return;
    }
    if to == r {
        push(
            lines,
            Factor::Territory(state),
            at,
            def.worth_to(r) * w.territory * factor,
        );
    } else if current == r {
        push(
            lines,
            Factor::SphereLoss(state),
            at,
            -def.worth_to(r) * w.territory * w.loss_aversion * factor,
        );
    } else if to == s || setup.power(to).great {
        let rival = w.rival_worth * def.worth_to(to) * w.rival_gain * rivalry(view, r, to) * factor;
        push(lines, Factor::RivalGain(state), at, -rival);
    }
}

/// A claim to `state` for `claimant`, recognised by receiver `r` (who may
/// be the claimant): worth a share of the state to the claimant, a share of
/// a rival's gain to the others, and the holder's resentment to all.
#[allow(clippy::too_many_arguments)]
fn recognition(
    view: &dyn View,
    w: &ModelWeights,
    r: PowerId,
    state: StateId,
    claimant: PowerId,
    factor: f32,
    at: Option<u8>,
    lines: &mut Vec<Line>,
) {
    let def = view.setup().state(state);
    let value = if claimant == r {
        def.worth_to(r) * w.territory * w.claim_worth
    } else {
        -w.rival_worth
            * def.worth_to(claimant)
            * w.rival_gain
            * rivalry(view, r, claimant)
            * w.claim_worth
    };
    push(lines, Factor::Claim(state), at, value * factor);
    resentment(view, w, r, view.sphere(state), state, at, lines);
}

/// A secret recognition is resented only if the holder's envoys learn of it
/// before the summer ends, and then as deceit too: its resentment lines
/// are weighed by that chance, times [`ModelWeights::deceit_fear`].
fn kept_secret(view: &dyn View, w: &ModelWeights, offer: &Offer<'_>, lines: &mut [Line]) {
    for l in lines.iter_mut() {
        if let (Factor::Resentment(holder), Some(i)) = (l.factor, l.clause)
            && offer.secret.has(usize::from(i))
        {
            l.value *=
                super::intel::discovery(view, holder, [offer.from, offer.to]) * w.deceit_fear;
        }
    }
}

/// What `r` fears from `holder`'s resentment of a recognition of a claim to
/// `state` (twice as much for the state's own ruler).
fn resentment(
    view: &dyn View,
    w: &ModelWeights,
    r: PowerId,
    holder: PowerId,
    state: StateId,
    at: Option<u8>,
    lines: &mut Vec<Line>,
) {
    let acts = if view.controller(state) == r {
        2.0
    } else {
        1.0
    };
    push(
        lines,
        Factor::Resentment(holder),
        at,
        -w.recognition_fear * acts * share(view, holder, r) * 2.0,
    );
}

/// Whether a red line's matter is on the table for receiver `r`.
fn matter_at_stake(view: &dyn View, r: PowerId, offer: &Offer<'_>, matter: &Matter) -> bool {
    let leaves = |state: StateId, to: PowerId| {
        to != r && (view.sphere(state) == r || view.controller(state) == r)
    };
    let any = |f: &dyn Fn(&Clause) -> bool| offer.clauses.iter().any(f);
    match matter {
        Matter::Ultimatum => matches!(offer.kind, OfferKind::Ultimatum(_)),
        Matter::Demand(state) => {
            view.sphere(*state) == offer.from
                && !offer
                    .clauses
                    .iter()
                    .any(|c| c.assignments().contains(&(*state, r)))
        }
        Matter::ClauseKind(kind) => any(&|c| c.kind() == *kind),
        Matter::Partition(state) => any(&|c| matches!(c, Clause::Partition(s) if s == state)),
        Matter::ImperialIncorporation => any(
            &|c| matches!(c, Clause::Cession { state, to } if *to != r && view.setup().state(*state).imperial),
        ),
        Matter::StateLeaves(target) => any(&|c| match c {
            Clause::TerritorialProtocol(assignments) => assignments
                .iter()
                .any(|(s, to)| s == target && leaves(*s, *to)),
            Clause::Cession { state, to } => state == target && leaves(*state, *to),
            Clause::Partition(state) => state == target && view.sphere(*state) == r,
            Clause::NonAggression
            | Clause::MutualAssistance
            | Clause::Trade { .. }
            | Clause::JoinBloc { .. }
            | Clause::Consultation
            | Clause::Guarantee { .. }
            | Clause::Revision(_)
            | Clause::Denunciation(_)
            | Clause::Armistice => false,
        }),
        Matter::TerritorialRevision => any(&|c| match c {
            Clause::TerritorialProtocol(assignments) => {
                assignments.iter().any(|(s, to)| leaves(*s, *to))
            }
            Clause::Cession { state, to } => leaves(*state, *to),
            Clause::Partition(state) => view.sphere(*state) == r,
            Clause::Revision(treaty) | Clause::Denunciation(treaty) => {
                view.treaty(*treaty).is_some_and(|t| t.binds(r))
            }
            Clause::NonAggression
            | Clause::MutualAssistance
            | Clause::Trade { .. }
            | Clause::JoinBloc { .. }
            | Clause::Consultation
            | Clause::Guarantee { .. }
            | Clause::Armistice => false,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::clause::Goods;
    use crate::rules::testkit::{p, profile, s, tiny};
    use crate::rules::view::PendingOffer;

    fn margin(
        view: &dyn View,
        from: &str,
        to: &str,
        clauses: &[Clause],
        temper: &str,
    ) -> Assessment {
        let offer = Offer::proposal(
            p(view, from),
            p(view, to),
            clauses,
            view.day(),
            view.day() + 14,
        );
        evaluate(view, &offer, &profile(view, temper))
    }

    #[test]
    fn each_clause_line_is_what_that_clause_is_worth_alone() {
        // A document's breakdown attributes lines to its clauses: the lines
        // of clause k are exactly the lines that clause earns by itself, so
        // a player reading "clause 2: +3.1" reads what clause 2 is worth.
        let view = tiny();
        let (alpha, beta) = (p(&view, "alpha"), p(&view, "beta"));
        let all: Vec<Clause> = crate::rules::clause::ClauseKind::ALL
            .iter()
            .flat_map(|k| crate::rules::action::choices(&view, alpha, beta, *k))
            .collect();
        assert!(all.len() > 10, "{} choices", all.len());
        let of = |a: &Assessment, k: u8| -> Vec<(Factor, f32)> {
            a.lines
                .iter()
                .filter(|l| l.clause == Some(k))
                .map(|l| (l.factor, l.value))
                .collect()
        };
        let mut compared = 0;
        for (i, x) in all.iter().enumerate() {
            for y in all.iter().skip(i + 1).step_by(3) {
                let both = margin(&view, "alpha", "beta", &[x.clone(), y.clone()], "hardliner");
                let alone_x = margin(&view, "alpha", "beta", std::slice::from_ref(x), "hardliner");
                let alone_y = margin(&view, "alpha", "beta", std::slice::from_ref(y), "hardliner");
                assert_eq!(of(&both, 0), of(&alone_x, 0), "{x:?} beside {y:?}");
                assert_eq!(of(&both, 1), of(&alone_y, 0), "{y:?} beside {x:?}");
                let sum: f32 = both.lines.iter().map(|l| l.value).sum();
                assert!((sum - both.margin).abs() < 1e-4);
                compared += 1;
            }
        }
        assert!(compared > 20);
    }

    #[test]
    fn trust_discounts_promises() {
        let mut view = tiny();
        let (a, b) = (p(&view, "alpha"), p(&view, "beta"));
        let low = margin(
            &view,
            "alpha",
            "beta",
            &[Clause::NonAggression],
            "pragmatist",
        );
        view.pair_mut(b, a).trust = 1.0;
        let high = margin(
            &view,
            "alpha",
            "beta",
            &[Clause::NonAggression],
            "pragmatist",
        );
        assert!(high.margin > low.margin);
        assert!(high.probability > low.probability);
    }

    #[test]
    fn remembered_refusals_lower_acceptance_and_accepted_deals_raise_it() {
        let mut view = tiny();
        let (a, b) = (p(&view, "alpha"), p(&view, "beta"));
        let base = margin(
            &view,
            "alpha",
            "beta",
            &[Clause::Consultation],
            "pragmatist",
        )
        .margin;
        let rule = *view.setup().model.memory_rule(MemoryKind::RefusedDeal);
        view.pair_mut(b, a)
            .memory
            .record(MemoryKind::RefusedDeal, &rule, 2.0);
        let worse = margin(
            &view,
            "alpha",
            "beta",
            &[Clause::Consultation],
            "pragmatist",
        )
        .margin;
        assert!(worse < base);
        let rule = *view.setup().model.memory_rule(MemoryKind::AcceptedDeal);
        view.pair_mut(b, a)
            .memory
            .record(MemoryKind::AcceptedDeal, &rule, 3.0);
        let better = margin(
            &view,
            "alpha",
            "beta",
            &[Clause::Consultation],
            "pragmatist",
        )
        .margin;
        assert!(better > worse);
    }

    #[test]
    fn gaining_territory_raises_and_losing_it_lowers_the_margin() {
        let view = tiny();
        let (alpha, north) = (p(&view, "alpha"), s(&view, "north"));
        let gain = vec![Clause::TerritorialProtocol(vec![(north, alpha)])];
        let beta = p(&view, "beta");
        // North is in Beta's sphere: Alpha gains it, Beta loses it.
        let for_alpha = margin(&view, "beta", "alpha", &gain, "pragmatist");
        let for_beta = margin(&view, "alpha", "beta", &gain, "pragmatist");
        let neutral = margin(
            &view,
            "alpha",
            "beta",
            &[Clause::Consultation],
            "pragmatist",
        );
        assert!(for_alpha.margin > 10.0, "{for_alpha:?}");
        assert!(for_beta.margin < neutral.margin);
        assert!(
            for_alpha
                .lines
                .iter()
                .any(|l| l.factor == Factor::Territory(north))
        );
        assert!(
            for_beta
                .lines
                .iter()
                .any(|l| l.factor == Factor::SphereLoss(north))
        );
        assert!(
            for_alpha
                .lines
                .iter()
                .any(|l| matches!(l.factor, Factor::Objective(_)) && l.value > 0.0)
        );
        let _ = beta;
    }

    #[test]
    fn a_secret_recognition_is_feared_by_the_chance_it_comes_out() {
        let mut view = tiny();
        let (alpha, gamma, north) = (p(&view, "alpha"), p(&view, "gamma"), s(&view, "north"));
        let holder = view.sphere(north);
        let claim = [Clause::TerritorialProtocol(vec![(north, alpha)])];
        let temper = profile(&view, "pragmatist");
        // Gamma's fear of the holder's resentment, the protocol public or
        // secret, with `turn` weeks gone.
        let fear = |view: &crate::rules::Sketch, secret: Secret| {
            let offer =
                Offer::proposal(alpha, gamma, &claim, view.day, view.day + 7).secret(secret);
            evaluate(view, &offer, &temper)
                .lines
                .iter()
                .filter(|l| l.factor == Factor::Resentment(holder))
                .map(|l| l.value)
                .sum::<f32>()
        };
        let public = fear(&view, Secret::NONE);
        assert!(public < 0.0, "{public}");
        let early = fear(&view, Secret::NONE.with(0));
        view.turn = view.setup.calendar.turns().saturating_sub(1);
        let late = fear(&view, Secret::NONE.with(0));
        assert!(
            late > early,
            "less likely to come out late: {late} vs {early}"
        );
        assert!(
            late > public,
            "kept secret near the end: {late} vs {public}"
        );
        let found = crate::rules::intel::discovery(&view, holder, [alpha, gamma]);
        let w = &view.setup.model;
        assert!((late - public * found * w.deceit_fear).abs() < 1e-4);
    }

    #[test]
    fn reservation_concedes_toward_the_deadline_faster_for_conceders() {
        let mut view = tiny();
        let clauses = [Clause::Consultation];
        let (a, b) = (p(&view, "alpha"), p(&view, "beta"));
        let at = |view: &dyn View, temper: &str| {
            let offer = Offer::proposal(a, b, &clauses, 0, 14);
            evaluate(view, &offer, &profile(view, temper)).margin
        };
        let early_conceder = at(&view, "pragmatist");
        let early_boulware = at(&view, "hardliner");
        view.day = 7;
        let mid_conceder = at(&view, "pragmatist");
        let mid_boulware = at(&view, "hardliner");
        view.day = 14;
        let late_boulware = at(&view, "hardliner");
        assert!(mid_conceder > early_conceder);
        assert!(mid_boulware > early_boulware);
        assert!(late_boulware > mid_boulware);
        // Half-way, the Conceder has given up more of its range than the Boulware.
        let conceder = profile(&view, "pragmatist");
        let boulware = profile(&view, "hardliner");
        let share_c =
            (mid_conceder - early_conceder) / (conceder.reservation - conceder.reservation_floor);
        let share_b =
            (mid_boulware - early_boulware) / (boulware.reservation - boulware.reservation_floor);
        assert!(share_c > share_b, "{share_c} vs {share_b}");
    }

    #[test]
    fn a_veto_names_the_leader_and_forbids_acceptance() {
        let view = tiny();
        let (alpha, south) = (p(&view, "alpha"), s(&view, "south"));
        let a = margin(
            &view,
            "alpha",
            "beta",
            &[Clause::TerritorialProtocol(vec![(south, alpha)])],
            "pragmatist",
        );
        assert_eq!(a.probability, 0.0);
        let king = view
            .setup
            .leaders
            .iter()
            .position(|l| l.id == "beta_king")
            .map(|i| LeaderId(i as u8));
        assert_eq!(a.vetoed_by, king);
        assert!(a.objectors().contains(&king.unwrap()));
        assert_eq!(a.verdict(), Verdict::Reject);
    }

    #[test]
    fn ultimatums_weigh_credibility_and_pride() {
        let mut view = tiny();
        let (alpha, beta, gamma) = (p(&view, "alpha"), p(&view, "beta"), p(&view, "gamma"));
        let demands = [Clause::Consultation];
        let ultimatum = |from, to| Offer {
            id: None,
            from,
            to,
            clauses: &demands,
            kind: OfferKind::Ultimatum(Consequence::DeclareWar),
            sent_day: 0,
            deadline_day: 7,
            secret: Secret::NONE,
        };
        let temper = profile(&view, "pragmatist");
        let weak = evaluate(&view, &ultimatum(alpha, gamma), &temper);
        view.strength[alpha.index()] = 500.0;
        let strong = evaluate(&view, &ultimatum(alpha, gamma), &temper);
        assert!(
            strong.margin > weak.margin,
            "a stronger sender is more credible"
        );
        // Beta's king is proud (0.9): an ultimatum is likely an insult.
        let to_beta = evaluate(&view, &ultimatum(alpha, beta), &temper);
        assert!(to_beta.insult_chance > 0.8);
        assert!(
            to_beta
                .lines
                .iter()
                .any(|l| matches!(l.factor, Factor::Pride(_)))
        );
        let to_gamma = evaluate(&view, &ultimatum(alpha, gamma), &temper);
        assert_eq!(to_gamma.insult_chance, 0.0, "Gamma has no proud leader");
    }

    #[test]
    fn a_competing_offer_raises_the_bar_and_war_risk_lowers_it() {
        let mut view = tiny();
        let (alpha, beta, gamma) = (p(&view, "alpha"), p(&view, "beta"), p(&view, "gamma"));
        let clauses = [Clause::Consultation];
        let base = margin(&view, "beta", "alpha", &clauses, "pragmatist").margin;
        view.offers.push(PendingOffer {
            id: ProposalId(9),
            from: gamma,
            to: alpha,
            clauses: vec![Clause::Trade {
                goods: Goods::IndustrialMaterials,
                to: alpha,
            }],
            sent_day: 0,
            deadline_day: 14,
            ultimatum: None,
            secret: crate::rules::clause::Secret::NONE,
            stage: crate::rules::view::Stage::Open,
        });
        let competed = margin(&view, "beta", "alpha", &clauses, "pragmatist").margin;
        assert!(competed < base);
        view.offers.clear();
        view.set_relation(alpha, beta, Relation::Severed);
        let threatened = margin(&view, "beta", "alpha", &clauses, "pragmatist").margin;
        assert!(
            threatened > base,
            "refusing a stronger hostile power risks war"
        );
    }

    #[test]
    fn ideology_and_leaders_show_in_the_breakdown() {
        let view = tiny();
        let a = margin(
            &view,
            "alpha",
            "beta",
            &[Clause::Consultation],
            "pragmatist",
        );
        assert!(
            a.lines
                .iter()
                .any(|l| matches!(l.factor, Factor::Affinity(_)) && l.value < 0.0)
        );
        assert!(
            a.lines
                .iter()
                .any(|l| matches!(l.factor, Factor::Leaning(_)) && l.value > 0.0)
        );
    }
}
