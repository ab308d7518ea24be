//! Stable UUIDs: the same inputs give the same id, so the same plan gives
//! the same Bundle and the same request the same cards.

use std::hash::{Hash, Hasher};

/// A version-4-shaped UUID derived from `seed`.
pub fn stable<H: Hash>(seed: H) -> String {
    let mut words = [0u64; 2];
    for (n, w) in words.iter_mut().enumerate() {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        (&seed, n).hash(&mut h);
        *w = h.finish();
    }
    let x = (u128::from(words[0]) << 64) | u128::from(words[1]);
    // Version 4 and variant bits, so that it parses as a UUID everywhere.
    let x = (x & !(0xf << 76) | (0x4 << 76)) & !(0x3 << 62) | (0x2 << 62);
    let h = format!("{x:032x}");
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn shaped_like_a_v4_uuid_and_stable() {
        let a = super::stable(("x", 1));
        assert_eq!(a, super::stable(("x", 1)));
        assert_ne!(a, super::stable(("x", 2)));
        let parts: Vec<&str> = a.split('-').collect();
        assert_eq!(
            parts.iter().map(|p| p.len()).collect::<Vec<_>>(),
            [8, 4, 4, 4, 12]
        );
        assert!(parts[2].starts_with('4'));
        assert!(matches!(parts[3].as_bytes()[0], b'8' | b'9' | b'a' | b'b'));
    }
}
