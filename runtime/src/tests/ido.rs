//! An IDO end to end in the runtime: approved, tranches released and the rest stopped by Council
//! motions, every refund and share count exact.

use super::{alice, bob, free, listed_asset, preset_ext};
use crate::{Council, DataAssets, Ido, RevenueShares, Runtime, RuntimeCall, RuntimeOrigin, System};
use codec::Encode;
use frame_support::{assert_noop, assert_ok, BoundedVec};
use pallet_ido::{Outcome, Status, Terms, Tranche};
use sp_genesis_builder::DEV_RUNTIME_PRESET;
use sp_keyring::Sr25519Keyring;
use sp_runtime::{traits::Hash as _, DispatchError, Permill};

/// Passes `call` by a motion of two of the three development councillors.
pub(super) fn by_motion(call: RuntimeCall) {
	let index = pallet_collective::ProposalCount::<Runtime, pallet_collective::Instance1>::get();
	let length = call.encoded_size() as u32;
	let hash = <Runtime as frame_system::Config>::Hashing::hash_of(&call);
	assert_ok!(Council::propose(RuntimeOrigin::signed(alice()), 2, Box::new(call), length));
	assert_ok!(Council::vote(RuntimeOrigin::signed(alice()), hash, index, true));
	assert_ok!(Council::vote(RuntimeOrigin::signed(bob()), hash, index, true));
	assert_ok!(Council::close(
		RuntimeOrigin::signed(alice()),
		hash,
		index,
		frame_support::weights::Weight::MAX,
		length
	));
	let executed = System::events().into_iter().any(|r| {
		matches!(
			r.event,
			crate::RuntimeEvent::Council(pallet_collective::Event::Executed { result: Ok(()), .. })
		)
	});
	assert!(executed, "the motion's call succeeded");
	System::reset_events();
}

#[test]
fn an_ido_funded_by_three_investors_releases_two_tranches_by_motion_and_refunds_the_third() {
	preset_ext(DEV_RUNTIME_PRESET).execute_with(|| {
		let asset = listed_asset();
		let top = pallet_data_assets::QualityScores {
			source_credibility: 80,
			coverage_period: 80,
			coverage_range: 80,
			timeliness: 80,
			access_efficiency: 80,
		};
		assert_ok!(DataAssets::rate(RuntimeOrigin::root(), asset, top));
		assert_ok!(RevenueShares::issue(
			RuntimeOrigin::signed(bob()),
			asset,
			1_000_000,
			b"Bavaria tiles".to_vec(),
			b"BAVT".to_vec(),
			0
		));
		let share = crate::configs::revenue_shares::SHARE_ASSET_ID_BASE + asset;
		let shares = |who: &crate::AccountId| crate::Assets::balance(share, who);
		let now = System::block_number();
		let milestone = |text: &[u8]| BoundedVec::truncate_from(text.to_vec());
		let terms = Terms {
			shares: 100_000,
			// 0.01 BDES a share.
			price: 1_000,
			soft_cap: 50 * crate::BDES,
			hard_cap: 1_000 * crate::BDES,
			min_commit: crate::BDES,
			max_commit: 500 * crate::BDES,
			start: now + 2,
			end: now + 10,
			tranches: BoundedVec::truncate_from(vec![
				Tranche {
					share: Permill::from_percent(30),
					earliest: now + 10,
					milestone: milestone(b"ingest"),
				},
				Tranche {
					share: Permill::from_percent(30),
					earliest: now + 20,
					milestone: milestone(
						b"bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi",
					),
				},
				Tranche {
					share: Permill::from_percent(40),
					earliest: now + 30,
					milestone: milestone(b"v2 tiles"),
				},
			]),
		};
		assert_ok!(Ido::propose(RuntimeOrigin::signed(bob()), asset, terms));
		assert_noop!(Ido::approve(RuntimeOrigin::signed(bob()), 0), DispatchError::BadOrigin);
		by_motion(pallet_ido::Call::approve { ido: 0 }.into());
		assert_eq!(pallet_ido::Idos::<Runtime>::get(0).unwrap().status, Status::Approved);

		System::set_block_number(now + 2);
		let [charlie, dave, eve] =
			[Sr25519Keyring::Charlie, Sr25519Keyring::Dave, Sr25519Keyring::Eve]
				.map(|k| k.to_account_id());
		let before = [&charlie, &dave, &eve].map(free);
		for (who, amount) in [(&charlie, 20_000_000), (&dave, 15_000_000), (&eve, 10_005_500)] {
			assert_ok!(Ido::commit(RuntimeOrigin::signed(who.clone()), 0, amount));
		}
		System::set_block_number(now + 10);
		assert_ok!(Ido::settle(RuntimeOrigin::signed(alice()), 0, 10));
		let ido = pallet_ido::Idos::<Runtime>::get(0).unwrap();
		assert_eq!(ido.status, Status::Funded { released: 0 });
		// 45,005 shares sold for 450.05 BDES; 2% to the reserve pool; Eve's 500 units back.
		assert_eq!((ido.sold, ido.raised, ido.fee), (45_005, 45_005_000, 900_100));
		assert_eq!([&charlie, &dave, &eve].map(shares), [20_000, 15_000, 10_005]);

		let owner = free(&bob());
		by_motion(pallet_ido::Call::release_tranche { ido: 0 }.into());
		System::set_block_number(now + 20);
		by_motion(pallet_ido::Call::release_tranche { ido: 0 }.into());
		// 30% of the 441.049 BDES net, twice.
		assert_eq!(free(&bob()), owner + 2 * 13_231_470);
		by_motion(pallet_ido::Call::stop { ido: 0 }.into());
		assert_ok!(Ido::settle(RuntimeOrigin::signed(alice()), 0, 10));
		let ido = pallet_ido::Idos::<Runtime>::get(0).unwrap();
		assert_eq!(ido.status, Status::Closed { outcome: Outcome::Stopped });
		// The unreleased 176.4196 BDES back pro rata; each keeps 60% of its shares, the rest
		// went back to the owner.
		let refunds = [7_840_000, 5_880_000, 3_921_960];
		let stake_deposit = crate::configs::revenue_shares::StakeDeposit::get();
		for (i, who) in [&charlie, &dave, &eve].into_iter().enumerate() {
			let paid = [20_000_000, 15_000_000, 10_005_000][i];
			assert_eq!(free(who), before[i] - paid + refunds[i] - stake_deposit);
		}
		assert_eq!([&charlie, &dave, &eve].map(shares), [12_000, 9_000, 6_003]);
		assert_eq!(ido.released + ido.fee + ido.refunded, ido.committed);
		assert_ok!(pallet_ido::Pallet::<Runtime>::do_try_state());
		assert_ok!(pallet_revenue_shares::Pallet::<Runtime>::do_try_state());
	});
}
