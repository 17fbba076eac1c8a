//! Words for players: clauses, breakdown lines and assessments in English,
//! shared by the text timeline, the JSON summaries and the desktop screens.

use super::clause::Clause;
use super::ids::{PowerId, TreatyId};
use super::model::{Assessment, Factor, Line};
use super::setup::Setup;
use super::view::{View, ViewExt};

/// A power's display name.
pub fn power(setup: &Setup, p: PowerId) -> &str {
    setup.powers.get(p.index()).map_or("?", |d| d.name.as_str())
}

/// "Germany's", "Britain's", "the USSR's".
/// A condition in words: "Ukraine in the USSR's sphere", "a
/// non-aggression treaty between Germany and the USSR", "either …, or …".
pub fn condition(setup: &Setup, c: &super::condition::Condition) -> String {
    use super::condition::Condition as C;
    let p = |id: PowerId| power(setup, id);
    let list = |v: &[C], joiner: &str| -> String {
        // A compound part is bracketed, so "and" and "or" do not mix.
        let parts: Vec<String> = v
            .iter()
            .map(|c| match c {
                C::All(_) | C::Any(_) => format!("({})", condition(setup, c)),
                _ => condition(setup, c),
            })
            .collect();
        match parts.len() {
            0 => String::new(),
            1 => parts[0].clone(),
            n => format!("{} {joiner} {}", parts[..n - 1].join(", "), parts[n - 1]),
        }
    };
    match c {
        C::Always => "always".into(),
        C::InSphere { state: s, power: q } => {
            format!("{} in {} sphere", state(setup, *s), possessive(p(*q)))
        }
        C::Controls { power: q, state: s } => format!("{} rules {}", p(*q), state(setup, *s)),
        C::Treaty { a, b, kind } => match kind {
            Some(k) => format!(
                "a treaty with {} between {} and {}",
                kind_title(*k).to_lowercase(),
                p(*a),
                p(*b)
            ),
            None => format!("any treaty between {} and {}", p(*a), p(*b)),
        },
        C::Relation {
            a,
            b,
            at_least,
            at_most,
        } => format!(
            "relations between {} and {} from {} to {}",
            p(*a),
            p(*b),
            at_least.name(),
            at_most.name()
        ),
        C::TalksEnded { by, with } => format!("{} has ended talks with {}", p(*by), p(*with)),
        C::AnyWar => "a war anywhere in Europe".into(),
        C::Conquest { by: Some(q) } => format!("a conquest by {}", p(*q)),
        C::Conquest { by: None } => "a conquest by anyone".into(),
        C::Isolated { power: q } => format!("{} without a treaty with any great power", p(*q)),
        C::InBloc { power: q, bloc } => format!(
            "{} in the {}",
            p(*q),
            setup
                .blocs
                .get(bloc.index())
                .map_or("bloc", |b| b.name.as_str())
        ),
        C::All(v) => list(v, "and"),
        C::Any(v) => format!("either {}", list(v, "or")),
        C::Not(inner) => format!("not ({})", condition(setup, inner)),
    }
}

/// A value with its sign and one decimal, never "-0.0": "+1.2", "-0.5",
/// "+0.0".
pub fn signed(v: f32) -> String {
    format!("{:+.1}", (v * 10.0).round() / 10.0 + 0.0)
}

/// A count with its noun: "1 round", "2 rounds".
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

pub fn possessive(name: &str) -> String {
    if name.ends_with('s') {
        format!("{name}'")
    } else {
        format!("{name}'s")
    }
}

fn treaty_name(view: &dyn View, id: TreatyId) -> String {
    view.treaty(id)
        .map_or_else(|| format!("treaty #{}", id.0), |t| t.name.clone())
}

/// An order in a few words: "proposal to Italy", "accept #3".
pub fn action(view: &dyn View, action: &super::action::Action) -> String {
    use super::action::{Action, Answer};
    let setup = &view.setup();
    let p = |id: PowerId| power(setup, id);
    match action {
        Action::Propose { to, .. } => format!("proposal to {}", p(*to)),
        Action::Ultimatum { to, .. } => format!("ultimatum to {}", p(*to)),
        Action::Answer { proposal, answer } => match answer {
            Answer::Accept => format!("accept #{}", proposal.0),
            Answer::Reject => format!("reject #{}", proposal.0),
            Answer::Counter(_) => format!("counter #{}", proposal.0),
        },
        Action::Summit { with, .. } => format!("summit with {}", p(*with)),
        Action::SeverRelations { with } => format!("sever relations with {}", p(*with)),
        Action::RestoreRelations { with } => format!("restore relations with {}", p(*with)),
        Action::RecallAmbassador { from } => format!("recall ambassador from {}", p(*from)),
        Action::EndTalks { with } => format!("end talks with {}", p(*with)),
        Action::DeclareWar { on } => format!("war on {}", p(*on)),
        Action::Invade { state } => format!(
            "invade {}",
            setup
                .states
                .get(state.index())
                .map_or("?", |s| s.name.as_str())
        ),
        Action::Denounce { treaty } => format!("denounce the {}", treaty_name(view, *treaty)),
        Action::CarryOut { proposal } => format!("carry out the threat of #{}", proposal.0),
        Action::BackDown { proposal } => format!("back down from #{}", proposal.0),
    }
}

/// What a kind of clause does, for a menu's tooltip.
pub fn kind_description(kind: super::clause::ClauseKind) -> &'static str {
    use super::clause::ClauseKind;
    match kind {
        ClauseKind::NonAggression => "Neither party attacks the other",
        ClauseKind::MutualAssistance => "Each party comes to the other's aid if it is attacked",
        ClauseKind::Trade => "Goods or credits delivered to one of the parties",
        ClauseKind::JoinBloc => "A party joins a bloc",
        ClauseKind::Consultation => "The parties consult on questions of common interest",
        ClauseKind::Guarantee => "A party guarantees the independence of a third state",
        ClauseKind::TerritorialProtocol => {
            "States are assigned to the parties' spheres (pick several on the map)"
        }
        ClauseKind::Cession => "A state is ceded to (incorporated by) a party",
        ClauseKind::Partition => "A state is divided between the parties",
        ClauseKind::Revision => "A treaty in force is revised: it lapses, replaced by this one",
        ClauseKind::Denunciation => "The parties agree to denounce a treaty in force",
        ClauseKind::Armistice => {
            "The parties, at war, cease hostilities: relations fall back to severed"
        }
    }
}

/// A kind of clause as a menu names it: "Territorial protocol".
pub fn kind_title(kind: super::clause::ClauseKind) -> String {
    let name = kind.name().replace('_', " ");
    let mut chars = name.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// One clause in words.
/// A state's display name ("?" for an id out of range).
pub fn state(setup: &Setup, s: super::ids::StateId) -> &str {
    setup.states.get(s.index()).map_or("?", |d| d.name.as_str())
}

pub fn clause(view: &dyn View, c: &Clause) -> String {
    let setup = &**view.setup();
    let state = |s| state(setup, s);
    match c {
        Clause::NonAggression => "non-aggression".into(),
        Clause::MutualAssistance => "mutual assistance".into(),
        Clause::Trade { goods, to } => {
            format!("trade: {} for {}", goods.describe(), power(setup, *to))
        }
        Clause::JoinBloc { power: p, bloc } => format!(
            "{} joins {}",
            power(setup, *p),
            setup
                .blocs
                .get(bloc.index())
                .map_or("?", |b| b.name.as_str())
        ),
        Clause::Consultation => "consultation".into(),
        Clause::Guarantee {
            guarantor,
            state: s,
        } => {
            format!("{} guarantees {}", power(setup, *guarantor), state(*s))
        }
        Clause::TerritorialProtocol(assignments) => {
            let parts: Vec<String> = assignments
                .iter()
                .map(|(s, p)| format!("{} to {}", state(*s), power(setup, *p)))
                .collect();
            format!("territorial protocol ({})", parts.join(", "))
        }
        Clause::Cession { state: s, to } => {
            format!("cession of {} to {}", state(*s), power(setup, *to))
        }
        Clause::Partition(s) => format!("partition of {}", state(*s)),
        Clause::Revision(treaty) => format!("revision of the {}", treaty_name(view, *treaty)),
        Clause::Denunciation(treaty) => {
            format!("denunciation of the {}", treaty_name(view, *treaty))
        }
        Clause::Armistice => "armistice".into(),
    }
}

/// A clause list in words, separated by semicolons.
pub fn clauses(view: &dyn View, cs: &[Clause]) -> String {
    cs.iter()
        .map(|c| clause(view, c))
        .collect::<Vec<_>>()
        .join("; ")
}

/// One breakdown line's label (without its value).
pub fn line(view: &dyn View, receiver: PowerId, sender: PowerId, l: &Line) -> String {
    let setup = &**view.setup();
    let state =
        |s: super::ids::StateId| setup.states.get(s.index()).map_or("?", |d| d.name.as_str());
    let leader = |id: super::ids::LeaderId| {
        let d = setup.leader(id);
        format!("{} ({})", d.name, d.role.describe())
    };
    let of_clause = |text: String| match l.clause {
        Some(i) => format!("clause {}: {}", i + 1, text),
        None => text,
    };
    match l.factor {
        Factor::Security => of_clause("security".into()),
        Factor::Territory(s) => of_clause(format!("{} into our sphere", state(s))),
        Factor::SphereLoss(s) => of_clause(format!("{} leaves our sphere", state(s))),
        Factor::RivalGain(s) => of_clause(format!("a rival gains {}", state(s))),
        Factor::Claim(s) if l.value >= 0.0 => of_clause(format!(
            "a recognised claim to {} (its holder does not sign)",
            state(s)
        )),
        Factor::Claim(s) => of_clause(format!("a rival's claim to {} recognised", state(s))),
        Factor::Resentment(p) => of_clause(format!("{} will resent it", power(setup, p))),
        Factor::Protection(p) => format!(
            "protection by {} and others who stand by us",
            power(setup, p)
        ),
        Factor::Peace => of_clause("peace: the weeks of war it saves".into()),
        Factor::Importunity => "their other proposals on our table".into(),
        Factor::Economy => of_clause("economy".into()),
        Factor::Prestige => of_clause("prestige".into()),
        Factor::Entanglement => of_clause("entanglement in others' wars".into()),
        Factor::Isolation => "ends our diplomatic isolation".into(),
        Factor::TrustDiscount => format!(
            "promises discounted by our trust in {} ({:.0}%)",
            power(setup, sender),
            view.trust(receiver, sender) * 100.0
        ),
        Factor::Objective(i) => {
            let o = &setup.objectives[usize::from(i)];
            match (o.points >= 0.0, l.value >= 0.0) {
                (true, true) => format!("objective reached: {}", o.description),
                (true, false) => format!("objective lost: {}", o.description),
                (false, true) => format!("loss averted: {}", o.description),
                (false, false) => format!("loss suffered: {}", o.description),
            }
        }
        Factor::Opinion(kind) => kind.describe().into(),
        Factor::Affinity(Some(i)) => setup.affinity_parts
            [receiver.index() * setup.power_count() + sender.index()]
        .get(usize::from(i))
        .map_or_else(|| "ideological affinity".into(), |(_, why)| why.clone()),
        Factor::Affinity(None) => "ideological affinity with the bloc's members".into(),
        Factor::Reservation => "what we hold out for (conceding toward the deadline)".into(),
        Factor::Alternative(id) => format!("a competing offer (proposal #{})", id.0),
        Factor::WarRisk => "refusing risks war".into(),
        Factor::Threat(c) => format!("the threat: {}, times credibility", c.describe()),
        Factor::Pride(id) => format!("pride of {}", leader(id)),
        Factor::Leaning(id) => format!("leaning of {}", leader(id)),
        Factor::RedLine(id, i) => {
            let d = setup.leader(id);
            let rl = &d.red_lines[usize::from(i)];
            let verb = if rl.veto { "vetoes" } else { "objects" };
            format!("{} {}: {}", leader(id), verb, rl.reason)
        }
    }
}

/// An assessment's lines as the log keeps them.
pub fn reasons(
    view: &dyn View,
    receiver: PowerId,
    sender: PowerId,
    a: &Assessment,
) -> Vec<super::event::Reason> {
    a.lines
        .iter()
        .map(|l| super::event::Reason {
            factor: l.factor.key().to_string(),
            label: line(view, receiver, sender, l),
            value: l.value,
        })
        .collect()
}

/// A whole assessment as text lines: `+12.0  label`.
pub fn breakdown(
    view: &dyn View,
    receiver: PowerId,
    sender: PowerId,
    a: &Assessment,
) -> Vec<String> {
    let mut out: Vec<String> = a
        .lines
        .iter()
        .map(|l| format!("{:+7.1}  {}", l.value, line(view, receiver, sender, l)))
        .collect();
    out.push(format!(
        "{:+7.1}  margin; P(accept) = {:.0}%",
        a.margin,
        a.probability * 100.0
    ));
    if let Some(v) = a.vetoed_by {
        out.push(format!("veto by {}", setup_leader(view, v)));
    }
    out
}

fn setup_leader(view: &dyn View, id: super::ids::LeaderId) -> String {
    view.setup().leader(id).name.clone()
}

/// The known word closest to one written wrongly (a typo of at most two
/// letters), for "did you mean": the one helper every message uses.
pub fn did_you_mean<'k>(
    written: &str,
    known: impl IntoIterator<Item = &'k str>,
) -> Option<&'k str> {
    known
        .into_iter()
        .map(|k| (strsim::levenshtein(written, k), k))
        .filter(|(d, _)| *d <= 2)
        .min_by_key(|(d, k)| (*d, *k))
        .map(|(_, k)| k)
}

/// The longest piece of outside text (a name from a file, a bot's words)
/// printed whole; longer text is cut with "…".
pub const LONGEST_SHOWN: usize = 200;

/// Whether a character may reach a terminal as it is: not a control
/// character (which could move the cursor, clear the screen or start a
/// forged log line) and not a bidirectional override (which could make
/// text read differently from what it is).
fn printable(c: char) -> bool {
    !c.is_control()
        && !matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Text from outside (scenario files, saves, bots, the command line) fit to
/// print: control characters escaped (`\n`, `\u{1b}`), and cut to
/// [`LONGEST_SHOWN`] characters.
pub fn terminal_safe(text: &str) -> std::borrow::Cow<'_, str> {
    shown(text, LONGEST_SHOWN)
}

/// Like [`terminal_safe`], for longer text (a log line): cut at `longest`
/// characters.
pub fn shown(text: &str, longest: usize) -> std::borrow::Cow<'_, str> {
    let mut chars = 0;
    if text.chars().all(|c| {
        chars += 1;
        printable(c)
    }) && chars <= longest
    {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len().min(4 * longest));
    for (i, c) in text.chars().enumerate() {
        if i == longest {
            out.push('…');
            break;
        }
        if printable(c) {
            out.push(c);
        } else if c.is_ascii() {
            out.extend(c.escape_default());
        } else {
            out.extend(c.escape_unicode());
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod safe_tests {
    use super::*;

    #[test]
    fn outside_text_cannot_drive_a_terminal() {
        assert_eq!(terminal_safe("Germany"), "Germany");
        assert_eq!(terminal_safe("a\nb\u{1b}[2J"), "a\\nb\\u{1b}[2J");
        assert_eq!(terminal_safe("x\u{202E}y"), "x\\u{202e}y");
        let long = "x".repeat(5000);
        assert_eq!(terminal_safe(&long).chars().count(), LONGEST_SHOWN + 1);
    }
}
