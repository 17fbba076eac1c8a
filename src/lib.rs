//! Spheres: a turn-based diplomacy strategy game, Summer 1939.
//!
//! Layers, each depending only on those above it: [`rules`] (plain Rust),
//! [`scenario`] (RON files), [`ai`] (players), [`sim`] (the Bevy ECS game),
//! [`headless`] (command-line matches) and, with the `desktop` feature,
//! `desktop` (window, map, UI).

// Input never reaches an unwrap: every path that handles files, saves,
// replays or bots returns an error instead.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod ai;
#[cfg(feature = "desktop")]
pub mod desktop;
pub mod files;
#[doc(hidden)]
pub mod fuzzing;
pub mod headless;
pub mod rules;
pub mod scenario;
pub mod sim;

/// The game makes many small, short-lived allocations (the AI's candidate
/// documents, assessments, log lines); mimalloc serves them in a fraction
/// of the system allocator's time (see `benches/spheres.rs`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
