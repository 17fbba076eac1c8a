//! Every number that shapes a decision, as scenario data: the acceptance
//! model's weights and clause coefficients, war odds, memory rules, the AI's
//! thresholds and the default deadlines. [`ModelWeights`] is both the
//! rules' type and the scenario file's `model` table; [`ModelWeights::TABLE`]
//! is the one list of names, defaults, ranges and meanings that validation,
//! mods (a weight changed by name), the docs and their drift test read.

use super::memory::{MemoryKind, MemoryRule};
use serde::{Deserialize, Serialize};

/// One weight: its name in files, the value the game ships with, the range
/// validation accepts, and what it means.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Weight {
    pub name: &'static str,
    pub default: f32,
    pub min: f32,
    pub max: f32,
    pub meaning: &'static str,
}

macro_rules! weights {
    ($(
        $(#[doc = $doc:literal])+
        $name:ident = $default:literal in $min:literal ..= $max:literal;
    )*) => {
        /// The model's weights (a scenario's `model` table). Any may be left
        /// out of a file: it then has its default.
        #[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
        #[serde(deny_unknown_fields, default)]
        pub struct ModelWeights {
            $( $(#[doc = $doc])+ pub $name: f32, )*
            /// How each kind of remembered act counts and fades.
            pub memory: MemoryTable,
        }

        impl Default for ModelWeights {
            fn default() -> Self {
                ModelWeights {
                    $( $name: $default, )*
                    memory: MemoryTable::default(),
                }
            }
        }

        impl ModelWeights {
            /// Every weight, in the order of the file format.
            pub const TABLE: &'static [Weight] = &[
                $( Weight {
                    name: stringify!($name),
                    default: $default,
                    min: $min,
                    max: $max,
                    meaning: concat!($($doc),+),
                }, )*
            ];

            /// A weight by name, to change (a mod's `model` table).
            pub fn get_mut(&mut self, name: &str) -> Option<&mut f32> {
                match name {
                    $( stringify!($name) => Some(&mut self.$name), )*
                    _ => None,
                }
            }

            /// A weight by name.
            pub fn get(&self, name: &str) -> Option<f32> {
                match name {
                    $( stringify!($name) => Some(self.$name), )*
                    _ => None,
                }
            }
        }
    };
}

weights! {
    // --- The acceptance model: how much each kind of value counts.
    /// P(accept) = logistic(margin / temperature): higher is more random.
    temperature = 4.0 in 0.01 ..= 1000.0;
    /// Security from a partner's promise or strength.
    security = 1.0 in 0.0 ..= 100.0;
    /// States gained for one's sphere.
    territory = 1.0 in 0.0 ..= 100.0;
    /// Losses weigh this much more than gains.
    loss_aversion = 1.0 in 0.0 ..= 100.0;
    /// Trade: goods and credits.
    economy = 1.0 in 0.0 ..= 100.0;
    /// Standing among the powers.
    prestige = 1.0 in 0.0 ..= 100.0;
    /// Ideological affinity.
    ideology = 1.0 in 0.0 ..= 100.0;
    /// Remembered acts (the opinion).
    opinion = 1.0 in 0.0 ..= 100.0;
    /// The receiver's own objectives reached or lost.
    objectives = 1.0 in 0.0 ..= 100.0;
    /// The cost of being pulled into a partner's wars.
    entanglement = 1.0 in 0.0 ..= 100.0;
    /// A rival's gain counts against the receiver by this factor.
    rival_gain = 1.0 in 0.0 ..= 100.0;
    /// A cession weighs this much more than a sphere assignment.
    cession_factor = 1.0 in 0.0 ..= 100.0;
    /// Competing offers raise the reservation by this factor.
    alternatives = 1.0 in 0.0 ..= 100.0;
    /// Refusing a strong, hostile power risks war: this much.
    war_risk = 1.0 in 0.0 ..= 100.0;
    /// The war risk counts this much more once relations are severed.
    severed_war_risk = 2.0 in 0.0 ..= 100.0;
    /// What an ultimatum threatening severed relations costs its receiver.
    sever_cost = 8.0 in 0.0 ..= 100.0;
    /// What a threat of war costs, at even strength.
    war_cost = 20.0 in 0.0 ..= 100.0;
    /// What a threat to end talks costs.
    end_talks_cost = 3.0 in 0.0 ..= 100.0;
    /// What a threat to denounce a treaty costs.
    denounce_cost = 5.0 in 0.0 ..= 100.0;
    /// A threat is believed at least this much, however weak its sender.
    credibility_floor = 0.1 in 0.0 ..= 1.0;
    /// Credibility starts as if a power had carried out this many threats…
    credibility_kept = 2.0 in 0.0 ..= 100.0;
    /// …and backed down from this many (each real one counts as one).
    credibility_lost = 1.0 in 0.0 ..= 100.0;
    /// Pride above this takes an ultimatum as an insult.
    insult_threshold = 0.7 in 0.0 ..= 1.0;
    /// How sharply pride turns into insult.
    insult_softness = 0.08 in 0.01 ..= 10.0;
    /// How much an ultimatum's sting (pride) counts against compliance.
    pride = 1.0 in 0.0 ..= 100.0;
    /// Points of sting for a leader of full pride.
    pride_points = 10.0 in 0.0 ..= 100.0;
    /// A leader's own leaning against an offer is an objection from here on
    /// (points).
    objection_threshold = 2.0 in 0.0 ..= 100.0;
    /// Points for ending a power's isolation (times its need).
    isolation_points = 10.0 in 0.0 ..= 100.0;
    /// How rival a power counts when relations are strained or opinion low.
    rivalry_hostile = 1.0 in 0.0 ..= 10.0;
    /// How rival a power counts otherwise.
    rivalry_friendly = 0.3 in 0.0 ..= 10.0;
    /// An opinion below this makes a power a rival.
    rivalry_opinion = -10.0 in -100.0 ..= 100.0;

    // --- What each clause is worth (points, before the weights above).
    /// Non-aggression: security, times the sender's share of strength.
    non_aggression_points = 8.0 in 0.0 ..= 100.0;
    /// Non-aggression is worth this much more when relations are strained…
    tension_strained = 1.5 in 0.0 ..= 10.0;
    /// …and this much more when severed or at war.
    tension_severed = 2.0 in 0.0 ..= 10.0;
    /// Mutual assistance: security, times the partner's share of strength.
    assistance_points = 12.0 in 0.0 ..= 100.0;
    /// Mutual assistance: the entanglement it always brings…
    assistance_entanglement = 2.0 in 0.0 ..= 100.0;
    /// …and more, by the partner's enemies over one's own strength.
    assistance_enemies = 6.0 in 0.0 ..= 100.0;
    /// Trade received: economy, times the receiver's need.
    trade_receive_points = 12.0 in 0.0 ..= 100.0;
    /// Trade given: economy (orders for one's industry).
    trade_give_points = 3.0 in 0.0 ..= 100.0;
    /// Trade given: what it strengthens a rival, times the rival's need.
    trade_rival_points = 6.0 in 0.0 ..= 100.0;
    /// Joining a bloc: security, times the members' share of strength.
    bloc_security_points = 8.0 in 0.0 ..= 100.0;
    /// Joining a bloc: what a great power's submission costs it.
    bloc_submission_points = 6.0 in 0.0 ..= 100.0;
    /// Joining a bloc: the entanglement it always brings…
    bloc_entanglement = 3.0 in 0.0 ..= 100.0;
    /// …and more, by the members' enemies over one's own strength.
    bloc_enemies = 4.0 in 0.0 ..= 100.0;
    /// Another joining one's own bloc: prestige…
    bloc_member_prestige = 4.0 in 0.0 ..= 100.0;
    /// …and security, times its share of strength.
    bloc_member_security = 6.0 in 0.0 ..= 100.0;
    /// A rival joining another bloc: a loss of security.
    bloc_rival_points = 3.0 in 0.0 ..= 100.0;
    /// Consultation: prestige.
    consultation_points = 1.5 in 0.0 ..= 100.0;
    /// Guaranteeing a state: the entanglement it always brings…
    guarantor_entanglement = 2.0 in 0.0 ..= 100.0;
    /// …and more, by the state's worth.
    guarantor_worth = 0.3 in 0.0 ..= 10.0;
    /// Guaranteeing a state: prestige.
    guarantor_prestige = 1.0 in 0.0 ..= 100.0;
    /// A state of one's own sphere guaranteed: security, by its worth.
    guaranteed_worth = 0.6 in 0.0 ..= 10.0;
    /// A wanted state fenced off by another's guarantee: a loss, by its worth.
    fenced_worth = 0.5 in 0.0 ..= 10.0;
    /// A partition: the share of a state's worth gained or lost.
    partition_worth = 0.5 in 0.0 ..= 10.0;
    /// A rival's gain of a state: the share of its worth to the rival.
    rival_worth = 0.3 in 0.0 ..= 10.0;
    /// Revising or denouncing one's own treaty: prestige lost…
    revision_prestige = 4.0 in 0.0 ..= 100.0;
    /// …and security lost, if it was a promise of aid or peace.
    revision_security = 4.0 in 0.0 ..= 100.0;

    // --- Trust, war and memory.
    /// Trust everyone loses in a power that breaks a treaty.
    trust_broken_treaty = 0.25 in 0.0 ..= 1.0;
    /// Trust partners gain each turn a treaty between them holds.
    trust_kept_per_turn = 0.01 in 0.0 ..= 1.0;
    /// Defenders fight this much harder than their strength.
    defence_bonus = 1.1 in 0.1 ..= 10.0;
    /// An invasion's chance is never below this…
    battle_floor = 0.05 in 0.0 ..= 0.5;
    /// …nor above this.
    battle_ceiling = 0.95 in 0.5 ..= 1.0;
    /// A broken treaty is remembered by those not party to it as this much
    /// of an act.
    bystander_broken_treaty = 0.3 in 0.0 ..= 1.0;
    /// A war is remembered by bystanders as this much of an act.
    bystander_war = 0.2 in 0.0 ..= 1.0;
    /// A recalled ambassador is remembered as this much of a severance.
    recall_acts = 0.5 in 0.0 ..= 1.0;

    // --- No free lunch: claims, patrons, credibility, war.
    /// A claim recognised by others (not the holder) is worth this share of
    /// the state to its claimant, and a rival's claim costs this share of
    /// what the state would be worth to the rival.
    claim_worth = 0.15 in 0.0 ..= 1.0;
    /// What the holder's resentment of a recognition costs a signatory, at
    /// even strength (times the holder's share of strength, doubled).
    recognition_fear = 3.0 in 0.0 ..= 100.0;
    /// A war between bystanders and a state whose claimant they recognised
    /// is remembered as this much of the usual bystander's act.
    recognised_conquest = 0.25 in 0.0 ..= 1.0;
    /// Weeks of battles won it takes to take a state (an invasion in the
    /// last week cannot finish before the end).
    conquest_turns = 2.0 in 1.0 ..= 52.0;
    /// Share of its strength an invader loses when thrown back.
    repulse_loss = 0.1 in 0.0 ..= 1.0;
    /// Each week at war costs each side this share of its enemy's strength.
    war_attrition = 0.04 in 0.0 ..= 1.0;
    /// Each week at war costs this much score at even strength (twice the
    /// enemy's share of the two strengths).
    war_turn_points = 1.0 in 0.0 ..= 100.0;
    /// An armistice is worth this much to a power at war, at even strength
    /// (twice the enemy's share), besides the weeks of war it saves.
    armistice_points = 4.0 in 0.0 ..= 100.0;
    /// Backing down from an ultimatum, or standing aside while a state of
    /// one's sphere is invaded, costs this much score (prestige).
    back_down_points = 2.0 in 0.0 ..= 100.0;
    /// What a point of credibility (0–1) is worth to a power's later
    /// threats, in score: the price of backing down besides prestige.
    credibility_value = 6.0 in 0.0 ..= 100.0;
    /// A week's chance that a power's envoys learn a secret of a treaty, for
    /// each party to it with which the power has an ambassador in place and
    /// calm relations…
    intel_chance = 0.06 in 0.0 ..= 1.0;
    /// …this much of it without an ambassador (recalled, or relations
    /// broken)…
    intel_no_envoy = 0.3 in 0.0 ..= 1.0;
    /// …and this much of it while relations are strained.
    intel_strained = 0.7 in 0.0 ..= 1.0;
    /// An estimate of another power's answer is ± this many points of
    /// margin even with the best intelligence (its leaders' minds)…
    estimate_floor = 1.5 in 0.0 ..= 100.0;
    /// …and up to this many more as intelligence on it fails.
    estimate_spread = 6.0 in 0.0 ..= 100.0;
    /// Trust lost in each party to a secret aimed at the discoverer.
    secret_trust = 0.15 in 0.0 ..= 1.0;
    /// A secret recognition found out is resented this many times as much
    /// as a public one (deceit besides resentment); the model weighs it by
    /// the chance the holder's envoys learn of it before the summer ends.
    deceit_fear = 2.0 in 0.0 ..= 100.0;
    /// A protector of a threatened client remembers the threat as this
    /// much of an ultimatum to itself.
    patron_threat_acts = 0.5 in 0.0 ..= 1.0;

    /// Each other proposal a sender has on a receiver's table counts this
    /// much against each (a flood of proposals is not a negotiation).
    importunity_points = 3.0 in 0.0 ..= 100.0;

    // --- Deadlines (days).
    /// The deadline of proposals the AI and conferences send, and of
    /// counter-proposals.
    deadline_days = 14.0 in 1.0 ..= 63.0;
    /// The deadline of the AI's ultimatums.
    ultimatum_days = 7.0 in 1.0 ..= 63.0;

    // --- The AI's thresholds.
    /// The random profile accepts this share of offers…
    ai_random_accept = 0.4 in 0.0 ..= 1.0;
    /// …and rejects up to this share (the rest it leaves unanswered).
    ai_random_reject = 0.8 in 0.0 ..= 1.0;
    /// The random profile passes a turn this often.
    ai_random_pass = 0.4 in 0.0 ..= 1.0;
    /// An AI leaves an offer unanswered only while its margin is above
    /// this many temperatures.
    ai_wait_margin = -2.0 in -100.0 ..= 100.0;
    /// An AI considers aggression this often, times its profile's aggression.
    ai_threat_chance = 0.5 in 0.0 ..= 1.0;
    /// An AI does not send a proposal less likely than this to be accepted.
    ai_hopeless = 0.05 in 0.0 ..= 1.0;
    /// An AI sends its best proposal only if its utility is above this.
    ai_min_utility = 1.0 in -100.0 ..= 100.0;
    /// Noise added to the utility of each proposal, so seeds differ.
    ai_noise = 1.0 in 0.0 ..= 100.0;
    /// What an AI's proposal is worth to it: its own objectives reached or
    /// lost count in full score points (times its ambition); the rest of
    /// its own judgement (security, opinion, leaders) at this weight.
    ai_judgement = 0.5 in 0.0 ..= 10.0;
    /// An AI sends at most this many proposals a turn (its best, each to a
    /// different power).
    ai_proposals = 2.0 in 1.0 ..= 32.0;
    /// A proposal this promising may be taken to a summit…
    ai_summit_utility = 4.0 in -100.0 ..= 100.0;
    /// …this often.
    ai_summit_chance = 0.25 in 0.0 ..= 1.0;
    /// An AI invades only with this share of the defenders' strength.
    ai_invade_ratio = 0.6 in 0.0 ..= 100.0;
    /// An AI threatens only with this share of the receiver's strength.
    ai_threat_ratio = 0.7 in 0.0 ..= 100.0;
    /// An AI this aggressive threatens war rather than a break.
    ai_war_aggression = 0.6 in 0.0 ..= 1.0;
    /// An AI restores relations it severed once its opinion is above this.
    ai_restore_opinion = -5.0 in -100.0 ..= 100.0;
    /// How much an AI's temper (aggression and honour above 1 in sum) leans
    /// it toward carrying out its threats, in points.
    ai_resolve = 3.0 in 0.0 ..= 100.0;
    /// How sharply the price difference decides a threat (points per unit
    /// of logistic).
    ai_resolve_temperature = 1.5 in 0.01 ..= 100.0;
    /// An AI considers a break only once its opinion is below this (and
    /// makes it only when an invasion would then pay).
    ai_sever_opinion = -15.0 in -100.0 ..= 100.0;
    /// What an AI counts against an ultimatum for the strain it puts on
    /// relations whatever the answer, in points.
    ai_threat_strain = 2.0 in 0.0 ..= 100.0;
}

impl ModelWeights {
    /// Battles an invader must win to take a state (`conquest_turns`, whole).
    pub fn battles_to_conquer(&self) -> u8 {
        self.conquest_turns.round().clamp(1.0, 52.0) as u8
    }

    /// The rule of one memory kind.
    pub fn memory_rule(&self, kind: MemoryKind) -> &MemoryRule {
        &self.memory.0[kind.slot()]
    }

    /// The memory rules, in [`MemoryKind::ALL`] order.
    pub fn memory_rules(&self) -> &[MemoryRule; crate::rules::memory::KINDS] {
        &self.memory.0
    }

    /// The default deadline, in days.
    pub fn deadline(&self) -> u32 {
        self.deadline_days.round().clamp(1.0, 63.0) as u32
    }

    /// The AI's ultimatum deadline, in days.
    pub fn ultimatum_deadline(&self) -> u32 {
        self.ultimatum_days.round().clamp(1.0, 63.0) as u32
    }
}

/// How each memory kind counts and fades, written in files as a table by
/// kind (`insult: (per_act: -12.0, decay: 0.92, cap: 30.0)`); a kind left
/// out has its default.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MemoryTable(pub [MemoryRule; crate::rules::memory::KINDS]);

impl Default for MemoryTable {
    fn default() -> Self {
        let rule = |per_act, decay, cap| MemoryRule {
            per_act,
            decay,
            cap,
        };
        MemoryTable(MemoryKind::ALL.map(|k| match k {
            MemoryKind::AcceptedDeal => rule(5.0, 0.9, 20.0),
            MemoryKind::RefusedDeal => rule(-2.0, 0.85, 12.0),
            MemoryKind::IgnoredProposal => rule(-4.0, 0.85, 15.0),
            MemoryKind::Ultimatum => rule(-6.0, 0.9, 20.0),
            MemoryKind::Insult => rule(-12.0, 0.92, 30.0),
            MemoryKind::BrokenTreaty => rule(-15.0, 0.95, 40.0),
            MemoryKind::SeveredRelations => rule(-10.0, 0.95, 30.0),
            MemoryKind::War => rule(-25.0, 0.97, 50.0),
            MemoryKind::TreatyInForce => rule(1.0, 1.0, 8.0),
            MemoryKind::Standing => rule(0.0, 1.0, 20.0),
            MemoryKind::Resentment => rule(-5.0, 0.92, 25.0),
            MemoryKind::Deceit => rule(-10.0, 0.95, 30.0),
            MemoryKind::Importunity => rule(-1.5, 0.7, 9.0),
        }))
    }
}

impl Serialize for MemoryTable {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("MemoryTable", MemoryKind::ALL.len())?;
        for kind in MemoryKind::ALL {
            st.serialize_field(kind.name(), &self.0[kind.slot()])?;
        }
        st.end()
    }
}

impl<'de> Deserialize<'de> for MemoryTable {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = MemoryTable;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a table of memory rules by kind")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut m: A,
            ) -> Result<MemoryTable, A::Error> {
                let mut table = MemoryTable::default();
                let mut seen = [false; crate::rules::memory::KINDS];
                while let Some(key) = m.next_key::<String>()? {
                    let Some(kind) = MemoryKind::ALL.iter().find(|k| k.name() == key) else {
                        return Err(serde::de::Error::unknown_field(&key, &MEMORY_KINDS));
                    };
                    if std::mem::replace(&mut seen[kind.slot()], true) {
                        return Err(serde::de::Error::duplicate_field(kind.name()));
                    }
                    table.0[kind.slot()] = m.next_value()?;
                }
                Ok(table)
            }
        }
        d.deserialize_struct("MemoryTable", &MEMORY_KINDS, Visit)
    }
}

/// The table in an editor's schema: each kind a field, any left out.
impl schemars::JsonSchema for MemoryTable {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "MemoryTable".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let mut properties = serde_json::Map::new();
        for kind in MemoryKind::ALL {
            let mut rule = generator.subschema_for::<MemoryRule>().to_value();
            if let Some(o) = rule.as_object_mut() {
                o.insert("description".into(), kind.describe().into());
            }
            properties.insert(kind.name().into(), rule);
        }
        schemars::json_schema!({
            "description": "How each kind of remembered act moves opinion; a kind left out keeps its default.",
            "type": "object",
            "properties": properties,
            "additionalProperties": false,
        })
    }
}

/// The memory kinds' names, as the table's fields.
static MEMORY_KINDS: [&str; crate::rules::memory::KINDS] = {
    let mut names = [""; crate::rules::memory::KINDS];
    let mut i = 0;
    while i < names.len() {
        names[i] = MemoryKind::ALL[i].name();
        i += 1;
    }
    names
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_names_every_weight_once_with_its_default_in_range() {
        let w = ModelWeights::default();
        let mut names = std::collections::BTreeSet::new();
        for entry in ModelWeights::TABLE {
            assert!(names.insert(entry.name), "{} twice", entry.name);
            assert_eq!(w.get(entry.name), Some(entry.default), "{}", entry.name);
            assert!(
                (entry.min..=entry.max).contains(&entry.default),
                "{} default out of range",
                entry.name
            );
            assert!(!entry.meaning.is_empty());
        }
        let mut changed = w.clone();
        *changed.get_mut("war_cost").unwrap() = 3.5;
        assert_eq!(changed.war_cost, 3.5);
        assert!(changed.get_mut("no_such_weight").is_none());
    }

    #[test]
    fn a_model_table_may_leave_out_what_it_does_not_change() {
        let w: ModelWeights = ron::from_str(
            "(temperature: 6.0, memory: (insult: (per_act: -1.0, decay: 0.5, cap: 3.0)))",
        )
        .unwrap();
        assert_eq!(w.temperature, 6.0);
        assert_eq!(w.war_cost, ModelWeights::default().war_cost);
        assert_eq!(w.memory_rule(MemoryKind::Insult).cap, 3.0);
        assert_eq!(
            w.memory_rule(MemoryKind::War),
            ModelWeights::default().memory_rule(MemoryKind::War)
        );
        assert!(ron::from_str::<ModelWeights>("(tempreture: 1.0)").is_err());
        assert!(
            ron::from_str::<ModelWeights>(
                "(memory: (insults: (per_act: 1.0, decay: 1.0, cap: 1.0)))"
            )
            .is_err()
        );
    }
}
