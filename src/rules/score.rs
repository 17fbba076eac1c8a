//! Scores and outcomes: what each power has reached, and the label of how
//! the summer ended, from the scenario's objectives and outcome rules.

use super::view::View;

/// Each power's score: what its objectives earn (whole or graded), less
/// its toll (weeks of war, threats backed down from).
pub fn scores(view: &dyn View) -> Vec<f32> {
    let setup = view.setup();
    let mut out: Vec<f32> = setup.power_ids().map(|p| -view.standing(p).toll).collect();
    for o in &setup.objectives {
        out[o.power.index()] += o.points * o.share(view);
    }
    out
}

/// One power's score (as [`scores`] gives it, without the others').
pub fn score(view: &dyn View, p: super::ids::PowerId) -> f32 {
    let objectives: f32 = view
        .setup()
        .objectives
        .iter()
        .filter(|o| o.power == p)
        .map(|o| o.points * o.share(view))
        .sum();
    objectives - view.standing(p).toll
}

/// What `p` could reach at most (see [`reachable`]), without a table.
pub fn reachable_by(setup: &super::setup::Setup, p: super::PowerId) -> f32 {
    setup
        .objectives
        .iter()
        .filter(|o| o.power == p)
        .map(|o| o.points.max(0.0))
        .sum()
}

/// What each power could reach at most: the points of its objectives
/// worth having (losses to avoid count nothing).
pub fn reachable(setup: &super::setup::Setup) -> Vec<f32> {
    let mut out = vec![0.0; setup.power_count()];
    for o in &setup.objectives {
        out[o.power.index()] += o.points.max(0.0);
    }
    out
}

/// Each power's share of what it could reach (its score over its
/// reachable points; 0 for a power with nothing to reach). The win goes
/// to the largest share, so every seat can win.
pub fn shares(view: &dyn View) -> Vec<f32> {
    let reach = reachable(view.setup());
    scores(view)
        .iter()
        .zip(&reach)
        .map(|(s, r)| if *r > 0.0 { s / r } else { 0.0 })
        .collect()
}

/// Who won: of the playable great powers (every great power if none is
/// playable), those with the largest share of what they could reach, if
/// it is above nothing (a summer in which no seat reached anything has no
/// winner).
pub fn winners(setup: &super::setup::Setup, shares: &[f32]) -> Vec<super::ids::PowerId> {
    let mut contenders: Vec<_> = setup
        .great_powers()
        .filter(|p| setup.power(*p).playable)
        .collect();
    if contenders.is_empty() {
        contenders = setup.great_powers().collect();
    }
    let share = |p: super::ids::PowerId| shares.get(p.index()).copied().unwrap_or(0.0);
    let best = contenders
        .iter()
        .map(|p| share(*p))
        .fold(f32::MIN, f32::max);
    if best <= 0.0 {
        return Vec::new();
    }
    contenders
        .into_iter()
        .filter(|p| share(*p) >= best)
        .collect()
}

/// The label of the first outcome rule that holds.
pub fn outcome(view: &dyn View) -> String {
    view.setup()
        .outcomes
        .iter()
        .find(|o| o.condition.holds(view))
        .map_or_else(|| "undecided".to_string(), |o| o.label.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objectives_score_and_the_first_outcome_that_holds_names_the_match() {
        let mut world = crate::rules::testkit::tiny();
        let setup = world.setup.clone();
        let (alpha, beta, gamma) = (
            setup.power_id("alpha").unwrap(),
            setup.power_id("beta").unwrap(),
            setup.power_id("gamma").unwrap(),
        );
        // At the start beta keeps both states and gamma has peace.
        let start = scores(&world);
        assert_eq!(start[alpha.index()], 0.0);
        assert_eq!(start[beta.index()], 10.0);
        assert_eq!(start[gamma.index()], 5.0);
        assert_eq!(outcome(&world), "quiet");
        let north = setup.state_id("north").unwrap();
        world.territory[north.index()].sphere = alpha;
        assert_eq!(scores(&world)[alpha.index()], 10.0);
        assert_eq!(scores(&world)[beta.index()], 0.0);
        assert_eq!(outcome(&world), "north_moved");
        world.set_relation(alpha, beta, crate::rules::Relation::War);
        assert_eq!(outcome(&world), "war", "the first rule that holds wins");
        assert_eq!(scores(&world)[gamma.index()], 0.0);
    }
}
