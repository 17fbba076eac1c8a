//! Scenario files: the RON schema modders write, loading with positioned
//! syntax errors, semantic validation that reports every problem at once,
//! and the embedded default scenario (Summer 1939).

pub mod check;
pub mod generate;
pub mod map;
pub mod mods;

pub mod resolve;
pub mod schema;
pub mod spans;
pub mod syntax;
pub mod tree;

use crate::rules::Setup;
use schema::ScenarioFile;
use std::fmt;
use std::path::Path;
use std::sync::Arc;

/// The default scenario, embedded in the binary.
pub const SUMMER_1939: &str = include_str!("../../scenarios/summer1939.ron");
/// The name the embedded scenario is reported under.
pub const SUMMER_1939_NAME: &str = "scenarios/summer1939.ron";
/// The second scenario, embedded too.
pub const POLISH_QUESTION: &str = include_str!("../../scenarios/polish_question.ron");
/// The name it is known by.
pub const POLISH_QUESTION_NAME: &str = "scenarios/polish_question.ron";
/// The scenarios built into the game, as (name, text): they are offered
/// whatever the working directory.
pub const BUILT_IN: [(&str, &str); 2] = [
    (SUMMER_1939_NAME, SUMMER_1939),
    (POLISH_QUESTION_NAME, POLISH_QUESTION),
];

/// The built-in scenario a mod names in `extends` (`summer1939`,
/// `polish_question`: its file's stem), as (name, text).
pub fn built_in(id: &str) -> Option<(&'static str, &'static str)> {
    BUILT_IN
        .into_iter()
        .find(|(name, _)| Path::new(name).file_stem().is_some_and(|s| s == id))
}

/// Largest scenario file accepted, in bytes.
pub const MAX_FILE_BYTES: u64 = 2 * 1024 * 1024;
/// Deepest nesting accepted.
pub const MAX_NESTING: usize = 64;

/// How bad a problem is.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem in a file, with its position.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub line: usize,
    pub col: usize,
    /// Where in the document (`powers[2].ideology`); empty for syntax errors.
    pub path: String,
    pub message: String,
    pub hint: Option<String>,
    /// The file, when it is not the report's own (a mod's base scenario).
    pub file: Option<String>,
}

impl Diagnostic {
    fn error(line: usize, col: usize, message: impl Into<String>, hint: Option<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            line,
            col,
            path: String::new(),
            message: message.into(),
            hint,
            file: None,
        }
    }
}

/// A message fit for one line of a terminal: control characters escaped,
/// and text quoted from the file (between backticks) cut to a readable
/// length, since a hostile file may hold an id of a megabyte.
fn tidy(message: &str) -> String {
    const LONGEST: usize = 60;
    let mut out = String::with_capacity(message.len().min(512));
    let mut quoted = 0usize;
    let mut inside = false;
    for c in message.chars() {
        if c == '`' {
            if inside && quoted > LONGEST {
                out.push('…');
            }
            inside = !inside;
            quoted = 0;
            out.push(c);
            continue;
        }
        if inside {
            quoted += 1;
            if quoted > LONGEST {
                continue;
            }
        }
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// All the problems of one file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    pub file: String,
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    /// Whether any problem is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }

    /// Puts the problems in reading order: the report's own file first,
    /// then by line and column. A problem of meaning found where the text
    /// itself is wrong is dropped: the check met a stand-in there, not what
    /// the modder wrote.
    pub fn sort(&mut self) {
        let own = self.file.clone();
        let key = |d: &Diagnostic| {
            let file = d.file.clone().unwrap_or_else(|| own.clone());
            (file != own, file, d.line, d.col)
        };
        self.diagnostics.sort_by_cached_key(key);
        let at = |d: &Diagnostic| (d.file.clone().unwrap_or_else(|| own.clone()), d.line, d.col);
        let wrong_text: std::collections::HashSet<_> = self
            .diagnostics
            .iter()
            .filter(|d| d.path.is_empty() && d.severity == Severity::Error)
            .map(at)
            .collect();
        self.diagnostics
            .retain(|d| d.path.is_empty() || !wrong_text.contains(&at(d)));
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.diagnostics {
            let word = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            write!(
                f,
                "{}:{}:{}: {word}: {}",
                crate::rules::text::shown(d.file.as_deref().unwrap_or(&self.file), 4096),
                d.line,
                d.col,
                tidy(&d.message)
            )?;
            if let Some(h) = &d.hint {
                write!(f, " ({})", tidy(h))?;
            }
            writeln!(f)?;
        }
        Ok(())
    }
}

impl std::error::Error for Report {}

/// A loaded, valid scenario.
#[derive(Clone, Debug)]
pub struct Loaded {
    pub setup: Arc<Setup>,
    /// Warnings found while loading (no errors: those make loading fail).
    pub warnings: Report,
    /// FNV-1a hash of the file's bytes, for replays.
    pub content_hash: u64,
    /// The whole scenario as RON text (a mod's merged with its base).
    pub text: String,
    /// The files it was read from (none for the embedded scenario), so a
    /// command never writes its output over one of them.
    pub sources: Vec<std::path::PathBuf>,
}

/// The format of scenario and mod files this game reads and writes
/// (`format: 2`). A file without `format` is format 1, which reads the same
/// (format 2 added the field itself); docs/format-changelog.md lists what
/// each format changed.
pub const FORMAT: u32 = 2;

/// Why a file of format `v` cannot be read, with what to do, if it cannot.
pub fn format_problem(v: u32) -> Option<(String, String)> {
    match v {
        1..=FORMAT => None,
        v if v > FORMAT => Some((
            format!("this file is written in format {v}; this game reads formats 1 to {FORMAT}"),
            format!(
                "use a newer game for it, or write it in format {FORMAT}: docs/format-changelog.md says what changed"
            ),
        )),
        v => Some((
            format!("there is no format {v}"),
            format!("write `format: {FORMAT}`"),
        )),
    }
}

/// A file that does not say its format is format 1.
pub(crate) fn format_one() -> u32 {
    1
}

/// FNV-1a, 64-bit: a stable hash for content and states.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// Loads the embedded Summer 1939 scenario.
pub fn summer1939() -> Result<Loaded, Report> {
    load_str(SUMMER_1939_NAME, SUMMER_1939)
}

/// Reads and loads a scenario file, with every problem reported.
pub fn load_path(path: &Path) -> Result<Loaded, Report> {
    if path.is_dir() {
        if mods::mod_file(path).is_some() {
            return mods::load_mod(path);
        }
        return Err(Report {
            file: path.display().to_string(),
            diagnostics: vec![Diagnostic::error(
                1,
                1,
                "this is a directory, not a scenario file or a mod (a mod folder holds a mod.ron or a mod.json)",
                Some("name a .ron file or a mod folder".into()),
            )],
        });
    }
    let text = read_text(path)?;
    let mut loaded = load_str(&path.display().to_string(), &text)?;
    loaded.sources.push(path.to_path_buf());
    Ok(loaded)
}

/// Reads a text file of at most [`MAX_FILE_BYTES`], with clear errors: only
/// a regular file is read, and never more than the limit.
pub fn read_text(path: &Path) -> Result<String, Report> {
    read_text_limited(path, MAX_FILE_BYTES)
}

/// Reads a text file of at most `limit` bytes as a one-problem report.
pub fn read_text_limited(path: &Path, limit: u64) -> Result<String, Report> {
    crate::files::read_text(path, limit).map_err(|e| file_report(path, &e))
}

/// A file that could not be read, as a report.
pub fn file_report(path: &Path, e: &crate::files::FileError) -> Report {
    use crate::files::FileError;
    let (line, col) = match e {
        FileError::NotUtf8 { line, col, .. } => (*line, *col),
        _ => (1, 1),
    };
    let hint = match e {
        FileError::NotUtf8 { .. } => Some("save it as UTF-8".to_string()),
        FileError::Unreadable { .. } => Some("check the path".to_string()),
        _ => None,
    };
    Report {
        file: path.display().to_string(),
        diagnostics: vec![Diagnostic::error(line, col, e.reason(), hint)],
    }
}

/// Parses and validates scenario text; `name` is used in messages.
pub fn load_str(name: &str, text: &str) -> Result<Loaded, Report> {
    let (file, mut diagnostics) = parse_lenient(name, text)?;
    let (setup, found) = resolve::resolve(&file, text);
    diagnostics.extend(found);
    let mut report = Report {
        file: name.to_string(),
        diagnostics,
    };
    report.sort();
    match setup {
        Some(setup) if !report.has_errors() => Ok(Loaded {
            setup: Arc::new(setup),
            warnings: report,
            content_hash: fnv1a(text.as_bytes()),
            text: text.to_string(),
            sources: Vec::new(),
        }),
        _ => Err(report),
    }
}

/// Parses scenario text into the file schema (syntax only).
pub fn parse(name: &str, text: &str) -> Result<ScenarioFile, Report> {
    match parse_lenient(name, text)? {
        (file, stray) if stray.is_empty() => Ok(file),
        (_, stray) => Err(Report {
            file: name.into(),
            diagnostics: stray,
        }),
    }
}

/// Parses scenario text, setting aside stray fields (unknown or given
/// twice) so the rest can still be checked: the file, and the errors for
/// the fields set aside.
fn parse_lenient(name: &str, text: &str) -> Result<(ScenarioFile, Vec<Diagnostic>), Report> {
    if text.len() as u64 > MAX_FILE_BYTES {
        return Err(Report {
            file: name.into(),
            diagnostics: vec![Diagnostic::error(
                1,
                1,
                format!("the text is larger than {MAX_FILE_BYTES} bytes"),
                None,
            )],
        });
    }
    if text.trim().is_empty() {
        return Err(Report {
            file: name.into(),
            diagnostics: vec![Diagnostic::error(
                1,
                1,
                "the file is empty",
                Some(
                    "a scenario starts with `Scenario(` or `(`; see scenarios/summer1939.ron"
                        .into(),
                ),
            )],
        });
    }
    if let Some((line, col)) = too_deep(text) {
        return Err(Report {
            file: name.into(),
            diagnostics: vec![Diagnostic::error(
                line,
                col,
                format!("nesting deeper than {MAX_NESTING} levels"),
                None,
            )],
        });
    }
    match syntax::parse_recovering::<ScenarioFile>(MAX_NESTING + 8, text) {
        (Some(file), stray) => Ok((file, stray)),
        (None, diagnostics) => Err(Report {
            file: name.into(),
            diagnostics,
        }),
    }
}

/// The position of the first bracket nested deeper than allowed (outside
/// strings and comments), found without recursion.
fn too_deep(text: &str) -> Option<(usize, usize)> {
    let mut depth = 0usize;
    let (mut line, mut col) = (1usize, 1usize);
    let mut chars = text.chars().peekable();
    let mut in_string = false;
    while let Some(c) = chars.next() {
        let here = (line, col);
        if c == '\n' {
            line += 1;
            col = 1;
        } else {
            col += 1;
        }
        if in_string {
            if c == '\\' {
                if let Some(n) = chars.next() {
                    if n == '\n' {
                        line += 1;
                        col = 1;
                    } else {
                        col += 1;
                    }
                }
            } else if c == '"' {
                in_string = false;
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '/' if chars.peek() == Some(&'/') => {
                for n in chars.by_ref() {
                    if n == '\n' {
                        line += 1;
                        col = 1;
                        break;
                    }
                }
            }
            '(' | '[' | '{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some(here);
                }
            }
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_scenario_is_valid() {
        let loaded = summer1939().unwrap_or_else(|r| panic!("{r}"));
        assert_eq!(loaded.setup.id, "summer1939");
        assert!(!loaded.warnings.has_errors());
    }

    #[test]
    fn messages_stay_on_one_readable_line() {
        assert_eq!(tidy("unknown power `usrr`"), "unknown power `usrr`");
        let long = format!("`{}` is not a valid id", "x".repeat(5000));
        let shown = tidy(&long);
        assert!(shown.len() < 100, "{shown}");
        assert!(shown.starts_with("`xxx") && shown.ends_with("…` is not a valid id"));
        assert_eq!(tidy("`a\u{0}b\nc`"), "`a\\u{0}b\\nc`");
    }

    #[test]
    fn empty_and_deep_files_get_clear_errors() {
        let r = load_str("x.ron", "").unwrap_err();
        assert!(
            r.to_string()
                .starts_with("x.ron:1:1: error: the file is empty")
        );
        let deep = "[".repeat(200_000);
        let r = load_str("deep.ron", &deep).unwrap_err();
        assert!(r.to_string().contains("nesting deeper"), "{r}");
    }

    #[test]
    fn history_beats_and_grades_are_checked() {
        let text = SUMMER_1939
            .replacen("tolerance_days: 10,", "tolerance_days: 100000,", 1)
            .replacen("(share: 0.5,", "(share: 2.5,", 1)
            .replacen(
                "to: Some(\"britain\"), either_way",
                "to: Some(\"brtain\"), either_way",
                1,
            );
        let r = load_str("bad.ron", &text).unwrap_err().to_string();
        assert!(r.contains("tolerance_days is 100000, more than 366"), "{r}");
        assert!(r.contains("share is 2.5, outside 0 to 1"), "{r}");
        assert!(
            r.contains("unknown power `brtain` (did you mean `britain`?)"),
            "{r}"
        );
    }
}
