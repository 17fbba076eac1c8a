//! A RON document as an untyped tree with the position of every value, read
//! without knowing the format's types. Only a broken bracket, string or
//! comment stops it (the error says where the structure broke and what was
//! open); a missing comma, colon or value is noted and reading goes on, so
//! [`super::check`] can then report every other mistake in the same run.

use super::Diagnostic;
use super::spans::Position;

/// One value of the document.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// Where it starts (a named value: its name).
    pub pos: Position,
    /// Numbered in reading order, unique in the document.
    pub id: usize,
    pub kind: Kind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    Str(String),
    Char(char),
    /// A number as written (`7`, `-2.5`, `0x1F`, `inf`).
    Num(String),
    Bool(bool),
    /// A bare name: a unit variant, `None`, a unit struct.
    Ident(String),
    /// `Name( ... )`: a named record, tuple or variant, `Some(x)`.
    Call(String, Group),
    /// `( ... )`: a record or tuple without a name.
    Group(Group),
    List(Vec<Node>),
    Map(Vec<(Node, Node)>),
    /// A value that is missing or unreadable; its error is already noted.
    Broken,
}

/// What is inside `( ... )`.
#[derive(Clone, Debug, PartialEq)]
pub enum Group {
    Fields(Vec<Field>),
    Items(Vec<Node>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    pub name: String,
    pub pos: Position,
    pub value: Node,
}

/// The RON extensions a document enables (`#![enable(implicit_some)]`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Extensions {
    pub implicit_some: bool,
    pub unwrap_newtypes: bool,
    pub unwrap_variant_newtypes: bool,
    /// JSON: records are objects, variants `"name"` or `{"Name": …}`,
    /// tuples arrays.
    pub json: bool,
}

/// A document read into a tree.
#[derive(Clone, Debug)]
pub struct Doc {
    pub root: Node,
    pub extensions: Extensions,
    /// The mistakes noted on the way (none of them broke the structure).
    pub noted: Vec<Diagnostic>,
}

/// Whether `text` is a JSON document (it opens with `{`).
pub fn is_json(text: &str) -> bool {
    let mut rest = text.trim_start();
    // Comments may come first (JSON has none, but the reader takes them).
    while let Some(after) = rest.strip_prefix("//") {
        rest = after.split_once('\n').map_or("", |(_, r)| r).trim_start();
    }
    rest.starts_with('{')
}

/// Reads `text`, or says where its structure broke.
pub fn parse(text: &str, max_depth: usize) -> Result<Doc, Vec<Diagnostic>> {
    let mut noted = Vec::new();
    let (tokens, extensions) = tokenize(text, &mut noted).map_err(|d| vec![d])?;
    // A document that opens with `{` is JSON (a scenario or mod written
    // in JSON, as the schema of `spheres schema` describes it).
    let json = matches!(tokens.first(), Some((Tok::Open('{'), _)));
    let mut extensions = extensions;
    if json {
        extensions.implicit_some = true;
        extensions.unwrap_newtypes = true;
        extensions.json = true;
    }
    let mut p = Parser {
        tokens: &tokens,
        at: 0,
        next_id: 0,
        open: Vec::new(),
        noted,
        max_depth,
        json,
    };
    let root = match p.tokens.first() {
        None => {
            return Err(vec![error(
                Position { line: 1, col: 1 },
                "the file is empty",
                None,
            )]);
        }
        Some(_) => p.value().map_err(|d| vec![d])?,
    };
    if let Some((tok, pos)) = p.tokens.get(p.at) {
        let extra = match tok {
            Tok::Close(c) => format!("`{c}` closes nothing: every bracket before it is closed"),
            other => format!("{} after the end of the document", other.shown()),
        };
        return Err(vec![error(
            *pos,
            extra,
            Some("is a bracket closed too early, or one too many?".into()),
        )]);
    }
    Ok(Doc {
        root,
        extensions,
        noted: p.noted,
    })
}

fn error(pos: Position, message: impl Into<String>, hint: Option<String>) -> Diagnostic {
    Diagnostic::error(pos.line, pos.col, message, hint)
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Open(char),
    Close(char),
    Colon,
    Comma,
    Str(String),
    Char(char),
    Num(String),
    Ident(String),
}

impl Tok {
    /// The token as a message shows it.
    fn shown(&self) -> String {
        match self {
            Tok::Open(c) | Tok::Close(c) => format!("`{c}`"),
            Tok::Colon => "`:`".into(),
            Tok::Comma => "`,`".into(),
            Tok::Str(s) => format!("the text `\"{s}\"`"),
            Tok::Char(c) => format!("the character `'{c}'`"),
            Tok::Num(n) => format!("the number `{n}`"),
            Tok::Ident(n) => format!("`{n}`"),
        }
    }
}

fn closing(open: char) -> char {
    match open {
        '(' => ')',
        '[' => ']',
        _ => '}',
    }
}

/// A cursor over the text's characters that keeps the line and column.
struct Cursor {
    chars: Vec<char>,
    i: usize,
    pos: Position,
}

impl Cursor {
    fn peek(&self, k: usize) -> Option<char> {
        self.chars.get(self.i + k).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek(0)?;
        self.i += 1;
        if c == '\n' {
            self.pos.line += 1;
            self.pos.col = 1;
        } else {
            self.pos.col += 1;
        }
        Some(c)
    }

    fn eat_while(&mut self, mut keep: impl FnMut(char) -> bool) -> String {
        let mut s = String::new();
        while let Some(c) = self.peek(0).filter(|c| keep(*c)) {
            s.push(c);
            self.bump();
        }
        s
    }
}

fn word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn tokenize(
    text: &str,
    noted: &mut Vec<Diagnostic>,
) -> Result<(Vec<(Tok, Position)>, Extensions), Diagnostic> {
    let mut cur = Cursor {
        chars: text.chars().collect(),
        i: 0,
        pos: Position { line: 1, col: 1 },
    };
    let mut out = Vec::new();
    let mut extensions = Extensions::default();
    while let Some(c) = cur.peek(0) {
        let pos = cur.pos;
        if c.is_whitespace() {
            cur.bump();
        } else if c == '/' && cur.peek(1) == Some('/') {
            cur.eat_while(|c| c != '\n');
        } else if c == '/' && cur.peek(1) == Some('*') {
            block_comment(&mut cur)?;
        } else if c == '#' && out.is_empty() {
            attribute(&mut cur, &mut extensions, noted)?;
        } else if c == '"' || (c == 'r' && matches!(cur.peek(1), Some('"'))) {
            out.push((Tok::Str(string(&mut cur, noted)?), pos));
        } else if c == 'r' && cur.peek(1) == Some('#') {
            let hashes = (1..).take_while(|k| cur.peek(*k) == Some('#')).count();
            if cur.peek(hashes + 1) == Some('"') {
                out.push((Tok::Str(string(&mut cur, noted)?), pos));
            } else {
                // A raw name, `r#type`.
                cur.bump();
                cur.bump();
                out.push((Tok::Ident(cur.eat_while(word_char)), pos));
            }
        } else if c == '\'' {
            out.push((Tok::Char(character(&mut cur, noted)?), pos));
        } else if "([{".contains(c) {
            cur.bump();
            out.push((Tok::Open(c), pos));
        } else if ")]}".contains(c) {
            cur.bump();
            out.push((Tok::Close(c), pos));
        } else if c == ':' {
            cur.bump();
            out.push((Tok::Colon, pos));
        } else if c == ',' {
            cur.bump();
            out.push((Tok::Comma, pos));
        } else if c.is_ascii_digit()
            || (matches!(c, '-' | '+' | '.')
                && cur
                    .peek(1)
                    .is_some_and(|n| n.is_ascii_digit() || n == 'i' || n == '.'))
        {
            out.push((Tok::Num(number(&mut cur)), pos));
        } else if word_char(c) {
            let word = cur.eat_while(word_char);
            out.push((
                if matches!(word.as_str(), "inf" | "NaN") {
                    Tok::Num(word)
                } else {
                    Tok::Ident(word)
                },
                pos,
            ));
        } else {
            cur.bump();
            noted.push(error(
                pos,
                format!("`{c}` has no meaning here"),
                Some("values are text in quotes, numbers, names, or brackets".into()),
            ));
        }
    }
    Ok((out, extensions))
}

fn block_comment(cur: &mut Cursor) -> Result<(), Diagnostic> {
    let start = cur.pos;
    let mut depth = 0usize;
    loop {
        match (cur.peek(0), cur.peek(1)) {
            (Some('/'), Some('*')) => {
                depth += 1;
                cur.bump();
                cur.bump();
            }
            (Some('*'), Some('/')) => {
                depth -= 1;
                cur.bump();
                cur.bump();
                if depth == 0 {
                    return Ok(());
                }
            }
            (Some(_), _) => {
                cur.bump();
            }
            (None, _) => {
                return Err(error(
                    start,
                    "the comment opened here with `/*` never closes",
                    Some("close it with `*/`".into()),
                ));
            }
        }
    }
}

/// `#![enable(implicit_some, ...)]` before the document.
fn attribute(
    cur: &mut Cursor,
    extensions: &mut Extensions,
    noted: &mut Vec<Diagnostic>,
) -> Result<(), Diagnostic> {
    let start = cur.pos;
    let body = {
        let mut s = String::new();
        loop {
            match cur.bump() {
                Some(']') => break s,
                Some(c) => s.push(c),
                None => {
                    return Err(error(
                        start,
                        "the attribute opened here never closes with `]`",
                        Some("write `#![enable(implicit_some)]`".into()),
                    ));
                }
            }
        }
    };
    let inner = body
        .strip_prefix("#![")
        .and_then(|b| b.trim().strip_prefix("enable"))
        .map(|b| b.trim().trim_start_matches('(').trim_end_matches(')'));
    let Some(inner) = inner else {
        noted.push(error(
            start,
            "an attribute here can only be `#![enable( ... )]`",
            None,
        ));
        return Ok(());
    };
    for name in inner.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        match name {
            "implicit_some" => extensions.implicit_some = true,
            "unwrap_newtypes" => extensions.unwrap_newtypes = true,
            "unwrap_variant_newtypes" => extensions.unwrap_variant_newtypes = true,
            other => noted.push(error(
                start,
                format!("unknown extension `{other}`"),
                Some(
                    "this game reads `implicit_some`, `unwrap_newtypes` and `unwrap_variant_newtypes`"
                        .into(),
                ),
            )),
        }
    }
    Ok(())
}

/// A string in double quotes (with escapes) or a raw string `r#"…"#`.
fn string(cur: &mut Cursor, noted: &mut Vec<Diagnostic>) -> Result<String, Diagnostic> {
    let start = cur.pos;
    let unclosed = || {
        error(
            start,
            "the text in quotes that starts here never closes",
            Some("add the closing `\"`; a `\"` inside text is written `\\\"`".into()),
        )
    };
    if cur.peek(0) == Some('r') {
        cur.bump();
        let hashes = cur.eat_while(|c| c == '#').len();
        cur.bump();
        let mut s = String::new();
        loop {
            match cur.bump() {
                None => return Err(unclosed()),
                Some('"') if (0..hashes).all(|k| cur.peek(k) == Some('#')) => {
                    for _ in 0..hashes {
                        cur.bump();
                    }
                    return Ok(s);
                }
                Some(c) => s.push(c),
            }
        }
    }
    cur.bump();
    let mut s = String::new();
    loop {
        let here = cur.pos;
        match cur.bump() {
            None => return Err(unclosed()),
            Some('"') => return Ok(s),
            Some('\\') => match escape(cur) {
                Some(c) => s.extend(c),
                None => noted.push(error(
                    here,
                    "unknown escape in text",
                    Some("the escapes are \\n, \\t, \\\\, \\\" and \\u{…}".into()),
                )),
            },
            Some(c) => s.push(c),
        }
    }
}

/// The character an escape stands for (`None` inside: a line continuation).
fn escape(cur: &mut Cursor) -> Option<Option<char>> {
    Some(Some(match cur.bump()? {
        'n' => '\n',
        't' => '\t',
        'r' => '\r',
        '0' => '\0',
        '\\' => '\\',
        '"' => '"',
        '\'' => '\'',
        '\n' => {
            cur.eat_while(char::is_whitespace);
            return Some(None);
        }
        'x' => {
            let hex: String = (0..2).filter_map(|_| cur.bump()).collect();
            char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?
        }
        'u' if cur.peek(0) == Some('{') => {
            cur.bump();
            let hex = cur.eat_while(|c| c.is_ascii_hexdigit());
            if cur.bump() != Some('}') {
                return None;
            }
            char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?
        }
        _ => return None,
    }))
}

fn character(cur: &mut Cursor, noted: &mut Vec<Diagnostic>) -> Result<char, Diagnostic> {
    let start = cur.pos;
    cur.bump();
    let c = match cur.bump() {
        Some('\\') => escape(cur).flatten().unwrap_or('?'),
        Some(c) => c,
        None => '?',
    };
    if cur.peek(0) == Some('\'') {
        cur.bump();
    } else {
        noted.push(error(
            start,
            "a character is written in single quotes, `'x'`",
            Some("text is written in double quotes".into()),
        ));
        cur.eat_while(|c| c != '\'' && c != '\n');
        cur.bump();
    }
    Ok(c)
}

fn number(cur: &mut Cursor) -> String {
    let mut s = String::new();
    let mut prev = ' ';
    while let Some(c) = cur.peek(0) {
        let hex = s.starts_with("0x") || s.starts_with("-0x") || s.starts_with("+0x");
        let sign_after_exponent = matches!(c, '+' | '-') && matches!(prev, 'e' | 'E') && !hex;
        if !(word_char(c) || c == '.' || sign_after_exponent || (s.is_empty() && "+-".contains(c)))
        {
            break;
        }
        s.push(c);
        prev = c;
        cur.bump();
    }
    s
}

struct Parser<'t> {
    tokens: &'t [(Tok, Position)],
    at: usize,
    next_id: usize,
    /// The brackets open around the reading point.
    open: Vec<(char, Position)>,
    noted: Vec<Diagnostic>,
    max_depth: usize,
    /// A JSON document: objects are records, `null` is `None`.
    json: bool,
}

impl Parser<'_> {
    fn peek(&self, k: usize) -> Option<&Tok> {
        self.tokens.get(self.at + k).map(|(t, _)| t)
    }

    fn here(&self) -> Position {
        self.tokens
            .get(self.at)
            .or(self.tokens.last())
            .map_or(Position { line: 1, col: 1 }, |(_, p)| *p)
    }

    fn node(&mut self, pos: Position, kind: Kind) -> Node {
        self.next_id += 1;
        Node {
            pos,
            id: self.next_id,
            kind,
        }
    }

    /// The file ended with brackets still open.
    fn ended(&self) -> Diagnostic {
        match self.open.last() {
            Some((c, pos)) => error(
                *pos,
                format!(
                    "the file ends before this `{c}` is closed (with `{}`)",
                    closing(*c)
                ),
                Some("a closing bracket or a quote is missing after it".into()),
            ),
            None => error(self.here(), "unexpected end of file", None),
        }
    }

    fn value(&mut self) -> Result<Node, Diagnostic> {
        let Some((tok, pos)) = self.tokens.get(self.at).cloned() else {
            return Err(self.ended());
        };
        let kind = match tok {
            Tok::Str(s) => {
                self.at += 1;
                Kind::Str(s)
            }
            Tok::Char(c) => {
                self.at += 1;
                Kind::Char(c)
            }
            Tok::Num(n) => {
                self.at += 1;
                Kind::Num(n)
            }
            Tok::Ident(name) if self.json && name == "null" => {
                self.at += 1;
                Kind::Ident("None".into())
            }
            Tok::Ident(name) => {
                self.at += 1;
                if self.peek(0) == Some(&Tok::Open('(')) {
                    let group = self.group()?;
                    Kind::Call(name, group)
                } else {
                    match name.as_str() {
                        "true" => Kind::Bool(true),
                        "false" => Kind::Bool(false),
                        _ => Kind::Ident(name),
                    }
                }
            }
            Tok::Open('(') => Kind::Group(self.group()?),
            Tok::Open('[') => {
                let mut items = Vec::new();
                self.items('[', |p| {
                    items.push(p.value()?);
                    Ok(())
                })?;
                Kind::List(items)
            }
            Tok::Open(_) if self.json => {
                // A JSON object is a record: its keys are field names.
                let mut fields = Vec::new();
                self.items('{', |p| {
                    let (name, at) = match p.tokens.get(p.at).cloned() {
                        Some((Tok::Str(name), at)) => {
                            p.at += 1;
                            (name, at)
                        }
                        Some((other, at)) => {
                            p.noted.push(error(
                                at,
                                format!(
                                    "expected a field name in double quotes, found {}",
                                    other.shown()
                                ),
                                None,
                            ));
                            p.at += 1;
                            (String::new(), at)
                        }
                        None => return Err(p.ended()),
                    };
                    if p.peek(0) == Some(&Tok::Colon) {
                        p.at += 1;
                    } else {
                        p.note_missing_colon(&at);
                    }
                    let value = p.value()?;
                    fields.push(Field {
                        name,
                        pos: at,
                        value,
                    });
                    Ok(())
                })?;
                Kind::Group(Group::Fields(fields))
            }
            Tok::Open(_) => {
                let mut entries = Vec::new();
                self.items('{', |p| {
                    let key = p.value()?;
                    if p.peek(0) == Some(&Tok::Colon) {
                        p.at += 1;
                    } else {
                        p.note_missing_colon(&key.pos);
                    }
                    let value = p.value()?;
                    entries.push((key, value));
                    Ok(())
                })?;
                Kind::Map(entries)
            }
            Tok::Close(_) | Tok::Colon | Tok::Comma => {
                // Not consumed: the caller's list goes on from it.
                self.noted.push(error(
                    pos,
                    format!("a value is missing before {}", tok.shown()),
                    None,
                ));
                Kind::Broken
            }
        };
        Ok(self.node(pos, kind))
    }

    fn note_missing_colon(&mut self, at: &Position) {
        self.noted.push(error(
            *at,
            "expected a colon after the field name",
            Some("fields are written `name: value`".into()),
        ));
    }

    /// `( ... )`: named fields or positional items.
    fn group(&mut self) -> Result<Group, Diagnostic> {
        let mut fields = Vec::new();
        let mut items = Vec::new();
        self.items('(', |p| {
            let named = matches!(p.peek(0), Some(Tok::Ident(_)))
                && matches!(
                    p.peek(1),
                    Some(Tok::Colon) | Some(Tok::Str(_)) | Some(Tok::Num(_))
                );
            if named {
                let Some((Tok::Ident(name), pos)) = p.tokens.get(p.at).cloned() else {
                    unreachable!("checked above");
                };
                p.at += 1;
                if p.peek(0) == Some(&Tok::Colon) {
                    p.at += 1;
                } else {
                    p.note_missing_colon(&pos);
                }
                let value = match p.tokens.get(p.at) {
                    Some((Tok::Close(_) | Tok::Comma, at)) => {
                        let at = *at;
                        p.noted.push(error(
                            at,
                            format!("`{name}` has no value"),
                            Some(format!("write `{name}: value`, or leave the field out")),
                        ));
                        p.node(at, Kind::Broken)
                    }
                    _ => p.value()?,
                };
                fields.push(Field { name, pos, value });
            } else {
                items.push(p.value()?);
            }
            Ok(())
        })?;
        if !fields.is_empty() && !items.is_empty() {
            let first = &items[0];
            self.noted.push(error(
                first.pos,
                "a value without a field name among named fields",
                Some("write `name: value`, or is a comma a colon?".into()),
            ));
        }
        Ok(if fields.is_empty() {
            Group::Items(items)
        } else {
            Group::Fields(fields)
        })
    }

    /// The items after an opening bracket, separated by commas, up to the
    /// bracket that closes it.
    fn items(
        &mut self,
        open: char,
        mut item: impl FnMut(&mut Self) -> Result<(), Diagnostic>,
    ) -> Result<(), Diagnostic> {
        let pos = self.here();
        self.at += 1;
        if self.open.len() >= self.max_depth {
            return Err(error(
                pos,
                format!("nesting deeper than {} levels", self.max_depth),
                None,
            ));
        }
        self.open.push((open, pos));
        loop {
            match self.peek(0) {
                None => return Err(self.ended()),
                Some(Tok::Close(c)) if *c == closing(open) => {
                    self.at += 1;
                    self.open.pop();
                    return Ok(());
                }
                Some(Tok::Close(c)) => {
                    return Err(error(
                        self.here(),
                        format!(
                            "`{c}` found where `{}` should close the `{open}` opened at {}:{}",
                            closing(open),
                            pos.line,
                            pos.col
                        ),
                        Some("a bracket is missing, or one is too many".into()),
                    ));
                }
                Some(Tok::Comma) => {
                    self.noted.push(error(
                        self.here(),
                        "a value is missing before this comma",
                        None,
                    ));
                    self.at += 1;
                    continue;
                }
                Some(_) => {}
            }
            let before = self.at;
            item(self)?;
            if self.at == before {
                // Nothing read (a stray colon): step over it.
                self.at += 1;
            }
            match self.peek(0) {
                Some(Tok::Comma) => self.at += 1,
                Some(Tok::Close(_)) | None => {}
                Some(_) => self.noted.push(error(
                    self.here(),
                    "expected a comma",
                    Some("items of a list and fields of a record are separated by commas".into()),
                )),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first_error(text: &str) -> (usize, usize, String) {
        let d = parse(text, 64).expect_err("broken").remove(0);
        (d.line, d.col, d.message)
    }

    #[test]
    fn reads_values_with_their_positions() {
        let doc = parse(
            "Scenario(\n  id: \"x\", n: [1, -2.5], k: Some(a), t: (1, b))",
            64,
        )
        .expect("reads");
        assert!(doc.noted.is_empty(), "{:?}", doc.noted);
        let Kind::Call(name, Group::Fields(fields)) = &doc.root.kind else {
            panic!("{:?}", doc.root)
        };
        assert_eq!(name, "Scenario");
        assert_eq!(fields[0].value.pos, Position { line: 2, col: 7 });
        assert_eq!(
            fields[1].value.kind,
            Kind::List(vec![
                Node {
                    pos: Position { line: 2, col: 16 },
                    id: 2,
                    kind: Kind::Num("1".into())
                },
                Node {
                    pos: Position { line: 2, col: 19 },
                    id: 3,
                    kind: Kind::Num("-2.5".into())
                },
            ])
        );
    }

    #[test]
    fn a_broken_structure_says_what_was_open() {
        let (line, col, message) = first_error("Scenario(\n  powers: [\n    (id: \"a\"),\n  ,\n)");
        assert_eq!((line, col), (5, 1), "{message}");
        assert!(
            message.contains("should close the `[` opened at 2:11"),
            "{message}"
        );
        let (line, col, message) = first_error("(a: [1, 2,\n");
        assert_eq!((line, col), (1, 5), "{message}");
        assert!(message.contains("ends before this `[`"), "{message}");
        let (line, col, message) = first_error("(a: \"open)\n");
        assert_eq!((line, col), (1, 5), "{message}");
        assert!(message.contains("never closes"), "{message}");
    }

    #[test]
    fn missing_commas_colons_and_values_are_noted_and_reading_goes_on() {
        let doc = parse("(a: 1 b: 2, c 3, d: , e: [1 2])", 64).expect("reads on");
        let messages: Vec<_> = doc
            .noted
            .iter()
            .map(|d| (d.col, d.message.as_str()))
            .collect();
        assert_eq!(
            messages,
            vec![
                (7, "expected a comma"),
                (13, "expected a colon after the field name"),
                (21, "`d` has no value"),
                (29, "expected a comma"),
            ]
        );
    }
}
