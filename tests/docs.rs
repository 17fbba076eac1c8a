//! docs/modding.md documents every field and variant of the scenario format:
//! adding one to the schema without documenting it fails here.

#[test]
fn every_schema_field_is_documented() {
    // The map's file types (not its projected geometry).
    let map = include_str!("../src/scenario/map.rs");
    let map_file = map
        .split_once("/// A map file as written.")
        .and_then(|(_, rest)| rest.split_once("/// A projected point"))
        .map(|(file_types, _)| file_types)
        .expect("map.rs declares its file types");
    // The clauses files write are the rules' own enum.
    let clauses = include_str!("../src/rules/clause.rs");
    let clause_enum = clauses
        .split_once("pub enum ClauseOf")
        .and_then(|(_, rest)| rest.split_once("\n}\n"))
        .map(|(body, _)| format!("pub enum ClauseOf{body}\n}}\n"))
        .expect("clause.rs declares the clause enum");
    let schema = [
        include_str!("../src/scenario/schema.rs"),
        include_str!("../src/scenario/mods.rs"),
        map_file,
        &clause_enum,
    ]
    .concat();
    let doc = include_str!("../docs/modding.md");
    let mut missing = Vec::new();
    let mut in_enum = false;
    for line in schema.lines() {
        if line.starts_with("fn ") || line.starts_with("pub fn ") {
            in_enum = false;
        }
        let t = line.trim();
        if t.starts_with("pub enum ") {
            in_enum = true;
        } else if t.starts_with("pub struct ") || t == "}" && !line.starts_with(' ') {
            in_enum = false;
        }
        // Struct fields: `pub name: Type,`
        if let Some(rest) = t.strip_prefix("pub ")
            && let Some((name, _)) = rest.split_once(':')
            && !name.contains(' ')
            && !name.contains('(')
        {
            if !doc.contains(&format!("`{name}`")) {
                missing.push(name.to_string());
            }
            continue;
        }
        // Enum variants (four spaces in, capitalised) and their fields.
        if in_enum && line.starts_with("    ") && !line.starts_with("     ") {
            let name: String = t.chars().take_while(|c| c.is_alphanumeric()).collect();
            if name.chars().next().is_some_and(|c| c.is_uppercase()) && !doc.contains(name.as_str())
            {
                missing.push(name);
            }
        }
        if in_enum
            && line.starts_with("        ")
            && let Some((name, _)) = t.split_once(':')
            && name.chars().all(|c| c.is_ascii_lowercase() || c == '_')
            && !doc.contains(&format!("{name}:"))
        {
            missing.push(name.to_string());
        }
    }
    // The memory kinds and profile kinds are documented by name too.
    for word in [
        "accepted_deal",
        "refused_deal",
        "ignored_proposal",
        "broken_treaty",
        "treaty_in_force",
        "head_of_state",
        "foreign_minister",
        "envoy",
        "historical",
    ] {
        if !doc.contains(word) {
            missing.push(word.to_string());
        }
    }
    assert!(
        missing.is_empty(),
        "docs/modding.md does not document: {missing:?}"
    );
}

#[test]
fn every_weight_is_documented_with_its_default_and_range() {
    let doc = include_str!("../docs/modding.md");
    let section = doc
        .split_once("### `model`")
        .and_then(|(_, rest)| rest.split_once("\n### "))
        .map(|(model, _)| model)
        .expect("docs/modding.md has a `model` section");
    let mut wrong = Vec::new();
    for w in spheres::rules::weights::ModelWeights::TABLE {
        let row = section
            .lines()
            .find(|l| l.starts_with(&format!("| `{}` |", w.name)));
        let Some(row) = row else {
            wrong.push(format!("{}: not in the table", w.name));
            continue;
        };
        let default = format!("`{:?}`", w.default);
        let range = format!("{:?}–{:?}", w.min, w.max);
        if !row.contains(&default) || !row.contains(&range) {
            wrong.push(format!(
                "{}: expected {default} and {range} in `{row}`",
                w.name
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "docs/modding.md is out of date: {wrong:#?}"
    );
}
