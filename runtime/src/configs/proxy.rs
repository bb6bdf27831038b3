//! `pallet_proxy`: delegated accounts with limited rights.

use crate::{deposit, Balance, Balances, Runtime, RuntimeCall, RuntimeEvent, System};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{
	parameter_types,
	traits::{ConstU32, InstanceFilter},
};
use sp_runtime::traits::BlakeTwo256;

/// What a proxy may do for its delegator.
#[derive(
	Copy,
	Clone,
	Eq,
	PartialEq,
	Ord,
	PartialOrd,
	Encode,
	Decode,
	DecodeWithMemTracking,
	Debug,
	MaxEncodedLen,
	scale_info::TypeInfo,
	Default,
)]
pub enum ProxyType {
	/// Any call.
	#[default]
	Any,
	/// Only calls that cannot move the delegator's BDES, tokens or NFTs to anyone else.
	NonTransfer,
	/// Council and membership calls.
	Governance,
	/// Only cancelling announced proxy calls.
	CancelProxy,
}

/// The calls a `NonTransfer` proxy may make: an allow-list of calls that cannot move the
/// delegator's value to anyone else (they may hold or release the delegator's own deposits and
/// claim what is owed to it). A call not named here, including every call of a pallet added
/// later, is refused.
fn moves_no_value(c: &RuntimeCall) -> bool {
	match c {
		RuntimeCall::System(
			frame_system::Call::remark { .. } | frame_system::Call::remark_with_event { .. },
		) => true,
		RuntimeCall::Vesting(
			pallet_vesting::Call::vest { .. }
			| pallet_vesting::Call::vest_other { .. }
			| pallet_vesting::Call::merge_schedules { .. },
		) => true,
		RuntimeCall::Session(
			pallet_session::Call::set_keys { .. } | pallet_session::Call::purge_keys { .. },
		) => true,
		RuntimeCall::CollatorSelection(
			pallet_collator_selection::Call::register_as_candidate { .. }
			| pallet_collator_selection::Call::leave_intent { .. },
		) => true,
		RuntimeCall::Council(
			pallet_collective::Call::propose { .. }
			| pallet_collective::Call::vote { .. }
			| pallet_collective::Call::close { .. },
		) => true,
		// Inner calls of a batch or a derivative pass this filter too (the origin keeps it).
		RuntimeCall::Utility(
			pallet_utility::Call::batch { .. }
			| pallet_utility::Call::batch_all { .. }
			| pallet_utility::Call::force_batch { .. }
			| pallet_utility::Call::as_derivative { .. },
		) => true,
		// pallet-proxy itself refuses to add a proxy of a wider type than the caller's.
		RuntimeCall::Proxy(
			pallet_proxy::Call::add_proxy { .. }
			| pallet_proxy::Call::remove_proxy { .. }
			| pallet_proxy::Call::remove_proxies { .. }
			| pallet_proxy::Call::remove_announcement { .. }
			| pallet_proxy::Call::reject_announcement { .. },
		) => true,
		RuntimeCall::Preimage(
			pallet_preimage::Call::note_preimage { .. }
			| pallet_preimage::Call::unnote_preimage { .. },
		) => true,
		RuntimeCall::DataAssets(
			pallet_data_assets::Call::delist { .. }
			| pallet_data_assets::Call::remove { .. }
			| pallet_data_assets::Call::report_pins { .. },
		) => true,
		RuntimeCall::DataLicences(
			pallet_data_licences::Call::close_offer { .. }
			| pallet_data_licences::Call::report_usage { .. }
			| pallet_data_licences::Call::cleanup { .. },
		) => true,
		RuntimeCall::RevenueShares(
			pallet_revenue_shares::Call::stake { .. }
			| pallet_revenue_shares::Call::unstake { .. }
			| pallet_revenue_shares::Call::claim { .. },
		) => true,
		RuntimeCall::OrderBook(
			pallet_order_book::Call::cancel { .. }
			| pallet_order_book::Call::cleanup { .. }
			| pallet_order_book::Call::remove_expired { .. }
			| pallet_order_book::Call::claim_units { .. },
		) => true,
		RuntimeCall::Feeds(
			pallet_feeds::Call::close_feed { .. } | pallet_feeds::Call::release_batch { .. },
		) => true,
		RuntimeCall::NftMarket(
			pallet_nft_market::Call::cancel_sale { .. }
			| pallet_nft_market::Call::cancel_auction { .. }
			| pallet_nft_market::Call::settle { .. },
		) => true,
		_ => false,
	}
}

impl InstanceFilter<RuntimeCall> for ProxyType {
	fn filter(&self, c: &RuntimeCall) -> bool {
		match self {
			ProxyType::Any => true,
			ProxyType::NonTransfer => moves_no_value(c),
			ProxyType::Governance => matches!(
				c,
				RuntimeCall::Council(..)
					| RuntimeCall::CouncilMembership(..)
					| RuntimeCall::Treasury(..)
					| RuntimeCall::EcosystemFund(..)
					| RuntimeCall::Utility(..)
			),
			ProxyType::CancelProxy => {
				matches!(c, RuntimeCall::Proxy(pallet_proxy::Call::reject_announcement { .. }))
			},
		}
	}
	fn is_superset(&self, o: &Self) -> bool {
		match (self, o) {
			(x, y) if x == y => true,
			(ProxyType::Any, _) => true,
			(_, ProxyType::Any) => false,
			(ProxyType::NonTransfer, _) => true,
			_ => false,
		}
	}
}

parameter_types! {
	// One storage item: 32 bytes of key plus 8 bytes of value.
	pub const ProxyDepositBase: Balance = deposit(1, 8);
	// Each proxy adds 33 bytes.
	pub const ProxyDepositFactor: Balance = deposit(0, 33);
	pub const AnnouncementDepositBase: Balance = deposit(1, 8);
	pub const AnnouncementDepositFactor: Balance = deposit(0, 66);
}

impl pallet_proxy::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type Currency = Balances;
	type ProxyType = ProxyType;
	type ProxyDepositBase = ProxyDepositBase;
	type ProxyDepositFactor = ProxyDepositFactor;
	type MaxProxies = ConstU32<32>;
	type WeightInfo = pallet_proxy::weights::SubstrateWeight<Runtime>;
	type MaxPending = ConstU32<32>;
	type CallHasher = BlakeTwo256;
	type AnnouncementDepositBase = AnnouncementDepositBase;
	type AnnouncementDepositFactor = AnnouncementDepositFactor;
	type BlockNumberProvider = System;
}
