//! `pallet_authorship`: finds each block's author and tells the reward pallets.

use crate::{Aura, CollatorRewards, CollatorSelection, Runtime};

impl pallet_authorship::Config for Runtime {
	type FindAuthor = pallet_session::FindAccountFromAuthorIndex<Self, Aura>;
	// Collator selection records liveness; collator rewards pays the fixed per-block reward.
	type EventHandler = (CollatorSelection, CollatorRewards);
}
