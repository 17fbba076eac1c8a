//! Relations between two powers and the symmetric table that holds them.

use serde::{Deserialize, Serialize};

/// The diplomatic ladder between two powers: normal → strained → severed → war.
#[derive(
    Copy,
    Clone,
    Debug,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    #[default]
    Normal,
    Strained,
    Severed,
    War,
}

impl Relation {
    /// The lower-case word used in files, logs and JSON.
    pub fn name(self) -> &'static str {
        match self {
            Relation::Normal => "normal",
            Relation::Strained => "strained",
            Relation::Severed => "severed",
            Relation::War => "war",
        }
    }

    /// Whether diplomats still talk: proposals are impossible once severed.
    pub fn allows_proposals(self) -> bool {
        self < Relation::Severed
    }

    /// One rung worse (war stays war).
    pub fn worse(self) -> Relation {
        match self {
            Relation::Normal => Relation::Strained,
            Relation::Strained => Relation::Severed,
            Relation::Severed | Relation::War => Relation::War,
        }
    }
}

/// A square table over powers. `set_pair` keeps it symmetric, which is how
/// relations are stored; directional data (opinion, trust) uses `set`.
/// Read from a file, it is checked to be square (and of a sane size).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "RawPairTable<T>")]
pub struct PairTable<T> {
    size: usize,
    cells: Vec<T>,
}

/// A table as written in a file, before it is checked.
#[derive(Deserialize)]
#[serde(rename = "PairTable", deny_unknown_fields)]
struct RawPairTable<T> {
    size: usize,
    cells: Vec<T>,
}

impl<T> TryFrom<RawPairTable<T>> for PairTable<T> {
    type Error = String;

    fn try_from(raw: RawPairTable<T>) -> Result<Self, String> {
        // Ids are bytes: no scenario has more than 256 powers.
        if raw.size > 256 || raw.cells.len() != raw.size * raw.size {
            return Err(format!(
                "a table of {} powers must have {} cells, not {}",
                raw.size,
                raw.size.saturating_mul(raw.size),
                raw.cells.len()
            ));
        }
        Ok(PairTable {
            size: raw.size,
            cells: raw.cells,
        })
    }
}

impl<T> PairTable<T> {
    /// A table of no powers.
    pub const fn empty() -> Self {
        PairTable {
            size: 0,
            cells: Vec::new(),
        }
    }
}

impl<T: Copy> PairTable<T> {
    /// A `size` × `size` table filled with `value`.
    pub fn new(size: usize, value: T) -> Self {
        PairTable {
            size,
            cells: vec![value; size * size],
        }
    }

    /// Number of rows (= columns).
    pub fn size(&self) -> usize {
        self.size
    }

    /// The cell at row `a`, column `b`.
    pub fn get(&self, a: usize, b: usize) -> T {
        self.cells[a * self.size + b]
    }

    /// A reference to the cell at row `a`, column `b`.
    pub fn cell(&self, a: usize, b: usize) -> &T {
        &self.cells[a * self.size + b]
    }

    /// The cell at row `a`, column `b`, or `outside` if either is out of
    /// the table (a view over a world that is not set up yet).
    pub fn cell_or<'a>(&'a self, a: usize, b: usize, outside: &'a T) -> &'a T {
        if a < self.size && b < self.size {
            self.cell(a, b)
        } else {
            outside
        }
    }

    /// A mutable reference to the cell at row `a`, column `b`.
    pub fn get_mut(&mut self, a: usize, b: usize) -> &mut T {
        &mut self.cells[a * self.size + b]
    }

    /// Sets one directional cell.
    pub fn set(&mut self, a: usize, b: usize, value: T) {
        self.cells[a * self.size + b] = value;
    }

    /// Sets both (a, b) and (b, a).
    pub fn set_pair(&mut self, a: usize, b: usize, value: T) {
        self.set(a, b, value);
        self.set(b, a, value);
    }

    /// Row `a` as a slice.
    pub fn row(&self, a: usize) -> &[T] {
        &self.cells[a * self.size..(a + 1) * self.size]
    }

    /// All cells, row-major.
    pub fn cells(&self) -> &[T] {
        &self.cells
    }

    /// All cells, row-major, mutable.
    pub fn cells_mut(&mut self) -> &mut [T] {
        &mut self.cells
    }
}
