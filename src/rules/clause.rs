//! Clauses: the articles a proposal, ultimatum or treaty is made of.
//!
//! [`ClauseOf`] is defined once, generic over how it names powers, states,
//! blocs and treaties: by index inside the game ([`Clause`]), by id in
//! scenario files ([`ClauseFile`], whose RON syntax is this enum's), and by
//! id in the bot protocol's JSON ([`clause_json`] and [`clause_from_json`]).
//! [`ClauseKind`] and its names are derived from it, and [`ClauseOf::map`]
//! translates the ids, so adding a kind of clause is one variant here (plus
//! what it means: its value in the model, its legality, its words, its
//! effect when signed).

use super::ids::{BlocId, PowerId, StateId, TreatyId};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use strum::{EnumDiscriminants, IntoStaticStr, VariantArray};

/// Goods exchanged under a trade agreement.
#[derive(
    Copy,
    Clone,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    IntoStaticStr,
    VariantArray,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Goods {
    IndustrialMaterials,
    Credits,
    RawMaterials,
}

impl Goods {
    /// Words for the log.
    pub fn describe(self) -> &'static str {
        match self {
            Goods::IndustrialMaterials => "industrial materials",
            Goods::Credits => "credits",
            Goods::RawMaterials => "raw materials",
        }
    }

    /// The snake_case name used in files and JSON.
    pub fn name(self) -> &'static str {
        self.into()
    }
}

/// One article of a proposal, naming powers as `P`, states as `S`, blocs as
/// `B` and treaties as `T`. Unless a clause names who does what, it binds
/// both parties alike. Every power a clause names must be a party.
#[derive(
    Clone,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    EnumDiscriminants,
    schemars::JsonSchema,
)]
#[strum_discriminants(
    name(ClauseKind),
    derive(
        Hash,
        PartialOrd,
        Ord,
        Serialize,
        Deserialize,
        IntoStaticStr,
        VariantArray,
        schemars::JsonSchema
    ),
    serde(rename_all = "snake_case"),
    strum(serialize_all = "snake_case"),
    doc = "The kind of a clause, without its data."
)]
#[serde(deny_unknown_fields)]
pub enum ClauseOf<P, S, B, T> {
    /// Neither party attacks the other.
    NonAggression,
    /// Each party comes to the other's aid if it is attacked.
    MutualAssistance,
    /// Trade of goods or credits; `to` is the party that receives them.
    Trade { goods: Goods, to: P },
    /// `power` joins the bloc.
    JoinBloc { power: P, bloc: B },
    /// The parties consult each other on questions of common interest.
    Consultation,
    /// `guarantor` guarantees the independence of a third state.
    Guarantee { guarantor: P, state: S },
    /// Assigns states to spheres of influence.
    TerritorialProtocol(Vec<(S, P)>),
    /// The state is ceded to (incorporated by) `to`.
    Cession { state: S, to: P },
    /// The state is divided between the two parties.
    Partition(S),
    /// The parties revise an existing treaty (it lapses, replaced by this one).
    Revision(T),
    /// The parties agree to denounce an existing treaty.
    Denunciation(T),
    /// The parties, at war, cease hostilities: their relations fall back
    /// to severed and their invasions stop.
    Armistice,
}

/// A clause inside the game.
pub type Clause = ClauseOf<PowerId, StateId, BlocId, TreatyId>;
/// A clause as written in scenario files: ids are the file's words.
pub type ClauseFile = ClauseOf<String, String, String, String>;
/// A clause as the bot protocol writes it: treaties by number.
pub type ClauseText = ClauseOf<String, String, String, u32>;

/// The clause a [`MapIds`] makes.
pub type Mapped<M, P, S, B, T> = ClauseOf<
    <M as MapIds<P, S, B, T>>::P,
    <M as MapIds<P, S, B, T>>::S,
    <M as MapIds<P, S, B, T>>::B,
    <M as MapIds<P, S, B, T>>::T,
>;

/// Where in a clause an id is, for messages: a field's name (`to`), or a
/// place in a list (`0[2].1`), as the clause is written in a file.
pub type At<'a> = &'a str;

/// Translates the ids of a clause (see [`ClauseOf::map`]).
pub trait MapIds<P, S, B, T> {
    type P;
    type S;
    type B;
    type T;
    type Error;
    /// A power the clause names; `role` says what it is for ("the
    /// guarantor").
    fn power(&mut self, at: At<'_>, role: &'static str, p: &P) -> Result<Self::P, Self::Error>;
    fn state(&mut self, at: At<'_>, s: &S) -> Result<Self::S, Self::Error>;
    fn bloc(&mut self, at: At<'_>, b: &B) -> Result<Self::B, Self::Error>;
    fn treaty(&mut self, at: At<'_>, t: &T) -> Result<Self::T, Self::Error>;
}

impl<P, S, B, T> ClauseOf<P, S, B, T> {
    /// The kind of this clause.
    pub fn kind(&self) -> ClauseKind {
        self.into()
    }

    /// The same clause naming things another way. Every id is visited, even
    /// after a failure, so a caller collecting problems sees all of them;
    /// the first error is returned.
    pub fn map<M: MapIds<P, S, B, T>>(
        &self,
        ids: &mut M,
    ) -> Result<Mapped<M, P, S, B, T>, M::Error> {
        Ok(match self {
            ClauseOf::NonAggression => ClauseOf::NonAggression,
            ClauseOf::Armistice => ClauseOf::Armistice,
            ClauseOf::MutualAssistance => ClauseOf::MutualAssistance,
            ClauseOf::Consultation => ClauseOf::Consultation,
            ClauseOf::Trade { goods, to } => ClauseOf::Trade {
                goods: *goods,
                to: ids.power("to", "the receiver of trade", to)?,
            },
            ClauseOf::JoinBloc { power, bloc } => {
                let p = ids.power("power", "the power joining a bloc", power);
                let b = ids.bloc("bloc", bloc);
                ClauseOf::JoinBloc {
                    power: p?,
                    bloc: b?,
                }
            }
            ClauseOf::Guarantee { guarantor, state } => {
                let g = ids.power("guarantor", "the guarantor", guarantor);
                let s = ids.state("state", state);
                ClauseOf::Guarantee {
                    guarantor: g?,
                    state: s?,
                }
            }
            ClauseOf::TerritorialProtocol(list) => {
                let mut out = Vec::with_capacity(list.len());
                let mut first = None;
                for (i, (s, p)) in list.iter().enumerate() {
                    let s = ids.state(&format!("0[{i}].0"), s);
                    let p = ids.power(
                        &format!("0[{i}].1"),
                        "a sphere in a territorial protocol",
                        p,
                    );
                    match (s, p) {
                        (Ok(s), Ok(p)) => out.push((s, p)),
                        (Err(e), _) | (_, Err(e)) => {
                            first.get_or_insert(e);
                        }
                    }
                }
                if let Some(e) = first {
                    return Err(e);
                }
                ClauseOf::TerritorialProtocol(out)
            }
            ClauseOf::Cession { state, to } => {
                let s = ids.state("state", state);
                let t = ids.power("to", "the power receiving a cession", to);
                ClauseOf::Cession { state: s?, to: t? }
            }
            ClauseOf::Partition(s) => ClauseOf::Partition(ids.state("0", s)?),
            ClauseOf::Revision(t) => ClauseOf::Revision(ids.treaty("0", t)?),
            ClauseOf::Denunciation(t) => ClauseOf::Denunciation(ids.treaty("0", t)?),
        })
    }

    /// Whether the clause is a promise of future conduct, worth what trust in
    /// the promiser makes it worth.
    pub fn is_promise(&self) -> bool {
        match self {
            ClauseOf::NonAggression
            | ClauseOf::MutualAssistance
            | ClauseOf::Trade { .. }
            | ClauseOf::Consultation
            | ClauseOf::Guarantee { .. } => true,
            ClauseOf::JoinBloc { .. }
            | ClauseOf::Armistice
            | ClauseOf::TerritorialProtocol(_)
            | ClauseOf::Cession { .. }
            | ClauseOf::Partition(_)
            | ClauseOf::Revision(_)
            | ClauseOf::Denunciation(_) => false,
        }
    }
}

impl Clause {
    /// The states this clause concerns, in order, without making a list.
    pub fn each_state(&self) -> impl Iterator<Item = StateId> + '_ {
        let (one, many): (Option<StateId>, &[(StateId, PowerId)]) = match self {
            Clause::Guarantee { state, .. }
            | Clause::Cession { state, .. }
            | Clause::Partition(state) => (Some(*state), &[]),
            Clause::TerritorialProtocol(assignments) => (None, assignments.as_slice()),
            Clause::NonAggression
            | Clause::MutualAssistance
            | Clause::Trade { .. }
            | Clause::JoinBloc { .. }
            | Clause::Consultation
            | Clause::Revision(_)
            | Clause::Denunciation(_)
            | Clause::Armistice => (None, &[]),
        };
        one.into_iter().chain(many.iter().map(|(s, _)| *s))
    }

    /// The states this clause concerns, in order.
    pub fn states(&self) -> Vec<StateId> {
        self.each_state().collect()
    }

    /// Whether this clause concerns `state` (asked for every objective of
    /// every offer weighed).
    pub fn concerns(&self, state: StateId) -> bool {
        self.each_state().any(|s| s == state)
    }

    /// The powers this clause names (each must be a party).
    pub fn powers(&self) -> Vec<PowerId> {
        match self {
            Clause::Trade { to, .. } | Clause::Cession { to, .. } => vec![*to],
            Clause::JoinBloc { power, .. } => vec![*power],
            Clause::Guarantee { guarantor, .. } => vec![*guarantor],
            Clause::TerritorialProtocol(assignments) => {
                assignments.iter().map(|(_, p)| *p).collect()
            }
            Clause::NonAggression
            | Clause::MutualAssistance
            | Clause::Consultation
            | Clause::Partition(_)
            | Clause::Revision(_)
            | Clause::Denunciation(_)
            | Clause::Armistice => Vec::new(),
        }
    }

    /// The states this clause assigns to a sphere, with the power each goes
    /// to (a territorial protocol's assignments, a cession's state).
    pub fn assignments(&self) -> Vec<(StateId, PowerId)> {
        match self {
            Clause::TerritorialProtocol(assignments) => assignments.clone(),
            Clause::Cession { state, to } => vec![(*state, *to)],
            Clause::NonAggression
            | Clause::MutualAssistance
            | Clause::Trade { .. }
            | Clause::JoinBloc { .. }
            | Clause::Consultation
            | Clause::Guarantee { .. }
            | Clause::Partition(_)
            | Clause::Revision(_)
            | Clause::Denunciation(_)
            | Clause::Armistice => Vec::new(),
        }
    }

    /// Where `state` stands once this clause between `a` and `b` takes
    /// force. Spheres move only with the holder's signature: when the power
    /// whose sphere the state is in is not a party, nothing moves (the
    /// clause is a recognition; see [`Clause::claims`]).
    pub fn moves(
        &self,
        state: StateId,
        mut t: super::view::Territory,
        a: PowerId,
        b: PowerId,
    ) -> super::view::Territory {
        if t.sphere != a && t.sphere != b {
            return t;
        }
        match self {
            Clause::TerritorialProtocol(assignments) => {
                if let Some((_, to)) = assignments.iter().find(|(s, _)| *s == state) {
                    t.sphere = *to;
                    t.conquered = false;
                }
            }
            Clause::Cession { state: s, to } if *s == state => {
                t.sphere = *to;
                t.controller = *to;
                t.conquered = false;
            }
            Clause::Partition(s) if *s == state => {
                t.partitioned_with = Some(if t.sphere == a { b } else { a });
            }
            Clause::NonAggression
            | Clause::MutualAssistance
            | Clause::Trade { .. }
            | Clause::JoinBloc { .. }
            | Clause::Consultation
            | Clause::Guarantee { .. }
            | Clause::Cession { .. }
            | Clause::Partition(_)
            | Clause::Revision(_)
            | Clause::Denunciation(_)
            | Clause::Armistice => {}
        }
        t
    }

    /// The claims this clause between `a` and `b` would recognise, given
    /// whose sphere each state is in (`sphere`): a state assigned to a
    /// party while a third power holds it, as (state, claimant). A
    /// partition between two powers neither of whom holds the state is a
    /// claim of each.
    pub fn claims(
        &self,
        sphere: impl Fn(StateId) -> PowerId,
        a: PowerId,
        b: PowerId,
    ) -> Vec<(StateId, PowerId)> {
        let held_by_other = |s: StateId| {
            let h = sphere(s);
            h != a && h != b
        };
        match self {
            Clause::Partition(s) if held_by_other(*s) => vec![(*s, a), (*s, b)],
            _ => self
                .assignments()
                .into_iter()
                .filter(|(s, to)| held_by_other(*s) && sphere(*s) != *to)
                .collect(),
        }
    }
}

/// How a kind of clause is written in the bot protocol's JSON besides its
/// `kind`: no fields, its own named fields, or one value under a name.
enum Shape {
    Unit,
    Fields,
    One(&'static str),
}

impl ClauseKind {
    /// Every kind, in order.
    pub const ALL: &'static [ClauseKind] = <ClauseKind as VariantArray>::VARIANTS;

    /// The snake_case name used in files, logs and JSON.
    pub fn name(self) -> &'static str {
        self.into()
    }

    /// The kind of this name.
    pub fn named(name: &str) -> Option<ClauseKind> {
        Self::ALL.iter().copied().find(|k| k.name() == name)
    }

    /// A bit for sets of kinds.
    pub fn bit(self) -> u16 {
        1 << (self as u16)
    }

    fn shape(self) -> Shape {
        match self {
            ClauseKind::NonAggression
            | ClauseKind::MutualAssistance
            | ClauseKind::Consultation
            | ClauseKind::Armistice => Shape::Unit,
            ClauseKind::Trade
            | ClauseKind::JoinBloc
            | ClauseKind::Guarantee
            | ClauseKind::Cession => Shape::Fields,
            ClauseKind::TerritorialProtocol => Shape::One("assignments"),
            ClauseKind::Partition => Shape::One("state"),
            ClauseKind::Revision | ClauseKind::Denunciation => Shape::One("treaty"),
        }
    }
}

/// A clause in the bot protocol's JSON: `{"kind": "trade", "goods": …,
/// "to": "ussr"}`; a territorial protocol's assignments as an object
/// `{state: power}`. Derived from the enum's own serde form.
pub fn clause_json(c: &ClauseText) -> Value {
    let kind = c.kind();
    let mut out = Map::new();
    out.insert("kind".into(), Value::from(kind.name()));
    // The enum's serde form: "Name", {"Name": {fields}} or {"Name": value}.
    let inner = match serde_json::to_value(c) {
        Ok(Value::Object(m)) => m.into_iter().next().map(|(_, v)| v),
        _ => None,
    };
    match (kind.shape(), inner) {
        (Shape::Fields, Some(Value::Object(fields))) => out.extend(fields),
        (Shape::One("assignments"), Some(Value::Array(pairs))) => {
            let object: Map<String, Value> = pairs
                .into_iter()
                .filter_map(|pair| match pair {
                    Value::Array(mut two) if two.len() == 2 => {
                        let p = two.pop()?;
                        match two.pop()? {
                            Value::String(s) => Some((s, p)),
                            _ => None,
                        }
                    }
                    _ => None,
                })
                .collect();
            out.insert("assignments".into(), Value::Object(object));
        }
        (Shape::One(field), Some(v)) => {
            out.insert(field.into(), v);
        }
        (Shape::Unit | Shape::Fields | Shape::One(_), _) => {}
    }
    Value::Object(out)
}

/// A clause from the bot protocol's JSON (see [`clause_json`]).
pub fn clause_from_json(v: &Value) -> Result<ClauseText, ClauseJsonError> {
    let Value::Object(m) = v else {
        return Err(ClauseJsonError::NotObject);
    };
    let name = m
        .get("kind")
        .and_then(Value::as_str)
        .ok_or(ClauseJsonError::NoKind)?;
    let kind = ClauseKind::named(name).ok_or_else(|| {
        ClauseJsonError::UnknownKind(super::text::terminal_safe(name).into_owned())
    })?;
    let field_error = |field: &str| ClauseJsonError::Field {
        kind: kind.name(),
        field: super::text::terminal_safe(field).into_owned(),
    };
    let variant = format!("{kind:?}");
    let mut rest = m.clone();
    rest.remove("kind");
    let serde_form = match kind.shape() {
        Shape::Unit => {
            if let Some(extra) = rest.keys().next() {
                return Err(field_error(extra));
            }
            Value::String(variant)
        }
        Shape::Fields => Value::Object(Map::from_iter([(variant, Value::Object(rest))])),
        Shape::One(field) => {
            let value = rest.remove(field).ok_or(ClauseJsonError::Missing {
                kind: kind.name(),
                field,
            })?;
            if let Some(extra) = rest.keys().next() {
                return Err(field_error(extra));
            }
            let value = match (field, value) {
                ("assignments", Value::Object(object)) => Value::Array(
                    object
                        .into_iter()
                        .map(|(s, p)| Value::Array(vec![Value::String(s), p]))
                        .collect(),
                ),
                ("assignments", _) => return Err(ClauseJsonError::Assignments),
                (_, v) => v,
            };
            Value::Object(Map::from_iter([(variant, value)]))
        }
    };
    serde_json::from_value(serde_form).map_err(|e| ClauseJsonError::Value {
        kind: kind.name(),
        why: super::text::terminal_safe(&e.to_string()).into_owned(),
    })
}

/// Why a bot's JSON is not a clause.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ClauseJsonError {
    #[error("a clause must be an object with a `kind`")]
    NotObject,
    #[error("a clause needs a `kind`")]
    NoKind,
    #[error("unknown clause kind `{0}` (known: {known})", known = ClauseKind::ALL.iter().map(|k| k.name()).collect::<Vec<_>>().join(", "))]
    UnknownKind(String),
    #[error("`{kind}` has no field `{field}`")]
    Field { kind: &'static str, field: String },
    #[error("`{kind}` needs `{field}`")]
    Missing {
        kind: &'static str,
        field: &'static str,
    },
    #[error("`assignments` must be an object {{state: power}}")]
    Assignments,
    #[error("`{kind}`: {why}")]
    Value { kind: &'static str, why: String },
}

/// Which clauses of a document are secret: bit `i` for clause `i` (a
/// document has at most [`super::action::MAX_CLAUSES`] = 16 clauses).
/// Signatories see a secret clause; everyone else sees only the public
/// ones, until their envoys learn it.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Secret(pub u16);

impl Secret {
    /// Nothing secret.
    pub const NONE: Secret = Secret(0);

    /// Whether clause `i` is secret.
    pub fn has(self, i: usize) -> bool {
        i < 16 && self.0 & (1 << i) != 0
    }

    /// With clause `i` secret too.
    pub fn with(self, i: usize) -> Secret {
        if i < 16 {
            Secret(self.0 | (1 << i))
        } else {
            self
        }
    }

    /// With clause `i` secret or public as `on` says.
    pub fn set(self, i: usize, on: bool) -> Secret {
        if on {
            self.with(i)
        } else if i < 16 {
            Secret(self.0 & !(1 << i))
        } else {
            self
        }
    }

    /// The mask after clause `i` is taken out of the document: later
    /// clauses move up one place and keep their secrecy.
    pub fn without_clause(self, i: usize) -> Secret {
        if i >= 16 {
            return self;
        }
        let below = self.0 & ((1u16 << i) - 1);
        let above = (self.0 >> 1) & !((1u16 << i) - 1);
        Secret(below | above)
    }

    /// Whether any clause is secret.
    pub fn any(self) -> bool {
        self.0 != 0
    }

    /// Only the bits of a document of `len` clauses.
    pub fn within(self, len: usize) -> Secret {
        if len >= 16 {
            self
        } else {
            Secret(self.0 & ((1u16 << len) - 1))
        }
    }

    /// The secret clauses of `clauses` marked so, as a mask over `of`:
    /// each clause of `of` is secret if an equal clause is secret in the
    /// original (a counter-proposal keeps what was secret secret).
    pub fn carried(self, clauses: &[Clause], of: &[Clause]) -> Secret {
        of.iter().enumerate().fold(Secret::NONE, |m, (i, c)| {
            let was = clauses
                .iter()
                .position(|x| x == c)
                .is_some_and(|j| self.has(j));
            if was { m.with(i) } else { m }
        })
    }

    /// The clauses that are public.
    pub fn public<'a>(self, clauses: &'a [Clause]) -> impl Iterator<Item = &'a Clause> + 'a {
        clauses
            .iter()
            .enumerate()
            .filter(move |(i, _)| !self.has(*i))
            .map(|(_, c)| c)
    }
}

/// A set of clause kinds as bits.
pub fn kind_bits(clauses: &[Clause]) -> u16 {
    clauses.iter().fold(0, |bits, c| bits | c.kind().bit())
}

/// What an ultimatum threatens if its demands are not met by the deadline.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Consequence {
    SeverRelations,
    EndTalks,
    Denounce(TreatyId),
    DeclareWar,
}

impl Consequence {
    /// Words for the log.
    pub fn describe(self) -> &'static str {
        match self {
            Consequence::SeverRelations => "relations will be severed",
            Consequence::EndTalks => "talks will end",
            Consequence::Denounce(_) => "a treaty will be denounced",
            Consequence::DeclareWar => "war will be declared",
        }
    }

    /// The snake_case name used in files and JSON.
    pub fn name(self) -> &'static str {
        match self {
            Consequence::SeverRelations => "sever_relations",
            Consequence::EndTalks => "end_talks",
            Consequence::Denounce(_) => "denounce",
            Consequence::DeclareWar => "declare_war",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_masks_follow_their_clauses() {
        let m = Secret::NONE.with(0).with(2).with(3);
        assert_eq!(m.without_clause(2), Secret(0b101));
        assert_eq!(m.without_clause(0), Secret(0b110));
        assert_eq!(m.set(2, false), Secret(0b1001));
        assert_eq!(m.set(20, true), m);
        assert!(!Secret::NONE.set(1, false).any());
    }

    #[test]
    fn every_kind_has_its_own_name_and_bit() {
        let names: std::collections::BTreeSet<&str> =
            ClauseKind::ALL.iter().map(|k| k.name()).collect();
        assert_eq!(names.len(), ClauseKind::ALL.len());
        let bits = ClauseKind::ALL.iter().fold(0u16, |b, k| {
            assert_eq!(b & k.bit(), 0);
            b | k.bit()
        });
        assert_eq!(bits.count_ones() as usize, ClauseKind::ALL.len());
        assert_eq!(
            ClauseKind::named("territorial_protocol"),
            Some(ClauseKind::TerritorialProtocol)
        );
    }

    #[test]
    fn json_round_trips_every_shape() {
        let s = |x: &str| x.to_string();
        for c in [
            ClauseText::NonAggression,
            ClauseText::Trade {
                goods: Goods::Credits,
                to: s("ussr"),
            },
            ClauseText::TerritorialProtocol(vec![
                (s("ukraine"), s("ussr")),
                (s("poland"), s("germany")),
            ]),
            ClauseText::Partition(s("poland")),
            ClauseText::Revision(3),
        ] {
            let v = clause_json(&c);
            assert_eq!(clause_from_json(&v), Ok(c.clone()), "{v}");
        }
        assert_eq!(
            clause_json(&ClauseText::Partition(s("poland"))),
            serde_json::json!({"kind": "partition", "state": "poland"})
        );
        let e = clause_from_json(
            &serde_json::json!({"kind": "trade", "goods": "credits", "to": "x", "oops": 1}),
        )
        .unwrap_err();
        assert!(e.to_string().contains("oops"), "{e}");
        assert!(
            clause_from_json(&serde_json::json!({"kind": "teleport"}))
                .unwrap_err()
                .to_string()
                .contains("unknown clause kind")
        );
    }
}
