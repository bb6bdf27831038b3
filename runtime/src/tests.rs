//! Runtime tests: genesis presets, the fixed supply, where fees go, and collator rewards.

use crate::{
	configs::collator_rewards::REWARD_PER_BLOCK,
	genesis_config_presets::{self as presets, allocation::*, PRODUCTION_RUNTIME_PRESET},
	AccountId, Authorship, Balance, Balances, CollatorRewards, CouncilMembership, Runtime,
	RuntimeCall, RuntimeGenesisConfig, RuntimeOrigin, System, Vesting, BDES, EXISTENTIAL_DEPOSIT,
	TOTAL_ISSUANCE,
};
use codec::Encode;
use frame_support::{
	assert_noop, assert_ok,
	dispatch::GetDispatchInfo,
	traits::{fungible::Inspect, Contains, Hooks, VestingSchedule},
};
use sp_genesis_builder::{DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET};
use sp_keyring::Sr25519Keyring;
use sp_runtime::{
	traits::{DispatchTransaction, Dispatchable, Hash as _},
	Digest, DigestItem, DispatchError,
};

mod compute;
mod feeds;
mod ido;
mod random_calls;
mod readme;
mod reserve_pool;
mod value_safety;
mod weights;
mod xcm;
mod xcm_network;

const ALL_PRESETS: [&str; 3] =
	[DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET, PRODUCTION_RUNTIME_PRESET];

/// Merges `patch` into `base` the way the node's chain-spec builder does.
fn merge(base: &mut serde_json::Value, patch: serde_json::Value) {
	match (base, patch) {
		(serde_json::Value::Object(base), serde_json::Value::Object(patch)) => {
			for (key, value) in patch {
				merge(base.entry(key).or_insert(serde_json::Value::Null), value);
			}
		},
		(base, patch) => *base = patch,
	}
}

/// Genesis state of `preset`, built as the node builds it: defaults, patched, then `build_state`.
fn preset_ext(preset: &str) -> sp_io::TestExternalities {
	let patch = presets::get_preset(&preset.into()).expect("preset exists");
	let patch: serde_json::Value = serde_json::from_slice(&patch).expect("preset is JSON");
	let mut config = serde_json::to_value(RuntimeGenesisConfig::default()).expect("serialises");
	merge(&mut config, patch);
	let json = serde_json::to_vec(&config).expect("serialises");
	let mut ext = sp_io::TestExternalities::new_empty();
	ext.execute_with(|| {
		frame_support::genesis_builder_helper::build_state::<RuntimeGenesisConfig>(json)
			.expect("preset builds");
		System::set_block_number(1);
	});
	ext
}

fn free(who: &AccountId) -> Balance {
	Balances::balance(who)
}

fn alice() -> AccountId {
	Sr25519Keyring::Alice.to_account_id()
}

fn bob() -> AccountId {
	Sr25519Keyring::Bob.to_account_id()
}

#[test]
fn preset_names_are_listed_and_unknown_ones_refused() {
	let names: Vec<String> = presets::preset_names();
	assert_eq!(names, ALL_PRESETS.map(String::from).to_vec());
	assert!(presets::get_preset(&"mainnet-typo".into()).is_none());
}

#[test]
fn every_preset_builds_with_exactly_five_billion_bdes() {
	for preset in ALL_PRESETS {
		preset_ext(preset).execute_with(|| {
			assert_eq!(TOTAL_ISSUANCE, 5_000_000_000 * 100_000);
			assert_eq!(Balances::total_issuance(), TOTAL_ISSUANCE, "preset {preset}");
			// The pots hold their shares.
			assert_eq!(free(&presets::ecosystem_account()), share(ECOSYSTEM_PERCENT));
			assert_eq!(free(&presets::collator_rewards_account()), share(BLOCK_PRODUCERS_PERCENT));
			assert_eq!(free(&presets::reserve_pool_account()), EXISTENTIAL_DEPOSIT);
			assert_eq!(
				pallet_collective::Members::<Runtime, pallet_collective::Instance1>::get().len(),
				3
			);
			assert!(!pallet_collator_selection::Invulnerables::<Runtime>::get().is_empty());
		});
	}
}

#[test]
fn whitepaper_allocation_adds_up() {
	assert_eq!(
		FOUNDER_PERCENT
			+ PUBLIC_SALE_PERCENT
			+ ADVISORS_PERCENT
			+ ECOSYSTEM_PERCENT
			+ BLOCK_PRODUCERS_PERCENT
			+ OTHER_PERCENT,
		100
	);
	let accounts = presets::production::accounts();
	let balances = presets::whitepaper_balances(&accounts);
	let total: Balance = balances.iter().map(|(_, b)| *b).sum();
	assert_eq!(total, TOTAL_ISSUANCE);
	assert_eq!(share(FOUNDER_PERCENT), 2_500_000_000 * BDES);
	assert_eq!(share(PUBLIC_SALE_PERCENT), 500_000_000 * BDES);
	assert_eq!(share(ADVISORS_PERCENT), 150_000_000 * BDES);
	assert_eq!(share(ECOSYSTEM_PERCENT), 1_000_000_000 * BDES);
	assert_eq!(share(BLOCK_PRODUCERS_PERCENT), 250_000_000 * BDES);
	assert_eq!(share(OTHER_PERCENT), 600_000_000 * BDES);
	// Every holder is distinct, so no share is silently merged into another.
	let mut holders: Vec<_> = balances.iter().map(|(a, _)| a.clone()).collect();
	holders.sort();
	holders.dedup();
	assert_eq!(holders.len(), balances.len());
}

#[test]
fn local_testnet_holds_the_named_allocation_and_vests_the_advisors() {
	preset_ext(LOCAL_TESTNET_RUNTIME_PRESET).execute_with(|| {
		let accounts = presets::local_testnet_accounts();
		assert_eq!(free(&accounts.founder), share(FOUNDER_PERCENT));
		assert_eq!(free(&accounts.public_sale), share(PUBLIC_SALE_PERCENT));
		assert_eq!(free(&accounts.advisors), share(ADVISORS_PERCENT));
		assert_eq!(
			free(&accounts.other),
			share(OTHER_PERCENT) - EXISTENTIAL_DEPOSIT - presets::PALLET_POTS_TOTAL
		);
		for (pot, amount) in presets::pallet_pots() {
			assert_eq!(free(&pot), amount);
		}
		// The advisors' share is locked by vesting: nothing is transferable before the start.
		assert_eq!(
			<Vesting as VestingSchedule<AccountId>>::vesting_balance(&accounts.advisors),
			Some(share(ADVISORS_PERCENT))
		);
		assert!(Balances::transfer_keep_alive(
			RuntimeOrigin::signed(accounts.advisors.clone()),
			bob().into(),
			BDES
		)
		.is_err());
		assert_eq!(pallet_collator_selection::Invulnerables::<Runtime>::get().len(), 2);
	});
}

#[test]
fn only_development_presets_have_a_sudo_key() {
	preset_ext(DEV_RUNTIME_PRESET)
		.execute_with(|| assert_eq!(pallet_sudo::Key::<Runtime>::get(), Some(alice())));
	preset_ext(LOCAL_TESTNET_RUNTIME_PRESET)
		.execute_with(|| assert_eq!(pallet_sudo::Key::<Runtime>::get(), Some(alice())));
	preset_ext(PRODUCTION_RUNTIME_PRESET)
		.execute_with(|| assert_eq!(pallet_sudo::Key::<Runtime>::get(), None));
}

#[test]
fn development_preset_funds_the_dev_accounts_and_the_pots() {
	preset_ext(DEV_RUNTIME_PRESET).execute_with(|| {
		for key in Sr25519Keyring::well_known() {
			assert!(free(&key.to_account_id()) > 1_000_000 * BDES, "{key:?} funded");
		}
		// Membership keeps its members sorted, and hands them to the Council that way.
		let mut expected = vec![alice(), bob(), Sr25519Keyring::Charlie.to_account_id()];
		expected.sort();
		let council = pallet_collective::Members::<Runtime, pallet_collective::Instance1>::get();
		assert_eq!(council, expected);
	});
}

#[test]
fn transfer_fee_goes_to_the_reserve_pool_and_issuance_is_unchanged() {
	preset_ext(DEV_RUNTIME_PRESET).execute_with(|| {
		let pool = presets::reserve_pool_account();
		let (alice_before, bob_before, pool_before) = (free(&alice()), free(&bob()), free(&pool));
		let amount = 10 * BDES;
		let call = RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
			dest: bob().into(),
			value: amount,
		});
		let info = call.get_dispatch_info();
		// A signed extrinsic is the call plus ~100 bytes of address, signature and extensions.
		let len = call.encoded_size() + 100;
		let result = pallet_transaction_payment::ChargeTransactionPayment::<Runtime>::from(0)
			.dispatch_transaction(RuntimeOrigin::signed(alice()), call, &info, len, 0)
			.expect("valid transaction");
		assert_ok!(result);

		let fee = alice_before - free(&alice()) - amount;
		assert!(fee > 0, "a transfer costs a fee");
		assert_eq!(free(&bob()), bob_before + amount);
		assert_eq!(free(&pool), pool_before + fee, "the whole fee lands in the reserve pool");
		assert_eq!(Balances::total_issuance(), TOTAL_ISSUANCE);
	});
}

#[test]
fn an_authored_block_pays_its_author_from_the_pot_without_minting() {
	preset_ext(DEV_RUNTIME_PRESET).execute_with(|| {
		let pot = presets::collator_rewards_account();
		let (alice_before, pot_before) = (free(&alice()), free(&pot));

		// Slot 1 with one authority (Alice): Aura's pre-runtime digest names her the author.
		let slot = sp_consensus_aura::Slot::from(1u64);
		let digest = Digest {
			logs: vec![DigestItem::PreRuntime(sp_consensus_aura::AURA_ENGINE_ID, slot.encode())],
		};
		System::initialize(&2, &Default::default(), &digest);
		Authorship::on_initialize(2);

		assert_eq!(Authorship::author(), Some(alice()));
		assert_eq!(free(&alice()), alice_before + REWARD_PER_BLOCK);
		assert_eq!(free(&pot), pot_before - REWARD_PER_BLOCK);
		assert_eq!(pallet_collator_rewards::TotalPaid::<Runtime>::get(), REWARD_PER_BLOCK);
		assert_eq!(Balances::total_issuance(), TOTAL_ISSUANCE);
		assert_eq!(CollatorRewards::pot_balance(), pot_before - REWARD_PER_BLOCK);
	});
}

#[test]
fn calls_that_would_change_issuance_are_filtered() {
	use crate::configs::system::NoIssuanceChange;
	let mint = RuntimeCall::Balances(pallet_balances::Call::force_set_balance {
		who: alice().into(),
		new_free: TOTAL_ISSUANCE,
	});
	let adjust = RuntimeCall::Balances(pallet_balances::Call::force_adjust_total_issuance {
		direction: pallet_balances::AdjustmentDirection::Increase,
		delta: BDES,
	});
	let burn = RuntimeCall::Balances(pallet_balances::Call::burn { value: BDES, keep_alive: true });
	let transfer = RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
		dest: bob().into(),
		value: BDES,
	});
	assert!(!NoIssuanceChange::contains(&mint));
	assert!(!NoIssuanceChange::contains(&adjust));
	assert!(!NoIssuanceChange::contains(&burn));
	assert!(NoIssuanceChange::contains(&transfer));

	preset_ext(DEV_RUNTIME_PRESET).execute_with(|| {
		let err = burn.dispatch(RuntimeOrigin::signed(alice())).unwrap_err();
		assert_eq!(err.error, DispatchError::from(frame_system::Error::<Runtime>::CallFiltered));
		// Through a batch too: the filter applies to the inner call.
		let batch = RuntimeCall::Utility(pallet_utility::Call::batch_all {
			calls: vec![RuntimeCall::Balances(pallet_balances::Call::burn {
				value: BDES,
				keep_alive: true,
			})],
		});
		assert!(batch.dispatch(RuntimeOrigin::signed(alice())).is_err());
		assert_eq!(Balances::total_issuance(), TOTAL_ISSUANCE);
	});
}

#[test]
fn council_membership_changes_only_by_council_or_root() {
	preset_ext(DEV_RUNTIME_PRESET).execute_with(|| {
		let dave = Sr25519Keyring::Dave.to_account_id();
		assert_noop!(
			CouncilMembership::add_member(RuntimeOrigin::signed(alice()), dave.clone().into()),
			DispatchError::BadOrigin
		);
		assert_ok!(CouncilMembership::add_member(RuntimeOrigin::root(), dave.clone().into()));
		let council = pallet_collective::Members::<Runtime, pallet_collective::Instance1>::get();
		assert!(council.contains(&dave), "membership drives the Council's members");
	});
}

fn listing() -> (pallet_data_assets::MetadataInput, pallet_data_assets::ContentInput) {
	(
		pallet_data_assets::MetadataInput {
			title: b"Sentinel-2 tiles, Bavaria".to_vec(),
			format: b"image/tiff".to_vec(),
			..Default::default()
		},
		pallet_data_assets::ContentInput {
			cid: b"QmaML4RjGhTSKCk3ptb4XkUvRfKPaNKbJTXdNNHEGUgWm3".to_vec(),
			digest: [7; 32],
			size: 5 * 1024 * 1024,
			encryption: None,
		},
	)
}

#[test]
fn a_council_motion_approves_a_listing_and_the_provider_gets_the_nft() {
	use crate::{Council, DataAssets};
	preset_ext(DEV_RUNTIME_PRESET).execute_with(|| {
		System::set_block_number(1);
		assert!(pallet_data_assets::Pinners::<Runtime>::contains_key(alice()), "Alice pins in dev");
		let (metadata, content) = listing();
		assert_ok!(DataAssets::submit(RuntimeOrigin::signed(bob()), metadata, content));
		// Approving directly needs the Council.
		assert_noop!(
			DataAssets::approve(RuntimeOrigin::signed(alice()), 0),
			DispatchError::BadOrigin
		);

		let pool = free(&presets::reserve_pool_account());
		let call: RuntimeCall = pallet_data_assets::Call::approve { asset: 0 }.into();
		let length = call.encoded_size() as u32;
		let hash = <Runtime as frame_system::Config>::Hashing::hash_of(&call);
		assert_ok!(Council::propose(RuntimeOrigin::signed(alice()), 2, Box::new(call), length));
		// The proposer votes like everyone else.
		assert_ok!(Council::vote(RuntimeOrigin::signed(alice()), hash, 0, true));
		assert_ok!(Council::vote(RuntimeOrigin::signed(bob()), hash, 0, true));
		assert_ok!(Council::close(
			RuntimeOrigin::signed(alice()),
			hash,
			0,
			frame_support::weights::Weight::MAX,
			length
		));
		let view = DataAssets::asset_view(0).expect("asset exists");
		assert_eq!(view.status, pallet_data_assets::AssetStatus::Listed);
		assert_eq!(view.owner, bob());
		assert_eq!(view.pin.expect("pin requested").target, 1);
		let fee = crate::configs::data_assets::ListingFee::get();
		assert!(free(&presets::reserve_pool_account()) >= pool + fee, "fee in the reserve pool");
	});
}

/// Bob's dataset, listed by root (the Council's other half).
fn listed_asset() -> u32 {
	let (metadata, content) = listing();
	assert_ok!(crate::DataAssets::submit(RuntimeOrigin::signed(bob()), metadata, content));
	assert_ok!(crate::DataAssets::approve(RuntimeOrigin::root(), 0));
	0
}

#[test]
fn a_licence_sale_pays_the_reserve_pool_the_share_holders_and_the_owner() {
	use crate::{DataLicences, RevenueShares};
	use pallet_data_licences::{LicenceCheck, OfferTerms};
	preset_ext(DEV_RUNTIME_PRESET).execute_with(|| {
		let asset = listed_asset();
		let charlie = Sr25519Keyring::Charlie.to_account_id();
		let ferdie = Sr25519Keyring::Ferdie.to_account_id();
		// Bob issues 1,000,000 shares (2 decimals), gives 490,000 to Charlie, who stakes them.
		assert_ok!(RevenueShares::issue(
			RuntimeOrigin::signed(bob()),
			asset,
			1_000_000,
			b"Bavaria tiles".to_vec(),
			b"BAVT".to_vec(),
			2
		));
		let share = crate::configs::revenue_shares::SHARE_ASSET_ID_BASE + asset;
		assert_ok!(crate::Assets::transfer(
			RuntimeOrigin::signed(bob()),
			share.into(),
			charlie.clone().into(),
			490_000
		));
		assert_ok!(RevenueShares::stake(RuntimeOrigin::signed(charlie.clone()), asset, 490_000));
		// Charlie's stake earns once its warm-up is over.
		let now = RevenueShares::earns_from(System::block_number());
		System::set_block_number(now);
		// The 51% stay with Bob.
		assert!(crate::Assets::transfer(
			RuntimeOrigin::signed(bob()),
			share.into(),
			charlie.clone().into(),
			1
		)
		.is_err());

		assert_ok!(DataLicences::create_offer(
			RuntimeOrigin::signed(bob()),
			asset,
			OfferTerms {
				price: 100 * BDES,
				duration: 1_000,
				calls: 5,
				max_sales: None,
				transferable: false,
				revenue_share: sp_runtime::Permill::from_percent(40),
			}
		));
		let (pool, owner) = (free(&presets::reserve_pool_account()), free(&bob()));
		assert_ok!(DataLicences::buy(RuntimeOrigin::signed(alice()), 0));
		// 2% fee, 40% to the share holders, 58% to Bob.
		assert_eq!(free(&presets::reserve_pool_account()) - pool, 2 * BDES);
		assert_eq!(free(&bob()) - owner, 58 * BDES);
		assert_eq!(
			DataLicences::check(0, asset, &alice()),
			LicenceCheck::Valid { calls_left: 5, expiry: now + 1_000 }
		);
		// Ferdie is the development gateway. Alice's sr25519 voucher for two calls there, as
		// `bdes data fetch` signs it: the chain checks it against the licence's holder.
		pallet_timestamp::Now::<Runtime>::put(1_700_000_000_000);
		let (until_ms, request) = (1_700_000_060_000, [3u8; 32]);
		let payload = pallet_data_licences::voucher_payload(
			&System::block_hash(0),
			&ferdie,
			0,
			2,
			until_ms,
			&request,
		);
		let voucher = |signer: Sr25519Keyring| pallet_data_licences::Voucher {
			licence: 0,
			calls: 2,
			until_ms,
			request,
			signature: sp_runtime::MultiSignature::Sr25519(signer.sign(&payload)),
		};
		// Bob's key cannot charge Alice's licence.
		assert_noop!(
			DataLicences::report_usage(
				RuntimeOrigin::signed(ferdie.clone()),
				vec![voucher(Sr25519Keyring::Bob)].try_into().expect("fits")
			),
			pallet_data_licences::Error::<Runtime>::BadVoucher
		);
		let vouchers = vec![voucher(Sr25519Keyring::Alice)].try_into().expect("fits");
		assert_ok!(DataLicences::report_usage(RuntimeOrigin::signed(ferdie), vouchers));
		assert_eq!(
			DataLicences::check(0, asset, &alice()),
			LicenceCheck::Valid { calls_left: 3, expiry: now + 1_000 }
		);

		// Dividends: 40 BDES over 1,000,000 staked shares, 51% and 49%.
		assert_eq!(RevenueShares::claimable(asset, &bob()), 204 * BDES / 10);
		assert_eq!(RevenueShares::claimable(asset, &charlie), 196 * BDES / 10);
		let before = free(&charlie);
		assert_ok!(RevenueShares::claim(RuntimeOrigin::signed(charlie.clone()), asset));
		assert_eq!(free(&charlie) - before, 196 * BDES / 10);
		pallet_data_licences::Pallet::<Runtime>::do_try_state().expect("licences consistent");
		pallet_revenue_shares::Pallet::<Runtime>::do_try_state().expect("dividends consistent");
	});
}

#[test]
fn nobody_can_take_a_share_token_id_first() {
	preset_ext(DEV_RUNTIME_PRESET).execute_with(|| {
		let share = crate::configs::revenue_shares::SHARE_ASSET_ID_BASE;
		assert_noop!(
			crate::Assets::create(RuntimeOrigin::signed(alice()), share.into(), alice().into(), 1),
			DispatchError::BadOrigin
		);
		assert_ok!(crate::Assets::create(
			RuntimeOrigin::signed(alice()),
			(share - 1).into(),
			alice().into(),
			1
		));
	});
}

#[test]
fn a_share_token_trades_on_the_book_and_an_ownership_nft_sells_with_dividends() {
	use crate::{NftMarket, OrderBook, RevenueShares};
	use pallet_order_book::{MarketParams, Participation, Side};
	use sp_runtime::Permill;
	preset_ext(DEV_RUNTIME_PRESET).execute_with(|| {
		let asset = listed_asset();
		let charlie = Sr25519Keyring::Charlie.to_account_id();
		assert_ok!(RevenueShares::issue(
			RuntimeOrigin::signed(bob()),
			asset,
			1_000_000,
			b"Bavaria tiles".to_vec(),
			b"BAVT".to_vec(),
			2
		));
		let share = crate::configs::revenue_shares::SHARE_ASSET_ID_BASE + asset;
		let units = |who: &AccountId| {
			<crate::Assets as frame_support::traits::fungibles::Inspect<AccountId>>::balance(
				share, who,
			)
		};
		// The Council's market: lots of 100 units, prices in steps of 0.01 BDES per lot.
		let params = MarketParams {
			min_order: 100,
			maker_fee: Permill::from_rational(1u32, 1000u32),
			taker_fee: Permill::from_rational(2u32, 1000u32),
			max_lifetime: 1_000,
			min_interval: 0,
			participation: Participation::Open,
		};
		assert_noop!(
			OrderBook::create_market(
				RuntimeOrigin::signed(alice()),
				share,
				BDES / 100,
				100,
				params.clone()
			),
			DispatchError::BadOrigin
		);
		assert_ok!(OrderBook::create_market(RuntimeOrigin::root(), share, BDES / 100, 100, params));
		// Bob sells 10,000 units at 1 BDES a lot; Alice buys 5,000.
		assert_ok!(OrderBook::place_limit(
			RuntimeOrigin::signed(bob()),
			0,
			Side::Sell,
			BDES,
			10_000,
			None,
			8
		));
		let (pool, bob_free, alice_free) =
			(free(&presets::reserve_pool_account()), free(&bob()), free(&alice()));
		assert_ok!(OrderBook::place_limit(
			RuntimeOrigin::signed(alice()),
			0,
			Side::Buy,
			BDES,
			5_000,
			None,
			8
		));
		// 50 lots = 50 BDES; Bob pays 0.1%, Alice 0.2%.
		assert_eq!(units(&alice()), 5_000);
		assert_eq!(free(&bob()) - bob_free, 50 * BDES - 5 * BDES / 100);
		assert!(alice_free - free(&alice()) >= 50 * BDES + 10 * BDES / 100, "price, fee, tx fee");
		assert!(free(&presets::reserve_pool_account()) - pool >= 15 * BDES / 100);
		assert_eq!(OrderBook::depth(0, 5).asks[0].amount, 5_000);
		pallet_order_book::Pallet::<Runtime>::do_try_state().expect("book consistent");

		// The ownership NFT sells at a fixed price: 2% fee, 5% to the share holders.
		let collection = pallet_data_assets::OwnershipCollection::<Runtime>::get().expect("minted");
		assert_ok!(NftMarket::list(RuntimeOrigin::signed(bob()), collection, asset, 1_000 * BDES));
		let (pool, bob_free) = (free(&presets::reserve_pool_account()), free(&bob()));
		let claimable = RevenueShares::claimable(asset, &bob());
		assert_ok!(NftMarket::buy(
			RuntimeOrigin::signed(charlie.clone()),
			collection,
			asset,
			1_000 * BDES
		));
		assert_eq!(crate::DataAssets::owner_of(asset), Some(charlie));
		assert_eq!(free(&presets::reserve_pool_account()) - pool, 20 * BDES);
		// Bob's deposit comes back with 93% of the price.
		assert!(free(&bob()) - bob_free >= 930 * BDES);
		// Only Bob's locked 51% are staked: the 50 BDES of dividends are his (the accumulator
		// carries what does not divide evenly: at most one unit less now).
		let dividends = RevenueShares::claimable(asset, &bob()) - claimable;
		assert!(50 * BDES - dividends <= 1, "dividends {dividends}");
		pallet_nft_market::Pallet::<Runtime>::do_try_state().expect("market consistent");
		pallet_revenue_shares::Pallet::<Runtime>::do_try_state().expect("dividends consistent");
	});
}

#[test]
fn a_thousand_auctions_ending_together_settle_without_an_overweight_block() {
	use crate::{NftMarket, Nfts};
	use frame_support::{traits::Get, weights::Weight};
	use pallet_nft_market::AuctionTerms;
	preset_ext(DEV_RUNTIME_PRESET).execute_with(|| {
		let seller = bob();
		let bidders: Vec<AccountId> =
			[Sr25519Keyring::Charlie, Sr25519Keyring::Dave, Sr25519Keyring::Eve]
				.iter()
				.map(|k| k.to_account_id())
				.collect();
		assert_ok!(Nfts::create(
			RuntimeOrigin::signed(seller.clone()),
			seller.clone().into(),
			Default::default()
		));
		let collection = 0;
		let count = 1_000u32;
		for item in 0..count {
			assert_ok!(Nfts::mint(
				RuntimeOrigin::signed(seller.clone()),
				collection,
				item,
				seller.clone().into(),
				None
			));
			assert_ok!(NftMarket::create_auction(
				RuntimeOrigin::signed(seller.clone()),
				collection,
				item,
				AuctionTerms {
					start_price: BDES,
					min_increment: BDES / 10,
					duration: crate::MINUTES,
					reserve: None
				}
			));
			let bidder = &bidders[item as usize % bidders.len()];
			assert_ok!(NftMarket::bid(
				RuntimeOrigin::signed(bidder.clone()),
				item,
				BDES + item as Balance
			));
		}
		// The bids came in the anti-sniping window: the end moved.
		let end = pallet_nft_market::Auctions::<Runtime>::get(0).expect("open").end;
		assert_eq!(end, 1 + <Runtime as pallet_nft_market::Config>::ExtensionWindow::get());
		// What a block keeps for `on_initialize` work.
		let budget: Weight = crate::AVERAGE_ON_INITIALIZE_RATIO
			* <Runtime as frame_system::Config>::BlockWeights::get().max_block;
		let (mut block, mut blocks_used, mut heaviest) = (end, 0u32, Weight::zero());
		while pallet_nft_market::DueCount::<Runtime>::get() > 0 {
			System::set_block_number(block);
			let used = NftMarket::on_initialize(block);
			assert!(used.all_lte(budget), "block {block} used {used:?} of {budget:?}");
			heaviest = heaviest.max(used);
			blocks_used += 1;
			block += 1;
			assert!(blocks_used <= count, "settlement makes progress");
		}
		let max_per_block: u32 =
			<Runtime as pallet_nft_market::Config>::MaxSettlementsPerBlock::get();
		assert_eq!(blocks_used, count.div_ceil(max_per_block));
		for item in 0..count {
			let winner = &bidders[item as usize % bidders.len()];
			assert_eq!(
				pallet_nfts::Pallet::<Runtime>::owner(collection, item).as_ref(),
				Some(winner)
			);
		}
		println!("1,000 auctions: {blocks_used} blocks, heaviest {heaviest:?} of {budget:?}");
		pallet_nft_market::Pallet::<Runtime>::do_try_state().expect("market consistent");
	});
}

/// The development chain (the README's walkthrough, the end-to-end tests) sells licences a
/// few blocks after a stake; the real chains keep stakes a day or more from the revenue.
#[test]
fn a_development_stake_earns_within_three_blocks_and_a_real_one_after_a_day() {
	preset_ext(DEV_RUNTIME_PRESET).execute_with(|| {
		for block in 1..100 {
			let earns_from = crate::RevenueShares::earns_from(block);
			assert!(earns_from > block && earns_from <= block + 3, "block {block}: {earns_from}");
		}
	});
	for preset in [LOCAL_TESTNET_RUNTIME_PRESET, PRODUCTION_RUNTIME_PRESET] {
		preset_ext(preset).execute_with(|| {
			assert_eq!(crate::RevenueShares::earns_from(1), 2 * crate::DAYS, "{preset}");
			assert_eq!(crate::RevenueShares::earns_from(crate::DAYS), 2 * crate::DAYS, "{preset}");
		});
	}
}
