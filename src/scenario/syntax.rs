//! RON syntax errors in a modder's words: the parser's messages name Rust
//! types (`PowerFile`) and Rust syntax (raw identifiers); these name the
//! parts of the scenario format instead, with a hint where one helps.

use super::Diagnostic;
use ron::error::{Error, SpannedError};
use serde::de::DeserializeOwned;

/// The scenario-format words for the types the files are read into.
const NOUNS: &[(&str, &str)] = &[
    ("Scenario", "the scenario"),
    ("Replay", "the replay"),
    ("SaveGame", "the save"),
    ("Mod", "the mod"),
    ("Map", "the map"),
    ("RegionFile", "a map region"),
    ("CalendarFile", "the calendar"),
    ("IdeologyFile", "an ideology"),
    ("AffinityFile", "an affinity"),
    ("CommonGroundFile", "a common ground"),
    ("PowerFile", "a power"),
    ("LeaderFile", "a leader"),
    ("RedLineFile", "a red line"),
    ("MatterFile", "a red line's matter"),
    ("BlocFile", "a bloc"),
    ("StateFile", "a state"),
    ("TreatyFile", "a treaty"),
    ("ClauseOf", "a clause"),
    ("RelationFile", "a relation"),
    ("SentimentFile", "a sentiment"),
    ("TrustFile", "a trust entry"),
    ("ModelWeights", "the model"),
    ("MemoryTable", "the model's memory table"),
    ("MemoryRule", "a memory rule"),
    ("ProfileFile", "a profile"),
    ("ObjectiveFile", "an objective"),
    ("OutcomeFile", "an outcome"),
    ("ConditionFile", "a condition"),
    ("EventFile", "an event"),
    ("EffectFile", "an event's effect"),
    ("TimelineFile", "a timeline entry"),
    ("PlanFile", "a plan"),
    ("PlanKindFile", "a plan step"),
    ("ConsequenceFile", "a consequence"),
    ("Goods", "the goods of a trade clause"),
    ("Role", "a leader's role"),
    ("ProfileKind", "a profile's kind"),
    ("Relation", "a relation"),
];

/// How the format calls a type the parser names.
pub(super) fn noun(rust: &str) -> String {
    NOUNS
        .iter()
        .find(|(name, _)| *name == rust)
        .map_or_else(|| format!("`{rust}`"), |(_, noun)| (*noun).to_string())
}

fn outer(o: &Option<String>) -> String {
    o.as_deref()
        .map_or_else(String::new, |o| format!(" in {}", noun(o)))
}

/// "did you mean `b`?" when a known name is close to the one written, else
/// "expected one of `a`, `b` or `c`".
pub(super) fn choices(found: &str, expected: &[&str]) -> Option<String> {
    let close = crate::rules::text::did_you_mean(found, expected.iter().copied());
    let list = match expected {
        [] => return None,
        [one] => format!("`{one}`"),
        [a, b] => format!("`{a}` or `{b}`"),
        [init @ .., last] => format!(
            "one of {} or `{last}`",
            init.iter()
                .map(|e| format!("`{e}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    Some(match close {
        Some(c) => format!("did you mean `{c}`?"),
        None => format!("expected {list}"),
    })
}

/// The message and hint for one parser error.
pub fn describe(code: &Error) -> (String, Option<String>) {
    let plain = |m: &str| (m.to_string(), None);
    let hinted = |m: &str, h: &str| (m.to_string(), Some(h.to_string()));
    match code {
        Error::Eof => hinted("unexpected end of file", "is a bracket or quote left open?"),
        Error::ExpectedString | Error::ExpectedStringEnd => hinted(
            "expected text in double quotes",
            "ids, names and dates are written in quotes, e.g. \"ussr\"",
        ),
        Error::ExpectedFloat => hinted("expected a number", "write numbers like 1.0 or -2.5"),
        Error::ExpectedInteger => hinted("expected a whole number", "e.g. 7"),
        Error::IntegerOutOfBounds => plain("this number is too large"),
        Error::ExpectedBoolean => plain("expected `true` or `false`"),
        Error::ExpectedComma => hinted(
            "expected a comma",
            "items of a list and fields of a record are separated by commas",
        ),
        Error::ExpectedIdentifier => hinted(
            "expected a field or variant name",
            "fields are written `name: value`",
        ),
        Error::ExpectedMapColon => plain("expected a colon after the field name"),
        Error::ExpectedOption | Error::ExpectedOptionEnd => plain("expected `Some(...)` or `None`"),
        Error::ExpectedArray => plain("expected a list in square brackets `[ ... ]`"),
        Error::ExpectedArrayEnd => hinted(
            "expected `]` to close the list",
            "is a comma missing between items?",
        ),
        Error::ExpectedStructLike => plain("expected a record in parentheses `( ... )`"),
        Error::ExpectedNamedStructLike(name) => (
            format!("expected {} written in parentheses `( ... )`", noun(name)),
            None,
        ),
        Error::ExpectedStructLikeEnd => hinted(
            "expected `)` to close the record",
            "is a comma missing between fields?",
        ),
        Error::ExpectedDifferentStructName { expected, found } => (
            format!("expected {} but found `{found}`", noun(expected)),
            Some("is a bracket or a field name missing before it?".into()),
        ),
        Error::ExpectedStructName(name) => (
            format!("expected {}, written `{name}( ... )`", noun(name)),
            None,
        ),
        Error::InvalidIdentifier(id) | Error::SuggestRawIdentifier(id) => (
            format!("`{id}` is not a valid name"),
            Some(
                "field and variant names are letters, digits and `_`, starting with a letter"
                    .into(),
            ),
        ),
        Error::UnexpectedChar(c) => (format!("unexpected character `{c}`"), None),
        Error::TrailingCharacters => hinted(
            "unexpected text after the end of the file's outer record",
            "is there an extra closing bracket?",
        ),
        Error::UnclosedBlockComment => plain("a `/*` comment is never closed"),
        Error::UnclosedLineComment => plain("a `//` comment is never closed"),
        Error::ExceededRecursionLimit => hinted(
            "nested too deeply",
            "brackets may nest a few dozen levels; simplify the structure here",
        ),
        Error::NoSuchStructField {
            expected,
            found,
            outer: o,
        } => (
            format!("unknown field `{found}`{}", outer(o)),
            choices(found, expected),
        ),
        Error::NoSuchEnumVariant {
            expected,
            found,
            outer: o,
        } => (
            format!("unknown kind `{found}`{}", outer(o)),
            choices(found, expected),
        ),
        Error::MissingStructField { field, outer: o } => (
            format!("missing field `{field}`{}", outer(o)),
            Some(format!(
                "add `{field}: ...`; docs/modding.md lists every field"
            )),
        ),
        Error::DuplicateStructField { field, outer: o } => (
            format!("the field `{field}` is given twice{}", outer(o)),
            None,
        ),
        Error::ExpectedDifferentLength { expected, found } => (
            format!("expected {expected}, found {found} element(s)"),
            None,
        ),
        Error::InvalidValueForType { expected, found } => {
            (format!("expected {expected}, found {found}"), None)
        }
        Error::Utf8Error(_) => plain("the file is not valid UTF-8 text"),
        other => {
            let text = other.to_string();
            let text = text.trim_end_matches('.');
            let mut chars = text.chars();
            let lower = chars
                .next()
                .map(|c| c.to_lowercase().chain(chars).collect::<String>())
                .unwrap_or_default();
            (lower, None)
        }
    }
}

/// The message and hint for one parser error as one line of text.
pub fn message(code: &Error) -> String {
    match describe(code) {
        (message, Some(hint)) => format!("{message} ({hint})"),
        (message, None) => message,
    }
}

impl Diagnostic {
    /// A syntax error at the parser's position.
    pub fn syntax(e: &SpannedError) -> Self {
        let (message, hint) = describe(&e.code);
        Diagnostic::error(
            e.span.start.line.max(1),
            e.span.start.col.max(1),
            message,
            hint,
        )
    }
}

/// Parses `text` as a `T` and reports every mistake in one run: a file
/// with a mistake is read into a tree (only a broken bracket, string or
/// comment stops that), then checked against `T` ([`super::check`]).
/// Returns the value, with neutral stand-ins where something was wrong,
/// unless the structure broke, and every mistake found.
pub fn parse_recovering<T: DeserializeOwned>(
    max_depth: usize,
    text: &str,
) -> (Option<T>, Vec<Diagnostic>) {
    // A file in JSON is read by the checker alone.
    let first = if super::tree::is_json(text) {
        None
    } else {
        // A good RON file is read the quick way.
        let options = ron::Options::default().with_recursion_limit(max_depth);
        match options.from_str::<T>(text) {
            Ok(value) => return (Some(value), Vec::new()),
            Err(e) => Some(e),
        }
    };
    match super::tree::parse(text, max_depth) {
        Ok(doc) => match (super::check::check::<T>(&doc), first) {
            // Never read a RON file the parser refuses as good.
            ((_, found), Some(first)) if found.is_empty() => {
                (None, vec![Diagnostic::syntax(&first)])
            }
            (checked, _) => checked,
        },
        Err(broken) => (None, broken),
    }
}

#[cfg(test)]
mod tests {
    use super::super::schema::ScenarioFile;
    use super::*;

    fn first(text: &str) -> Diagnostic {
        match ron::Options::default().from_str::<ScenarioFile>(text) {
            Ok(_) => panic!("parsed"),
            Err(e) => Diagnostic::syntax(&e),
        }
    }

    #[test]
    fn messages_name_the_format_not_the_rust_types() {
        let d = first("Scenario(id: \"x\", titel: \"y\")");
        assert_eq!(d.message, "unknown field `titel` in the scenario");
        let hint = d.hint.unwrap_or_default();
        assert!(hint.starts_with("did you mean `title`?"), "{hint}");
        let d = first("Scenario(id: \"x\", powers: [(id: \"a\", strenght: 1.0)])");
        assert_eq!(d.message, "unknown field `strenght` in a power");
        assert_eq!((d.line, d.col), (1, 38));
        let d = first("Scenario(id: 7)");
        assert_eq!(d.message, "expected text in double quotes");
        for text in [
            "Scenario(id: \"x\") )",
            "Scenario(id: \"x\", powers: [(id: \"a\", r#x: 1.0)])",
            "Scenario(id: \"x\"",
        ] {
            let d = first(text);
            for rust in ["File`", "raw identifier", "RON", "std"] {
                assert!(!d.message.contains(rust), "{text}: {}", d.message);
            }
        }
    }

    #[test]
    fn stray_fields_are_set_aside_and_every_one_reported() {
        let text = "Scenario(\n  id: \"x\",\n  titel: \"a, (b)\",\n  ideologies: [(id: \"p\", name: \"P\", colur: [1, (2)]), (id: \"q\", name: \"Q\", id: \"r\")],\n  title: \"t\",\n)";
        let (file, found) = parse_recovering::<ScenarioFile>(64, text);
        let at: Vec<(usize, usize)> = found.iter().map(|d| (d.line, d.col)).collect();
        // The four fields the scenario lacks, and the three stray ones.
        assert_eq!(
            at,
            [(1, 1), (1, 1), (1, 1), (1, 1), (3, 3), (4, 37), (4, 76)],
            "{found:?}"
        );
        assert!(
            file.is_some(),
            "read on, with stand-ins for what is missing"
        );
        let tiny = include_str!("../../scenarios/tiny.ron").replace(
            "title: \"Tiny\",",
            "title: \"Tiny\", titel: [\"x\"], title: \"Twice\",",
        );
        let (file, found) = parse_recovering::<ScenarioFile>(64, &tiny);
        assert_eq!(found.len(), 2, "{found:?}");
        let file = file.expect("parses with the stray fields set aside");
        assert_eq!(file.title, "Tiny");
    }
}
