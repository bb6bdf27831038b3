//! `pallet_authorship`: finds each block's author and tells the reward pallets.

use crate::{Aura, CollatorRewards, CollatorSelection, ReservePool, Runtime};

impl pallet_authorship::Config for Runtime {
	type FindAuthor = pallet_session::FindAccountFromAuthorIndex<Self, Aura>;
	// Collator selection records liveness; collator rewards pays the fixed per-block reward;
	// the reserve pool counts the blocks each producer authored in its period.
	type EventHandler = (CollatorSelection, CollatorRewards, ReservePool);
}
