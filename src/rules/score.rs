//! Scores and outcomes: what each power has reached, and the label of how
//! the summer ended, from the scenario's objectives and outcome rules.

use super::view::View;

/// Each power's score: the points of its objectives that hold.
pub fn scores(view: &dyn View) -> Vec<f32> {
    let mut out = vec![0.0; view.setup().power_count()];
    for o in &view.setup().objectives {
        if o.condition.holds(view) {
            out[o.power.index()] += o.points;
        }
    }
    out
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
