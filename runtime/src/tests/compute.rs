//! A compute task end to end in the runtime, with scripted provider reports: a model approved by
//! Council motion, three providers, a task posted and assigned with the buyer's licence, commit,
//! reveal, the result minted as the buyer's listed data asset with its provenance, and the escrow
//! split exactly.

use super::{alice, bob, free, ido::by_motion, listed_asset, preset_ext};
use crate::{
	configs::treasury::TreasuryAccount, Balances, Compute, DataAssets, DataLicences, Runtime,
	RuntimeCall, RuntimeOrigin, BDES, EXISTENTIAL_DEPOSIT,
};
use bdes_primitives::DataAssetInspect;
use frame_support::{assert_ok, traits::fungible::Inspect, BoundedVec};
use pallet_compute::{Input, ModelFee, Reveal};
use sp_core::H256;
use sp_genesis_builder::DEV_RUNTIME_PRESET;
use sp_keyring::Sr25519Keyring;
use sp_runtime::Permill;

fn total(who: &crate::AccountId) -> crate::Balance {
	Balances::total_balance(who)
}

#[test]
fn a_task_runs_on_three_providers_and_its_verified_result_becomes_the_buyers_data_asset() {
	preset_ext(DEV_RUNTIME_PRESET).execute_with(|| {
		let [charlie, dave, eve, ferdie] = [
			Sr25519Keyring::Charlie,
			Sr25519Keyring::Dave,
			Sr25519Keyring::Eve,
			Sr25519Keyring::Ferdie,
		]
		.map(|k| k.to_account_id());
		// Bob's listed dataset; Charlie buys a licence of it.
		let asset = listed_asset();
		let offer = pallet_data_licences::NextOfferId::<Runtime>::get();
		assert_ok!(DataLicences::create_offer(
			RuntimeOrigin::signed(bob()),
			asset,
			pallet_data_licences::OfferTerms {
				price: BDES,
				duration: 1_000,
				calls: 10,
				max_sales: None,
				transferable: true,
				revenue_share: Permill::zero(),
			}
		));
		let licence = pallet_data_licences::NextLicenceId::<Runtime>::get();
		assert_ok!(DataLicences::buy(RuntimeOrigin::signed(charlie.clone()), offer));

		// Dave's model, approved into the template library by motion; 10% of compute.
		assert_ok!(Compute::register_model(
			RuntimeOrigin::signed(dave.clone()),
			BoundedVec::truncate_from(
				b"bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi".to_vec()
			),
			H256::repeat_byte(0xab),
			1,
			BoundedVec::truncate_from(b"{\"window\":\"u32\"}".to_vec()),
			BoundedVec::truncate_from(b"application/vnd.apache.parquet".to_vec()),
			ModelFee::Share(Permill::from_percent(10)),
			100,
		));
		by_motion(RuntimeCall::Compute(pallet_compute::Call::approve_model { model: 0 }));

		// Alice, Eve and Ferdie provide compute at 0.01 BDES a million fuel, 200 BDES bonded.
		for who in [alice(), eve.clone(), ferdie.clone()] {
			assert_ok!(Compute::register_provider(
				RuntimeOrigin::signed(who),
				2,
				1_000,
				200 * BDES
			));
		}

		// Charlie posts: at most a billion fuel each (10 BDES) on three providers.
		let inputs = BoundedVec::truncate_from(vec![Input { asset, licence }]);
		let deadline =
			crate::System::block_number() + crate::configs::compute::AcceptTimeout::get() + 100;
		assert_ok!(Compute::post_task(
			RuntimeOrigin::signed(charlie.clone()),
			0,
			inputs,
			BoundedVec::truncate_from(b"{\"window\":7}".to_vec()),
			1_000_000_000,
			1_000,
			3,
			deadline,
		));
		let task = pallet_compute::Tasks::<Runtime>::get(0).unwrap();
		// 30 BDES of compute, 3 of model fee, 0.6 of protocol fee.
		assert_eq!(task.escrowed, 336 * BDES / 10);
		assert_eq!(free(&Compute::escrow(0)), 336 * BDES / 10 + EXISTENTIAL_DEPOSIT);
		assert_eq!(pallet_data_licences::Licences::<Runtime>::get(licence).unwrap().calls_left, 9);
		let providers = [alice(), eve.clone(), ferdie.clone()];
		for who in providers.iter() {
			assert!(Compute::may_read(who, asset, 0));
		}
		assert!(!Compute::may_read(&bob(), asset, 0));

		// Scripted reports: Alice and Eve agree, Ferdie's output differs.
		let report = |digest: u8| Reveal {
			cid: BoundedVec::truncate_from(
				b"bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku".to_vec(),
			),
			digest: H256::repeat_byte(digest),
			size: 65_536,
			fuel: 500_000_000,
		};
		let salt = H256::repeat_byte(0x5a);
		for (who, digest) in [(alice(), 1), (eve.clone(), 1), (ferdie.clone(), 2)] {
			assert_ok!(Compute::accept(RuntimeOrigin::signed(who.clone()), 0));
			let commitment = Compute::commitment(&report(digest), &salt, &who);
			assert_ok!(Compute::commit_result(RuntimeOrigin::signed(who), 0, commitment));
		}
		for (who, digest) in [(alice(), 1), (eve.clone(), 1), (ferdie.clone(), 2)] {
			assert_ok!(Compute::reveal_result(RuntimeOrigin::signed(who), 0, report(digest), salt));
		}
		let before: Vec<_> = [
			alice(),
			eve.clone(),
			ferdie.clone(),
			dave.clone(),
			charlie.clone(),
			TreasuryAccount::get(),
		]
		.iter()
		.map(total)
		.collect();
		assert_ok!(Compute::finalize(RuntimeOrigin::signed(bob()), 0));
		let after: Vec<_> = [
			alice(),
			eve.clone(),
			ferdie.clone(),
			dave.clone(),
			charlie.clone(),
			TreasuryAccount::get(),
		]
		.iter()
		.map(total)
		.collect();
		let fee = <Runtime as pallet_data_assets::Config>::ListingFee::get();
		// Half a billion fuel at 0.01 BDES a million: 5 BDES to each of the two that agree.
		assert_eq!(after[0] - before[0], 5 * BDES);
		assert_eq!(after[1] - before[1], 5 * BDES);
		// Ferdie: 20% of its bond, half to Charlie, half to the reserve pool.
		assert_eq!(before[2] - after[2], 40 * BDES);
		assert_eq!(after[3] - before[3], BDES);
		// Of Charlie's 33.6 BDES in escrow, 11.2 were paid out: 22.4 come back with the escrow's
		// existential deposit, and half the slash; the result's listing fee goes.
		assert_eq!(after[4] + fee, before[4] + 224 * BDES / 10 + EXISTENTIAL_DEPOSIT + 20 * BDES);
		assert_eq!(after[5] - before[5], 2 * BDES / 10 + 20 * BDES + fee);
		assert_eq!(Balances::total_balance(&Compute::escrow(0)), 0);

		// The result: Charlie's listed data asset, its provenance on chain.
		let result = pallet_compute::Results::<Runtime>::get(0).unwrap();
		let minted = result.asset.unwrap();
		assert_eq!(DataAssets::owner(minted), Some(charlie.clone()));
		assert!(DataAssets::is_listed(minted));
		assert_eq!(DataAssets::content_size(minted), Some(65_536));
		assert_eq!(pallet_compute::ResultOfAsset::<Runtime>::get(minted), Some(0));
		assert_eq!((result.model, result.inputs[0].asset), (0, asset));
		assert_eq!(result.providers.into_inner(), vec![alice(), eve.clone()]);
		assert!(!Compute::may_read(&alice(), asset, 0));
		assert_ok!(Compute::do_try_state());
	});
}
