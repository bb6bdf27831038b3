//! XCM programs run through the executor as the relay chain and as a sibling: BDES is `Here` and
//! moves only through `Balances`; whatever other chains send lands in `ForeignAssets`; no program
//! changes BDES's total issuance.

use super::{alice, bob, preset_ext};
use crate::{
	configs::{
		foreign_assets::ForeignAssetsOwner,
		treasury::TreasuryAccount,
		xcm_config::{LocationToAccountId, XcmConfig},
	},
	AccountId, Balance, Balances, ForeignAssets, Runtime, RuntimeCall, RuntimeOrigin, BDES,
	EXISTENTIAL_DEPOSIT, TOTAL_ISSUANCE,
};
use codec::Encode;
use frame_support::{
	assert_noop, assert_ok,
	traits::{
		fungible::{Inspect as _, Mutate as _},
		fungibles::Inspect as _,
	},
	weights::WeightToFee as _,
};
use sp_genesis_builder::DEV_RUNTIME_PRESET;
use xcm::latest::prelude::*;
use xcm_executor::{
	traits::{ConvertLocation, WeightBounds},
	XcmExecutor,
};

/// Another parachain (BDES is 2000 in the presets).
const SIBLING: u32 = 2001;
/// One relay-chain token (10 decimals).
const DOT: Balance = 10_000_000_000;

pub(super) fn relay_token() -> Location {
	Location::parent()
}

fn sibling() -> Location {
	Location::new(1, [Parachain(SIBLING)])
}

pub(super) fn beneficiary(who: &AccountId) -> Location {
	AccountId32 { network: None, id: (*who).clone().into() }.into()
}

/// The Council's registration of a foreign asset: sufficient, owned by nobody.
pub(super) fn register(asset: Location, min_balance: Balance) {
	assert_ok!(ForeignAssets::force_create(
		RuntimeOrigin::root(),
		asset,
		ForeignAssetsOwner::get().into(),
		true,
		min_balance,
	));
}

fn run(origin: Location, message: Xcm<RuntimeCall>) -> Outcome {
	let mut hash = message.using_encoded(sp_io::hashing::blake2_256);
	XcmExecutor::<XcmConfig>::prepare_and_execute(
		origin,
		message,
		&mut hash,
		frame_support::weights::Weight::MAX,
		frame_support::weights::Weight::zero(),
	)
}

/// What the executor charges for `message`, in BDES.
fn bdes_fee(message: &Xcm<RuntimeCall>) -> Balance {
	let mut message = message.clone();
	let weight = <XcmConfig as xcm_executor::Config>::Weigher::weight(&mut message, Weight::MAX)
		.expect("weighable");
	crate::WeightToFee::weight_to_fee(&weight)
}

/// A reserve deposit of `asset` from its reserve, paying fees from it, to `who`.
fn reserve_deposit(asset: Location, amount: Balance, who: &AccountId) -> Xcm<RuntimeCall> {
	Xcm(vec![
		ReserveAssetDeposited((asset.clone(), amount).into()),
		ClearOrigin,
		BuyExecution { fees: (asset, amount).into(), weight_limit: Unlimited },
		DepositAsset { assets: AllCounted(1).into(), beneficiary: beneficiary(who) },
	])
}

fn assert_complete(outcome: Outcome) {
	assert!(matches!(outcome, Outcome::Complete { .. }), "{outcome:?}");
}

fn error_of(outcome: Outcome) -> XcmError {
	match outcome {
		Outcome::Incomplete { error, .. } | Outcome::Error(error) => error.error,
		Outcome::Complete { .. } => panic!("completed"),
	}
}

#[test]
fn a_reserve_deposit_of_the_relay_token_lands_as_the_foreign_asset_not_as_bdes() {
	preset_ext(DEV_RUNTIME_PRESET).execute_with(|| {
		// The Council's rate for fees: a fee of one BDES existential deposit costs a hundredth
		// of a DOT (the ratio of the two minimum balances).
		let min = DOT / 100;
		register(relay_token(), min);
		let bob_bdes = Balances::balance(&bob());
		let pool_bdes = Balances::balance(&TreasuryAccount::get());

		let message = reserve_deposit(relay_token(), DOT, &bob());
		let fee = bdes_fee(&message) * min / EXISTENTIAL_DEPOSIT;
		assert!(fee > 0 && fee < DOT);
		assert_complete(run(relay_token(), message));

		// Bob holds the relay token, less the fee, which is in the reserve pool.
		assert_eq!(ForeignAssets::balance(relay_token(), bob()), DOT - fee);
		assert_eq!(ForeignAssets::balance(relay_token(), TreasuryAccount::get()), fee);
		assert_eq!(ForeignAssets::total_issuance(relay_token()), DOT);
		// Not one unit of BDES moved or was made (before the fix Bob got 10^10 units).
		assert_eq!(Balances::balance(&bob()), bob_bdes);
		assert_eq!(Balances::balance(&TreasuryAccount::get()), pool_bdes);
		assert_eq!(Balances::total_issuance(), TOTAL_ISSUANCE);
	});
}

#[test]
fn an_unregistered_foreign_asset_is_refused_and_nothing_is_minted() {
	preset_ext(DEV_RUNTIME_PRESET).execute_with(|| {
		let bob_bdes = Balances::balance(&bob());
		let outcome = run(relay_token(), reserve_deposit(relay_token(), DOT, &bob()));
		assert!(matches!(error_of(outcome), XcmError::TooExpensive | XcmError::AssetNotFound));
		assert_eq!(ForeignAssets::balance(relay_token(), bob()), 0);
		assert_eq!(Balances::balance(&bob()), bob_bdes);
		assert_eq!(Balances::total_issuance(), TOTAL_ISSUANCE);
	});
}

#[test]
fn a_sibling_is_the_reserve_of_its_own_assets_only() {
	preset_ext(DEV_RUNTIME_PRESET).execute_with(|| {
		let token = sibling();
		let general = Location::new(1, [Parachain(SIBLING), GeneralIndex(7)]);
		register(token.clone(), EXISTENTIAL_DEPOSIT);
		register(general.clone(), EXISTENTIAL_DEPOSIT);
		register(relay_token(), EXISTENTIAL_DEPOSIT);

		// Its native token and its assets land as foreign assets.
		assert_complete(run(sibling(), reserve_deposit(token.clone(), 1_000 * BDES, &bob())));
		assert!(ForeignAssets::balance(token, bob()) > 0);
		assert_complete(run(sibling(), reserve_deposit(general.clone(), 1_000 * BDES, &bob())));
		assert!(ForeignAssets::balance(general, bob()) > 0);

		// It is not the reserve of the relay token, nor of BDES.
		let outcome = run(sibling(), reserve_deposit(relay_token(), DOT, &bob()));
		assert_eq!(error_of(outcome), XcmError::UntrustedReserveLocation);
		let bob_bdes = Balances::balance(&bob());
		let outcome = run(sibling(), reserve_deposit(Location::here(), 1_000 * BDES, &bob()));
		assert_eq!(error_of(outcome), XcmError::UntrustedReserveLocation);
		// Nor is another sibling the reserve of this one's assets.
		let other = Location::new(1, [Parachain(SIBLING + 1)]);
		let outcome = run(other, reserve_deposit(sibling(), 1_000 * BDES, &bob()));
		assert_eq!(error_of(outcome), XcmError::UntrustedReserveLocation);

		assert_eq!(ForeignAssets::balance(relay_token(), bob()), 0);
		assert_eq!(Balances::balance(&bob()), bob_bdes);
		assert_eq!(Balances::total_issuance(), TOTAL_ISSUANCE);
	});
}

#[test]
fn a_sibling_withdraws_bdes_it_holds_here_and_pays_fees_in_bdes_without_changing_issuance() {
	preset_ext(DEV_RUNTIME_PRESET).execute_with(|| {
		let sovereign = LocationToAccountId::convert_location(&sibling()).expect("sibling account");
		assert_ok!(Balances::transfer(
			&alice(),
			&sovereign,
			100 * BDES,
			frame_support::traits::tokens::Preservation::Preserve
		));
		let bob_before = Balances::balance(&bob());
		let pool_before = Balances::balance(&TreasuryAccount::get());

		let message = Xcm(vec![
			WithdrawAsset((Here, 10 * BDES).into()),
			BuyExecution { fees: (Here, 10 * BDES).into(), weight_limit: Unlimited },
			DepositAsset { assets: AllCounted(1).into(), beneficiary: beneficiary(&bob()) },
		]);
		let fee = bdes_fee(&message);
		assert!(fee > 0 && fee < 10 * BDES);
		assert_complete(run(sibling(), message));

		assert_eq!(Balances::balance(&sovereign), 90 * BDES);
		assert_eq!(Balances::balance(&bob()), bob_before + 10 * BDES - fee);
		assert_eq!(Balances::balance(&TreasuryAccount::get()), pool_before + fee);
		assert_eq!(Balances::total_issuance(), TOTAL_ISSUANCE);

		// More than it holds: refused, nothing moves.
		let outcome = run(
			sibling(),
			Xcm(vec![
				WithdrawAsset((Here, 1_000 * BDES).into()),
				BuyExecution { fees: (Here, 1_000 * BDES).into(), weight_limit: Unlimited },
				DepositAsset { assets: AllCounted(1).into(), beneficiary: beneficiary(&bob()) },
			]),
		);
		assert!(matches!(
			error_of(outcome),
			XcmError::FailedToTransactAsset(_) | XcmError::NotWithdrawable
		));
		assert_eq!(Balances::balance(&sovereign), 90 * BDES);
		assert_eq!(Balances::total_issuance(), TOTAL_ISSUANCE);
	});
}

#[test]
fn a_program_that_withdraws_bdes_and_stops_traps_it_without_changing_issuance() {
	preset_ext(DEV_RUNTIME_PRESET).execute_with(|| {
		let sovereign = LocationToAccountId::convert_location(&sibling()).expect("sibling account");
		assert_ok!(Balances::transfer(
			&alice(),
			&sovereign,
			100 * BDES,
			frame_support::traits::tokens::Preservation::Preserve
		));
		// Withdraws, pays, and never deposits the rest: it is trapped, not burnt.
		assert_complete(run(
			sibling(),
			Xcm(vec![
				WithdrawAsset((Here, 10 * BDES).into()),
				BuyExecution { fees: (Here, 10 * BDES).into(), weight_limit: Unlimited },
			]),
		));
		assert_eq!(Balances::balance(&sovereign), 90 * BDES);
		let trapped = crate::System::events().iter().any(|r| {
			matches!(
				r.event,
				crate::RuntimeEvent::PolkadotXcm(pallet_xcm::Event::AssetsTrapped { .. })
			)
		});
		assert!(trapped, "the rest is trapped, claimable by the sibling");
		assert_eq!(Balances::total_issuance(), TOTAL_ISSUANCE);
	});
}

#[test]
fn teleports_are_refused_from_the_relay_chain_and_from_siblings() {
	preset_ext(DEV_RUNTIME_PRESET).execute_with(|| {
		register(relay_token(), EXISTENTIAL_DEPOSIT);
		let bob_bdes = Balances::balance(&bob());
		for (origin, asset) in [
			(relay_token(), relay_token()),
			(relay_token(), Location::here()),
			(sibling(), Location::here()),
		] {
			let outcome = run(
				origin,
				Xcm(vec![
					ReceiveTeleportedAsset((asset.clone(), DOT).into()),
					ClearOrigin,
					BuyExecution { fees: (asset, DOT).into(), weight_limit: Unlimited },
					DepositAsset { assets: AllCounted(1).into(), beneficiary: beneficiary(&bob()) },
				]),
			);
			assert_eq!(error_of(outcome), XcmError::UntrustedTeleportLocation);
		}
		assert_eq!(ForeignAssets::balance(relay_token(), bob()), 0);
		assert_eq!(Balances::balance(&bob()), bob_bdes);
		assert_eq!(Balances::total_issuance(), TOTAL_ISSUANCE);
	});
}

#[test]
fn only_the_council_registers_a_foreign_asset_and_only_owned_by_nobody() {
	preset_ext(DEV_RUNTIME_PRESET).execute_with(|| {
		// No signed creation at all.
		assert_noop!(
			ForeignAssets::create(
				RuntimeOrigin::signed(alice()),
				relay_token(),
				alice().into(),
				EXISTENTIAL_DEPOSIT
			),
			sp_runtime::DispatchError::BadOrigin
		);
		assert_noop!(
			ForeignAssets::force_create(
				RuntimeOrigin::signed(alice()),
				relay_token(),
				alice().into(),
				true,
				EXISTENTIAL_DEPOSIT
			),
			sp_runtime::DispatchError::BadOrigin
		);
		// A named owner could mint without a reserve behind it: refused even for root.
		assert_noop!(
			ForeignAssets::force_create(
				RuntimeOrigin::root(),
				relay_token(),
				alice().into(),
				true,
				EXISTENTIAL_DEPOSIT
			),
			pallet_assets::Error::<Runtime, pallet_assets::Instance2>::CallbackFailed
		);
		// BDES itself is no foreign asset, however it is named.
		for ours in [
			Location::here(),
			Location::new(1, [Parachain(crate::genesis_config_presets::PARACHAIN_ID)]),
		] {
			assert_noop!(
				ForeignAssets::force_create(
					RuntimeOrigin::root(),
					ours,
					ForeignAssetsOwner::get().into(),
					true,
					EXISTENTIAL_DEPOSIT
				),
				pallet_assets::Error::<Runtime, pallet_assets::Instance2>::CallbackFailed
			);
		}
		register(relay_token(), EXISTENTIAL_DEPOSIT);
		assert_eq!(ForeignAssets::total_issuance(relay_token()), 0);
	});
}
