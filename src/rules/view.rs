//! The world as the rules see it. [`View`] is the one read-only interface
//! the acceptance model, counters, scoring and the AIs read the world
//! through. The simulation answers it from its ECS world (each piece of
//! state held once, as components); [`WithClauses`] answers it as a
//! proposal would leave the world (the what-if overlay of previews and
//! searches); [`Sketch`] holds a small world in memory, for unit tests,
//! tools, and a finished match's final position.
//!
//! The state itself is made of the types here: [`Pair`] (what one power
//! has with another), [`Territory`] (a state's sphere and ruler),
//! [`Treaty`] and [`PendingOffer`].

use super::clause::{Clause, ClauseKind, Consequence, Secret, kind_bits};
use super::ids::{BlocId, PowerId, ProposalId, StateId, TreatyId};
use super::memory::{Memory, MemoryKind};
use super::relation::{PairTable, Relation};
use super::setup::Setup;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// What one power has with another: their relation (kept symmetric), and
/// the first power's memory of the second, its trust in it, whether it
/// ended talks with it and whether it recalled its ambassador from it.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pair {
    pub relation: Relation,
    pub memory: Memory,
    /// 0 (none) to 1 (full).
    pub trust: f32,
    pub talks_ended: bool,
    pub recalled: bool,
}

impl Default for Pair {
    fn default() -> Self {
        Pair {
            relation: Relation::Normal,
            memory: Memory::default(),
            trust: 1.0,
            talks_ended: false,
            recalled: false,
        }
    }
}

/// A state's place on the board: whose sphere it is in, who rules it, with
/// whom it is divided by a partition treaty, and whether its holder took
/// it by conquest (rather than by signature).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Territory {
    pub sphere: PowerId,
    pub controller: PowerId,
    pub partitioned_with: Option<PowerId>,
    #[serde(default)]
    pub conquered: bool,
}

/// A power's public record: the threats it carried out and those it backed
/// down from (its credibility), and the score it has paid for wars,
/// retreats and broken faith (its toll).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Standing {
    pub carried_out: u32,
    pub backed_down: u32,
    pub toll: f32,
}

/// An invasion in progress: `attacker` fights for `state`; each turn's
/// battle won is a step of `progress`, and enough steps take the state.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Front {
    pub attacker: PowerId,
    pub state: StateId,
    pub began_day: u32,
    pub progress: u8,
}

/// A claim to a state recognised by a treaty in force: `claimant` wants
/// the state, `by` recognised it (in `treaty`), and the holder did not
/// sign. A claim moves nothing; it makes a later conquest cheaper in the
/// eyes of those who recognised it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Claim {
    pub state: StateId,
    pub claimant: PowerId,
    pub by: PowerId,
    pub treaty: TreatyId,
}

/// A treaty in force. Its secret clauses are known to its parties and to
/// the powers in `known_to`, who learnt them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(from = "TreatyFields")]
pub struct Treaty {
    pub id: TreatyId,
    pub name: String,
    pub parties: Vec<PowerId>,
    pub clauses: Vec<Clause>,
    pub secret: Secret,
    /// Powers not party to it that know its secret clauses, in id order.
    pub known_to: Vec<PowerId>,
    /// Bits of the clause kinds it holds (derived from `clauses`).
    #[serde(skip)]
    pub kinds: u16,
}

/// A treaty as written in a file: its derived bits are made on reading.
#[derive(Deserialize)]
#[serde(rename = "Treaty", deny_unknown_fields)]
struct TreatyFields {
    id: TreatyId,
    name: String,
    parties: Vec<PowerId>,
    clauses: Vec<Clause>,
    #[serde(default)]
    secret: Secret,
    #[serde(default)]
    known_to: Vec<PowerId>,
}

impl From<TreatyFields> for Treaty {
    fn from(t: TreatyFields) -> Self {
        let mut treaty = Treaty::new(t.id, t.name, t.parties, t.clauses);
        treaty.secret = t.secret;
        treaty.known_to = t.known_to;
        treaty
    }
}

impl Treaty {
    /// A treaty from its parts, all public.
    pub fn new(id: TreatyId, name: String, parties: Vec<PowerId>, clauses: Vec<Clause>) -> Self {
        let kinds = kind_bits(&clauses);
        Treaty {
            id,
            name,
            parties,
            clauses,
            secret: Secret::NONE,
            known_to: Vec::new(),
            kinds,
        }
    }

    /// With these clauses secret.
    pub fn with_secret(mut self, secret: Secret) -> Self {
        self.secret = secret.within(self.clauses.len());
        self
    }

    /// Whether `p` knows every clause (a party, or it learnt the secret).
    pub fn known_by(&self, p: PowerId) -> bool {
        !self.secret.any() || self.binds(p) || self.known_to.contains(&p)
    }

    /// The clauses `p` can see.
    pub fn visible_to(&self, p: PowerId) -> impl Iterator<Item = &Clause> + '_ {
        let all = self.known_by(p);
        self.clauses
            .iter()
            .enumerate()
            .filter(move |(i, _)| all || !self.secret.has(*i))
            .map(|(_, c)| c)
    }

    /// Whether `p` is a party.
    pub fn binds(&self, p: PowerId) -> bool {
        self.parties.contains(&p)
    }

    /// Whether it binds both `a` and `b`.
    pub fn between(&self, a: PowerId, b: PowerId) -> bool {
        self.binds(a) && self.binds(b)
    }

    /// Whether it holds a clause of this kind.
    pub fn has(&self, kind: ClauseKind) -> bool {
        self.kinds & kind.bit() != 0
    }

    /// Whether a break in relations between its parties (severance or
    /// war) ends it: a promise between them, not a settlement of territory.
    pub fn ends_on_break(&self) -> bool {
        self.has(ClauseKind::NonAggression)
            || self.has(ClauseKind::MutualAssistance)
            || self.has(ClauseKind::Trade)
            || self.has(ClauseKind::Consultation)
    }
}

/// Where an offer on the table stands.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Awaiting its receiver's answer.
    #[default]
    Open,
    /// An ultimatum refused (or taken as an insult): it stays until its
    /// deadline, when its sender decides whether to carry out the threat.
    Refused,
    /// An unmet ultimatum past its deadline, whose sender (a human or a
    /// bot) has until `deadline_day` to carry out its threat or back down.
    Due,
}

/// A proposal or ultimatum on the table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PendingOffer {
    pub id: ProposalId,
    pub from: PowerId,
    pub to: PowerId,
    pub clauses: Vec<Clause>,
    #[serde(default)]
    pub secret: Secret,
    pub sent_day: u32,
    pub deadline_day: u32,
    pub ultimatum: Option<Consequence>,
    #[serde(default)]
    pub stage: Stage,
}

/// For each pair of powers, the bits of the clause kinds of the treaties
/// binding both, and a bit for "some treaty at all": what the rules and
/// conditions ask most, answered without a walk over every treaty.
#[derive(Clone, Debug)]
pub struct Bonds(PairTable<u16>);

impl Bonds {
    /// The bit that says a pair has some treaty at all.
    const ANY: u16 = 1 << 15;

    /// The bonds of `treaties` among `n` powers.
    pub fn of<'t>(n: usize, treaties: impl IntoIterator<Item = &'t Treaty>) -> Self {
        Self::of_kinds(
            n,
            treaties
                .into_iter()
                .map(|t| (t.parties.as_slice(), t.kinds)),
        )
    }

    /// The bonds of treaties given as their parties and the bits of the
    /// clause kinds they hold (a treaty with no bits counts for nothing).
    pub fn of_kinds<'t>(
        n: usize,
        treaties: impl IntoIterator<Item = (&'t [PowerId], u16)>,
    ) -> Self {
        let mut bonds = PairTable::new(n, 0u16);
        for (parties, kinds) in treaties {
            if kinds == 0 {
                continue;
            }
            for a in parties {
                for b in parties {
                    if a != b && a.index() < n && b.index() < n {
                        *bonds.get_mut(a.index(), b.index()) |= kinds | Self::ANY;
                    }
                }
            }
        }
        Bonds(bonds)
    }

    /// A treaty between `a` and `b` (holding a clause of `kind`, if given).
    pub fn has(&self, a: PowerId, b: PowerId, kind: Option<ClauseKind>) -> bool {
        let n = self.0.size();
        if a == b || a.index() >= n || b.index() >= n {
            return false;
        }
        let bits = self.0.get(a.index(), b.index());
        bits & kind.map_or(Self::ANY, ClauseKind::bit) != 0
    }

    /// No treaty with another great power.
    pub fn isolated(&self, setup: &Setup, power: PowerId) -> bool {
        !setup
            .great_powers()
            .any(|q| q != power && self.has(power, q, None))
    }
}

/// The one read-only interface to the state of a match.
pub trait View {
    /// The scenario.
    fn setup(&self) -> &Arc<Setup>;
    /// The turn being played (1-based).
    fn turn(&self) -> u32;
    /// The match day (0 = the scenario's start date).
    fn day(&self) -> u32;
    /// What `of` has with `toward`.
    fn pair(&self, of: PowerId, toward: PowerId) -> &Pair;
    /// A power's military and economic weight.
    fn strength(&self, p: PowerId) -> f32;
    /// A state's sphere and ruler.
    fn territory(&self, s: StateId) -> Territory;
    /// The members of a bloc.
    fn members(&self, b: BlocId) -> &[PowerId];
    /// The treaties in force, in id order: how many…
    fn treaty_count(&self) -> usize;
    /// …and the `i`-th.
    fn treaty_at(&self, i: usize) -> &Treaty;
    /// The proposals and ultimatums on the table, in id order: how many…
    fn offer_count(&self) -> usize;
    /// …and the `i`-th.
    fn offer_at(&self, i: usize) -> &PendingOffer;
    /// A power's record of threats and its toll.
    fn standing(&self, p: PowerId) -> Standing;
    /// The invasions in progress, by attacker and state: how many…
    fn front_count(&self) -> usize;
    /// …and the `i`-th.
    fn front_at(&self, i: usize) -> &Front;

    /// What the scenario's objective `i` earns now (a share of its points;
    /// 0 for no such objective). A view asked often may keep the answers.
    fn objective_share(&self, i: usize) -> f32 {
        let setup = self.setup().clone();
        setup.objectives.get(i).map_or(0.0, |o| o.share(self))
    }

    /// Whose sphere a state is in.
    fn sphere(&self, state: StateId) -> PowerId {
        self.territory(state).sphere
    }
    /// Who rules a state.
    fn controller(&self, state: StateId) -> PowerId {
        self.territory(state).controller
    }
    /// The relation between two powers.
    fn relation(&self, a: PowerId, b: PowerId) -> Relation {
        self.pair(a, b).relation
    }
    /// Whether `by` has ended talks with `with`.
    fn talks_ended(&self, by: PowerId, with: PowerId) -> bool {
        self.pair(by, with).talks_ended
    }
    /// A treaty in force between `a` and `b` (containing a clause of
    /// `kind`, if given).
    fn has_treaty(&self, a: PowerId, b: PowerId, kind: Option<ClauseKind>) -> bool {
        (0..self.treaty_count())
            .map(|i| self.treaty_at(i))
            .any(|t| t.between(a, b) && kind.is_none_or(|k| t.has(k)))
    }
    /// Any two powers at war.
    fn any_war(&self) -> bool {
        let n = self.setup().power_count();
        (0..n).any(|a| {
            (a + 1..n)
                .any(|b| self.pair(PowerId(a as u8), PowerId(b as u8)).relation == Relation::War)
        })
    }
    /// No treaty in force with any other great power.
    fn isolated(&self, power: PowerId) -> bool {
        let setup = self.setup();
        !(0..self.treaty_count())
            .map(|i| self.treaty_at(i))
            .any(|t| {
                t.binds(power)
                    && t.parties
                        .iter()
                        .any(|q| *q != power && setup.power(*q).great)
            })
    }
    /// Whether a power is a member of a bloc.
    fn in_bloc(&self, power: PowerId, bloc: BlocId) -> bool {
        self.members(bloc).contains(&power)
    }

    /// The strength of the powers at severed relations or war with `p`,
    /// `except` one.
    fn hostile_strength(&self, p: PowerId, except: PowerId) -> f32 {
        hostile_strength(self, p, except)
    }
}

/// Questions built from [`View`]'s, for any view (the ECS world, a sketch,
/// an overlay, or `dyn View`).
pub trait ViewExt: View {
    /// `of`'s opinion of `toward`: the sum of its memory.
    fn opinion(&self, of: PowerId, toward: PowerId) -> f32 {
        self.pair(of, toward).memory.opinion()
    }

    /// `of`'s trust in `toward` (0–1).
    fn trust(&self, of: PowerId, toward: PowerId) -> f32 {
        self.pair(of, toward).trust
    }

    /// `of`'s memory of `toward`.
    fn memory_of(&self, of: PowerId, toward: PowerId) -> &Memory {
        &self.pair(of, toward).memory
    }

    /// Whether `by` has recalled its ambassador from `from`.
    fn recalled(&self, by: PowerId, from: PowerId) -> bool {
        self.pair(by, from).recalled
    }

    /// The treaties in force, in id order.
    fn treaties(&self) -> impl Iterator<Item = &Treaty> + '_ {
        (0..self.treaty_count()).map(move |i| self.treaty_at(i))
    }

    /// A treaty in force by id.
    fn treaty(&self, id: TreatyId) -> Option<&Treaty> {
        self.treaties().find(|t| t.id == id)
    }

    /// Treaties in force between two powers.
    fn treaties_between(&self, a: PowerId, b: PowerId) -> impl Iterator<Item = &Treaty> + '_ {
        self.treaties().filter(move |t| t.between(a, b))
    }

    /// Every offer on the table (awaiting an answer, a refused ultimatum
    /// awaiting its deadline, or one awaiting its sender's decision), in id
    /// order.
    fn offers(&self) -> impl Iterator<Item = &PendingOffer> + '_ {
        (0..self.offer_count()).map(move |i| self.offer_at(i))
    }

    /// The offers awaiting an answer.
    fn pending(&self) -> impl Iterator<Item = &PendingOffer> + '_ {
        self.offers().filter(|o| o.stage == Stage::Open)
    }

    /// The ultimatums refused whose threat falls due at their deadline.
    fn threats(&self) -> impl Iterator<Item = &PendingOffer> + '_ {
        self.offers().filter(|o| o.stage == Stage::Refused)
    }

    /// Unmet ultimatums past their deadline whose senders must decide: carry
    /// out the threat, or back down.
    fn due(&self) -> impl Iterator<Item = &PendingOffer> + '_ {
        self.offers().filter(|o| o.stage == Stage::Due)
    }

    /// An offer awaiting an answer, by id.
    fn pending_offer(&self, id: ProposalId) -> Option<&PendingOffer> {
        self.pending().find(|o| o.id == id)
    }

    /// Whether two powers may exchange proposals: relations not severed, and
    /// neither has ended talks with the other.
    fn may_propose(&self, from: PowerId, to: PowerId) -> bool {
        from != to
            && self.relation(from, to).allows_proposals()
            && !self.talks_ended(to, from)
            && !self.talks_ended(from, to)
    }

    /// The invasions in progress.
    fn fronts(&self) -> impl Iterator<Item = &Front> + '_ {
        (0..self.front_count()).map(move |i| self.front_at(i))
    }

    /// The claims recognised by treaties in force to a state that its
    /// claimant does not hold (see [`Claim`]).
    fn claims_on(&self, state: StateId) -> Vec<Claim> {
        let mut out = Vec::new();
        let holder = self.sphere(state);
        for t in self.treaties() {
            for c in &t.clauses {
                let claimants: Vec<PowerId> = match c {
                    Clause::Partition(s) if *s == state => t.parties.clone(),
                    _ => c
                        .assignments()
                        .into_iter()
                        .filter(|(s, _)| *s == state)
                        .map(|(_, to)| to)
                        .collect(),
                };
                for claimant in claimants.into_iter().filter(|p| *p != holder) {
                    for by in t
                        .parties
                        .iter()
                        .filter(|p| **p != claimant && **p != holder)
                    {
                        out.push(Claim {
                            state,
                            claimant,
                            by: *by,
                            treaty: t.id,
                        });
                    }
                }
            }
        }
        out
    }

    /// Whether `by` has recognised `claimant`'s claim to `state`.
    fn recognises(&self, by: PowerId, claimant: PowerId, state: StateId) -> bool {
        self.claims_on(state)
            .iter()
            .any(|c| c.by == by && c.claimant == claimant)
    }

    /// The states in `p`'s sphere.
    fn sphere_of(&self, p: PowerId) -> impl Iterator<Item = StateId> + '_ {
        self.setup()
            .state_ids()
            .filter(move |s| self.territory(*s).sphere == p)
    }
}

impl<V: View + ?Sized> ViewExt for V {}

/// A small world held in memory: the scenario's start, a test's setting,
/// or a finished match's final position. The simulation itself keeps the
/// world in its ECS, never in one of these.
#[derive(Clone, Debug, PartialEq)]
pub struct Sketch {
    pub setup: Arc<Setup>,
    pub turn: u32,
    pub day: u32,
    /// Row: whose; column: toward whom.
    pub pairs: PairTable<Pair>,
    pub strength: Vec<f32>,
    pub territory: Vec<Territory>,
    pub members: Vec<Vec<PowerId>>,
    /// In id order.
    pub treaties: Vec<Treaty>,
    /// In id order.
    pub offers: Vec<PendingOffer>,
    pub standing: Vec<Standing>,
    /// By attacker and state.
    pub fronts: Vec<Front>,
}

impl Sketch {
    /// The world at the scenario's start.
    pub fn new(setup: Arc<Setup>) -> Self {
        let n = setup.power_count();
        let mut pairs = PairTable::new(n, Pair::default());
        for a in 0..n {
            for b in 0..n {
                let p = pairs.get_mut(a, b);
                p.relation = setup.relations.get(a, b);
                p.trust = setup.trust.get(a, b);
            }
        }
        for s in &setup.sentiments {
            pairs.get_mut(s.of.index(), s.toward.index()).memory.set(
                MemoryKind::Standing,
                setup.model.memory_rule(MemoryKind::Standing),
                s.value,
            );
        }
        let treaties = setup
            .treaties
            .iter()
            .enumerate()
            .map(|(i, t)| {
                Treaty::new(
                    TreatyId(i as u32),
                    t.name.clone(),
                    t.parties.clone(),
                    t.clauses.clone(),
                )
            })
            .collect();
        Sketch {
            turn: 1,
            day: 0,
            pairs,
            strength: setup.powers.iter().map(|p| p.strength).collect(),
            territory: setup
                .states
                .iter()
                .map(|s| Territory {
                    sphere: s.sphere,
                    controller: s.controller,
                    partitioned_with: None,
                    conquered: false,
                })
                .collect(),
            members: setup.blocs.iter().map(|b| b.members.clone()).collect(),
            treaties,
            offers: Vec::new(),
            standing: vec![Standing::default(); n],
            fronts: Vec::new(),
            setup,
        }
    }

    /// A world as another view sees it (e.g. the final position of a match,
    /// kept after the simulation moves on).
    pub fn of(view: &dyn View) -> Self {
        let setup = view.setup().clone();
        let n = setup.power_count();
        let mut pairs = PairTable::new(n, Pair::default());
        for a in setup.power_ids() {
            for b in setup.power_ids() {
                *pairs.get_mut(a.index(), b.index()) = *view.pair(a, b);
            }
        }
        Sketch {
            turn: view.turn(),
            day: view.day(),
            pairs,
            strength: setup.power_ids().map(|p| view.strength(p)).collect(),
            territory: setup.state_ids().map(|s| view.territory(s)).collect(),
            members: setup.bloc_ids().map(|b| view.members(b).to_vec()).collect(),
            treaties: view.treaties().cloned().collect(),
            offers: view.offers().cloned().collect(),
            standing: setup.power_ids().map(|p| view.standing(p)).collect(),
            fronts: view.fronts().copied().collect(),
            setup,
        }
    }

    /// `by` has taken `state` by force: its ruler and sphere.
    pub fn conquer(&mut self, state: StateId, by: PowerId) {
        let t = &mut self.territory[state.index()];
        t.sphere = by;
        t.controller = by;
        t.conquered = true;
    }

    /// Sets the relation between `a` and `b` (both ways).
    pub fn set_relation(&mut self, a: PowerId, b: PowerId, r: Relation) {
        self.pairs.get_mut(a.index(), b.index()).relation = r;
        self.pairs.get_mut(b.index(), a.index()).relation = r;
    }

    /// What `of` has with `toward`, to change.
    pub fn pair_mut(&mut self, of: PowerId, toward: PowerId) -> &mut Pair {
        self.pairs.get_mut(of.index(), toward.index())
    }
}

impl View for Sketch {
    fn setup(&self) -> &Arc<Setup> {
        &self.setup
    }
    fn turn(&self) -> u32 {
        self.turn
    }
    fn day(&self) -> u32 {
        self.day
    }
    fn pair(&self, of: PowerId, toward: PowerId) -> &Pair {
        self.pairs.cell(of.index(), toward.index())
    }
    fn strength(&self, p: PowerId) -> f32 {
        self.strength.get(p.index()).copied().unwrap_or(0.0)
    }
    fn territory(&self, s: StateId) -> Territory {
        self.territory[s.index()]
    }
    fn members(&self, b: BlocId) -> &[PowerId] {
        self.members.get(b.index()).map_or(&[], Vec::as_slice)
    }
    fn treaty_count(&self) -> usize {
        self.treaties.len()
    }
    fn treaty_at(&self, i: usize) -> &Treaty {
        &self.treaties[i]
    }
    fn offer_count(&self) -> usize {
        self.offers.len()
    }
    fn offer_at(&self, i: usize) -> &PendingOffer {
        &self.offers[i]
    }
    fn standing(&self, p: PowerId) -> Standing {
        self.standing.get(p.index()).copied().unwrap_or_default()
    }
    fn front_count(&self) -> usize {
        self.fronts.len()
    }
    fn front_at(&self, i: usize) -> &Front {
        &self.fronts[i]
    }
    fn has_treaty(&self, a: PowerId, b: PowerId, kind: Option<ClauseKind>) -> bool {
        self.treaties
            .iter()
            .any(|t| t.between(a, b) && kind.is_none_or(|k| t.has(k)))
    }
}

/// The strength of the powers `p` has broken with or is at war with,
/// `except` one (what [`View::hostile_strength`] answers unless a view
/// keeps it).
pub fn hostile_strength<V: View + ?Sized>(view: &V, p: PowerId, except: PowerId) -> f32 {
    view.setup()
        .power_ids()
        .filter(|q| *q != p && *q != except && view.relation(p, *q) >= Relation::Severed)
        .map(|q| view.strength(q))
        .sum()
}

/// The world as it would be if `clauses` between `a` and `b` took force:
/// the states they assign move, the blocs they join grow, and the treaty
/// itself is in force. Everything else is the world underneath.
pub struct WithClauses<'v> {
    base: &'v dyn View,
    a: PowerId,
    b: PowerId,
    clauses: &'v [Clause],
    /// The hypothetical treaty and bloc lists, made when first asked for.
    treaty: std::cell::OnceCell<Treaty>,
    members: std::cell::OnceCell<Vec<Vec<PowerId>>>,
}

impl<'v> WithClauses<'v> {
    /// `base` with `clauses` between `a` and `b` in force.
    pub fn new(base: &'v dyn View, a: PowerId, b: PowerId, clauses: &'v [Clause]) -> Self {
        WithClauses {
            base,
            a,
            b,
            clauses,
            treaty: std::cell::OnceCell::new(),
            members: std::cell::OnceCell::new(),
        }
    }
}

impl View for WithClauses<'_> {
    fn setup(&self) -> &Arc<Setup> {
        self.base.setup()
    }
    fn turn(&self) -> u32 {
        self.base.turn()
    }
    fn day(&self) -> u32 {
        self.base.day()
    }
    fn pair(&self, of: PowerId, toward: PowerId) -> &Pair {
        self.base.pair(of, toward)
    }
    fn strength(&self, p: PowerId) -> f32 {
        self.base.strength(p)
    }
    fn territory(&self, state: StateId) -> Territory {
        self.clauses
            .iter()
            .fold(self.base.territory(state), |t, c| {
                c.moves(state, t, self.a, self.b)
            })
    }
    fn members(&self, b: BlocId) -> &[PowerId] {
        let joins = |bloc: BlocId| {
            self.clauses.iter().filter_map(move |c| {
                if let Clause::JoinBloc { power, bloc: x } = c
                    && *x == bloc
                {
                    Some(*power)
                } else {
                    None
                }
            })
        };
        if joins(b).next().is_none() {
            return self.base.members(b);
        }
        let all = self.members.get_or_init(|| {
            self.base
                .setup()
                .bloc_ids()
                .map(|bloc| {
                    let mut m = self.base.members(bloc).to_vec();
                    for p in joins(bloc) {
                        if !m.contains(&p) {
                            m.push(p);
                        }
                    }
                    m
                })
                .collect()
        });
        all.get(b.index()).map_or(&[], Vec::as_slice)
    }
    fn treaty_count(&self) -> usize {
        self.base.treaty_count() + usize::from(!self.clauses.is_empty())
    }
    fn treaty_at(&self, i: usize) -> &Treaty {
        if i < self.base.treaty_count() {
            return self.base.treaty_at(i);
        }
        self.treaty.get_or_init(|| {
            Treaty::new(
                TreatyId(u32::MAX),
                String::new(),
                vec![self.a, self.b],
                self.clauses.to_vec(),
            )
        })
    }
    fn offer_count(&self) -> usize {
        self.base.offer_count()
    }
    fn offer_at(&self, i: usize) -> &PendingOffer {
        self.base.offer_at(i)
    }
    fn standing(&self, p: PowerId) -> Standing {
        self.base.standing(p)
    }
    fn front_count(&self) -> usize {
        self.base.front_count()
    }
    fn front_at(&self, i: usize) -> &Front {
        self.base.front_at(i)
    }
    // The questions conditions ask most, answered without making the
    // hypothetical treaty.
    fn has_treaty(&self, a: PowerId, b: PowerId, kind: Option<ClauseKind>) -> bool {
        let ours = (a == self.a && b == self.b) || (a == self.b && b == self.a);
        (ours
            && !self.clauses.is_empty()
            && kind.is_none_or(|k| self.clauses.iter().any(|c| c.kind() == k)))
            || self.base.has_treaty(a, b, kind)
    }
    // Relations and strength are the world's underneath.
    fn hostile_strength(&self, p: PowerId, except: PowerId) -> f32 {
        self.base.hostile_strength(p, except)
    }
    fn isolated(&self, power: PowerId) -> bool {
        let other = if power == self.a {
            Some(self.b)
        } else if power == self.b {
            Some(self.a)
        } else {
            None
        };
        let ends_it =
            other.is_some_and(|o| self.base.setup().power(o).great) && !self.clauses.is_empty();
        !ends_it && self.base.isolated(power)
    }
    fn in_bloc(&self, power: PowerId, bloc: BlocId) -> bool {
        self.clauses.iter().any(
            |c| matches!(c, Clause::JoinBloc { power: p, bloc: b } if *p == power && *b == bloc),
        ) || self.base.in_bloc(power, bloc)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_overlay_shows_the_world_as_clauses_would_leave_it() {
        let world = crate::rules::testkit::tiny();
        let setup = world.setup.clone();
        let (alpha, beta) = (
            setup.power_id("alpha").unwrap(),
            setup.power_id("beta").unwrap(),
        );
        let north = setup.state_id("north").unwrap();
        let clauses = [Clause::TerritorialProtocol(vec![(north, alpha)])];
        let base: &dyn View = &world;
        let what_if = WithClauses::new(base, alpha, beta, &clauses);
        assert_eq!(base.sphere(north), beta);
        assert_eq!(what_if.sphere(north), alpha);
        assert!(!base.has_treaty(alpha, beta, None));
        assert!(what_if.has_treaty(alpha, beta, Some(ClauseKind::TerritorialProtocol)));
        assert!(!what_if.isolated(alpha));
        assert_eq!(Sketch::of(&world), world, "a sketch of a sketch is itself");
    }
}
