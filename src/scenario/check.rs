//! Checks a document tree ([`super::tree`]) against the format's types and
//! reports every mistake of one run: unknown, misspelt, missing and
//! repeated fields, wrong types and unknown variant names, each at its own
//! line and column, with the field's name, what was expected, what was
//! found and a did-you-mean.
//!
//! The types' own serde derives are the schema. The tree is read through
//! them as through any serde format, but a value of the wrong kind is noted
//! and read as a neutral stand-in (zero, empty, the first variant) instead
//! of ending the read. A mistake only a type's own code sees (a missing
//! field, a rule of `try_from`) does end a pass; the next pass stands in
//! for that field or value, until a pass reads the whole document.

use super::Diagnostic;
use super::spans::Position;
use super::syntax::{choices, noun};
use super::tree::{Doc, Extensions, Field, Group, Kind, Node};
use serde::de::{self, DeserializeOwned, DeserializeSeed, Deserializer as _, Visitor};
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::fmt;

/// At most this many mistakes are reported from one file.
const MAX_REPORTED: usize = 200;
/// Nesting of stand-in values at most (a type that contains itself).
const MAX_STAND_IN_DEPTH: usize = 24;

/// Reads `doc` as a `T`: the value (with stand-ins where something was
/// wrong) when the read got through, and every mistake found.
pub fn check<T: DeserializeOwned>(doc: &Doc) -> (Option<T>, Vec<Diagnostic>) {
    let mut stood_in: HashSet<usize> = HashSet::new();
    let mut required: HashMap<usize, Vec<&'static str>> = HashMap::new();
    let mut settled: Vec<Diagnostic> = Vec::new();
    // Each pass settles one mistake; a document of many nodes gets fewer.
    let passes = (4_000_000 / count(&doc.root).max(1)).clamp(8, 256);
    let mut last_pass = Vec::new();
    let mut value = None;
    for _ in 0..passes {
        let cx = Cx {
            stood_in: &stood_in,
            required: &required,
            found: RefCell::new(Vec::new()),
            extensions: doc.extensions,
        };
        let read = T::deserialize(NodeDe::new(&doc.root, &cx, None));
        last_pass = cx.found.into_inner();
        let fail = match read {
            Ok(v) => {
                value = Some(v);
                break;
            }
            Err(fail) => fail,
        };
        let Some((id, pos)) = fail.at else {
            settled.push(Diagnostic::error(1, 1, fail.message, fail.hint));
            break;
        };
        let within = fail
            .within
            .map(|(name, _)| format!(" in {}", noun(name)))
            .unwrap_or_default();
        let new = match (fail.missing, fail.within) {
            // Every record of this type lacking the field is reported, and
            // stood in for, from the next pass on.
            (Some(field), Some((_, fields))) => {
                let known = required.entry(fields).or_default();
                !known.contains(&field) && {
                    known.push(field);
                    true
                }
            }
            _ => {
                settled.push(Diagnostic::error(
                    pos.line,
                    pos.col,
                    format!("{}{within}", fail.message),
                    fail.hint,
                ));
                stood_in.insert(id)
            }
        };
        if !new {
            break;
        }
    }
    let mut all = doc.noted.clone();
    all.extend(settled);
    all.extend(last_pass);
    all.sort_by_key(|d| (d.line, d.col));
    all.dedup_by(|a, b| (a.line, a.col, &a.message) == (b.line, b.col, &b.message));
    if all.len() > MAX_REPORTED {
        all.truncate(MAX_REPORTED);
        let last = &all[MAX_REPORTED - 1];
        let (line, col) = (last.line, last.col);
        all.push(Diagnostic::error(
            line,
            col,
            format!("{MAX_REPORTED} mistakes found; the check stops here"),
            Some("fix these and run `spheres validate` again".into()),
        ));
    }
    (value, all)
}

fn count(node: &Node) -> usize {
    1 + match &node.kind {
        Kind::Call(_, g) | Kind::Group(g) => match g {
            Group::Fields(fs) => fs.iter().map(|f| count(&f.value)).sum(),
            Group::Items(items) => items.iter().map(count).sum(),
        },
        Kind::List(items) => items.iter().map(count).sum(),
        Kind::Map(entries) => entries.iter().map(|(k, v)| count(k) + count(v)).sum(),
        _ => 0,
    }
}

struct Cx<'f> {
    /// The nodes a later pass stands in for (an earlier one failed there).
    stood_in: &'f HashSet<usize>,
    /// The fields found required, by record type (its field list's address).
    required: &'f HashMap<usize, Vec<&'static str>>,
    found: RefCell<Vec<Diagnostic>>,
    extensions: Extensions,
}

impl Cx<'_> {
    fn note(&self, pos: Position, message: String, hint: Option<String>) {
        // Enough to report the first mistakes in reading order, bounded
        // for a file of a million.
        if self.found.borrow().len() >= 8 * MAX_REPORTED {
            return;
        }
        self.found
            .borrow_mut()
            .push(Diagnostic::error(pos.line, pos.col, message, hint));
    }
}

/// Why a read failed, and where.
#[derive(Debug)]
pub struct Fail {
    message: String,
    hint: Option<String>,
    missing: Option<&'static str>,
    /// The node (id and position) where it failed.
    at: Option<(usize, Position)>,
    /// The record type it failed in: its name, and its field list's
    /// address (which tells apart records of one name).
    within: Option<(&'static str, usize)>,
}

impl Fail {
    fn located(mut self, node: &Node) -> Self {
        self.at.get_or_insert((node.id, node.pos));
        self
    }

    fn within(mut self, name: &'static str, fields: &'static [&'static str]) -> Self {
        self.within.get_or_insert((name, fields.as_ptr() as usize));
        self
    }
}

impl fmt::Display for Fail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Fail {}

impl de::Error for Fail {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Fail {
            message: msg.to_string(),
            hint: None,
            missing: None,
            at: None,
            within: None,
        }
    }

    fn missing_field(field: &'static str) -> Self {
        let mut fail = Self::custom(format!("missing field `{field}`"));
        fail.missing = Some(field);
        fail
    }
}

/// How a message names what was written.
fn found(kind: &Kind) -> String {
    match kind {
        Kind::Str(s) => format!("the text `\"{s}\"`"),
        Kind::Char(c) => format!("the character `'{c}'`"),
        Kind::Num(n) => format!("the number `{n}`"),
        Kind::Bool(b) => format!("`{b}`"),
        Kind::Ident(n) => format!("`{n}`"),
        Kind::Call(n, _) => format!("`{n}( … )`"),
        Kind::Group(Group::Fields(_)) => "a record `( … )`".into(),
        Kind::Group(Group::Items(items)) if items.is_empty() => "`()`".into(),
        Kind::Group(Group::Items(_)) => "values in parentheses `( … )`".into(),
        Kind::List(_) => "a list `[ … ]`".into(),
        Kind::Map(_) => "a map `{ … }`".into(),
        Kind::Broken => "nothing".into(),
    }
}

/// A whole number as written (`7`, `-3`, `0x1F`, `1_000`).
fn whole(text: &str) -> Option<i128> {
    let t = text.replace('_', "");
    let (negative, digits) = match t.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, t.strip_prefix('+').unwrap_or(&t)),
    };
    let magnitude = if let Some(h) = digits.strip_prefix("0x") {
        i128::from_str_radix(h, 16).ok()?
    } else if let Some(b) = digits.strip_prefix("0b") {
        i128::from_str_radix(b, 2).ok()?
    } else if let Some(o) = digits.strip_prefix("0o") {
        i128::from_str_radix(o, 8).ok()?
    } else {
        digits.parse::<i128>().ok()?
    };
    Some(if negative { -magnitude } else { magnitude })
}

fn real(text: &str) -> Option<f64> {
    whole(text)
        .map(|w| w as f64)
        .or_else(|| text.replace('_', "").parse::<f64>().ok())
}

/// Reads one node.
struct NodeDe<'a> {
    node: &'a Node,
    cx: &'a Cx<'a>,
    /// The field it is the value of.
    field: Option<&'a str>,
}

impl<'a> NodeDe<'a> {
    fn new(node: &'a Node, cx: &'a Cx<'a>, field: Option<&'a str>) -> Self {
        NodeDe { node, cx, field }
    }

    fn stand_in(&self) -> StandIn<'a> {
        StandIn::new(self.cx)
    }

    /// Notes that the value is not what was expected (a broken value is
    /// already noted), and hands on a stand-in to read instead.
    fn wrong(&self, expected: &str, hint: Option<&str>) -> StandIn<'a> {
        if self.node.kind != Kind::Broken {
            let field = self.field_prefix();
            self.cx.note(
                self.node.pos,
                format!(
                    "{field}expected {expected}, found {}",
                    found(&self.node.kind)
                ),
                hint.map(str::to_string),
            );
        }
        self.stand_in()
    }

    /// "`name`: " for the value of a field, else nothing.
    fn field_prefix(&self) -> String {
        self.field.map(|f| format!("`{f}`: ")).unwrap_or_default()
    }

    fn stood_in(&self) -> bool {
        self.cx.stood_in.contains(&self.node.id)
    }

    fn number(&self) -> Option<&'a str> {
        match &self.node.kind {
            Kind::Num(n) => Some(n),
            _ => None,
        }
    }

    fn integer<T: TryFrom<i128> + Default + fmt::Display>(
        &self,
        min: T,
        max: T,
    ) -> Result<T, StandIn<'a>> {
        let Some(text) = self.number() else {
            return Err(self.wrong("a whole number", Some("e.g. 7")));
        };
        let Some(w) = whole(text) else {
            return Err(self.wrong("a whole number", Some("e.g. 7")));
        };
        T::try_from(w).map_err(|_| {
            let field = self.field_prefix();
            self.cx.note(
                self.node.pos,
                format!("{field}the number `{text}` is out of range"),
                Some(format!("it is a whole number from {min} to {max}")),
            );
            self.stand_in()
        })
    }

    /// A record's fields in `(…)` read into a struct with `fields`.
    fn record<V: Visitor<'a>>(
        self,
        name: &'static str,
        given: &'a [Field],
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Fail> {
        let mut entries: Vec<(&'a str, Option<&'a Node>)> = Vec::new();
        let mut seen: HashMap<&str, &Field> = HashMap::new();
        for f in given {
            if self.cx.extensions.json && f.name == "$schema" {
                // An editor's pointer to the schema.
                continue;
            }
            let Some(known) = fields.iter().find(|k| **k == f.name) else {
                self.cx.note(
                    f.pos,
                    format!("unknown field `{}` in {}", f.name, noun(name)),
                    choices(&f.name, fields),
                );
                continue;
            };
            if let Some(first) = seen.get(f.name.as_str()) {
                self.cx.note(
                    f.pos,
                    format!("the field `{}` is given twice in {}", f.name, noun(name)),
                    Some(format!(
                        "the first is at {}:{}; keep one",
                        first.pos.line, first.pos.col
                    )),
                );
                continue;
            }
            seen.insert(&f.name, f);
            entries.push((*known, Some(&f.value)));
        }
        if let Some(needed) = self.cx.required.get(&(fields.as_ptr() as usize)) {
            for field in needed.iter().filter(|f| !seen.contains_key(**f)) {
                self.cx.note(
                    self.node.pos,
                    format!("missing field `{field}` in {}", noun(name)),
                    Some(format!("add `{field}: …` to it")),
                );
                entries.push((field, None));
            }
        }
        visitor
            .visit_map(Record::new(entries, self.cx))
            .map_err(|e: Fail| e.located(self.node).within(name, fields))
    }

    /// The positional values of `( … )`, or `None` (noted) when the node
    /// is not that.
    fn items(&self, expected: &str) -> Option<&'a [Node]> {
        match &self.node.kind {
            Kind::Group(Group::Items(items)) | Kind::Call(_, Group::Items(items)) => Some(items),
            Kind::List(items) if self.cx.extensions.json => Some(items),
            _ => {
                self.wrong(expected, None);
                None
            }
        }
    }
}

macro_rules! integers {
    ($($method:ident $visit:ident $t:ty;)*) => {$(
        fn $method<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Fail> {
            match self.integer::<$t>(<$t>::MIN, <$t>::MAX) {
                Ok(n) => visitor.$visit(n).map_err(|e: Fail| e.located(self.node)),
                Err(stand_in) => stand_in.$method(visitor),
            }
        }
    )*};
}

impl<'a> de::Deserializer<'a> for NodeDe<'a> {
    type Error = Fail;

    fn deserialize_any<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Fail> {
        let node = self.node;
        let r = match &node.kind {
            Kind::Str(s) => visitor.visit_str(s),
            Kind::Char(c) => visitor.visit_char(*c),
            Kind::Bool(b) => visitor.visit_bool(*b),
            Kind::Num(n) => match whole(n) {
                Some(w) => match i64::try_from(w) {
                    Ok(i) => visitor.visit_i64(i),
                    Err(_) => visitor.visit_f64(w as f64),
                },
                None => visitor.visit_f64(real(n).unwrap_or(0.0)),
            },
            Kind::Ident(n) if n == "None" => visitor.visit_none(),
            Kind::Ident(n) => visitor.visit_str(n),
            Kind::Call(n, Group::Items(items)) if n == "Some" && items.len() == 1 => {
                visitor.visit_some(NodeDe::new(&items[0], self.cx, self.field))
            }
            Kind::Call(_, Group::Fields(fs)) | Kind::Group(Group::Fields(fs)) => {
                visitor.visit_map(Record::written(fs, self.cx))
            }
            Kind::Call(_, Group::Items(items))
            | Kind::Group(Group::Items(items))
            | Kind::List(items) => visitor.visit_seq(Items::new(items, self.cx)),
            Kind::Map(entries) => visitor.visit_map(Entries::new(entries, self.cx)),
            Kind::Broken => visitor.visit_unit(),
        };
        r.map_err(|e: Fail| e.located(node))
    }

    fn deserialize_bool<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Fail> {
        match self.node.kind {
            Kind::Bool(b) => visitor
                .visit_bool(b)
                .map_err(|e: Fail| e.located(self.node)),
            _ => self
                .wrong("`true` or `false`", None)
                .deserialize_bool(visitor),
        }
    }

    integers! {
        deserialize_i8 visit_i8 i8;
        deserialize_i16 visit_i16 i16;
        deserialize_i32 visit_i32 i32;
        deserialize_i64 visit_i64 i64;
        deserialize_u8 visit_u8 u8;
        deserialize_u16 visit_u16 u16;
        deserialize_u32 visit_u32 u32;
        deserialize_u64 visit_u64 u64;
    }

    fn deserialize_f32<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Fail> {
        self.deserialize_f64(visitor)
    }

    fn deserialize_f64<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Fail> {
        match self.number().and_then(real) {
            Some(x) => visitor.visit_f64(x).map_err(|e: Fail| e.located(self.node)),
            None if self.number().is_some() => {
                self.cx.note(
                    self.node.pos,
                    format!(
                        "{}`{}` is not a number",
                        self.field_prefix(),
                        self.number().unwrap_or_default()
                    ),
                    Some("write numbers like 1.0 or -2.5".into()),
                );
                self.stand_in().deserialize_f64(visitor)
            }
            None => self
                .wrong("a number", Some("write numbers like 1.0 or -2.5"))
                .deserialize_f64(visitor),
        }
    }

    fn deserialize_char<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Fail> {
        match self.node.kind {
            Kind::Char(c) => visitor
                .visit_char(c)
                .map_err(|e: Fail| e.located(self.node)),
            _ => self
                .wrong("a character in single quotes", None)
                .deserialize_char(visitor),
        }
    }

    fn deserialize_str<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Fail> {
        match &self.node.kind {
            Kind::Str(s) => visitor.visit_str(s).map_err(|e: Fail| e.located(self.node)),
            _ => self
                .wrong(
                    "text in double quotes",
                    Some("ids, names and dates are written in quotes, e.g. \"ussr\""),
                )
                .deserialize_str(visitor),
        }
    }

    fn deserialize_string<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Fail> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Fail> {
        match &self.node.kind {
            Kind::Str(s) => visitor
                .visit_bytes(s.as_bytes())
                .map_err(|e: Fail| e.located(self.node)),
            _ => self
                .wrong("text in double quotes", None)
                .deserialize_bytes(visitor),
        }
    }

    fn deserialize_byte_buf<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Fail> {
        self.deserialize_bytes(visitor)
    }

    fn deserialize_option<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Fail> {
        let node = self.node;
        let r = match &node.kind {
            Kind::Ident(n) if n == "None" => visitor.visit_none(),
            Kind::Call(n, Group::Items(items)) if n == "Some" && items.len() == 1 => {
                visitor.visit_some(NodeDe::new(&items[0], self.cx, self.field))
            }
            Kind::Call(n, _) if n == "Some" => {
                self.cx
                    .note(node.pos, "`Some( … )` holds exactly one value".into(), None);
                visitor.visit_none()
            }
            Kind::Broken => visitor.visit_none(),
            _ if self.cx.extensions.implicit_some => visitor.visit_some(self),
            _ => {
                let field = self.field_prefix();
                self.cx.note(
                    node.pos,
                    format!(
                        "{field}expected `Some( … )` or `None`, found {}",
                        found(&node.kind)
                    ),
                    Some("an optional value is written `Some(value)`".into()),
                );
                // What is inside is checked all the same.
                visitor.visit_some(self)
            }
        };
        r.map_err(|e: Fail| e.located(node))
    }

    fn deserialize_unit<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Fail> {
        match &self.node.kind {
            Kind::Group(Group::Items(items)) if items.is_empty() => {
                visitor.visit_unit().map_err(|e: Fail| e.located(self.node))
            }
            Kind::Ident(n) if self.cx.extensions.json && n == "None" => {
                visitor.visit_unit().map_err(|e: Fail| e.located(self.node))
            }
            _ => self.wrong("`()`", None).deserialize_unit(visitor),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'a>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Fail> {
        match &self.node.kind {
            Kind::Ident(n) if n == name => {
                visitor.visit_unit().map_err(|e: Fail| e.located(self.node))
            }
            Kind::Group(Group::Items(items)) if items.is_empty() => {
                visitor.visit_unit().map_err(|e: Fail| e.located(self.node))
            }
            _ => self
                .wrong(&format!("`{name}`"), None)
                .deserialize_unit(visitor),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'a>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Fail> {
        let node = self.node;
        let r = match &node.kind {
            Kind::Call(n, Group::Items(items)) if n == name && items.len() == 1 => {
                visitor.visit_newtype_struct(NodeDe::new(&items[0], self.cx, self.field))
            }
            Kind::Group(Group::Items(items)) if items.len() == 1 => {
                visitor.visit_newtype_struct(NodeDe::new(&items[0], self.cx, self.field))
            }
            _ if self.cx.extensions.unwrap_newtypes => visitor.visit_newtype_struct(self),
            _ => {
                return self
                    .wrong(&format!("{} written `( … )`", noun(name)), None)
                    .deserialize_newtype_struct(name, visitor);
            }
        };
        r.map_err(|e: Fail| e.located(node))
    }

    fn deserialize_seq<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Fail> {
        match &self.node.kind {
            Kind::List(items) => visitor
                .visit_seq(Items::new(items, self.cx))
                .map_err(|e: Fail| e.located(self.node)),
            _ if self.stood_in() => self.stand_in().deserialize_seq(visitor),
            _ => self
                .wrong("a list in square brackets `[ … ]`", None)
                .deserialize_seq(visitor),
        }
    }

    fn deserialize_tuple<V: Visitor<'a>>(self, len: usize, visitor: V) -> Result<V::Value, Fail> {
        let Some(items) = self.items(&format!("{len} values in parentheses `( … )`")) else {
            return self.stand_in().deserialize_tuple(len, visitor);
        };
        if items.len() != len {
            self.cx.note(
                self.node.pos,
                format!("expected {len} values here, found {}", items.len()),
                None,
            );
            return self.stand_in().deserialize_tuple(len, visitor);
        }
        visitor
            .visit_seq(Items::new(items, self.cx))
            .map_err(|e: Fail| e.located(self.node))
    }

    fn deserialize_tuple_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, Fail> {
        self.deserialize_tuple(len, visitor)
    }

    fn deserialize_map<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Fail> {
        match &self.node.kind {
            // JSON: an object's keys are the map's keys.
            Kind::Group(Group::Fields(fs)) if self.cx.extensions.json => visitor
                .visit_map(Record::written(fs, self.cx))
                .map_err(|e: Fail| e.located(self.node)),
            Kind::Map(entries) => visitor
                .visit_map(Entries::new(entries, self.cx))
                .map_err(|e: Fail| e.located(self.node)),
            _ => self
                .wrong("a map in braces `{ … }`", None)
                .deserialize_map(visitor),
        }
    }

    fn deserialize_struct<V: Visitor<'a>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Fail> {
        if self.stood_in() {
            return self.stand_in().deserialize_struct(name, fields, visitor);
        }
        let given: &'a [Field] = match &self.node.kind {
            Kind::Group(Group::Fields(fs)) => fs,
            Kind::Group(Group::Items(items)) if items.is_empty() => &[],
            Kind::Call(n, group) => {
                if n != name {
                    self.cx.note(
                        self.node.pos,
                        format!("expected {}, found `{n}( … )`", noun(name)),
                        Some(format!("write it `( … )` or `{name}( … )`")),
                    );
                }
                match group {
                    Group::Fields(fs) => fs,
                    Group::Items(items) if items.is_empty() => &[],
                    Group::Items(_) => {
                        return self
                            .wrong(&format!("{} with named fields", noun(name)), None)
                            .deserialize_struct(name, fields, visitor);
                    }
                }
            }
            _ => {
                return self
                    .wrong(&format!("{} written `(name: value, …)`", noun(name)), None)
                    .deserialize_struct(name, fields, visitor);
            }
        };
        self.record(name, given, fields, visitor)
    }

    fn deserialize_enum<V: Visitor<'a>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Fail> {
        let json = self.cx.extensions.json;
        let (written, group, content) = match &self.node.kind {
            Kind::Ident(n) => (n, None, None),
            Kind::Call(n, g) => (n, Some(g), None),
            // JSON: `"name"`, or `{"Name": what it holds}`.
            Kind::Str(n) if json => (n, None, None),
            Kind::Group(Group::Fields(fs)) if json && fs.len() == 1 => {
                (&fs[0].name, None, Some(&fs[0].value))
            }
            _ => {
                let hint = choices("", variants);
                return self
                    .wrong(&format!("{} (a name)", noun(name)), hint.as_deref())
                    .deserialize_enum(name, variants, visitor);
            }
        };
        let Some(variant) = variants.iter().find(|v| *v == written) else {
            let field = self.field_prefix();
            self.cx.note(
                self.node.pos,
                format!("{field}`{written}` is not {}", noun(name)),
                choices(written, variants),
            );
            return self.stand_in().deserialize_enum(name, variants, visitor);
        };
        if self.stood_in() {
            return self.stand_in().deserialize_enum(name, variants, visitor);
        }
        let node = self.node;
        visitor
            .visit_enum(Variant {
                de: self,
                name: variant,
                group,
                content,
            })
            .map_err(|e: Fail| e.located(node))
    }

    fn deserialize_identifier<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Fail> {
        match &self.node.kind {
            Kind::Ident(s) | Kind::Str(s) => visitor.visit_str(s),
            _ => self.wrong("a name", None).deserialize_identifier(visitor),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Fail> {
        visitor.visit_unit()
    }
}

/// The fields of a record, in the order written, stand-ins last.
struct Record<'a> {
    entries: Vec<(&'a str, Option<&'a Node>)>,
    at: usize,
    cx: &'a Cx<'a>,
}

impl<'a> Record<'a> {
    fn new(entries: Vec<(&'a str, Option<&'a Node>)>, cx: &'a Cx<'a>) -> Self {
        Record { entries, at: 0, cx }
    }

    /// The fields as written, by name (a JSON object read as a map).
    fn written(fields: &'a [Field], cx: &'a Cx<'a>) -> Self {
        Record::new(
            fields
                .iter()
                .map(|f| (f.name.as_str(), Some(&f.value)))
                .collect(),
            cx,
        )
    }
}

impl<'a> de::MapAccess<'a> for Record<'a> {
    type Error = Fail;

    fn next_key_seed<K: DeserializeSeed<'a>>(&mut self, seed: K) -> Result<Option<K::Value>, Fail> {
        let Some((name, _)) = self.entries.get(self.at) else {
            return Ok(None);
        };
        seed.deserialize(de::value::BorrowedStrDeserializer::new(name))
            .map(Some)
    }

    fn next_value_seed<S: DeserializeSeed<'a>>(&mut self, seed: S) -> Result<S::Value, Fail> {
        let (name, node) = self.entries[self.at];
        self.at += 1;
        match node {
            Some(node) => seed.deserialize(NodeDe::new(node, self.cx, Some(name))),
            None => seed.deserialize(StandIn::new(self.cx)),
        }
    }
}

struct Items<'a> {
    items: std::slice::Iter<'a, Node>,
    cx: &'a Cx<'a>,
}

impl<'a> Items<'a> {
    fn new(items: &'a [Node], cx: &'a Cx<'a>) -> Self {
        Items {
            items: items.iter(),
            cx,
        }
    }
}

impl<'a> de::SeqAccess<'a> for Items<'a> {
    type Error = Fail;

    fn next_element_seed<S: DeserializeSeed<'a>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, Fail> {
        self.items
            .next()
            .map(|node| seed.deserialize(NodeDe::new(node, self.cx, None)))
            .transpose()
    }
}

struct Entries<'a> {
    entries: std::slice::Iter<'a, (Node, Node)>,
    /// The value of the entry whose key was read, and the key as text.
    value: Option<(&'a Node, Option<&'a str>)>,
    cx: &'a Cx<'a>,
}

impl<'a> Entries<'a> {
    fn new(entries: &'a [(Node, Node)], cx: &'a Cx<'a>) -> Self {
        Entries {
            entries: entries.iter(),
            value: None,
            cx,
        }
    }
}

impl<'a> de::MapAccess<'a> for Entries<'a> {
    type Error = Fail;

    fn next_key_seed<K: DeserializeSeed<'a>>(&mut self, seed: K) -> Result<Option<K::Value>, Fail> {
        let Some((key, value)) = self.entries.next() else {
            return Ok(None);
        };
        let named = match &key.kind {
            Kind::Str(k) | Kind::Ident(k) => Some(k.as_str()),
            _ => None,
        };
        self.value = Some((value, named));
        seed.deserialize(NodeDe::new(key, self.cx, None)).map(Some)
    }

    fn next_value_seed<S: DeserializeSeed<'a>>(&mut self, seed: S) -> Result<S::Value, Fail> {
        match self.value.take() {
            Some((node, named)) => seed.deserialize(NodeDe::new(node, self.cx, named)),
            None => seed.deserialize(StandIn::new(self.cx)),
        }
    }
}

/// A variant written by name, with what is in its brackets.
struct Variant<'a> {
    de: NodeDe<'a>,
    name: &'static str,
    group: Option<&'a Group>,
    /// JSON: the value under the variant's name, `{"Name": value}`.
    content: Option<&'a Node>,
}

impl<'a> de::EnumAccess<'a> for Variant<'a> {
    type Error = Fail;
    type Variant = Self;

    fn variant_seed<S: DeserializeSeed<'a>>(self, seed: S) -> Result<(S::Value, Self), Fail> {
        let v = seed.deserialize(de::value::BorrowedStrDeserializer::new(self.name))?;
        Ok((v, self))
    }
}

impl<'a> de::VariantAccess<'a> for Variant<'a> {
    type Error = Fail;

    fn unit_variant(self) -> Result<(), Fail> {
        if let Some(node) = self.content {
            return de::Deserializer::deserialize_unit(
                NodeDe::new(node, self.de.cx, None),
                de::IgnoredAny,
            )
            .map(|_| ());
        }
        match self.group {
            None => Ok(()),
            Some(Group::Items(items)) if items.is_empty() => Ok(()),
            Some(_) => {
                self.de.cx.note(
                    self.de.node.pos,
                    format!("`{}` takes nothing in brackets", self.name),
                    Some(format!("write just `{}`", self.name)),
                );
                Ok(())
            }
        }
    }

    fn newtype_variant_seed<S: DeserializeSeed<'a>>(self, seed: S) -> Result<S::Value, Fail> {
        let cx = self.de.cx;
        if let Some(node) = self.content {
            return seed.deserialize(NodeDe::new(node, cx, self.de.field));
        }
        match self.group {
            Some(Group::Items(items)) if items.len() == 1 => {
                seed.deserialize(NodeDe::new(&items[0], cx, self.de.field))
            }
            Some(Group::Fields(_)) if cx.extensions.unwrap_variant_newtypes => {
                seed.deserialize(self.de)
            }
            _ => {
                cx.note(
                    self.de.node.pos,
                    format!(
                        "`{}` takes one value in brackets, `{}( … )`",
                        self.name, self.name
                    ),
                    None,
                );
                seed.deserialize(StandIn::new(cx))
            }
        }
    }

    fn tuple_variant<V: Visitor<'a>>(self, len: usize, visitor: V) -> Result<V::Value, Fail> {
        if let Some(node) = self.content {
            return NodeDe::new(node, self.de.cx, self.de.field).deserialize_tuple(len, visitor);
        }
        match self.group {
            Some(Group::Items(items)) if items.len() == len => {
                visitor.visit_seq(Items::new(items, self.de.cx))
            }
            _ => {
                self.de.cx.note(
                    self.de.node.pos,
                    format!("`{}` takes {len} values in brackets", self.name),
                    None,
                );
                StandIn::new(self.de.cx).deserialize_tuple(len, visitor)
            }
        }
    }

    fn struct_variant<V: Visitor<'a>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Fail> {
        if let Some(node) = self.content {
            let name = self.name;
            return NodeDe::new(node, self.de.cx, self.de.field)
                .deserialize_struct(name, fields, visitor);
        }
        let given: &'a [Field] = match self.group {
            None => &[],
            Some(Group::Fields(fs)) => fs,
            Some(Group::Items(items)) if items.is_empty() => &[],
            Some(Group::Items(_)) => {
                self.de.cx.note(
                    self.de.node.pos,
                    format!(
                        "`{}` takes named fields, `{}(name: value, …)`",
                        self.name, self.name
                    ),
                    None,
                );
                return StandIn::new(self.de.cx).deserialize_struct(self.name, fields, visitor);
            }
        };
        let name = self.name;
        self.de.record(name, given, fields, visitor)
    }
}

/// A neutral value of whatever type is asked for, standing in for one
/// that is missing or wrong (its mistake is already noted).
struct StandIn<'a> {
    depth: usize,
    cx: &'a Cx<'a>,
}

impl<'a> StandIn<'a> {
    fn new(cx: &'a Cx<'a>) -> Self {
        StandIn { depth: 0, cx }
    }

    fn deeper(&self) -> Result<StandIn<'a>, Fail> {
        if self.depth >= MAX_STAND_IN_DEPTH {
            return Err(de::Error::custom("a value that contains itself is missing"));
        }
        Ok(StandIn {
            depth: self.depth + 1,
            cx: self.cx,
        })
    }
}

macro_rules! zeros {
    ($($method:ident $visit:ident $zero:expr;)*) => {$(
        fn $method<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Fail> {
            visitor.$visit($zero)
        }
    )*};
}

impl<'a> de::Deserializer<'a> for StandIn<'a> {
    type Error = Fail;

    zeros! {
        deserialize_bool visit_bool false;
        deserialize_i8 visit_i8 0;
        deserialize_i16 visit_i16 0;
        deserialize_i32 visit_i32 0;
        deserialize_i64 visit_i64 0;
        deserialize_u8 visit_u8 0;
        deserialize_u16 visit_u16 0;
        deserialize_u32 visit_u32 0;
        deserialize_u64 visit_u64 0;
        deserialize_f32 visit_f32 0.0;
        deserialize_f64 visit_f64 0.0;
        deserialize_char visit_char ' ';
        deserialize_str visit_str "";
        deserialize_string visit_str "";
        deserialize_identifier visit_str "";
        deserialize_bytes visit_bytes &[];
        deserialize_byte_buf visit_bytes &[];
    }

    fn deserialize_any<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Fail> {
        visitor.visit_unit()
    }

    fn deserialize_ignored_any<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Fail> {
        visitor.visit_unit()
    }

    fn deserialize_unit<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Fail> {
        visitor.visit_unit()
    }

    fn deserialize_option<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Fail> {
        visitor.visit_none()
    }

    fn deserialize_unit_struct<V: Visitor<'a>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, Fail> {
        visitor.visit_unit()
    }

    fn deserialize_newtype_struct<V: Visitor<'a>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, Fail> {
        visitor.visit_newtype_struct(self.deeper()?)
    }

    fn deserialize_seq<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Fail> {
        visitor.visit_seq(StandIns {
            left: 0,
            inner: self,
        })
    }

    fn deserialize_tuple<V: Visitor<'a>>(self, len: usize, visitor: V) -> Result<V::Value, Fail> {
        let inner = self.deeper()?;
        visitor.visit_seq(StandIns { left: len, inner })
    }

    fn deserialize_tuple_struct<V: Visitor<'a>>(
        self,
        _: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, Fail> {
        self.deserialize_tuple(len, visitor)
    }

    fn deserialize_map<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Fail> {
        visitor.visit_map(StandInFields {
            fields: [].iter(),
            inner: self,
        })
    }

    fn deserialize_struct<V: Visitor<'a>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Fail> {
        let inner = self.deeper()?;
        visitor.visit_map(StandInFields {
            fields: fields.iter(),
            inner,
        })
    }

    fn deserialize_enum<V: Visitor<'a>>(
        self,
        _: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Fail> {
        let Some(first) = variants.first() else {
            return Err(de::Error::custom("a value of a type without variants"));
        };
        let inner = self.deeper()?;
        visitor.visit_enum(StandInVariant { name: first, inner })
    }
}

struct StandIns<'a> {
    left: usize,
    inner: StandIn<'a>,
}

impl<'a> de::SeqAccess<'a> for StandIns<'a> {
    type Error = Fail;

    fn next_element_seed<S: DeserializeSeed<'a>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, Fail> {
        if self.left == 0 {
            return Ok(None);
        }
        self.left -= 1;
        seed.deserialize(self.inner.deeper()?).map(Some)
    }
}

struct StandInFields<'a> {
    fields: std::slice::Iter<'static, &'static str>,
    inner: StandIn<'a>,
}

impl<'a> de::MapAccess<'a> for StandInFields<'a> {
    type Error = Fail;

    fn next_key_seed<K: DeserializeSeed<'a>>(&mut self, seed: K) -> Result<Option<K::Value>, Fail> {
        match self.fields.next() {
            Some(name) => seed
                .deserialize(de::value::BorrowedStrDeserializer::new(name))
                .map(Some),
            None => Ok(None),
        }
    }

    fn next_value_seed<S: DeserializeSeed<'a>>(&mut self, seed: S) -> Result<S::Value, Fail> {
        seed.deserialize(self.inner.deeper()?)
    }
}

struct StandInVariant<'a> {
    name: &'static str,
    inner: StandIn<'a>,
}

impl<'a> de::EnumAccess<'a> for StandInVariant<'a> {
    type Error = Fail;
    type Variant = StandIn<'a>;

    fn variant_seed<S: DeserializeSeed<'a>>(
        self,
        seed: S,
    ) -> Result<(S::Value, StandIn<'a>), Fail> {
        let v = seed.deserialize(de::value::BorrowedStrDeserializer::new(self.name))?;
        Ok((v, self.inner))
    }
}

impl<'a> de::VariantAccess<'a> for StandIn<'a> {
    type Error = Fail;

    fn unit_variant(self) -> Result<(), Fail> {
        Ok(())
    }

    fn newtype_variant_seed<S: DeserializeSeed<'a>>(self, seed: S) -> Result<S::Value, Fail> {
        seed.deserialize(self)
    }

    fn tuple_variant<V: Visitor<'a>>(self, len: usize, visitor: V) -> Result<V::Value, Fail> {
        de::Deserializer::deserialize_tuple(self, len, visitor)
    }

    fn struct_variant<V: Visitor<'a>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Fail> {
        de::Deserializer::deserialize_struct(self, "", fields, visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::schema::ScenarioFile;

    fn mistakes(text: &str) -> Vec<String> {
        let doc = super::super::tree::parse(text, 64).expect("reads");
        let (_, found) = check::<ScenarioFile>(&doc);
        found
            .iter()
            .map(|d| format!("{}:{} {}", d.line, d.col, d.message))
            .collect()
    }

    /// The line and column where `needle` starts in `text`.
    fn at(text: &str, needle: &str) -> String {
        let i = text.find(needle).unwrap_or_else(|| panic!("{needle}"));
        let line = text[..i].matches('\n').count() + 1;
        let col = text[..i].rsplit('\n').next().unwrap().chars().count() + 1;
        format!("{line}:{col}")
    }

    #[test]
    fn the_shipped_scenarios_read_without_a_mistake() {
        for text in [
            include_str!("../../scenarios/summer1939.ron"),
            include_str!("../../scenarios/polish_question.ron"),
            include_str!("../../scenarios/tiny.ron"),
        ] {
            assert_eq!(mistakes(text), Vec::<String>::new());
        }
    }

    #[test]
    fn ten_different_mistakes_get_ten_messages_in_one_run() {
        let mut text = include_str!("../../scenarios/tiny.ron").to_string();
        for (from, to) in [
            ("days_per_turn: 7", "days_per_turn: \"seven\""),
            ("role: head_of_state", "role: head_of_stat"),
            (
                "(id: \"south\", name: \"South\", ideology",
                "(id: \"south\", ideology",
            ),
            ("strength: 60.0,", "strenght: 60.0,"),
            ("trade_need: 0.2,", "trade_need: 0.2, trade_need: 0.3,"),
            ("(id: \"gamma\", name", "(id: \"gamma\" name"),
            ("reason: Some(\"rivals\")", "reason: \"rivals\""),
            ("clauses: [MutualAssistance]", "clauses: [MutualAsistance]"),
            ("value: 8.0", "value: 8.0.0"),
            ("pride: 0.4", "pride: [0.4]"),
        ] {
            assert!(text.contains(from), "{from}");
            text = text.replacen(from, to, 1);
        }
        let expected = vec![
            format!(
                "{} `days_per_turn`: expected a whole number, found the text `\"seven\"`",
                at(&text, "\"seven\"")
            ),
            format!(
                "{} `reason`: expected `Some( … )` or `None`, found the text `\"rivals\"`",
                at(&text, "\"rivals\"")
            ),
            format!(
                "{} missing field `strength` in a power",
                at(&text, "(id: \"beta\"")
            ),
            format!(
                "{} unknown field `strenght` in a power",
                at(&text, "strenght")
            ),
            format!(
                "{} the field `trade_need` is given twice in a power",
                at(&text, "trade_need: 0.3")
            ),
            format!("{} expected a comma", at(&text, "name: \"Gamma\"")),
            format!(
                "{} missing field `name` in a power",
                at(&text, "(id: \"south\", ideology")
            ),
            format!(
                "{} `role`: `head_of_stat` is not a leader's role",
                at(&text, "head_of_stat")
            ),
            format!(
                "{} `pride`: expected a number, found a list `[ … ]`",
                at(&text, "[0.4]")
            ),
            format!("{} `value`: `8.0.0` is not a number", at(&text, "8.0.0")),
            format!(
                "{} `MutualAsistance` is not a clause",
                at(&text, "MutualAsistance")
            ),
        ];
        assert_eq!(mistakes(&text), expected);
    }

    #[test]
    fn what_a_stand_in_hides_is_still_checked() {
        // A whole record of the wrong kind, and mistakes inside a value
        // that had to be read as `Some`.
        let found = mistakes(
            "Scenario(format: 2, id: \"x\", title: \"t\", calendar: [1], powers: [], profiles: [], outcomes: [],\n affinities: [(a: \"p\", b: \"q\", value: 1.0, reason: (\"r\"))])",
        );
        assert_eq!(
            found,
            vec![
                "1:52 `calendar`: expected the calendar written `(name: value, …)`, found a list `[ … ]`",
                "2:52 `reason`: expected `Some( … )` or `None`, found values in parentheses `( … )`",
                "2:52 `reason`: expected text in double quotes, found values in parentheses `( … )`",
            ]
        );
    }

    #[test]
    fn a_type_that_contains_itself_does_not_loop() {
        // Conditions nest; a missing one stands in without end.
        let text = include_str!("../../scenarios/tiny.ron");
        let doc = crate::scenario::tree::parse(text, 64).expect("reads");
        let (value, found) = check::<ScenarioFile>(&doc);
        assert!(value.is_some() && found.is_empty());
        let broken = text.replacen("Scenario(", "Scenario(objectives: [(when: Not())], ", 1);
        let doc = crate::scenario::tree::parse(&broken, 64).expect("reads");
        let (_, found) = check::<ScenarioFile>(&doc);
        assert!(!found.is_empty());
    }
}
