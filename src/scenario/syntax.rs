//! RON syntax errors in a modder's words: the parser's messages name Rust
//! types (`PowerFile`) and Rust syntax (raw identifiers); these name the
//! parts of the scenario format instead, with a hint where one helps.

use super::Diagnostic;
use ron::error::{Error, Position, SpannedError};
use serde::de::DeserializeOwned;

/// At most this many syntax errors are reported from one file.
const MAX_RECOVERIES: usize = 32;
/// Recovery re-parses the file; above this size it is not attempted.
const MAX_RECOVERY_BYTES: usize = 256 * 1024;

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
fn noun(rust: &str) -> String {
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
fn choices(found: &str, expected: &[&str]) -> Option<String> {
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

/// Parses `text`, and where a mistake is a stray field (unknown or given
/// twice) blanks that field out and parses again, so one run reports every
/// such mistake and the meaning of the rest can still be checked. Returns
/// the value when the file parses once its stray fields are set aside, and
/// every syntax error met on the way.
pub fn parse_recovering<T: DeserializeOwned>(
    options: &ron::Options,
    text: &str,
) -> (Option<T>, Vec<Diagnostic>) {
    let mut found = Vec::new();
    let mut patched: Option<String> = None;
    loop {
        let current = patched.as_deref().unwrap_or(text);
        let e = match options.from_str::<T>(current) {
            Ok(value) => return (Some(value), found),
            Err(e) => e,
        };
        found.push(Diagnostic::syntax(&e));
        let stray = matches!(
            e.code,
            Error::NoSuchStructField { .. } | Error::DuplicateStructField { .. }
        );
        if !stray || text.len() > MAX_RECOVERY_BYTES {
            return (None, found);
        }
        if found.len() >= MAX_RECOVERIES {
            let mut last = Diagnostic::syntax(&e);
            last.message = format!("{MAX_RECOVERIES} mistakes found; the check stops here");
            last.hint = Some("fix these and run `spheres validate` again".into());
            found.push(last);
            return (None, found);
        }
        match blank_field(current, e.span.start) {
            Some(next) => patched = Some(next),
            None => return (None, found),
        }
    }
}

/// The text with the field `name: value,` that starts at `at` replaced by
/// spaces (line breaks kept, so every other position stays where it was).
fn blank_field(text: &str, at: Position) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut start = None;
    let (mut line, mut col) = (1, 1);
    for (i, c) in chars.iter().enumerate() {
        if (line, col) == (at.line, at.col) {
            start = Some(i);
            break;
        }
        if *c == '\n' {
            line += 1;
            col = 1;
        } else {
            col += 1;
        }
    }
    let start = start?;
    let mut i = start;
    let name = |c: char| c.is_alphanumeric() || c == '_' || c == '#';
    while i < chars.len() && name(chars[i]) {
        i += 1;
    }
    if i == start {
        return None;
    }
    while i < chars.len() && chars[i].is_whitespace() {
        i += 1;
    }
    if chars.get(i) != Some(&':') {
        return None;
    }
    i += 1;
    // The value runs to the next comma or closing bracket at its own depth.
    let mut depth = 0usize;
    let mut in_string = false;
    let end = loop {
        let c = *chars.get(i)?;
        if in_string {
            match c {
                '\\' => i += 1,
                '"' => in_string = false,
                _ => {}
            }
        } else {
            match c {
                '"' => in_string = true,
                '/' if chars.get(i + 1) == Some(&'/') => {
                    while i < chars.len() && chars[i] != '\n' {
                        i += 1;
                    }
                    continue;
                }
                '(' | '[' | '{' => depth += 1,
                ')' | ']' | '}' if depth == 0 => break i,
                ')' | ']' | '}' => depth -= 1,
                ',' if depth == 0 => break i + 1,
                _ => {}
            }
        }
        i += 1;
    };
    Some(
        chars
            .iter()
            .enumerate()
            .map(|(k, c)| {
                if (start..end).contains(&k) && *c != '\n' {
                    ' '
                } else {
                    *c
                }
            })
            .collect(),
    )
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
        let (file, found) = parse_recovering::<ScenarioFile>(&ron::Options::default(), text);
        let at: Vec<(usize, usize)> = found.iter().map(|d| (d.line, d.col)).collect();
        assert_eq!(at, [(3, 3), (4, 37), (4, 76), (6, 1)], "{found:?}");
        assert!(file.is_none(), "the calendar is missing: no value");
        let tiny = include_str!("../../scenarios/tiny.ron").replace(
            "title: \"Tiny\",",
            "title: \"Tiny\", titel: [\"x\"], title: \"Twice\",",
        );
        let (file, found) = parse_recovering::<ScenarioFile>(&ron::Options::default(), &tiny);
        assert_eq!(found.len(), 2, "{found:?}");
        let file = file.expect("parses once the stray fields are blanked");
        assert_eq!(file.title, "Tiny");
        // A broken value is not recovered from: one error, no value.
        let (file, found) =
            parse_recovering::<ScenarioFile>(&ron::Options::default(), "Scenario(id: 7, titel: 1)");
        assert!(file.is_none());
        assert_eq!(found.len(), 1);
    }
}
