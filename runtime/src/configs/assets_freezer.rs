//! `pallet_assets_freezer`: freezes on `pallet_assets` balances.

use crate::{Runtime, RuntimeEvent, RuntimeFreezeReason};

impl pallet_assets_freezer::Config<pallet_assets_freezer::Instance1> for Runtime {
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type RuntimeEvent = RuntimeEvent;
}
