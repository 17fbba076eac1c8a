//! Where each value of a RON document starts, by path (`powers[3].ideology`),
//! so semantic errors found after parsing can be reported as FILE:LINE:COLUMN.
//! It reads the document as [`super::tree`] does; a path that is missing
//! falls back to its longest recorded prefix.

use super::tree::{Group, Kind, Node};
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
    /// Indexes `text` (nothing, when its structure is broken).
    pub fn index(text: &str) -> Spans {
        let mut map = BTreeMap::new();
        if let Ok(doc) = super::tree::parse(text, super::MAX_NESTING + 8) {
            record(&doc.root, String::new(), &mut map);
        }
        Spans { map }
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

/// Paths recorded at most (a bound on memory for huge files).
const MAX_PATHS: usize = 200_000;

/// Records `node` at `path` (the first of a path given twice), and
/// everything inside it: fields as `a.b`, tuple items as `a.0`, list items
/// as `a[0]`, map entries by their key.
fn record(node: &Node, path: String, map: &mut BTreeMap<String, Position>) {
    if map.len() >= MAX_PATHS {
        return;
    }
    map.entry(path.clone()).or_insert(node.pos);
    match &node.kind {
        Kind::Call(_, group) | Kind::Group(group) => match group {
            Group::Fields(fields) => {
                for f in fields {
                    record(&f.value, join(&path, &f.name), map);
                }
            }
            Group::Items(items) => {
                for (i, item) in items.iter().enumerate() {
                    record(item, join(&path, &i.to_string()), map);
                }
            }
        },
        Kind::List(items) => {
            for (i, item) in items.iter().enumerate() {
                record(item, format!("{path}[{i}]"), map);
            }
        }
        Kind::Map(entries) => {
            for (key, value) in entries {
                if let Kind::Str(k) | Kind::Ident(k) | Kind::Num(k) = &key.kind {
                    record(value, join(&path, k), map);
                }
            }
        }
        _ => {}
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
