//! Seeded random streams. Every decision draws from its own ChaCha stream
//! derived from (match seed, turn, decision id), so results never depend on
//! system order or thread count.

use rand::SeedableRng;
pub use rand::rngs::ChaCha8Rng;

/// SplitMix64 finaliser: spreads nearby inputs far apart.
pub fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A decision id from a tag (what kind of decision) and two operands.
pub fn decision(tag: u8, a: u64, b: u64) -> u64 {
    (u64::from(tag) << 56) ^ (a << 28) ^ b
}

/// The random stream of one decision.
pub fn stream(seed: u64, turn: u32, decision: u64) -> ChaCha8Rng {
    ChaCha8Rng::seed_from_u64(mix(mix(seed)
        ^ mix(u64::from(turn) << 32 ^ 0x5EED)
        ^ mix(decision)))
}

/// Tags of decision kinds, so two kinds never share a stream.
pub mod tag {
    pub const ACT: u8 = 1;
    pub const ANSWER: u8 = 2;
    pub const WAR: u8 = 3;
    pub const HONOUR: u8 = 4;
    pub const SUMMIT: u8 = 5;
    pub const EXPIRE: u8 = 6;
    pub const THREAT: u8 = 7;
    pub const INTEL: u8 = 8;
    pub const MOOD: u8 = 9;
}
