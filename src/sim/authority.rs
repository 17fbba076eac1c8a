//! The authority: every change to the world goes through here, straight to
//! the entities and resources of the ECS world, and every change is logged
//! as an [`Event`]. The phase systems call it. What it reads, it reads
//! through the rules' own [`View`] of the same world ([`Authority::view`]).

use super::components::*;
use super::world::EcsView;
use crate::ai::{self, Level};
use crate::rules::clause::{Clause, ClauseKind, Consequence, Secret};
use crate::rules::event::{Event, EventKind};
use crate::rules::ids::{BlocId, PowerId, ProposalId, StateId, TreatyId};
use crate::rules::intel::{aimed_at, intelligence};
use crate::rules::memory::MemoryKind;
use crate::rules::relation::Relation;
use crate::rules::rng::{self, tag};
use crate::rules::setup::{Profile, Setup};
use crate::rules::text;
use crate::rules::view::{
    Front, Pair, PendingOffer, Stage, Standing, Territory, Treaty, View, ViewExt,
};
use crate::rules::war;
use bevy::prelude::{Entity, World};
use rand::RngExt;
use std::sync::Arc;

/// Who plays a power.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Control {
    Human,
    /// An AI with the scenario profile at this index, playing at a level.
    Ai(usize, Level),
    /// An external program (`cmd:PROGRAM ARGS`), playing over JSON lines.
    Bot(String),
}

impl Control {
    /// The scenario's default AI for `p`, at `normal`.
    pub fn default_ai(setup: &Setup, p: PowerId) -> Control {
        Control::Ai(setup.power(p).default_profile, Level::Normal)
    }

    /// How it is named in outputs: `human`, a profile id (with `:LEVEL`
    /// unless it plays at `normal`), or `cmd:PROGRAM`.
    pub fn name(&self, setup: &Setup) -> String {
        match self {
            Control::Human => "human".into(),
            Control::Ai(i, level) => {
                let id = setup.profiles.get(*i).map_or("?", |p| p.id.as_str());
                level.name(id)
            }
            Control::Bot(cmd) => format!("cmd:{cmd}"),
        }
    }

    /// Reads a name written by [`Control::name`].
    pub fn parse(setup: &Setup, name: &str) -> Option<Control> {
        match name {
            "human" => Some(Control::Human),
            _ => match name.strip_prefix("cmd:") {
                Some(cmd) => Some(Control::Bot(cmd.to_string())),
                None => {
                    let (id, level) = match name.split_once(':') {
                        Some((id, level)) => (id, level.parse().ok()?),
                        None => (name, Level::Normal),
                    };
                    setup.profile_index(id).map(|i| Control::Ai(i, level))
                }
            },
        }
    }
}

/// The negotiation temper of a power: its AI profile or, for a human or a
/// bot, its scenario default.
pub fn temper<'s>(setup: &'s Setup, controls: &[Control], p: PowerId) -> &'s Profile {
    let index = match controls.get(p.index()) {
        Some(Control::Ai(i, _)) => *i,
        Some(Control::Human | Control::Bot(_)) | None => setup.power(p).default_profile,
    };
    &setup.profiles[index]
}

/// A document about to be sent.
#[derive(Clone, Debug, PartialEq)]
pub struct Draft {
    pub from: PowerId,
    pub to: PowerId,
    pub clauses: Vec<Clause>,
    pub secret: Secret,
    pub deadline_days: u32,
    /// The threat, if it is an ultimatum.
    pub ultimatum: Option<Consequence>,
    /// The proposal it counters, if it is a counter-proposal.
    pub counter_to: Option<ProposalId>,
}

impl Draft {
    /// A public proposal.
    pub fn proposal(from: PowerId, to: PowerId, clauses: Vec<Clause>, deadline_days: u32) -> Self {
        Draft {
            from,
            to,
            clauses,
            secret: Secret::NONE,
            deadline_days,
            ultimatum: None,
            counter_to: None,
        }
    }

    /// With these clauses secret.
    pub fn secret(mut self, secret: Secret) -> Self {
        self.secret = secret;
        self
    }

    /// An ultimatum, with this threat.
    pub fn threat(mut self, consequence: Consequence) -> Self {
        self.ultimatum = Some(consequence);
        self
    }

    /// A counter-proposal to `original`.
    pub fn countering(mut self, original: ProposalId) -> Self {
        self.counter_to = Some(original);
        self
    }
}

/// The authority over the match in an ECS world.
pub struct Authority<'w> {
    world: &'w mut World,
    setup: Arc<Setup>,
    controls: Vec<Control>,
    seed: u64,
}

impl<'w> Authority<'w> {
    /// The authority over the match in `world`, if one has begun.
    pub fn new(world: &'w mut World) -> Option<Self> {
        let m = world.get_resource::<Match>()?;
        let (setup, controls, seed) = (m.setup.clone(), m.controls.clone(), m.seed);
        Some(Authority {
            world,
            setup,
            controls,
            seed,
        })
    }

    /// The world as the rules see it, now.
    pub fn view(&self) -> EcsView<'_> {
        EcsView::new(self.world, &self.setup)
    }

    /// The ECS world (for systems that read more than the rules do).
    pub fn world(&mut self) -> &mut World {
        self.world
    }

    /// The scenario.
    pub fn setup(&self) -> &Arc<Setup> {
        &self.setup
    }

    fn turn(&self) -> u32 {
        self.view().turn()
    }

    /// The day being acted on.
    pub fn set_day(&mut self, day: u32) {
        if let Some(mut clock) = self.world.get_resource_mut::<Clock>() {
            clock.day = day;
        }
    }

    fn name(&self, p: PowerId) -> String {
        text::power(&self.setup, p).to_string()
    }

    fn date(&self, day: u32) -> String {
        self.setup.calendar.date(day).long()
    }

    /// Logs an event.
    pub fn emit(&mut self, event: Event) {
        if let Some(mut events) = self.world.get_resource_mut::<TurnEvents>() {
            events.0.push(event);
        }
    }

    /// How many events this turn has logged so far.
    pub fn emitted(&self) -> usize {
        self.world
            .get_resource::<TurnEvents>()
            .map_or(0, |e| e.0.len())
    }

    /// Gives `why` as the reason of the first event `actor` has logged
    /// since `mark` (the event of its action).
    pub fn give_reason(&mut self, mark: usize, actor: PowerId, why: String) {
        if let Some(mut events) = self.world.get_resource_mut::<TurnEvents>()
            && let Some(e) = events
                .0
                .iter_mut()
                .skip(mark)
                .find(|e| e.from == Some(actor))
        {
            e.reason = Some(why);
        }
    }

    fn event(&self, day: u32, kind: EventKind, summary: String) -> Event {
        Event::new(self.turn(), day, kind, summary)
    }

    /// The negotiation temper of a power (see [`temper`]).
    pub fn temper(&self, p: PowerId) -> &Profile {
        temper(&self.setup, &self.controls, p)
    }

    /// The match's seed.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// Who plays `p`.
    pub fn control(&self, p: PowerId) -> Option<&Control> {
        self.controls.get(p.index())
    }

    /// What `of` has with `toward`, to change.
    pub fn pair_mut(&mut self, of: PowerId, toward: PowerId) -> Option<&mut Pair> {
        let pairs = self.world.get_resource_mut::<Pairs>()?.into_inner();
        let n = pairs.size();
        (of.index() < n && toward.index() < n).then(|| pairs.get_mut(of.index(), toward.index()))
    }

    fn entity(&self, list: fn(&Index) -> &Vec<Entity>, i: usize) -> Option<Entity> {
        self.world
            .get_resource::<Index>()
            .and_then(|index| list(index).get(i).copied())
    }

    /// A power's strength, to change.
    pub fn strength_mut(&mut self, p: PowerId) -> Option<&mut f32> {
        let e = self.entity(|i| &i.powers, p.index())?;
        Some(&mut self.world.get_mut::<Strength>(e)?.into_inner().0)
    }

    /// A state's sphere and ruler, to change.
    pub fn territory_mut(&mut self, s: StateId) -> Option<&mut Territory> {
        let e = self.entity(|i| &i.states, s.index())?;
        Some(&mut self.world.get_mut::<Land>(e)?.into_inner().0)
    }

    /// A bloc's members, to change.
    pub fn members_mut(&mut self, b: BlocId) -> Option<&mut Vec<PowerId>> {
        let e = self.entity(|i| &i.blocs, b.index())?;
        Some(&mut self.world.get_mut::<Members>(e)?.into_inner().0)
    }

    /// The next id of a kind, counted.
    fn next_id(&mut self, treaty: bool) -> u32 {
        let Some(mut c) = self.world.get_resource_mut::<Counters>() else {
            return u32::MAX;
        };
        let slot = if treaty {
            &mut c.next_treaty
        } else {
            &mut c.next_proposal
        };
        let id = *slot;
        *slot += 1;
        id
    }

    /// Puts a treaty into force (an entity of its own).
    fn add_treaty(&mut self, t: Treaty) {
        let id = t.id;
        let e = self.world.spawn((SimEntity, Signed(t))).id();
        if let Some(mut index) = self.world.get_resource_mut::<Index>() {
            let at = index.treaties.partition_point(|(t, _)| *t < id);
            index.treaties.insert(at, (id, e));
        }
    }

    /// Ends a treaty, returning it.
    fn remove_treaty(&mut self, id: TreatyId) -> Option<Treaty> {
        let mut index = self.world.get_resource_mut::<Index>()?;
        let at = index.treaties.iter().position(|(t, _)| *t == id)?;
        let (_, e) = index.treaties.remove(at);
        let treaty = self.world.get::<Signed>(e).map(|t| t.0.clone());
        self.world.despawn(e);
        treaty
    }

    /// Puts an offer on the table (an entity of its own).
    fn add_offer(&mut self, o: PendingOffer) {
        let id = o.id;
        let e = self.world.spawn((SimEntity, Tabled(o))).id();
        if let Some(mut index) = self.world.get_resource_mut::<Index>() {
            let at = index.offers.partition_point(|(o, _)| *o < id);
            index.offers.insert(at, (id, e));
        }
    }

    /// Takes an offer off the table, returning it.
    pub fn take_offer(&mut self, id: ProposalId) -> Option<PendingOffer> {
        let mut index = self.world.get_resource_mut::<Index>()?;
        let at = index.offers.iter().position(|(o, _)| *o == id)?;
        let (_, e) = index.offers.remove(at);
        let offer = self.world.get::<Tabled>(e).map(|o| o.0.clone());
        self.world.despawn(e);
        offer
    }

    /// Removes a pending offer (one awaiting an answer), returning it.
    pub fn take_pending(&mut self, id: ProposalId) -> Option<PendingOffer> {
        let view = self.view();
        let waiting = view.pending().any(|o| o.id == id);
        if waiting { self.take_offer(id) } else { None }
    }

    /// Puts an offer taken off the table back (left unanswered).
    pub fn put_back(&mut self, offer: PendingOffer) {
        self.add_offer(offer);
    }

    /// Marks an ultimatum refused: it stays until its deadline, when its
    /// threat falls due.
    pub fn refuse(&mut self, mut offer: PendingOffer) {
        offer.stage = Stage::Refused;
        self.add_offer(offer);
    }

    /// Opens a front: `by` fights for `state` from today (once).
    fn launch(&mut self, by: PowerId, state: StateId, day: u32) {
        if self
            .view()
            .fronts()
            .any(|f| f.attacker == by && f.state == state)
        {
            return;
        }
        let front = Front {
            attacker: by,
            state,
            began_day: day,
            progress: 0,
        };
        let e = self.world.spawn((SimEntity, Fighting(front))).id();
        if let Some(mut index) = self.world.get_resource_mut::<Index>() {
            index.fronts.push(e);
        }
        self.sort_fronts();
    }

    fn sort_fronts(&mut self) {
        let Some(index) = self.world.get_resource::<Index>() else {
            return;
        };
        let mut keyed: Vec<((PowerId, StateId), Entity)> = index
            .fronts
            .iter()
            .filter_map(|e| {
                self.world
                    .get::<Fighting>(*e)
                    .map(|f| ((f.attacker, f.state), *e))
            })
            .collect();
        keyed.sort_by_key(|(k, _)| *k);
        if let Some(mut index) = self.world.get_resource_mut::<Index>() {
            index.fronts = keyed.into_iter().map(|(_, e)| e).collect();
        }
    }

    /// Closes the fronts for which `keep` is false.
    fn close_fronts(&mut self, keep: impl Fn(&Front) -> bool) {
        let Some(index) = self.world.get_resource::<Index>() else {
            return;
        };
        let gone: Vec<Entity> = index
            .fronts
            .iter()
            .copied()
            .filter(|e| self.world.get::<Fighting>(*e).is_some_and(|f| !keep(f)))
            .collect();
        for e in &gone {
            self.world.despawn(*e);
        }
        if let Some(mut index) = self.world.get_resource_mut::<Index>() {
            index.fronts.retain(|e| !gone.contains(e));
        }
    }

    /// A power's record and toll, to change.
    pub fn record_mut(&mut self, p: PowerId) -> Option<&mut Standing> {
        let e = self.entity(|i| &i.powers, p.index())?;
        Some(&mut self.world.get_mut::<Record>(e)?.into_inner().0)
    }

    /// `p` pays `points` of score.
    pub fn charge(&mut self, p: PowerId, points: f32) {
        if let Some(r) = self.record_mut(p) {
            r.toll += points.max(0.0);
        }
    }

    /// `of` remembers `acts` acts of `kind` by `toward`.
    pub fn remember(&mut self, of: PowerId, toward: PowerId, kind: MemoryKind, acts: f32) {
        if of == toward {
            return;
        }
        let rule = *self.setup.model.memory_rule(kind);
        if let Some(pair) = self.pair_mut(of, toward) {
            pair.memory.record(kind, &rule, acts);
        }
    }

    /// Sets the relation between `by` and `with` (both ways), logging the
    /// change.
    pub fn set_relation(&mut self, by: PowerId, with: PowerId, to: Relation, day: u32, why: &str) {
        let from = self.view().relation(by, with);
        if from == to || by == with {
            return;
        }
        for (a, b) in [(by, with), (with, by)] {
            if let Some(pair) = self.pair_mut(a, b) {
                pair.relation = to;
            }
        }
        let (a, b) = (self.name(by), self.name(with));
        let (kind, words) = match to {
            Relation::Normal => (EventKind::RelationsRestored, "restores relations with"),
            Relation::Strained if from < to => {
                (EventKind::RelationsStrained, "— relations strained with")
            }
            Relation::Strained => (EventKind::RelationsRestored, "restores relations with"),
            Relation::Severed if from < to => {
                (EventKind::RelationsSevered, "breaks off relations with")
            }
            Relation::Severed => (EventKind::RelationsRestored, "makes peace with"),
            Relation::War => (EventKind::WarDeclared, "declares war on"),
        };
        let why = if why.is_empty() {
            String::new()
        } else {
            format!(" ({why})")
        };
        let e = self
            .event(day, kind, format!("{a} {words} {b}{why}"))
            .between(by, with);
        self.emit(e);
        if to >= Relation::Severed && from < Relation::Severed {
            self.remember(with, by, MemoryKind::SeveredRelations, 1.0);
            self.lapse_between(by, with, day, "relations were severed");
        }
    }

    /// Pending proposals between two powers lapse (relations broken).
    fn lapse_between(&mut self, a: PowerId, b: PowerId, day: u32, why: &str) {
        let gone: Vec<ProposalId> = self
            .view()
            .pending()
            .filter(|p| (p.from == a && p.to == b) || (p.from == b && p.to == a))
            .map(|p| p.id)
            .collect();
        for id in gone {
            let Some(p) = self.take_offer(id) else {
                continue;
            };
            let kind = if p.ultimatum.is_some() {
                EventKind::UltimatumExpired
            } else {
                EventKind::ProposalExpired
            };
            let mut e = self
                .event(
                    day,
                    kind,
                    format!(
                        "{}'s proposal #{} to {} lapses unanswered: {why}",
                        self.name(p.from),
                        p.id.0,
                        self.name(p.to)
                    ),
                )
                .between(p.from, p.to);
            e.proposal = Some(p.id);
            e.clauses = p.clauses;
            self.emit(e);
        }
    }

    /// Sends a proposal (or, with a consequence, an ultimatum); a counter-
    /// proposal names the proposal it answers.
    pub fn send(&mut self, draft: Draft, day: u32) -> ProposalId {
        let Draft {
            from,
            to,
            clauses,
            secret,
            deadline_days,
            ultimatum,
            counter_to,
        } = draft;
        let id = ProposalId(self.next_id(false));
        let deadline = day + deadline_days;
        let secret = secret.within(clauses.len());
        let words = text::clauses(&self.view(), &clauses);
        let (kind, summary) = match (ultimatum, counter_to) {
            (Some(c), _) => (
                EventKind::UltimatumSent,
                format!(
                    "{} delivers an ultimatum to {}: {words} by {}, or {}",
                    self.name(from),
                    self.name(to),
                    self.date(deadline),
                    c.describe()
                ),
            ),
            (None, Some(original)) => (
                EventKind::ProposalCountered,
                format!(
                    "{} answers proposal #{} with a counter-proposal to {}: {words} (answer by {})",
                    self.name(from),
                    original.0,
                    self.name(to),
                    self.date(deadline)
                ),
            ),
            (None, None) => (
                EventKind::ProposalSent,
                format!(
                    "{} proposes to {}: {words} (answer by {})",
                    self.name(from),
                    self.name(to),
                    self.date(deadline)
                ),
            ),
        };
        let mut e = self.event(day, kind, summary).between(from, to);
        e.proposal = Some(id);
        e.clauses = clauses.clone();
        e.secret = secret;
        if secret.any() && ultimatum.is_some() {
            // An ultimatum is public, but not its secret demands.
            e.audience = vec![from, to];
        }
        self.emit(e);
        if ultimatum.is_some() {
            self.remember(to, from, MemoryKind::Ultimatum, 1.0);
            // A threat to a client is a threat to its patrons and guarantors.
            let protectors = crate::rules::model::protectors(&self.view(), to, from);
            let acts = self.setup.model.patron_threat_acts;
            for patron in protectors {
                self.remember(patron, from, MemoryKind::Ultimatum, acts);
            }
            if self.view().relation(from, to) == Relation::Normal {
                self.set_relation(from, to, Relation::Strained, day, "an ultimatum");
            }
        }
        self.add_offer(PendingOffer {
            id,
            from,
            to,
            clauses,
            secret,
            sent_day: day,
            deadline_day: deadline,
            ultimatum,
            stage: Stage::Open,
        });
        id
    }

    /// Puts a treaty into force between `a` and `b` and carries out its
    /// clauses (the `secret` ones too: only knowledge of them is limited).
    pub fn sign(
        &mut self,
        a: PowerId,
        b: PowerId,
        clauses: Vec<Clause>,
        secret: Secret,
        day: u32,
        proposal: Option<ProposalId>,
    ) -> TreatyId {
        let id = TreatyId(self.next_id(true));
        let secret = secret.within(clauses.len());
        let public: Vec<Clause> = secret.public(&clauses).cloned().collect();
        let hidden: Vec<Clause> = clauses
            .iter()
            .enumerate()
            .filter(|(i, _)| secret.has(*i))
            .map(|(_, c)| c.clone())
            .collect();
        // Named by its public clauses, when it has any.
        let name = treaty_name(
            &self.view(),
            a,
            b,
            if public.is_empty() { &clauses } else { &public },
        );
        // Everyone learns of the public part (a treaty all of whose clauses
        // are secret is itself a secret)...
        if !public.is_empty() {
            let words = text::clauses(&self.view(), &public);
            let mut e = self
                .event(
                    day,
                    EventKind::TreatySigned,
                    format!("{name} signed: {words}"),
                )
                .between(a, b);
            e.proposal = proposal;
            e.treaty = Some(id);
            e.clauses = public;
            self.emit(e);
        }
        // ...the parties alone of the secret one.
        if !hidden.is_empty() {
            let words = text::clauses(&self.view(), &hidden);
            let mut e = self
                .event(
                    day,
                    EventKind::SecretProtocol,
                    format!("{name}, secret protocol: {words}"),
                )
                .between(a, b)
                .for_only(vec![a, b]);
            e.proposal = proposal;
            e.treaty = Some(id);
            e.secret = Secret(((1u32 << hidden.len()) - 1) as u16);
            e.clauses = hidden;
            self.emit(e);
        }
        for (i, clause) in clauses.iter().enumerate() {
            // Between others, a sphere assignment is a recognition...
            let claims = clause.claims(|s| self.view().sphere(s), a, b);
            for (state, claimant) in claims {
                self.recognise(state, claimant, [a, b], day, &name, secret.has(i));
            }
            // ...and with the holder's signature, states move.
            for state in clause.states() {
                let before = self.view().territory(state);
                let after = clause.moves(state, before, a, b);
                if after.sphere != before.sphere {
                    self.move_sphere(state, after.sphere, day, &name, false);
                }
                if let Some(t) = self.territory_mut(state) {
                    t.controller = after.controller;
                    t.partitioned_with = after.partitioned_with;
                }
            }
            match clause {
                Clause::JoinBloc { power, bloc } => {
                    if let Some(members) = self.members_mut(*bloc)
                        && !members.contains(power)
                    {
                        members.push(*power);
                    }
                }
                Clause::Revision(treaty) | Clause::Denunciation(treaty) => {
                    if let Some(old) = self.remove_treaty(*treaty) {
                        let kind = if matches!(clause, Clause::Revision(_)) {
                            "revised"
                        } else {
                            "denounced by agreement"
                        };
                        let mut e = self
                            .event(
                                day,
                                EventKind::TreatyRevised,
                                format!("The {} is {kind}", old.name),
                            )
                            .between(a, b);
                        e.treaty = Some(old.id);
                        self.emit(e);
                    }
                }
                Clause::Armistice => self.armistice(a, b, day, &name),
                Clause::NonAggression
                | Clause::MutualAssistance
                | Clause::Trade { .. }
                | Clause::Consultation
                | Clause::Guarantee { .. }
                | Clause::TerritorialProtocol(_)
                | Clause::Cession { .. }
                | Clause::Partition(_) => {}
            }
        }
        self.remember(a, b, MemoryKind::AcceptedDeal, 1.0);
        self.remember(b, a, MemoryKind::AcceptedDeal, 1.0);
        self.add_treaty(Treaty::new(id, name, vec![a, b], clauses).with_secret(secret));
        id
    }

    fn move_sphere(&mut self, state: StateId, to: PowerId, day: u32, why: &str, conquest: bool) {
        let from = self.view().sphere(state);
        if from == to {
            return;
        }
        if let Some(t) = self.territory_mut(state) {
            t.sphere = to;
            t.conquered = conquest;
        }
        let setup = &self.setup;
        let summary = format!(
            "{} passes from the sphere of {} to that of {} ({why})",
            setup.state(state).name,
            text::power(setup, from),
            text::power(setup, to)
        );
        let mut e = self
            .event(day, EventKind::SphereChanged, summary)
            .between(from, to);
        e.state = Some(state);
        self.emit(e);
    }

    /// The signatories of a treaty recognise `claimant`'s claim to `state`,
    /// which a third power holds: nothing moves, the claim is on record,
    /// and the holder resents every signatory (a client that recognises a
    /// claim on itself, twice over, and its patron trusts it less). A
    /// `secret` recognition is known to its parties alone; the holder
    /// resents it when its envoys learn of it.
    fn recognise(
        &mut self,
        state: StateId,
        claimant: PowerId,
        parties: [PowerId; 2],
        day: u32,
        treaty: &str,
        secret: bool,
    ) {
        let view = self.view();
        let holder = view.sphere(state);
        let recognisers: Vec<PowerId> = parties.into_iter().filter(|p| *p != claimant).collect();
        let names: Vec<String> = recognisers.iter().map(|p| self.name(*p)).collect();
        let summary = format!(
            "{} {}recognises {}'s claim to {} ({treaty}){}",
            names.join(" and "),
            if secret { "secretly " } else { "" },
            text::possessive(&self.name(claimant)),
            self.setup.state(state).name,
            if secret {
                String::new()
            } else {
                format!("; {}, which holds it, resents it", self.name(holder))
            },
        );
        let mut e = self
            .event(day, EventKind::ClaimRecognised, summary)
            .between(claimant, holder);
        e.state = Some(state);
        if secret {
            e = e.for_only(parties.to_vec());
        }
        self.emit(e);
        if !secret {
            self.resent(state, parties);
        }
    }

    /// The holder of `state` resents the `parties` to a recognition of a
    /// claim to it (its ruler among them, twice over, and trusts it less).
    fn resent(&mut self, state: StateId, parties: [PowerId; 2]) {
        let view = self.view();
        let (holder, ruler) = (view.sphere(state), view.controller(state));
        let w = self.setup.model.clone();
        for p in parties {
            let acts = if p == ruler { 2.0 } else { 1.0 };
            self.remember(holder, p, MemoryKind::Resentment, acts);
            if p == ruler
                && p != holder
                && let Some(pair) = self.pair_mut(holder, p)
            {
                pair.trust = (pair.trust - w.trust_broken_treaty * 0.5).max(0.0);
            }
        }
    }

    /// `by` breaks a treaty: it lapses, and everyone trusts `by` less.
    pub fn break_treaty(&mut self, treaty: TreatyId, by: PowerId, day: u32, why: &str) {
        let Some(t) = self.remove_treaty(treaty) else {
            return;
        };
        let mut e = self
            .event(
                day,
                EventKind::TreatyBroken,
                format!("{} breaks the {} ({why})", self.name(by), t.name),
            )
            .by(by);
        e.to = t.parties.iter().copied().find(|p| *p != by);
        e.treaty = Some(t.id);
        e.clauses = t.clauses.clone();
        self.emit(e);
        let cost = self.setup.model.trust_broken_treaty;
        for p in self.setup.clone().power_ids() {
            if p != by {
                if let Some(pair) = self.pair_mut(p, by) {
                    pair.trust = (pair.trust - cost).max(0.0);
                }
                let acts = if t.binds(p) {
                    1.0
                } else {
                    self.setup.model.bystander_broken_treaty
                };
                self.remember(p, by, MemoryKind::BrokenTreaty, acts);
            }
        }
    }

    /// Breaks every treaty between `by` and `with` (on severance or war).
    fn break_treaties_between(&mut self, by: PowerId, with: PowerId, day: u32, why: &str) {
        let ids: Vec<TreatyId> = self
            .view()
            .treaties_between(by, with)
            .filter(|t| t.ends_on_break())
            .map(|t| t.id)
            .collect();
        for id in ids {
            self.break_treaty(id, by, day, why);
        }
    }

    /// `by` severs relations with `with`.
    pub fn sever(&mut self, by: PowerId, with: PowerId, day: u32, why: &str) {
        self.set_relation(by, with, Relation::Severed, day, why);
        self.break_treaties_between(by, with, day, "relations severed");
    }

    /// `by` ends talks with `with`.
    pub fn end_talks(&mut self, by: PowerId, with: PowerId, day: u32, why: &str) {
        match self.pair_mut(by, with) {
            Some(pair) if !pair.talks_ended => pair.talks_ended = true,
            _ => return,
        }
        self.remember(with, by, MemoryKind::Insult, 1.0);
        let e = self
            .event(
                day,
                EventKind::TalksEnded,
                format!(
                    "{} ends the talks with {} ({why})",
                    self.name(by),
                    self.name(with)
                ),
            )
            .between(by, with);
        self.emit(e);
    }

    /// `by` recalls its ambassador from `from`.
    pub fn recall(&mut self, by: PowerId, from: PowerId, day: u32) {
        if let Some(pair) = self.pair_mut(by, from) {
            pair.recalled = true;
        }
        let envoy = self
            .setup
            .leaders
            .iter()
            .find(|l| l.power == by && l.posted_to == Some(from))
            .map(|l| format!(": {} leaves", l.name))
            .unwrap_or_default();
        let e = self
            .event(
                day,
                EventKind::AmbassadorRecalled,
                format!(
                    "{} recalls its ambassador from {}{envoy}",
                    self.name(by),
                    self.name(from)
                ),
            )
            .between(by, from);
        self.emit(e);
        self.remember(
            from,
            by,
            MemoryKind::SeveredRelations,
            self.setup.model.recall_acts,
        );
        if self.view().relation(by, from) == Relation::Normal {
            self.set_relation(by, from, Relation::Strained, day, "ambassador recalled");
        }
    }

    /// `by` declares war on `on`; treaty partners decide whether to honour
    /// their obligations. `state` is the state fought over, if any.
    pub fn declare_war(
        &mut self,
        by: PowerId,
        on: PowerId,
        state: Option<StateId>,
        day: u32,
        why: &str,
        depth: u8,
    ) {
        if by == on || self.view().relation(by, on) == Relation::War {
            return;
        }
        // Those who recognised the attacker's claim to the state fought
        // over mind it less.
        let recognised =
            |view: &EcsView<'_>, p: PowerId| state.is_some_and(|s| view.recognises(p, by, s));
        let w = self.setup.model.clone();
        let victim = if recognised(&self.view(), on) {
            w.recognised_conquest
        } else {
            1.0
        };
        self.break_treaties_between(by, on, day, "war");
        self.set_relation(by, on, Relation::War, day, why);
        self.remember(on, by, MemoryKind::War, victim);
        // The patrons of the state fought over (or of every state the
        // victim rules).
        let patrons: Vec<PowerId> = {
            let view = self.view();
            war::attacked(&view, on, state)
                .into_iter()
                .map(|s| view.sphere(s))
                .collect()
        };
        for p in self.setup.clone().power_ids() {
            if p != by && p != on {
                // War on a state of its sphere is war on the patron.
                let acts = if patrons.contains(&p) {
                    1.0
                } else {
                    w.bystander_war
                };
                let acts = if recognised(&self.view(), p) {
                    acts * w.recognised_conquest
                } else {
                    acts
                };
                self.remember(p, by, MemoryKind::War, acts);
            }
        }
        // Only the first declaration draws others in: those who join it
        // defend, and a defender's war is no aggression that binds the
        // aggressor's own partners.
        if depth >= 1 {
            return;
        }
        let duties = war::obligations(&self.view(), by, on, state);
        for duty in duties {
            if self.view().relation(duty.power, by) == Relation::War {
                continue;
            }
            let stands = match self.controls.get(duty.power.index()) {
                Some(Control::Ai(i, _)) => {
                    let profile = self.setup.profiles[*i].clone();
                    let mut r = rng::stream(
                        self.seed,
                        self.turn(),
                        rng::decision(tag::HONOUR, duty.power.0.into(), by.0.into()),
                    );
                    // A patron (by treaty or not) weighs its clients.
                    match duty.state() {
                        Some(s) if self.view().sphere(s) == duty.power => {
                            ai::defends_client(&self.view(), duty.power, by, s, &profile, &mut r)
                        }
                        Some(_) | None => ai::honours(&profile, &mut r),
                    }
                }
                // A human or a bot is not asked mid-turn: it stands by its word.
                Some(Control::Human | Control::Bot(_)) | None => true,
            };
            let bond = match duty.treaty().and_then(|t| self.view().treaty(t).cloned()) {
                Some(t) => format!("the {}", t.name),
                None => format!("its protection of {}", self.name(on)),
            };
            if stands {
                let e = self
                    .event(
                        day,
                        EventKind::ObligationHonoured,
                        format!(
                            "{} honours {bond} and stands by {}",
                            self.name(duty.power),
                            self.name(on)
                        ),
                    )
                    .between(duty.power, on);
                self.emit(e);
                let reason = format!("honouring {bond}");
                self.declare_war(duty.power, by, state, day, &reason, depth + 1);
            } else if let Some(treaty) = duty.treaty() {
                self.break_treaty(
                    treaty,
                    duty.power,
                    day,
                    "it failed to come to its partner's aid",
                );
            } else {
                self.abandon_client(duty.power, by, on, day);
            }
        }
    }

    /// `patron` stands aside while `invader` attacks `client`, a state of
    /// its sphere: it pays in prestige as for a threat abandoned, and its
    /// record of threats answered says so.
    fn abandon_client(&mut self, patron: PowerId, invader: PowerId, client: PowerId, day: u32) {
        let summary = format!(
            "{} stands aside while {} attacks {}, in its sphere",
            self.name(patron),
            self.name(invader),
            self.name(client)
        );
        let e = self
            .event(day, EventKind::ClientAbandoned, summary)
            .between(patron, client);
        self.emit(e);
        if let Some(r) = self.record_mut(patron) {
            r.backed_down += 1;
        }
        self.charge(patron, self.setup.model.back_down_points);
    }

    /// The sender of an unmet ultimatum carries out its threat; its record
    /// of threats carried out grows.
    pub fn carry_out_threat(&mut self, threat: &PendingOffer, day: u32) {
        let (by, on) = (threat.from, threat.to);
        let words = threat.ultimatum.map_or("", |c| c.describe());
        let summary = format!(
            "{} carries out the threat of its ultimatum #{} to {}: {words}",
            self.name(by),
            threat.id.0,
            self.name(on)
        );
        self.announce_decision(threat, day, EventKind::ThreatCarriedOut, summary);
        if let Some(r) = self.record_mut(by) {
            r.carried_out += 1;
        }
        let why = format!("ultimatum #{} unmet", threat.id.0);
        let relation = self.view().relation(by, on);
        match threat.ultimatum {
            Some(Consequence::SeverRelations) if relation < Relation::Severed => {
                self.sever(by, on, day, &why);
            }
            Some(Consequence::EndTalks) => self.end_talks(by, on, day, &why),
            Some(Consequence::Denounce(t))
                if self.view().treaty(t).is_some_and(|t| t.binds(by)) =>
            {
                self.break_treaty(t, by, day, &why);
            }
            Some(Consequence::DeclareWar) => self.declare_war(by, on, None, day, &why, 0),
            Some(Consequence::SeverRelations | Consequence::Denounce(_)) | None => {}
        }
    }

    /// The sender of an unmet ultimatum backs down: its threat lapses, its
    /// record of threats abandoned grows, and it pays in prestige.
    pub fn back_down(&mut self, threat: &PendingOffer, day: u32, why: &str) {
        let by = threat.from;
        let summary = format!(
            "{} backs down from its ultimatum #{} to {} ({why})",
            self.name(by),
            threat.id.0,
            self.name(threat.to)
        );
        self.announce_decision(threat, day, EventKind::ThreatAbandoned, summary);
        if let Some(r) = self.record_mut(by) {
            r.backed_down += 1;
        }
        self.charge(by, self.setup.model.back_down_points);
    }

    /// The event of a sender's decision on its unmet ultimatum.
    fn announce_decision(
        &mut self,
        threat: &PendingOffer,
        day: u32,
        kind: EventKind,
        summary: String,
    ) {
        let mut e = self
            .event(day, kind, summary)
            .between(threat.from, threat.to);
        e.proposal = Some(threat.id);
        self.emit(e);
    }

    /// An unmet ultimatum waits for its sender's decision until `until`.
    pub fn await_decision(&mut self, mut threat: PendingOffer, until: u32) {
        threat.stage = Stage::Due;
        threat.deadline_day = until.max(threat.deadline_day);
        self.add_offer(threat);
    }

    /// An invasion of `state` by `by`: war on its ruler, which may draw in
    /// the ruler's protectors. The fighting is resolved by [`Self::fight`].
    pub fn invade(&mut self, by: PowerId, state: StateId, day: u32) {
        let ruler = self.view().controller(state);
        let name = self.setup.state(state).name.clone();
        let mut e = self
            .event(
                day,
                EventKind::Invasion,
                format!("{} invades {name}", self.name(by)),
            )
            .between(by, ruler);
        e.state = Some(state);
        self.emit(e);
        self.declare_war(
            by,
            ruler,
            Some(state),
            day,
            &format!("the invasion of {name}"),
            0,
        );
        self.launch(by, state, day);
    }

    /// Each front sees a turn of fighting: a seeded battle for the state,
    /// the invader against its ruler and every power bound to defend it
    /// (its patron, guarantors, the ruler's allies) that is at war with the
    /// invader. A battle won is a step forward, and
    /// `conquest_turns` steps take the state; a battle lost throws the
    /// invasion back and costs the invader strength. Fronts whose war has
    /// ended close.
    pub fn fight_fronts(&mut self, day: u32) {
        let fronts: Vec<Front> = self.view().fronts().copied().collect();
        let w = self.setup.model.clone();
        for front in fronts {
            let (by, state) = (front.attacker, front.state);
            let view = self.view();
            let ruler = view.controller(state);
            if ruler == by || view.relation(by, ruler) != Relation::War {
                self.close_fronts(|f| !(f.attacker == by && f.state == state));
                continue;
            }
            let defenders =
                war::defenders(&view, by, state, |p| view.relation(p, by) == Relation::War);
            let battle = war::battle(&view, &[by], &defenders);
            let mut r = rng::stream(
                self.seed,
                self.turn(),
                rng::decision(tag::WAR, by.0.into(), state.0.into()),
            );
            let roll: f32 = r.random();
            let name = self.setup.state(state).name.clone();
            let needed = w.battles_to_conquer();
            if roll < battle.chance {
                let progress = front.progress + 1;
                if progress >= needed {
                    self.close_fronts(|f| !(f.attacker == by && f.state == state));
                    if let Some(t) = self.territory_mut(state) {
                        t.controller = by;
                    }
                    self.move_sphere(state, by, day, "conquest", true);
                } else {
                    self.close_fronts(|f| !(f.attacker == by && f.state == state));
                    let e = self
                        .world
                        .spawn((SimEntity, Fighting(Front { progress, ..front })));
                    let e = e.id();
                    if let Some(mut index) = self.world.get_resource_mut::<Index>() {
                        index.fronts.push(e);
                    }
                    self.sort_fronts();
                    let mut ev = self
                        .event(
                            day,
                            EventKind::InvasionAdvances,
                            format!(
                                "The invasion of {name} advances ({:.0}% chance a week; {} more to take it)",
                                battle.chance * 100.0,
                                needed - progress
                            ),
                        )
                        .between(by, ruler);
                    ev.state = Some(state);
                    self.emit(ev);
                }
            } else {
                self.close_fronts(|f| !(f.attacker == by && f.state == state));
                if let Some(s) = self.strength_mut(by) {
                    *s = (*s * (1.0 - w.repulse_loss)).max(0.0);
                }
                let mut ev = self
                    .event(
                        day,
                        EventKind::InvasionFailed,
                        format!(
                            "The invasion of {name} is thrown back ({:.0}% chance)",
                            battle.chance * 100.0
                        ),
                    )
                    .between(by, ruler);
                ev.state = Some(state);
                self.emit(ev);
            }
        }
    }

    /// A turn of war: every pair at war pays in strength (a share of the
    /// enemy's) and in score (more against a stronger enemy).
    pub fn wage_wars(&mut self, day: u32) {
        let view = self.view();
        let powers: Vec<PowerId> = self.setup.power_ids().collect();
        let w = self.setup.model.clone();
        let mut losses: Vec<(PowerId, f32, f32)> = Vec::new();
        for &a in &powers {
            for &b in &powers {
                if a != b && view.relation(a, b) == Relation::War {
                    let (sa, sb) = (view.strength(a), view.strength(b));
                    let toll = war::weekly_toll(&view, sa, sb);
                    losses.push((a, w.war_attrition * sb, toll));
                }
            }
        }
        let _ = day;
        for (p, strength, points) in losses {
            if let Some(s) = self.strength_mut(p) {
                *s = (*s - strength).max(0.0);
            }
            self.charge(p, points);
        }
    }

    /// Each power's envoys may learn the secret clauses of treaties it is
    /// not party to: a chance a week for each party to the treaty, higher
    /// with an ambassador in place and relations unstrained. A discovered
    /// secret aimed at the discoverer (it concerns the discoverer's states
    /// or objectives) costs its parties the discoverer's trust and opinion.
    pub fn gather_intelligence(&mut self, day: u32) {
        let view = self.view();
        let w = self.setup.model.clone();
        let mut found: Vec<(PowerId, TreatyId)> = Vec::new();
        for t in view.treaties().filter(|t| t.secret.any()) {
            for p in self.setup.power_ids() {
                if t.known_by(p) {
                    continue;
                }
                let miss: f32 = t
                    .parties
                    .iter()
                    .map(|q| 1.0 - intelligence(&view, p, *q) * w.intel_chance)
                    .product();
                let mut r = rng::stream(
                    self.seed,
                    self.turn(),
                    rng::decision(tag::INTEL, p.0.into(), t.id.0.into()),
                );
                if r.random::<f32>() < 1.0 - miss {
                    found.push((p, t.id));
                }
            }
        }
        for (p, id) in found {
            let Some(t) = self.view().treaty(id).cloned() else {
                continue;
            };
            let hidden: Vec<Clause> = t
                .clauses
                .iter()
                .enumerate()
                .filter(|(i, _)| t.secret.has(*i))
                .map(|(_, c)| c.clone())
                .collect();
            let aimed = aimed_at(&self.view(), &hidden, p);
            let words = text::clauses(&self.view(), &hidden);
            let summary = format!(
                "{}'s envoys learn a secret protocol of the {}: {words}{}",
                self.name(p),
                t.name,
                if aimed { " — aimed at it" } else { "" }
            );
            let mut e = self
                .event(day, EventKind::SecretDiscovered, summary)
                .by(p)
                .for_only(vec![p]);
            e.treaty = Some(id);
            e.clauses = hidden.clone();
            e.secret = Secret(u16::MAX).within(e.clauses.len());
            self.emit(e);
            if let Some(e) = self.entity_of_treaty(id)
                && let Some(mut signed) = self.world.get_mut::<Signed>(e)
                && !signed.known_to.contains(&p)
            {
                signed.known_to.push(p);
                signed.known_to.sort();
            }
            // A secret recognition of a claim on what the discoverer holds
            // is resented as a public one would have been.
            let view = self.view();
            let parties = [t.parties[0], t.parties[1]];
            let resented: Vec<StateId> = hidden
                .iter()
                .flat_map(|c| c.claims(|s| view.sphere(s), parties[0], parties[1]))
                .map(|(state, _)| state)
                .filter(|s| view.sphere(*s) == p)
                .collect();
            for state in resented {
                self.resent(state, parties);
            }
            if aimed {
                for q in t.parties.iter().copied().filter(|q| *q != p) {
                    self.remember(p, q, MemoryKind::Deceit, 1.0);
                    if let Some(pair) = self.pair_mut(p, q) {
                        pair.trust = (pair.trust - w.secret_trust).max(0.0);
                    }
                }
            }
        }
    }

    fn entity_of_treaty(&self, id: TreatyId) -> Option<Entity> {
        let index = self.world.get_resource::<Index>()?;
        index
            .treaties
            .iter()
            .find(|(t, _)| *t == id)
            .map(|(_, e)| *e)
    }

    /// `a` and `b` cease hostilities: relations fall back to severed and
    /// their fronts against each other close.
    fn armistice(&mut self, a: PowerId, b: PowerId, day: u32, why: &str) {
        if self.view().relation(a, b) != Relation::War {
            return;
        }
        self.set_relation(a, b, Relation::Severed, day, why);
        let view = self.view();
        let against = |f: &Front, x: PowerId, y: PowerId| {
            f.attacker == x && {
                let t = view.territory(f.state);
                t.controller == y || t.sphere == y
            }
        };
        let closing: Vec<(PowerId, StateId)> = view
            .fronts()
            .filter(|f| against(f, a, b) || against(f, b, a))
            .map(|f| (f.attacker, f.state))
            .collect();
        self.close_fronts(|f| !closing.contains(&(f.attacker, f.state)));
    }
}

/// A name for a new treaty: "German-Soviet Non-Aggression Treaty".
pub fn treaty_name(view: &dyn View, a: PowerId, b: PowerId, clauses: &[Clause]) -> String {
    let setup = view.setup();
    let short = |p: PowerId| {
        let n = text::power(setup, p);
        n.strip_prefix("the ").unwrap_or(n).to_string()
    };
    let kind = clauses.first().map_or("Agreement", |c| match c.kind() {
        ClauseKind::NonAggression => "Non-Aggression Treaty",
        ClauseKind::MutualAssistance => "Treaty of Mutual Assistance",
        ClauseKind::Trade => "Trade Agreement",
        ClauseKind::JoinBloc => "Accession Protocol",
        ClauseKind::Consultation => "Agreement",
        ClauseKind::Guarantee => "Guarantee Treaty",
        ClauseKind::TerritorialProtocol => "Territorial Protocol",
        ClauseKind::Cession => "Treaty of Cession",
        ClauseKind::Partition => "Partition Treaty",
        ClauseKind::Revision => "Revision Treaty",
        ClauseKind::Denunciation => "Protocol",
        ClauseKind::Armistice => "Armistice",
    });
    format!("{}-{} {}", short(a), short(b), kind)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::action::{self, Action, ActionError};
    use crate::rules::score::{outcome, scores};

    /// A world of the tiny scenario, every power played by a human (who
    /// always honours a treaty), or as `controls` says.
    struct Tiny {
        world: World,
    }

    impl Tiny {
        fn new() -> Self {
            Tiny::with(|_| {}, 1)
        }

        fn with(change: impl FnOnce(&mut Setup), seed: u64) -> Self {
            let view = crate::rules::testkit::tiny();
            let mut setup = (*view.setup).clone();
            change(&mut setup);
            let setup = Arc::new(setup);
            let controls = vec![Control::Human; setup.power_count()];
            let mut world = World::new();
            crate::sim::phases::spawn_match(
                &mut world,
                Match {
                    setup,
                    seed,
                    controls,
                    turns: 5,
                },
                None,
            );
            Tiny { world }
        }

        fn authority(&mut self) -> Authority<'_> {
            Authority::new(&mut self.world).unwrap()
        }

        fn view(&self) -> EcsView<'_> {
            EcsView::of(&self.world).unwrap()
        }

        fn id(&self, name: &str) -> PowerId {
            self.view().setup().power_id(name).unwrap()
        }

        fn state(&self, name: &str) -> StateId {
            self.view().setup().state_id(name).unwrap()
        }

        fn kinds(&self) -> Vec<EventKind> {
            self.world
                .resource::<TurnEvents>()
                .0
                .iter()
                .map(|e| e.kind)
                .collect()
        }

        fn fronts(&self) -> Vec<(PowerId, StateId, u32)> {
            (&self.view() as &dyn View)
                .fronts()
                .map(|f| (f.attacker, f.state, f.began_day))
                .collect()
        }

        fn control(&mut self, p: PowerId, c: Control) {
            self.world.resource_mut::<Match>().controls[p.index()] = c;
        }
    }

    #[test]
    fn mutual_assistance_draws_the_partner_into_a_war() {
        let mut w = Tiny::new();
        let (alpha, beta, gamma) = (w.id("alpha"), w.id("beta"), w.id("gamma"));
        w.authority().declare_war(alpha, beta, None, 3, "test", 0);
        let v = w.view();
        assert_eq!(v.relation(alpha, beta), Relation::War);
        assert_eq!(
            v.relation(gamma, alpha),
            Relation::War,
            "gamma is bound to beta by mutual assistance"
        );
        assert!(w.kinds().contains(&EventKind::ObligationHonoured));
        // The war is remembered by the victim and, less, by bystanders.
        let v: &dyn View = &w.view();
        let victim = v.memory_of(beta, alpha).get(MemoryKind::War);
        let bystander = v.memory_of(w.id("south"), alpha).get(MemoryKind::War);
        assert!(
            victim < bystander && bystander < 0.0,
            "{victim} {bystander}"
        );
    }

    #[test]
    fn a_partner_without_honour_breaks_the_treaty_and_loses_everyones_trust() {
        let mut faithless = 0;
        let mut w = Tiny::with(
            |setup| {
                faithless = setup.profiles.len();
                let mut profile = setup.profiles[1].clone();
                profile.id = "faithless".into();
                profile.honour = 0.0;
                setup.profiles.push(profile);
            },
            1,
        );
        let (alpha, beta, gamma) = (w.id("alpha"), w.id("beta"), w.id("gamma"));
        w.control(gamma, Control::Ai(faithless, Level::Normal));
        let trust_before = (&w.view() as &dyn View).trust(alpha, gamma);

        w.authority().declare_war(alpha, beta, None, 3, "test", 0);

        let v: &dyn View = &w.view();
        assert_eq!(v.relation(gamma, alpha), Relation::Normal);
        assert_eq!(v.treaty_count(), 0, "the old pact lapses");
        assert!(w.kinds().contains(&EventKind::TreatyBroken));
        let cost = v.setup().model.trust_broken_treaty;
        assert!((v.trust(alpha, gamma) - (trust_before - cost).max(0.0)).abs() < 1e-6);
        // The betrayed partner remembers it more than a bystander does.
        let betrayed = v.memory_of(beta, gamma).get(MemoryKind::BrokenTreaty);
        let bystander = v.memory_of(alpha, gamma).get(MemoryKind::BrokenTreaty);
        assert!(
            betrayed < bystander && bystander < 0.0,
            "{betrayed} {bystander}"
        );
    }

    #[test]
    fn a_guarantor_defends_the_state_it_guaranteed() {
        let mut w = Tiny::new();
        let (alpha, gamma, north) = (w.id("alpha"), w.id("gamma"), w.state("north"));
        let (north_power, beta) = (w.id("north"), w.id("beta"));
        w.authority().sign(
            gamma,
            north_power,
            vec![Clause::Guarantee {
                guarantor: gamma,
                state: north,
            }],
            Secret::NONE,
            0,
            None,
        );
        w.authority().invade(alpha, north, 5);
        let v = w.view();
        assert_eq!(v.relation(alpha, north_power), Relation::War);
        assert_eq!(v.relation(alpha, gamma), Relation::War, "the guarantor");
        assert_eq!(
            v.relation(alpha, beta),
            Relation::War,
            "beta, north's patron, stands by it (a human stands by its word)"
        );
        assert_eq!(w.fronts(), vec![(alpha, north, 5)]);
        // All three fight alpha on the front.
        let defenders = war::defenders(&v, alpha, north, |p| v.relation(p, alpha) == Relation::War);
        assert_eq!(defenders, [north_power, gamma, beta]);
    }

    #[test]
    fn a_patron_that_stands_aside_pays_in_prestige_and_credibility() {
        let mut indifferent = 0;
        let mut w = Tiny::with(
            |setup| {
                indifferent = setup.profiles.len();
                let mut profile = setup.profiles[1].clone();
                profile.id = "indifferent".into();
                profile.honour = 0.0;
                setup.profiles.push(profile);
                // North is worth nothing to beta: no war is worth it.
                setup.objectives.retain(|o| o.id != "beta_keep");
                for s in &mut setup.states {
                    s.value = 0.0;
                    s.interest.clear();
                }
            },
            1,
        );
        let (alpha, beta, north) = (w.id("alpha"), w.id("beta"), w.state("north"));
        w.control(beta, Control::Ai(indifferent, Level::Normal));
        let before = (&w.view() as &dyn View).standing(beta);
        w.authority().invade(alpha, north, 5);
        let v: &dyn View = &w.view();
        assert_eq!(v.relation(alpha, beta), Relation::Normal);
        assert!(w.kinds().contains(&EventKind::ClientAbandoned));
        let after = v.standing(beta);
        assert_eq!(after.backed_down, before.backed_down + 1);
        let toll = v.setup().model.back_down_points;
        assert!((after.toll - before.toll - toll).abs() < 1e-6);
        // Beta remembers the war on its sphere as a war on itself.
        assert!(
            v.memory_of(beta, alpha).get(MemoryKind::War)
                < v.memory_of(w.id("gamma"), alpha).get(MemoryKind::War)
        );
    }

    #[test]
    fn severing_relations_ends_treaties_pending_offers_and_proposals() {
        let mut w = Tiny::new();
        let (beta, gamma) = (w.id("beta"), w.id("gamma"));
        w.authority().send(
            Draft::proposal(gamma, beta, vec![Clause::Consultation], 14),
            0,
        );
        w.authority().sever(beta, gamma, 2, "test");
        let v: &dyn View = &w.view();
        assert_eq!(v.relation(gamma, beta), Relation::Severed);
        assert_eq!(v.treaty_count(), 0, "the old pact is broken");
        assert_eq!(v.offer_count(), 0, "the proposal lapses");
        assert!(w.kinds().contains(&EventKind::ProposalExpired));
        let propose = Action::Propose {
            to: beta,
            clauses: vec![Clause::NonAggression],
            deadline_days: 7,
            secret: crate::rules::clause::Secret::NONE,
        };
        assert_eq!(
            action::check(v, gamma, &propose),
            Err(ActionError::NoRelations)
        );
        let restore = Action::RestoreRelations { with: beta };
        assert_eq!(action::check(v, gamma, &restore), Ok(()));
    }

    #[test]
    fn a_threat_to_a_client_is_remembered_by_its_patron() {
        let mut w = Tiny::new();
        let (alpha, beta, gamma) = (w.id("alpha"), w.id("beta"), w.id("gamma"));
        let (north, north_state) = (w.id("north"), w.state("north"));
        let demand = vec![Clause::Cession {
            state: north_state,
            to: alpha,
        }];
        let draft = Draft::proposal(alpha, north, demand, 7).threat(Consequence::DeclareWar);
        w.authority().send(draft, 0);
        let v: &dyn View = &w.view();
        let client = v.memory_of(north, alpha).get(MemoryKind::Ultimatum);
        let patron = v.memory_of(beta, alpha).get(MemoryKind::Ultimatum);
        assert!(client < patron && patron < 0.0, "{client} {patron}");
        assert_eq!(
            v.memory_of(gamma, alpha).get(MemoryKind::Ultimatum),
            0.0,
            "no protector of North"
        );
    }

    #[test]
    fn an_ultimatum_strains_relations_and_its_threat_is_carried_out_or_abandoned() {
        let mut w = Tiny::new();
        let (alpha, beta, north) = (w.id("alpha"), w.id("beta"), w.state("north"));
        let demand = vec![Clause::Cession {
            state: north,
            to: alpha,
        }];
        let draft =
            Draft::proposal(alpha, beta, demand.clone(), 7).threat(Consequence::SeverRelations);
        let id = w.authority().send(draft.clone(), 0);
        let v: &dyn View = &w.view();
        assert_eq!(v.relation(alpha, beta), Relation::Strained);
        assert!(v.memory_of(beta, alpha).get(MemoryKind::Ultimatum) < 0.0);
        let credible = crate::rules::model::credibility(v, alpha, beta);
        let threat = w.authority().take_pending(id).expect("pending");
        w.authority().carry_out_threat(&threat, 7);
        assert_eq!(w.view().relation(alpha, beta), Relation::Severed);
        assert_eq!(w.view().standing(alpha).carried_out, 1);
        assert!(crate::rules::model::credibility(&w.view(), alpha, beta) > credible);

        // Another threat, abandoned: the record and the score pay for it.
        let mut w = Tiny::new();
        let id = w.authority().send(draft, 0);
        let threat = w.authority().take_pending(id).expect("pending");
        let before = scores(&w.view())[alpha.index()];
        w.authority().back_down(&threat, 7, "test");
        let v: &dyn View = &w.view();
        assert_eq!(
            v.relation(alpha, beta),
            Relation::Strained,
            "nothing carried out"
        );
        assert_eq!(v.standing(alpha).backed_down, 1);
        assert!(crate::rules::model::credibility(v, alpha, beta) < credible);
        let cost = v.setup().model.back_down_points;
        assert!((scores(v)[alpha.index()] - (before - cost)).abs() < 1e-4);
        assert!(w.kinds().contains(&EventKind::ThreatAbandoned));
    }

    #[test]
    fn a_protocol_between_others_is_a_recognition_that_moves_nothing() {
        let mut w = Tiny::new();
        let (alpha, gamma, north) = (w.id("alpha"), w.id("gamma"), w.state("north"));
        let holder = w.view().sphere(north);
        assert!(holder != alpha && holder != gamma);
        w.authority().sign(
            alpha,
            gamma,
            vec![Clause::TerritorialProtocol(vec![(north, alpha)])],
            Secret::NONE,
            0,
            None,
        );
        let v: &dyn View = &w.view();
        assert_eq!(v.sphere(north), holder, "the holder did not sign");
        assert!(v.recognises(gamma, alpha, north));
        assert!(!v.recognises(holder, alpha, north));
        assert!(v.memory_of(holder, gamma).get(MemoryKind::Resentment) < 0.0);
        assert!(v.memory_of(holder, alpha).get(MemoryKind::Resentment) < 0.0);
        assert!(w.kinds().contains(&EventKind::ClaimRecognised));
        assert!(!w.kinds().contains(&EventKind::SphereChanged));
        // A later war for the state is minded less by those who recognised
        // the claim.
        w.authority().invade(alpha, north, 3);
        let v: &dyn View = &w.view();
        let recogniser = v.memory_of(gamma, alpha).get(MemoryKind::War);
        let south = w.id("south");
        let bystander = v.memory_of(south, alpha).get(MemoryKind::War);
        assert!(bystander < recogniser, "{bystander} {recogniser}");
    }

    #[test]
    fn a_territorial_protocol_moves_spheres_and_scores_follow() {
        let mut w = Tiny::new();
        let (alpha, beta) = (w.id("alpha"), w.id("beta"));
        let north = w.state("north");
        let before = scores(&w.view());
        assert_eq!(outcome(&w.view()), "quiet");
        w.authority().sign(
            alpha,
            beta,
            vec![Clause::TerritorialProtocol(vec![(north, alpha)])],
            Secret::NONE,
            0,
            None,
        );
        assert_eq!(w.view().sphere(north), alpha);
        let after = scores(&w.view());
        assert_eq!(after[alpha.index()], before[alpha.index()] + 10.0);
        assert_eq!(after[beta.index()], before[beta.index()] - 10.0);
        assert_eq!(outcome(&w.view()), "north_moved");
        // Both remember the deal kindly.
        let v: &dyn View = &w.view();
        assert!(v.memory_of(beta, alpha).get(MemoryKind::AcceptedDeal) > 0.0);
    }

    #[test]
    fn the_stronger_invader_wins_more_often_and_never_in_one_week() {
        let wins = |attack: f32| {
            (0..200)
                .filter(|seed| {
                    let mut w = Tiny::with(|_| {}, *seed);
                    let (alpha, north) = (w.id("alpha"), w.state("north"));
                    *w.authority().strength_mut(alpha).unwrap() = attack;
                    w.authority().invade(alpha, north, 1);
                    w.authority().fight_fronts(6);
                    assert_ne!(w.view().controller(north), alpha, "not in one week");
                    w.world.resource_mut::<Clock>().turn += 1;
                    w.authority().fight_fronts(13);
                    w.view().controller(north) == alpha
                })
                .count()
        };
        let (weak, strong) = (wins(2.0), wins(200.0));
        assert!(weak < strong, "weak {weak}, strong {strong}");
        assert!(strong < 200, "never certain: {strong}");
    }

    #[test]
    fn war_costs_both_sides_every_week_until_an_armistice() {
        let mut w = Tiny::new();
        let (alpha, beta) = (w.id("alpha"), w.id("beta"));
        w.authority().declare_war(alpha, beta, None, 1, "test", 0);
        let before = (w.view().strength(alpha), scores(&w.view())[alpha.index()]);
        w.authority().wage_wars(6);
        let after = (w.view().strength(alpha), scores(&w.view())[alpha.index()]);
        assert!(
            after.0 < before.0 && after.1 < before.1,
            "{before:?} {after:?}"
        );
        let week_of_war = before.1 - after.1;
        let peace = vec![Clause::Armistice];
        assert_eq!(action::document(&w.view(), alpha, beta, &peace), Ok(()));
        assert_eq!(
            action::document(&w.view(), alpha, beta, &[Clause::Consultation]),
            Err(ActionError::AtWar)
        );
        w.authority()
            .sign(alpha, beta, peace, Secret::NONE, 8, None);
        assert_eq!(w.view().relation(alpha, beta), Relation::Severed);
        // Beta's ally fights on; the week costs alpha only that war now.
        let before = scores(&w.view())[alpha.index()];
        w.authority().wage_wars(13);
        let week_after = before - scores(&w.view())[alpha.index()];
        assert!(week_after < week_of_war, "{week_after} {week_of_war}");
    }

    #[test]
    fn envoys_find_out_a_secret_protocol_in_time_and_a_recall_slows_them() {
        // Weeks until gamma's envoys learn the secret of a treaty between
        // alpha and beta (none if never within `weeks`), with gamma's
        // ambassadors at both or recalled from both.
        let found_after = |seed: u64, recalled: bool, weeks: u32| {
            let mut w = Tiny::with(|_| {}, seed);
            let (alpha, beta, gamma) = (w.id("alpha"), w.id("beta"), w.id("gamma"));
            let north = w.state("north");
            if recalled {
                w.authority().recall(gamma, alpha, 0);
                w.authority().recall(gamma, beta, 0);
            }
            let clauses = vec![
                Clause::Consultation,
                Clause::TerritorialProtocol(vec![(north, alpha)]),
            ];
            w.authority()
                .sign(alpha, beta, clauses, Secret::NONE.with(1), 0, None);
            let id = w.view().treaties().last().unwrap().id;
            // Gamma sees only the public part until its envoys learn more.
            let seen = |w: &mut Tiny| {
                let view = w.view();
                let p = crate::rules::intel::Perspective::new(&view, gamma);
                let t = p.treaty(id).unwrap().clone();
                t.visible_to(gamma).count()
            };
            assert_eq!(seen(&mut w), 1);
            for week in 1..=weeks {
                w.world.resource_mut::<Clock>().turn = week;
                w.authority().gather_intelligence(week * 7 - 1);
                if w.view().treaty(id).unwrap().known_by(gamma) {
                    assert_eq!(seen(&mut w), 2, "the secret is now known to gamma");
                    return Some(week);
                }
            }
            None
        };
        let seeds = 1..=100u64;
        let with_envoys: Vec<u32> = seeds
            .clone()
            .filter_map(|s| found_after(s, false, 12))
            .collect();
        let recalled: Vec<u32> = seeds.filter_map(|s| found_after(s, true, 12)).collect();
        assert!(
            with_envoys.len() > 50,
            "found in {} of 100",
            with_envoys.len()
        );
        assert!(
            recalled.len() < with_envoys.len(),
            "recalled {} vs in place {}",
            recalled.len(),
            with_envoys.len()
        );
    }

    #[test]
    fn a_secret_recognition_is_told_to_its_parties_and_resented_once_found_out() {
        let mut w = Tiny::with(|_| {}, 3);
        let (alpha, beta, north) = (w.id("alpha"), w.id("gamma"), w.state("north"));
        let holder = w.view().sphere(north);
        assert!(holder != alpha && holder != beta);
        w.authority().sign(
            alpha,
            beta,
            vec![Clause::TerritorialProtocol(vec![(north, alpha)])],
            Secret::NONE.with(0),
            0,
            None,
        );
        let claim = w
            .world
            .resource::<TurnEvents>()
            .0
            .iter()
            .find(|e| e.kind == EventKind::ClaimRecognised)
            .cloned()
            .expect("the recognition is on the parties' record");
        assert!(claim.seen_by(alpha) && claim.seen_by(beta));
        assert!(!claim.seen_by(holder), "{}", claim.summary);
        let resentment = |w: &Tiny| w.view().memory_of(holder, beta).get(MemoryKind::Resentment);
        assert_eq!(
            resentment(&w),
            0.0,
            "the holder cannot resent what it does not know"
        );
        let id = w.view().treaties().last().unwrap().id;
        for week in 1..=40 {
            w.world.resource_mut::<Clock>().turn = week;
            w.authority().gather_intelligence(week * 7 - 1);
            if w.view().treaty(id).unwrap().known_by(holder) {
                assert!(resentment(&w) < 0.0, "found out in week {week}, resented");
                assert!(w.view().memory_of(holder, beta).get(MemoryKind::Deceit) < 0.0);
                return;
            }
        }
        panic!("the holder's envoys never learnt the secret");
    }

    #[test]
    fn recalling_an_ambassador_strains_relations_once() {
        let mut w = Tiny::new();
        let (alpha, gamma) = (w.id("alpha"), w.id("gamma"));
        let recall = Action::RecallAmbassador { from: gamma };
        assert_eq!(action::check(&w.view(), alpha, &recall), Ok(()));
        w.authority().recall(alpha, gamma, 0);
        assert_eq!(w.view().relation(alpha, gamma), Relation::Strained);
        assert_eq!(
            action::check(&w.view(), alpha, &recall),
            Err(ActionError::AlreadyRecalled)
        );
    }
}
