//! Compact index types. Scenario files use lower-case string ids
//! (`germany`, `ukraine`); a loaded scenario resolves them to these indices so
//! the hot paths (the acceptance model, AI search) never compare strings.

use serde::{Deserialize, Serialize};

macro_rules! index_id {
    ($(#[$doc:meta])* $name:ident($inner:ty)) => {
        $(#[$doc])*
        #[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub struct $name(pub $inner);

        impl $name {
            /// The position of this id in its table.
            pub fn index(self) -> usize {
                self.0 as usize
            }
        }
    };
}

index_id!(
    /// A power (great or minor) by its position in the scenario's power list.
    PowerId(u8)
);
index_id!(
    /// A state on the map by its position in the scenario's state list.
    StateId(u8)
);
index_id!(
    /// A leader by its position in the scenario's leader list.
    LeaderId(u8)
);
index_id!(
    /// A bloc (such as the Axis) by its position in the scenario's bloc list.
    BlocId(u8)
);
index_id!(
    /// A treaty; scenario treaties come first, then those signed in the match.
    TreatyId(u32)
);
index_id!(
    /// A proposal or ultimatum, numbered in the order it was sent.
    ProposalId(u32)
);
