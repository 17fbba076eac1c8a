//! The desktop game: window, map, UI and input, as a `DesktopPlugin` on top
//! of the same `SimulationPlugin` the headless runner uses. Built with the
//! `desktop` feature (on by default); the next milestone fills it in.
