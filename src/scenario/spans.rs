//! Where each value of a RON document starts, by path (`powers[3].ideology`),
//! so semantic errors found after parsing can be reported as FILE:LINE:COLUMN.
//! It runs only on text that `ron` has already parsed, so it can be lenient;
//! a path that is missing falls back to its longest recorded prefix.

use std::collections::BTreeMap;

/// A 1-based line and column.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: usize,
    pub col: usize,
}

/// Positions of every value in a document, by path.
#[derive(Debug, Default)]
pub struct Spans {
    map: BTreeMap<String, Position>,
}

impl Spans {
    /// Indexes `text`.
    pub fn index(text: &str) -> Spans {
        let tokens = tokenize(text);
        let mut parser = Parser {
            tokens: &tokens,
            at: 0,
            map: BTreeMap::new(),
        };
        parser.skip_attributes();
        parser.value(String::new(), 0);
        Spans { map: parser.map }
    }

    /// The position of `path`, or of its longest recorded prefix, or 1:1.
    pub fn find(&self, path: &str) -> Position {
        let mut p = path;
        loop {
            if let Some(pos) = self.map.get(p) {
                return *pos;
            }
            match p.rfind(['.', '[']) {
                Some(cut) => p = &p[..cut],
                None => {
                    return self
                        .map
                        .get("")
                        .copied()
                        .unwrap_or(Position { line: 1, col: 1 });
                }
            }
        }
    }
}

#[derive(Debug, PartialEq)]
enum Tok {
    Open(char),
    Close,
    Colon,
    Comma,
    Ident(String),
    Scalar(String),
    Hash,
}

fn tokenize(text: &str) -> Vec<(Tok, Position)> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let (mut i, mut line, mut col) = (0usize, 1usize, 1usize);
    let advance = |i: &mut usize, line: &mut usize, col: &mut usize, chars: &[char]| {
        if chars[*i] == '\n' {
            *line += 1;
            *col = 1;
        } else {
            *col += 1;
        }
        *i += 1;
    };
    while i < chars.len() {
        let c = chars[i];
        let pos = Position { line, col };
        if c.is_whitespace() {
            advance(&mut i, &mut line, &mut col, &chars);
        } else if c == '/' && chars.get(i + 1) == Some(&'/') {
            while i < chars.len() && chars[i] != '\n' {
                advance(&mut i, &mut line, &mut col, &chars);
            }
        } else if c == '/' && chars.get(i + 1) == Some(&'*') {
            let mut depth = 0usize;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    advance(&mut i, &mut line, &mut col, &chars);
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    advance(&mut i, &mut line, &mut col, &chars);
                    if depth == 0 {
                        advance(&mut i, &mut line, &mut col, &chars);
                        break;
                    }
                }
                advance(&mut i, &mut line, &mut col, &chars);
            }
        } else if c == '"' || c == '\'' {
            let mut s = String::new();
            advance(&mut i, &mut line, &mut col, &chars);
            while i < chars.len() && chars[i] != c {
                if chars[i] == '\\' && i + 1 < chars.len() {
                    advance(&mut i, &mut line, &mut col, &chars);
                }
                s.push(chars[i]);
                advance(&mut i, &mut line, &mut col, &chars);
            }
            if i < chars.len() {
                advance(&mut i, &mut line, &mut col, &chars);
            }
            out.push((Tok::Scalar(s), pos));
        } else if c == 'r' && matches!(chars.get(i + 1), Some('#') | Some('"')) {
            // Raw string r#"..."#.
            advance(&mut i, &mut line, &mut col, &chars);
            let mut hashes = 0;
            while i < chars.len() && chars[i] == '#' {
                hashes += 1;
                advance(&mut i, &mut line, &mut col, &chars);
            }
            advance(&mut i, &mut line, &mut col, &chars);
            while i < chars.len() {
                if chars[i] == '"' && (1..=hashes).all(|k| chars.get(i + k) == Some(&'#')) {
                    for _ in 0..=hashes {
                        advance(&mut i, &mut line, &mut col, &chars);
                    }
                    break;
                }
                advance(&mut i, &mut line, &mut col, &chars);
            }
            out.push((Tok::Scalar(String::new()), pos));
        } else if matches!(c, '(' | '[' | '{') {
            out.push((Tok::Open(c), pos));
            advance(&mut i, &mut line, &mut col, &chars);
        } else if matches!(c, ')' | ']' | '}') {
            out.push((Tok::Close, pos));
            advance(&mut i, &mut line, &mut col, &chars);
        } else if c == ':' {
            out.push((Tok::Colon, pos));
            advance(&mut i, &mut line, &mut col, &chars);
        } else if c == ',' {
            out.push((Tok::Comma, pos));
            advance(&mut i, &mut line, &mut col, &chars);
        } else if c == '#' {
            out.push((Tok::Hash, pos));
            advance(&mut i, &mut line, &mut col, &chars);
        } else {
            let mut s = String::new();
            while i < chars.len()
                && !chars[i].is_whitespace()
                && !matches!(
                    chars[i],
                    '(' | ')' | '[' | ']' | '{' | '}' | ':' | ',' | '"'
                )
            {
                s.push(chars[i]);
                advance(&mut i, &mut line, &mut col, &chars);
            }
            let ident = s
                .chars()
                .next()
                .is_some_and(|c| c.is_alphabetic() || c == '_')
                && !matches!(s.as_str(), "true" | "false" | "inf" | "NaN");
            out.push((if ident { Tok::Ident(s) } else { Tok::Scalar(s) }, pos));
        }
    }
    out
}

struct Parser<'t> {
    tokens: &'t [(Tok, Position)],
    at: usize,
    map: BTreeMap<String, Position>,
}

const MAX_DEPTH: usize = 256;
/// Paths recorded at most (a bound on memory for huge files).
const MAX_PATHS: usize = 200_000;

impl Parser<'_> {
    fn peek(&self, k: usize) -> Option<&Tok> {
        self.tokens.get(self.at + k).map(|(t, _)| t)
    }

    fn skip_attributes(&mut self) {
        // #![enable(...)]
        while self.peek(0) == Some(&Tok::Hash) {
            self.at += 1;
            while let Some(t) = self.peek(0) {
                let close = *t == Tok::Close;
                self.at += 1;
                if close && self.peek(0) != Some(&Tok::Close) {
                    break;
                }
            }
        }
    }

    fn value(&mut self, path: String, depth: usize) {
        let Some((tok, pos)) = self.tokens.get(self.at) else {
            return;
        };
        if self.map.len() < MAX_PATHS {
            self.map.entry(path.clone()).or_insert(*pos);
        }
        if depth > MAX_DEPTH {
            self.at = self.tokens.len();
            return;
        }
        match tok {
            Tok::Ident(_) => {
                self.at += 1;
                if self.peek(0) == Some(&Tok::Open('(')) {
                    self.at += 1;
                    self.items(&path, depth, true);
                }
            }
            Tok::Open('(') => {
                self.at += 1;
                self.items(&path, depth, true);
            }
            Tok::Open('[') => {
                self.at += 1;
                self.items(&path, depth, false);
            }
            Tok::Open(_) => {
                self.at += 1;
                self.map_items(&path, depth);
            }
            _ => self.at += 1,
        }
    }

    /// Items up to the closing bracket: named fields (`a: v`) or positional.
    fn items(&mut self, path: &str, depth: usize, tuple: bool) {
        let mut index = 0;
        loop {
            match self.peek(0) {
                None => return,
                Some(Tok::Close) => {
                    self.at += 1;
                    return;
                }
                Some(Tok::Comma) => self.at += 1,
                Some(Tok::Ident(name)) if self.peek(1) == Some(&Tok::Colon) => {
                    let child = join(path, name);
                    self.at += 2;
                    self.value(child, depth + 1);
                }
                Some(_) => {
                    let child = if tuple {
                        join(path, &index.to_string())
                    } else {
                        format!("{path}[{index}]")
                    };
                    index += 1;
                    let before = self.at;
                    self.value(child, depth + 1);
                    if self.at == before {
                        self.at += 1;
                    }
                }
            }
        }
    }

    fn map_items(&mut self, path: &str, depth: usize) {
        loop {
            match self.peek(0) {
                None => return,
                Some(Tok::Close) => {
                    self.at += 1;
                    return;
                }
                Some(Tok::Comma) => self.at += 1,
                Some(Tok::Scalar(key)) | Some(Tok::Ident(key)) => {
                    let child = join(path, key);
                    self.at += 1;
                    if self.peek(0) == Some(&Tok::Colon) {
                        self.at += 1;
                        self.value(child, depth + 1);
                    }
                }
                Some(_) => self.at += 1,
            }
        }
    }
}

fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_string()
    } else {
        format!("{path}.{name}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_nested_paths_and_falls_back_to_prefixes() {
        let text = "// c\nScenario(\n  id: \"x\",\n  powers: [\n    (id: \"a\", ideology: \"b\"),\n    (id: \"c\", when: All([InSphere(state: \"s\", power: \"p\")])),\n  ],\n)";
        let spans = Spans::index(text);
        assert_eq!(spans.find("id"), Position { line: 3, col: 7 });
        assert_eq!(
            spans.find("powers[0].ideology"),
            Position { line: 5, col: 25 }
        );
        assert_eq!(
            spans.find("powers[1].when.0[0].power"),
            Position { line: 6, col: 54 }
        );
        assert_eq!(
            spans.find("powers[1].missing"),
            Position { line: 6, col: 5 }
        );
    }
}
