//! Which prices of a book side have orders: a four-level tree of 256-bit words over the 2^32
//! ticks. A leaf bit marks a tick with orders; a bit above marks a word below with a bit set.
//! Finding the best price, or the next one after a price, reads at most eight words whatever
//! the depth of the book — placing and matching cost the same at 10 or 100,000 resting orders.

use crate::{Config, MarketId, Pallet, PriceIndex, Side, Ticks};

/// 256 bits.
pub type Word = [u64; 4];

/// Levels of the tree: 4 × 8 bits of a tick.
const LEVELS: u8 = 4;

/// Word index and bit of `ticks` at `level` (0 = leaves).
fn position(ticks: Ticks, level: u8) -> (u32, u8) {
	let shift = 8 * u32::from(level);
	let index = ticks.checked_shr(shift + 8).unwrap_or(0);
	let bit = (ticks.checked_shr(shift).unwrap_or(0) & 0xff) as u8;
	(index, bit)
}

fn set(word: &mut Word, bit: u8) {
	word[usize::from(bit >> 6)] |= 1u64 << (bit & 63);
}

fn clear(word: &mut Word, bit: u8) {
	word[usize::from(bit >> 6)] &= !(1u64 << (bit & 63));
}

fn is_empty(word: &Word) -> bool {
	word.iter().all(|w| *w == 0)
}

/// Lowest set bit above `after` (from the bottom when `None`).
fn lowest_above(word: &Word, after: Option<u8>) -> Option<u8> {
	let start: u16 = match after {
		Some(bit) => u16::from(bit) + 1,
		None => 0,
	};
	let first_lane = usize::from(start / 64);
	for (lane, bits) in word.iter().enumerate().skip(first_lane) {
		let mask = if lane == first_lane { u64::MAX << (start % 64) } else { u64::MAX };
		let bits = bits & mask;
		if bits != 0 {
			return Some((lane as u32 * 64 + bits.trailing_zeros()) as u8);
		}
	}
	None
}

/// Highest set bit below `before` (from the top when `None`).
fn highest_below(word: &Word, before: Option<u8>) -> Option<u8> {
	let last: u8 = match before {
		Some(0) => return None,
		Some(bit) => bit - 1,
		None => 255,
	};
	let last_lane = usize::from(last / 64);
	for lane in (0..=last_lane).rev() {
		let mask = if lane == last_lane { u64::MAX >> (63 - last % 64) } else { u64::MAX };
		let bits = word[lane] & mask;
		if bits != 0 {
			return Some((lane as u32 * 64 + 63 - bits.leading_zeros()) as u8);
		}
	}
	None
}

impl<T: Config> Pallet<T> {
	/// Marks `ticks` as having orders on `side` of `market`. Returns the words it wrote (1 to
	/// 4: a word is written only when its bit was clear).
	pub(crate) fn index_insert(market: MarketId, side: Side, ticks: Ticks) -> u32 {
		let mut written = 0;
		for level in 0..LEVELS {
			let (index, bit) = position(ticks, level);
			let key = (level, index);
			let mut word = PriceIndex::<T>::get((market, side), key).unwrap_or_default();
			let was_empty = is_empty(&word);
			set(&mut word, bit);
			PriceIndex::<T>::insert((market, side), key, word);
			written += 1;
			// The levels above already point here.
			if !was_empty {
				break;
			}
		}
		written
	}

	/// Marks `ticks` as having no orders on `side` of `market`. Returns the words it wrote or
	/// removed (0 to 4).
	pub(crate) fn index_remove(market: MarketId, side: Side, ticks: Ticks) -> u32 {
		let mut written = 0;
		for level in 0..LEVELS {
			let (index, bit) = position(ticks, level);
			let key = (level, index);
			let Some(mut word) = PriceIndex::<T>::get((market, side), key) else { break };
			clear(&mut word, bit);
			written += 1;
			if is_empty(&word) {
				PriceIndex::<T>::remove((market, side), key);
			} else {
				PriceIndex::<T>::insert((market, side), key, word);
				// Other ticks below this word keep the levels above set.
				break;
			}
		}
		written
	}

	/// The best price on `side`: the highest bid or the lowest ask.
	pub(crate) fn best_price(market: MarketId, side: Side) -> Option<Ticks> {
		Self::descend(market, side, LEVELS, 0)
	}

	/// The next worse price on `side` after `ticks`: the next lower bid or the next higher ask.
	pub(crate) fn next_price(market: MarketId, side: Side, ticks: Ticks) -> Option<Ticks> {
		for level in 0..LEVELS {
			let (index, bit) = position(ticks, level);
			let Some(word) = PriceIndex::<T>::get((market, side), (level, index)) else {
				continue;
			};
			let found = match side {
				Side::Sell => lowest_above(&word, Some(bit)),
				Side::Buy => highest_below(&word, Some(bit)),
			};
			if let Some(found) = found {
				let prefix = (index << 8) | u32::from(found);
				return Self::descend(market, side, level, prefix);
			}
		}
		None
	}

	/// Follows the best branch from the word `prefix` of `level` down to a tick (`level` = 4:
	/// from the root).
	fn descend(market: MarketId, side: Side, level: u8, mut prefix: u32) -> Option<Ticks> {
		for level in (0..level).rev() {
			let word = PriceIndex::<T>::get((market, side), (level, prefix))?;
			let bit = match side {
				Side::Sell => lowest_above(&word, None),
				Side::Buy => highest_below(&word, None),
			}?;
			prefix = (prefix << 8) | u32::from(bit);
		}
		Some(prefix)
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn bits_are_found_in_both_directions() {
		let mut word = Word::default();
		for bit in [0u8, 63, 64, 130, 255] {
			set(&mut word, bit);
		}
		assert_eq!(lowest_above(&word, None), Some(0));
		assert_eq!(lowest_above(&word, Some(0)), Some(63));
		assert_eq!(lowest_above(&word, Some(64)), Some(130));
		assert_eq!(lowest_above(&word, Some(255)), None);
		assert_eq!(highest_below(&word, None), Some(255));
		assert_eq!(highest_below(&word, Some(130)), Some(64));
		assert_eq!(highest_below(&word, Some(0)), None);
		clear(&mut word, 63);
		assert_eq!(lowest_above(&word, Some(0)), Some(64));
	}

	#[test]
	fn positions_split_a_tick_into_bytes() {
		let t: Ticks = 0x12_34_56_78;
		assert_eq!(position(t, 0), (0x12_34_56, 0x78));
		assert_eq!(position(t, 1), (0x12_34, 0x56));
		assert_eq!(position(t, 2), (0x12, 0x34));
		assert_eq!(position(t, 3), (0, 0x12));
	}
}
