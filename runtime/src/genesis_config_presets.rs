//! Genesis presets: `development`, `local_testnet` and `production`.
//!
//! Every preset creates exactly [`TOTAL_ISSUANCE`] (5,000,000,000 BDES); nothing mints after
//! genesis. The local and production presets follow the whitepaper's allocation (§6.3), see
//! [`allocation`]. The development preset funds the usual dev accounts instead, and still keeps
//! the ecosystem and block-producer pots.

use crate::{
	configs::{
		data_assets::DataAssetsPalletId, data_licences::DataLicencesPalletId,
		revenue_shares::RevenueSharesPalletId, treasury::TreasuryAccount, CollatorRewardsPalletId,
		EcosystemPalletId,
	},
	AccountId, AuraId, Balance, BalancesConfig, BlockNumber, CollatorSelectionConfig,
	CouncilMembershipConfig, DataAssetsConfig, DataLicencesConfig, ParachainInfoConfig,
	PolkadotXcmConfig, RevenueSharesConfig, RuntimeGenesisConfig, SessionConfig, SessionKeys,
	SudoConfig, VestingConfig, BDES, DAYS, EXISTENTIAL_DEPOSIT, TOTAL_ISSUANCE, YEARS,
};
use alloc::{vec, vec::Vec};
use cumulus_primitives_core::ParaId;
use frame_support::{build_struct_json_patch, BoundedVec};
use sp_core::{crypto::AccountId32, sr25519};
use sp_genesis_builder::{PresetId, DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET};
use sp_keyring::Sr25519Keyring;
use sp_runtime::traits::AccountIdConversion;

/// The production-shaped preset.
pub const PRODUCTION_RUNTIME_PRESET: &str = "production";

/// Para id of the development and local presets (and, until registration, production).
pub const PARACHAIN_ID: u32 = 2000;

/// XCM version used until a destination's version is known.
const SAFE_XCM_VERSION: u32 = xcm::prelude::XCM_VERSION;

/// Bond of a collator candidate (invulnerables need none).
const CANDIDACY_BOND: Balance = 10_000 * BDES;

/// The whitepaper's genesis allocation (§6.3), in percent of [`TOTAL_ISSUANCE`].
pub mod allocation {
	use super::*;

	/// Exchange / founder.
	pub const FOUNDER_PERCENT: u128 = 50;
	/// Public sale.
	pub const PUBLIC_SALE_PERCENT: u128 = 10;
	/// Advisors, vested (see [`ADVISOR_VESTING_START`], [`ADVISOR_VESTING_LENGTH`]).
	pub const ADVISORS_PERCENT: u128 = 3;
	/// Ecosystem incentives: the `EcosystemFund` pot the Council spends from.
	pub const ECOSYSTEM_PERCENT: u128 = 20;
	/// Block-producer rewards: the `CollatorRewards` pot.
	pub const BLOCK_PRODUCERS_PERCENT: u128 = 5;
	/// Other (foundation operations). The reserve pool's existential deposit comes out of it.
	pub const OTHER_PERCENT: u128 = 12;

	/// Advisors' tokens start to unlock after one year...
	pub const ADVISOR_VESTING_START: BlockNumber = YEARS;
	/// ...and unlock linearly over the two years after that.
	pub const ADVISOR_VESTING_LENGTH: BlockNumber = 2 * YEARS;

	/// `percent` of the total issuance; exact, as the issuance is a multiple of 100.
	pub const fn share(percent: u128) -> Balance {
		(TOTAL_ISSUANCE / 100).saturating_mul(percent)
	}

	const _: () = assert!(
		FOUNDER_PERCENT
			+ PUBLIC_SALE_PERCENT
			+ ADVISORS_PERCENT
			+ ECOSYSTEM_PERCENT
			+ BLOCK_PRODUCERS_PERCENT
			+ OTHER_PERCENT
			== 100
	);
	const _: () = assert!(TOTAL_ISSUANCE.is_multiple_of(100));
}
use allocation::*;

/// The named holders of the allocation.
pub struct GenesisAccounts {
	/// Exchange / founder.
	pub founder: AccountId,
	/// Public sale.
	pub public_sale: AccountId,
	/// Advisors (vested).
	pub advisors: AccountId,
	/// Other (foundation operations).
	pub other: AccountId,
}

/// The pot of the ecosystem incentives (the `EcosystemFund` treasury instance).
pub fn ecosystem_account() -> AccountId {
	EcosystemPalletId::get().into_account_truncating()
}

/// The pot of the block-producer rewards (`CollatorRewards`).
pub fn collator_rewards_account() -> AccountId {
	CollatorRewardsPalletId::get().into_account_truncating()
}

/// The data-assets pallet's account: pays the deposit of the ownership-NFT collection.
pub fn data_assets_account() -> AccountId {
	DataAssetsPalletId::get().into_account_truncating()
}

/// What each BDES pallet account starts with (out of "other"): the data-assets and licences
/// accounts pay their NFT collection's deposit, the revenue-shares account reserves share
/// tokens' metadata deposits (which issuers pay to it) and keeps dividends on hold; each needs
/// the existential deposit, with room to spare. The order book's account needs none since each
/// market has its own escrow sub-account opened when the market is created, but keeps its pot.
pub const DATA_ASSETS_POT: Balance = 100 * BDES;

/// The licences pallet's account: pays the deposit of the licences collection.
pub fn data_licences_account() -> AccountId {
	DataLicencesPalletId::get().into_account_truncating()
}

/// The revenue-shares pallet's account: owns share tokens, keeps dividends.
pub fn revenue_shares_account() -> AccountId {
	RevenueSharesPalletId::get().into_account_truncating()
}

/// The order book's pallet account (market 0's escrow has the same bytes: a sub-account of index
/// 0 truncates to it).
pub fn order_book_account() -> AccountId {
	crate::configs::order_book::OrderBookPalletId::get().into_account_truncating()
}

/// The pallet accounts funded at genesis, [`DATA_ASSETS_POT`] each.
pub fn pallet_pots() -> Vec<(AccountId, Balance)> {
	[data_assets_account(), data_licences_account(), revenue_shares_account(), order_book_account()]
		.into_iter()
		.map(|who| (who, DATA_ASSETS_POT))
		.collect()
}

/// What [`pallet_pots`] take in all.
pub const PALLET_POTS_TOTAL: Balance = 4 * DATA_ASSETS_POT;

/// The reserve pool (treasury), where fees go.
pub fn reserve_pool_account() -> AccountId {
	TreasuryAccount::get()
}

/// Balances of the whitepaper allocation, summing to [`TOTAL_ISSUANCE`].
pub fn whitepaper_balances(accounts: &GenesisAccounts) -> Vec<(AccountId, Balance)> {
	vec![
		(accounts.founder.clone(), share(FOUNDER_PERCENT)),
		(accounts.public_sale.clone(), share(PUBLIC_SALE_PERCENT)),
		(accounts.advisors.clone(), share(ADVISORS_PERCENT)),
		(ecosystem_account(), share(ECOSYSTEM_PERCENT)),
		(collator_rewards_account(), share(BLOCK_PRODUCERS_PERCENT)),
		// The reserve pool must exist before the first fee arrives, or that fee would be lost.
		(
			accounts.other.clone(),
			share(OTHER_PERCENT)
				.saturating_sub(EXISTENTIAL_DEPOSIT)
				.saturating_sub(PALLET_POTS_TOTAL),
		),
		(reserve_pool_account(), EXISTENTIAL_DEPOSIT),
	]
	.into_iter()
	.chain(pallet_pots())
	.collect()
}

/// Balances of the development preset: the pots as in the whitepaper, the rest split between
/// the dev accounts (any remainder to the first), summing to [`TOTAL_ISSUANCE`].
pub fn development_balances(dev_accounts: &[AccountId]) -> Vec<(AccountId, Balance)> {
	let pots = share(ECOSYSTEM_PERCENT)
		.saturating_add(share(BLOCK_PRODUCERS_PERCENT))
		.saturating_add(EXISTENTIAL_DEPOSIT)
		.saturating_add(PALLET_POTS_TOTAL);
	let rest = TOTAL_ISSUANCE.saturating_sub(pots);
	let count = dev_accounts.len().max(1) as Balance;
	let each = rest / count;
	let remainder = rest.saturating_sub(each.saturating_mul(count));
	let mut balances: Vec<(AccountId, Balance)> = dev_accounts
		.iter()
		.enumerate()
		.map(|(i, who)| (who.clone(), if i == 0 { each.saturating_add(remainder) } else { each }))
		.collect();
	balances.push((ecosystem_account(), share(ECOSYSTEM_PERCENT)));
	balances.push((collator_rewards_account(), share(BLOCK_PRODUCERS_PERCENT)));
	balances.push((reserve_pool_account(), EXISTENTIAL_DEPOSIT));
	balances.extend(pallet_pots());
	balances
}

/// Advisors' vesting schedule: (who, start, length, liquid at genesis).
fn advisor_vesting(advisors: &AccountId) -> Vec<(AccountId, BlockNumber, BlockNumber, Balance)> {
	vec![(advisors.clone(), ADVISOR_VESTING_START, ADVISOR_VESTING_LENGTH, 0)]
}

struct PresetParams {
	invulnerables: Vec<(AccountId, AuraId)>,
	balances: Vec<(AccountId, Balance)>,
	vesting: Vec<(AccountId, BlockNumber, BlockNumber, Balance)>,
	council: Vec<AccountId>,
	sudo: Option<AccountId>,
	para_id: ParaId,
	/// IPFS pinners registered from the start (their nodes need the `bdpn` key).
	pinners: Vec<AccountId>,
	/// Data gateways registered from the start (they sign usage batches).
	gateways: Vec<AccountId>,
	/// Warm-up of revenue-share stakes, in blocks (the Council can change it).
	warm_up: BlockNumber,
}

/// The development chain's warm-up: a stake earns from the first even block at least two
/// blocks later (within 3 blocks, 9 s), so a walkthrough or an end-to-end test sees a stake
/// earn from the licence sale that follows it; the real chains keep the day that protects
/// against staking just before a revenue everyone sees coming.
const DEVELOPMENT_WARM_UP: BlockNumber = 2;

fn genesis(p: PresetParams) -> serde_json::Value {
	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig { balances: p.balances },
		parachain_info: ParachainInfoConfig { parachain_id: p.para_id },
		collator_selection: CollatorSelectionConfig {
			invulnerables: p.invulnerables.iter().cloned().map(|(acc, _)| acc).collect(),
			candidacy_bond: CANDIDACY_BOND,
		},
		session: SessionConfig {
			keys: p
				.invulnerables
				.into_iter()
				.map(|(acc, aura)| (acc.clone(), acc, SessionKeys { aura }))
				.collect(),
		},
		polkadot_xcm: PolkadotXcmConfig { safe_xcm_version: Some(SAFE_XCM_VERSION) },
		vesting: VestingConfig { vesting: p.vesting },
		council_membership: CouncilMembershipConfig {
			members: BoundedVec::truncate_from(p.council),
		},
		sudo: SudoConfig { key: p.sudo },
		data_assets: DataAssetsConfig { pinners: p.pinners, replication_target: 1 },
		data_licences: DataLicencesConfig { gateways: p.gateways },
		revenue_shares: RevenueSharesConfig { warm_up: p.warm_up },
	})
}

fn dev_council() -> Vec<AccountId> {
	vec![
		Sr25519Keyring::Alice.to_account_id(),
		Sr25519Keyring::Bob.to_account_id(),
		Sr25519Keyring::Charlie.to_account_id(),
	]
}

/// `development`: one collator (Alice), sudo Alice, Council Alice/Bob/Charlie, dev accounts
/// funded.
fn development_config_genesis() -> serde_json::Value {
	let dev_accounts: Vec<AccountId> =
		Sr25519Keyring::well_known().map(|k| k.to_account_id()).collect();
	genesis(PresetParams {
		invulnerables: vec![(
			Sr25519Keyring::Alice.to_account_id(),
			Sr25519Keyring::Alice.public().into(),
		)],
		balances: development_balances(&dev_accounts),
		vesting: vec![],
		council: dev_council(),
		sudo: Some(Sr25519Keyring::Alice.to_account_id()),
		para_id: PARACHAIN_ID.into(),
		pinners: vec![Sr25519Keyring::Alice.to_account_id()],
		gateways: vec![Sr25519Keyring::Ferdie.to_account_id()],
		warm_up: DEVELOPMENT_WARM_UP,
	})
}

/// The named accounts of the local testnet: Alice is the founder, Bob the public sale, Charlie
/// the advisors, Dave "other".
pub fn local_testnet_accounts() -> GenesisAccounts {
	GenesisAccounts {
		founder: Sr25519Keyring::Alice.to_account_id(),
		public_sale: Sr25519Keyring::Bob.to_account_id(),
		advisors: Sr25519Keyring::Charlie.to_account_id(),
		other: Sr25519Keyring::Dave.to_account_id(),
	}
}

/// `local_testnet`: two collators (Alice, Bob), sudo Alice, the whitepaper allocation.
fn local_testnet_genesis() -> serde_json::Value {
	let accounts = local_testnet_accounts();
	genesis(PresetParams {
		invulnerables: vec![
			(Sr25519Keyring::Alice.to_account_id(), Sr25519Keyring::Alice.public().into()),
			(Sr25519Keyring::Bob.to_account_id(), Sr25519Keyring::Bob.public().into()),
		],
		balances: whitepaper_balances(&accounts),
		vesting: advisor_vesting(&accounts.advisors),
		council: dev_council(),
		sudo: Some(Sr25519Keyring::Alice.to_account_id()),
		para_id: PARACHAIN_ID.into(),
		pinners: vec![Sr25519Keyring::Alice.to_account_id(), Sr25519Keyring::Bob.to_account_id()],
		gateways: vec![Sr25519Keyring::Ferdie.to_account_id()],
		// As on the production chain: a stake earns after one to two days.
		warm_up: DAYS,
	})
}

/// Production accounts. These are PLACEHOLDERS whose 32 bytes spell their role, so nobody holds
/// their keys: before launch the foundation replaces each with its real (multisig) account and
/// the collators' session keys, and rebuilds the chain spec.
pub mod production {
	use super::*;

	/// Exchange / founder multisig.
	pub const FOUNDER: [u8; 32] = *b"bdes/genesis/founder-placeholder";
	/// Public sale distribution account.
	pub const PUBLIC_SALE: [u8; 32] = *b"bdes/genesis/publicsale-placehdr";
	/// Advisors' account (vested).
	pub const ADVISORS: [u8; 32] = *b"bdes/genesis/advisors-placeholdr";
	/// Other (foundation operations).
	pub const OTHER: [u8; 32] = *b"bdes/genesis/other-placeholder..";
	/// Council members.
	pub const COUNCIL: [[u8; 32]; 3] = [
		*b"bdes/genesis/council-1-placehldr",
		*b"bdes/genesis/council-2-placehldr",
		*b"bdes/genesis/council-3-placehldr",
	];
	/// Invulnerable collators: (account, Aura key).
	pub const COLLATORS: [([u8; 32], [u8; 32]); 2] = [
		(*b"bdes/genesis/collator-1-account.", *b"bdes/genesis/collator-1-aurakey."),
		(*b"bdes/genesis/collator-2-account.", *b"bdes/genesis/collator-2-aurakey."),
	];

	/// The named allocation accounts.
	pub fn accounts() -> GenesisAccounts {
		GenesisAccounts {
			founder: AccountId32::new(FOUNDER),
			public_sale: AccountId32::new(PUBLIC_SALE),
			advisors: AccountId32::new(ADVISORS),
			other: AccountId32::new(OTHER),
		}
	}
}

/// `production`: the whitepaper allocation to the foundation's accounts, two invulnerable
/// collators, the Council, and no sudo key.
fn production_genesis() -> serde_json::Value {
	let accounts = production::accounts();
	genesis(PresetParams {
		invulnerables: production::COLLATORS
			.iter()
			.map(|(acc, aura)| {
				(AccountId32::new(*acc), AuraId::from(sr25519::Public::from_raw(*aura)))
			})
			.collect(),
		balances: whitepaper_balances(&accounts),
		vesting: advisor_vesting(&accounts.advisors),
		council: production::COUNCIL.iter().map(|m| AccountId32::new(*m)).collect(),
		sudo: None,
		para_id: PARACHAIN_ID.into(),
		// The Council registers pinners and gateways once they run.
		pinners: vec![],
		gateways: vec![],
		// A stake earns from the first day boundary at least a day later.
		warm_up: DAYS,
	})
}

/// The JSON patch of preset `id`, if there is one.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let patch = match id.as_ref() {
		DEV_RUNTIME_PRESET => development_config_genesis(),
		LOCAL_TESTNET_RUNTIME_PRESET => local_testnet_genesis(),
		PRODUCTION_RUNTIME_PRESET => production_genesis(),
		_ => return None,
	};
	Some(serde_json::to_string(&patch).ok()?.into_bytes())
}

/// Names of the presets.
pub fn preset_names() -> Vec<PresetId> {
	vec![
		PresetId::from(DEV_RUNTIME_PRESET),
		PresetId::from(LOCAL_TESTNET_RUNTIME_PRESET),
		PresetId::from(PRODUCTION_RUNTIME_PRESET),
	]
}
