//! Tests of the data-licences pallet.

use crate::{mock::*, *};
use frame_support::{
	assert_noop, assert_ok,
	dispatch::Pays,
	traits::{
		fungible::{Inspect as _, InspectHold},
		Hooks,
	},
	weights::Weight,
};
use frame_support::{traits::ConstU32, BoundedVec};
use sp_runtime::{testing::TestSignature, DispatchError, Permill, TokenError};

fn terms() -> OfferTermsOf<Test> {
	OfferTerms {
		price: 1001,
		duration: 100,
		calls: 10,
		max_sales: None,
		transferable: true,
		revenue_share: Permill::from_percent(30),
	}
}

fn create(terms: OfferTermsOf<Test>) -> OfferId {
	let id = NextOfferId::<Test>::get();
	assert_ok!(DataLicences::create_offer(RuntimeOrigin::signed(OWNER), ASSET, terms));
	id
}

fn buy(who: AccountId, offer: OfferId) -> LicenceId {
	let id = NextLicenceId::<Test>::get();
	assert_ok!(DataLicences::buy(RuntimeOrigin::signed(who), offer));
	id
}

type TestVoucher = Voucher<TestSignature>;

const UNTIL_MS: u64 = 2_000_000;

/// A voucher for `calls` calls in total of `licence` at `gateway`, signed by `signer`.
fn voucher_by(
	signer: AccountId,
	gateway: AccountId,
	licence: LicenceId,
	calls: u32,
) -> TestVoucher {
	let request = [7; 32];
	let genesis = System::block_hash(0);
	let payload = voucher_payload(&genesis, &gateway, licence, calls, UNTIL_MS, &request);
	Voucher {
		licence,
		calls,
		until_ms: UNTIL_MS,
		request,
		signature: TestSignature(signer, payload),
	}
}

/// A voucher of the licence's current holder for `GATEWAY`.
fn voucher(licence: LicenceId, calls: u32) -> TestVoucher {
	let holder = DataLicences::holder(licence).unwrap_or(BUYER);
	voucher_by(holder, GATEWAY, licence, calls)
}

fn batch(vouchers: Vec<TestVoucher>) -> BoundedVec<TestVoucher, ConstU32<4>> {
	vouchers.try_into().unwrap()
}

fn settle(
	gateway: AccountId,
	vouchers: Vec<TestVoucher>,
) -> frame_support::dispatch::DispatchResultWithPostInfo {
	DataLicences::report_usage(RuntimeOrigin::signed(gateway), batch(vouchers))
}

/// `GATEWAY` settles the holders' vouchers for (licence, calls in total).
fn report(entries: &[(LicenceId, u32)]) -> frame_support::dispatch::DispatchResultWithPostInfo {
	settle(GATEWAY, entries.iter().map(|(licence, calls)| voucher(*licence, *calls)).collect())
}

fn free(who: AccountId) -> Balance {
	Balances::balance(&who)
}

fn held(reason: HoldReason, who: AccountId) -> Balance {
	Balances::balance_on_hold(&reason.into(), &who)
}

fn calls_left(licence: LicenceId) -> u32 {
	Licences::<Test>::get(licence).unwrap().calls_left
}

fn run_to(n: u64) {
	while System::block_number() < n {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		DataLicences::on_idle(next, Weight::MAX);
	}
}

fn check() {
	DataLicences::do_try_state().expect("invariants hold");
}

fn valid(calls_left: u32, expiry: u64) -> LicenceCheck<u64> {
	LicenceCheck::Valid { calls_left, expiry }
}

#[test]
fn create_offer_holds_a_deposit() {
	new_test_ext().execute_with(|| {
		let offer = create(terms());
		assert_eq!(held(HoldReason::OfferDeposit, OWNER), OFFER_DEPOSIT);
		assert_eq!(free(OWNER), INITIAL - OFFER_DEPOSIT);
		assert_eq!(OffersOf::<Test>::get(ASSET).into_inner(), vec![offer]);
		let stored = Offers::<Test>::get(offer).unwrap();
		assert_eq!((stored.asset, stored.sold, stored.creator), (ASSET, 0, OWNER));
		System::assert_last_event(
			Event::OfferCreated { offer, asset: ASSET, terms: terms() }.into(),
		);
		assert_eq!(DataLicences::offers_of(ASSET).len(), 1);
		check();
	});
}

#[test]
fn create_offer_refuses_every_bad_input() {
	new_test_ext().execute_with(|| {
		let call = |who, asset, terms| {
			DataLicences::create_offer(RuntimeOrigin::signed(who), asset, terms)
		};
		assert_noop!(call(OWNER, 99, terms()), Error::<Test>::UnknownAsset);
		assert_noop!(call(BUYER, ASSET, terms()), Error::<Test>::NotOwner);
		MockDataAssets::set(8, OWNER, false);
		assert_noop!(call(OWNER, 8, terms()), Error::<Test>::NotListed);
		assert_noop!(
			call(OWNER, ASSET, OfferTerms { price: 0, ..terms() }),
			Error::<Test>::ZeroPrice
		);
		assert_noop!(
			call(OWNER, ASSET, OfferTerms { duration: 0, ..terms() }),
			Error::<Test>::InvalidDuration
		);
		assert_noop!(
			call(OWNER, ASSET, OfferTerms { duration: 1001, ..terms() }),
			Error::<Test>::InvalidDuration
		);
		assert_noop!(
			call(OWNER, ASSET, OfferTerms { calls: 0, ..terms() }),
			Error::<Test>::ZeroCalls
		);
		assert_noop!(
			call(OWNER, ASSET, OfferTerms { max_sales: Some(0), ..terms() }),
			Error::<Test>::InvalidMaxSales
		);
		// 99% to share holders plus the 2% protocol fee is more than the price.
		assert_noop!(
			call(OWNER, ASSET, OfferTerms { revenue_share: Permill::from_percent(99), ..terms() }),
			Error::<Test>::InvalidRevenueShare
		);
		assert_ok!(call(
			OWNER,
			ASSET,
			OfferTerms { revenue_share: Permill::from_percent(98), ..terms() }
		));
		assert_ok!(call(OWNER, ASSET, terms()));
		assert_noop!(call(OWNER, ASSET, terms()), Error::<Test>::TooManyOffers);
		check();
	});
}

#[test]
fn buying_splits_the_payment_to_the_unit_and_mints_the_licence_nft() {
	new_test_ext().execute_with(|| {
		MockRevenue::enable(ASSET);
		let offer = create(terms());
		let (owner, pool, pot) = (free(OWNER), free(ReservePool::get()), free(REVENUE_POT));
		let licence = buy(BUYER, offer);

		// 1001: 2% fee = 20.02 → 20; 30% revenue = 300.3 → 300; the owner gets the rest, 681.
		assert_eq!(free(ReservePool::get()) - pool, 20);
		assert_eq!(free(REVENUE_POT) - pot, 300);
		assert_eq!(free(OWNER) - owner, 681);
		assert_eq!(free(BUYER), INITIAL - 1001 - LICENCE_DEPOSIT - ITEM_DEPOSIT);
		assert_eq!(held(HoldReason::LicenceDeposit, BUYER), LICENCE_DEPOSIT);
		// Reserved = our hold plus the NFT pallet's item deposit.
		assert_eq!(Balances::reserved_balance(BUYER), LICENCE_DEPOSIT + ITEM_DEPOSIT);
		System::assert_last_event(
			Event::LicenceBought {
				licence,
				asset: ASSET,
				offer,
				buyer: BUYER,
				price: 1001,
				fee: 20,
				revenue: 300,
				to_owner: 681,
				expiry: 101,
				calls: 10,
			}
			.into(),
		);
		assert_eq!(DataLicences::holder(licence), Some(BUYER));
		assert_eq!(DataLicences::check(licence, ASSET, &BUYER), valid(10, 101));
		assert_eq!(DataLicences::licences_of(&BUYER).len(), 1);
		assert_eq!(Offers::<Test>::get(offer).unwrap().sold, 1);
		check();
	});
}

#[test]
fn without_revenue_shares_the_revenue_part_goes_to_the_owner() {
	new_test_ext().execute_with(|| {
		let offer = create(terms());
		let (owner, pot) = (free(OWNER), free(REVENUE_POT));
		buy(BUYER, offer);
		assert_eq!(free(OWNER) - owner, 981);
		assert_eq!(free(REVENUE_POT), pot);
		check();
	});
}

#[test]
fn buy_refuses_unknown_unlisted_sold_out_and_unaffordable() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			DataLicences::buy(RuntimeOrigin::signed(BUYER), 0),
			Error::<Test>::UnknownOffer
		);
		let offer = create(OfferTerms { max_sales: Some(1), ..terms() });
		MockDataAssets::set(ASSET, OWNER, false);
		assert_noop!(
			DataLicences::buy(RuntimeOrigin::signed(BUYER), offer),
			Error::<Test>::NotListed
		);
		MockDataAssets::set(ASSET, OWNER, true);
		// A buyer who cannot pay changes nothing.
		let poor = 42;
		assert_ok!(Balances::force_set_balance(RuntimeOrigin::root(), poor, 500));
		assert_noop!(
			DataLicences::buy(RuntimeOrigin::signed(poor), offer),
			TokenError::FundsUnavailable
		);
		buy(BUYER, offer);
		assert_noop!(
			DataLicences::buy(RuntimeOrigin::signed(OTHER), offer),
			Error::<Test>::SoldOut
		);
		check();
	});
}

#[test]
fn check_says_why_a_licence_is_not_valid() {
	new_test_ext().execute_with(|| {
		let offer = create(OfferTerms { calls: 2, ..terms() });
		let licence = buy(BUYER, offer);
		assert_eq!(DataLicences::check(99, ASSET, &BUYER), LicenceCheck::Invalid(Invalid::Unknown));
		assert_eq!(
			DataLicences::check(licence, 8, &BUYER),
			LicenceCheck::Invalid(Invalid::WrongAsset)
		);
		assert_eq!(
			DataLicences::check(licence, ASSET, &OTHER),
			LicenceCheck::Invalid(Invalid::NotHolder)
		);
		MockDataAssets::set(ASSET, OWNER, false);
		assert_eq!(
			DataLicences::check(licence, ASSET, &BUYER),
			LicenceCheck::Invalid(Invalid::AssetUnavailable)
		);
		MockDataAssets::set(ASSET, OWNER, true);
		assert_ok!(report(&[(licence, 2)]));
		assert_eq!(
			DataLicences::check(licence, ASSET, &BUYER),
			LicenceCheck::Invalid(Invalid::Exhausted)
		);
		assert_ok!(DataLicences::top_up(RuntimeOrigin::signed(BUYER), licence, 1));
		// Valid through block 100; from its expiry block 101 on, not.
		run_to(100);
		assert_eq!(DataLicences::check(licence, ASSET, &BUYER), valid(2, 101));
		run_to(101);
		assert_eq!(
			DataLicences::check(licence, ASSET, &BUYER),
			LicenceCheck::Invalid(Invalid::Expired)
		);
	});
}

#[test]
fn vouchers_charge_what_they_add_to_the_gateways_counter() {
	new_test_ext().execute_with(|| {
		let offer = create(terms());
		let a = buy(BUYER, offer);
		let b = buy(OTHER, offer);
		let result = report(&[(a, 3), (b, 10), (a, 5)]);
		assert_ok!(result);
		assert_eq!(result.unwrap().pays_fee, Pays::No);
		// Cumulative: a's second voucher (5) adds 2 to its first (3).
		assert_eq!((calls_left(a), calls_left(b)), (5, 0));
		assert_eq!(DataLicences::charged(a, &GATEWAY), 5);
		System::assert_last_event(
			Event::UsageRecorded {
				gateway: GATEWAY,
				licence: a,
				calls: 2,
				charged: 5,
				calls_left: 5,
			}
			.into(),
		);
		// A replayed or older voucher charges nothing and is refused.
		assert_noop!(report(&[(a, 5)]), Error::<Test>::StaleVoucher);
		assert_noop!(report(&[(a, 4)]), Error::<Test>::StaleVoucher);
		// All or nothing: the first voucher fits, the second asks beyond b's calls.
		assert_noop!(report(&[(a, 6), (b, 11)]), Error::<Test>::QuotaExceeded);
		assert_noop!(report(&[(a, 11)]), Error::<Test>::QuotaExceeded);
		assert_eq!(calls_left(a), 5);
		// Another gateway has its own counter on the same licence.
		assert_ok!(settle(GATEWAY2, vec![voucher_by(BUYER, GATEWAY2, a, 2)]));
		assert_eq!((calls_left(a), DataLicences::charged(a, &GATEWAY2)), (3, 2));
		assert_noop!(report(&[(99, 1)]), Error::<Test>::UnknownLicence);
		assert_noop!(report(&[]), Error::<Test>::EmptyBatch);
		assert_noop!(
			settle(OTHER, vec![voucher_by(BUYER, OTHER, a, 6)]),
			Error::<Test>::NotGateway
		);
		check();
	});
}

#[test]
fn a_voucher_for_more_calls_than_signed_is_refused() {
	new_test_ext().execute_with(|| {
		let licence = buy(BUYER, create(terms()));
		let mut forged = voucher(licence, 2);
		forged.calls = 9;
		assert_noop!(settle(GATEWAY, vec![forged]), Error::<Test>::BadVoucher);
		let mut later = voucher(licence, 2);
		later.until_ms += 1;
		assert_noop!(settle(GATEWAY, vec![later]), Error::<Test>::BadVoucher);
		assert_eq!((calls_left(licence), DataLicences::charged(licence, &GATEWAY)), (10, 0));
		assert!(!UsageCharged::<Test>::contains_key(licence));
	});
}

#[test]
fn another_gateways_voucher_is_refused() {
	new_test_ext().execute_with(|| {
		let licence = buy(BUYER, create(terms()));
		// Signed for GATEWAY2, submitted by GATEWAY.
		let theirs = voucher_by(BUYER, GATEWAY2, licence, 3);
		assert_noop!(settle(GATEWAY, vec![theirs]), Error::<Test>::BadVoucher);
		assert_eq!(calls_left(licence), 10);
	});
}

#[test]
fn a_licence_the_gateway_never_served_cannot_be_charged() {
	new_test_ext().execute_with(|| {
		let licence = buy(BUYER, create(terms()));
		// The gateway signs for the holder itself, or uses another licence holder's key.
		let own = voucher_by(GATEWAY, GATEWAY, licence, 3);
		assert_noop!(settle(GATEWAY, vec![own]), Error::<Test>::BadVoucher);
		let _ = buy(OTHER, 0);
		let others = voucher_by(OTHER, GATEWAY, licence, 3);
		assert_noop!(settle(GATEWAY, vec![others]), Error::<Test>::BadVoucher);
		assert_eq!(calls_left(licence), 10);
	});
}

#[test]
fn a_former_holders_vouchers_stop_counting_after_a_transfer() {
	new_test_ext().execute_with(|| {
		let licence = buy(BUYER, create(terms()));
		assert_ok!(report(&[(licence, 3)]));
		let captured = voucher_by(BUYER, GATEWAY, licence, 5);
		let collection = LicenceCollection::<Test>::get().unwrap();
		assert_ok!(Nfts::transfer(RuntimeOrigin::signed(BUYER), collection, licence, OTHER));
		assert_noop!(settle(GATEWAY, vec![captured.clone()]), Error::<Test>::BadVoucher);
		// The new holder continues from the gateway's counter.
		assert_noop!(
			settle(GATEWAY, vec![voucher_by(OTHER, GATEWAY, licence, 3)]),
			Error::<Test>::StaleVoucher
		);
		assert_ok!(settle(GATEWAY, vec![voucher_by(OTHER, GATEWAY, licence, 6)]));
		assert_eq!(calls_left(licence), 4);
		// Back with the first holder: an old voucher of theirs still charges nothing.
		assert_ok!(Nfts::transfer(RuntimeOrigin::signed(OTHER), collection, licence, BUYER));
		assert_noop!(settle(GATEWAY, vec![captured]), Error::<Test>::StaleVoucher);
		assert_eq!(calls_left(licence), 4);
		check();
	});
}

#[test]
fn expired_vouchers_are_refused() {
	new_test_ext().execute_with(|| {
		let licence = buy(BUYER, create(terms()));
		MockTime::set(UNTIL_MS + 1);
		assert_noop!(report(&[(licence, 1)]), Error::<Test>::VoucherExpired);
		MockTime::set(UNTIL_MS);
		assert_ok!(report(&[(licence, 1)]));
	});
}

#[test]
fn a_wallet_signature_over_the_wrapped_payload_counts() {
	new_test_ext().execute_with(|| {
		let licence = buy(BUYER, create(terms()));
		let mut wrapped = voucher(licence, 2);
		let payload = wrapped.signature.1.clone();
		wrapped.signature.1 = [&b"<Bytes>"[..], &payload, &b"</Bytes>"[..]].concat();
		assert_ok!(settle(GATEWAY, vec![wrapped]));
		assert_eq!(calls_left(licence), 8);
	});
}

#[test]
fn a_licence_is_settled_by_a_bounded_number_of_gateways() {
	new_test_ext().execute_with(|| {
		MaxGatewaysPerLicence::set(1);
		let licence = buy(BUYER, create(terms()));
		assert_ok!(report(&[(licence, 1)]));
		assert_noop!(
			settle(GATEWAY2, vec![voucher_by(BUYER, GATEWAY2, licence, 1)]),
			Error::<Test>::LicenceGatewaysFull
		);
		assert_ok!(report(&[(licence, 2)]));
	});
}

#[test]
fn calls_served_before_expiry_settle_within_the_grace_and_renewal_never_credits_them_back() {
	new_test_ext().execute_with(|| {
		SettlementGrace::set(20);
		let offer = create(terms());
		let licence = buy(BUYER, offer);
		// Four calls served in the licence's last block, not yet settled.
		run_to(100);
		let served = voucher(licence, 4);
		run_to(101);
		assert_eq!(
			DataLicences::check(licence, ASSET, &BUYER),
			LicenceCheck::Invalid(Invalid::Expired)
		);
		// Renewed after its expiry: another 10 calls, from now.
		assert_ok!(DataLicences::renew(RuntimeOrigin::signed(BUYER), licence));
		assert_eq!(calls_left(licence), 20);
		assert_ok!(settle(GATEWAY, vec![served]));
		assert_eq!(calls_left(licence), 16);

		// Not renewed: settled up to the grace's end, refused after it, removed after it.
		let other = buy(OTHER, offer);
		let last = voucher(other, 2);
		run_to(101 + 100 + 19);
		assert_ok!(settle(GATEWAY, vec![last]));
		assert_eq!(calls_left(other), 8);
		run_to(101 + 100 + 20);
		assert_noop!(report(&[(other, 3)]), Error::<Test>::SettlementClosed);
		assert!(Licences::<Test>::contains_key(other));
		assert!(UsageCharged::<Test>::contains_key(other));
		check();
		run_to(101 + 100 + 20 + EXPIRY_BUCKET);
		assert!(!Licences::<Test>::contains_key(other));
		assert!(!UsageCharged::<Test>::contains_key(other));
		check();
	});
}

#[test]
fn gateways_set_their_own_sealing_key_and_lose_it_when_deregistered() {
	use bdes_primitives::GatewayRegistry;
	new_test_ext().execute_with(|| {
		assert_eq!(DataLicences::sealing_key(&GATEWAY), None);
		let result = DataLicences::set_sealing_key(RuntimeOrigin::signed(GATEWAY), [4; 32]);
		assert_eq!(result.map(|info| info.pays_fee), Ok(Pays::No));
		System::assert_last_event(Event::SealingKeySet { gateway: GATEWAY, key: [4; 32] }.into());
		assert_eq!(DataLicences::sealing_key(&GATEWAY), Some([4; 32]));
		assert_ok!(DataLicences::set_sealing_key(RuntimeOrigin::signed(GATEWAY), [5; 32]));
		assert_eq!(DataLicences::sealing_key(&GATEWAY), Some([5; 32]));
		assert_noop!(
			DataLicences::set_sealing_key(RuntimeOrigin::signed(OTHER), [4; 32]),
			Error::<Test>::NotGateway
		);
		assert_noop!(
			DataLicences::set_sealing_key(RuntimeOrigin::signed(GATEWAY), [0; 32]),
			Error::<Test>::InvalidSealingKey
		);
		assert_ok!(DataLicences::deregister_gateway(RuntimeOrigin::root(), GATEWAY));
		assert_eq!(DataLicences::sealing_key(&GATEWAY), None);
		assert!(!SealingKeys::<Test>::contains_key(GATEWAY));
		check();
	});
}

#[test]
fn the_voucher_payload_is_fixed() {
	// The gateway and clients build the same bytes (`bdes-gateway`'s auth tests hold the twin
	// of this vector): domain tag, genesis, gateway, licence, calls, until_ms, request.
	let payload = voucher_payload(&[1u8; 32], &[2u8; 32], 7, 3, 1_700_000_000_000, &[9u8; 32]);
	let expected = [
		&b"bdes-voucher/v1"[..],
		&[1; 32],
		&[2; 32],
		&7u32.to_le_bytes(),
		&3u32.to_le_bytes(),
		&1_700_000_000_000u64.to_le_bytes(),
		&[9; 32],
	]
	.concat();
	assert_eq!(payload, expected);
}

#[test]
fn transferable_licences_move_with_their_nft_and_others_do_not() {
	new_test_ext().execute_with(|| {
		let open = create(terms());
		let bound = create(OfferTerms { transferable: false, ..terms() });
		let a = buy(BUYER, open);
		let b = buy(BUYER, bound);
		let collection = LicenceCollection::<Test>::get().unwrap();
		assert_ok!(Nfts::transfer(RuntimeOrigin::signed(BUYER), collection, a, OTHER));
		assert_eq!(DataLicences::check(a, ASSET, &OTHER), valid(10, 101));
		assert_eq!(
			DataLicences::check(a, ASSET, &BUYER),
			LicenceCheck::Invalid(Invalid::NotHolder)
		);
		assert_noop!(
			Nfts::transfer(RuntimeOrigin::signed(BUYER), collection, b, OTHER),
			pallet_nfts::Error::<Test>::ItemLocked
		);
		assert_eq!(DataLicences::check(b, ASSET, &BUYER), valid(10, 101));
		// Only the holder renews or tops up.
		assert_noop!(
			DataLicences::renew(RuntimeOrigin::signed(BUYER), a),
			Error::<Test>::NotHolder
		);
		assert_ok!(DataLicences::renew(RuntimeOrigin::signed(OTHER), a));
		check();
	});
}

#[test]
fn renewal_adds_a_period_and_a_quota_and_pays_like_a_sale() {
	new_test_ext().execute_with(|| {
		MockRevenue::enable(ASSET);
		let offer = create(terms());
		let licence = buy(BUYER, offer);
		assert_ok!(report(&[(licence, 4)]));
		let (buyer, owner, pot) = (free(BUYER), free(OWNER), free(REVENUE_POT));
		run_to(50);
		assert_ok!(DataLicences::renew(RuntimeOrigin::signed(BUYER), licence));
		// From the current expiry, not from now.
		assert_eq!(DataLicences::check(licence, ASSET, &BUYER), valid(16, 201));
		System::assert_last_event(
			Event::Renewed { licence, price: 1001, expiry: 201, calls_left: 16 }.into(),
		);
		assert_eq!(buyer - free(BUYER), 1001);
		assert_eq!((free(OWNER) - owner, free(REVENUE_POT) - pot), (681, 300));
		// Expired (not yet cleaned up): renewal counts from now.
		run_to(205);
		assert!(Licences::<Test>::contains_key(licence));
		assert_ok!(DataLicences::renew(RuntimeOrigin::signed(BUYER), licence));
		assert_eq!(DataLicences::check(licence, ASSET, &BUYER), valid(26, 305));
		check();
		assert_noop!(
			DataLicences::renew(RuntimeOrigin::signed(BUYER), 99),
			Error::<Test>::UnknownLicence
		);
		assert_ok!(DataLicences::close_offer(RuntimeOrigin::signed(OWNER), offer));
		assert_noop!(
			DataLicences::renew(RuntimeOrigin::signed(BUYER), licence),
			Error::<Test>::UnknownOffer
		);
	});
}

#[test]
fn top_up_buys_packs_of_calls_without_moving_the_expiry() {
	new_test_ext().execute_with(|| {
		let offer = create(terms());
		let licence = buy(BUYER, offer);
		let buyer = free(BUYER);
		assert_ok!(DataLicences::top_up(RuntimeOrigin::signed(BUYER), licence, 3));
		assert_eq!(buyer - free(BUYER), 3 * 1001);
		assert_eq!(DataLicences::check(licence, ASSET, &BUYER), valid(40, 101));
		System::assert_last_event(Event::ToppedUp { licence, price: 3003, calls_left: 40 }.into());
		assert_noop!(
			DataLicences::top_up(RuntimeOrigin::signed(BUYER), licence, 0),
			Error::<Test>::ZeroPacks
		);
		assert_noop!(
			DataLicences::top_up(RuntimeOrigin::signed(OTHER), licence, 1),
			Error::<Test>::NotHolder
		);
		run_to(101);
		assert_noop!(
			DataLicences::top_up(RuntimeOrigin::signed(BUYER), licence, 1),
			Error::<Test>::LicenceExpired
		);
		check();
	});
}

#[test]
fn closing_an_offer_returns_its_deposit_and_keeps_sold_licences() {
	new_test_ext().execute_with(|| {
		let offer = create(terms());
		let licence = buy(BUYER, offer);
		assert_noop!(
			DataLicences::close_offer(RuntimeOrigin::signed(BUYER), offer),
			Error::<Test>::NotOwner
		);
		assert_ok!(DataLicences::close_offer(RuntimeOrigin::signed(OWNER), offer));
		System::assert_last_event(Event::OfferClosed { offer, asset: ASSET }.into());
		assert_eq!(held(HoldReason::OfferDeposit, OWNER), 0);
		assert!(OffersOf::<Test>::get(ASSET).is_empty());
		assert_noop!(
			DataLicences::close_offer(RuntimeOrigin::signed(OWNER), offer),
			Error::<Test>::UnknownOffer
		);
		assert_noop!(
			DataLicences::buy(RuntimeOrigin::signed(OTHER), offer),
			Error::<Test>::UnknownOffer
		);
		assert_eq!(DataLicences::check(licence, ASSET, &BUYER), valid(10, 101));
		check();
	});
}

#[test]
fn gateways_are_registered_by_the_gateway_origin() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			DataLicences::register_gateway(RuntimeOrigin::signed(OWNER), OTHER),
			DispatchError::BadOrigin
		);
		assert_noop!(
			DataLicences::register_gateway(RuntimeOrigin::root(), GATEWAY),
			Error::<Test>::AlreadyGateway
		);
		assert_ok!(DataLicences::register_gateway(RuntimeOrigin::root(), OTHER));
		System::assert_last_event(Event::GatewayRegistered { gateway: OTHER }.into());
		assert_noop!(
			DataLicences::register_gateway(RuntimeOrigin::root(), BUYER),
			Error::<Test>::TooManyGateways
		);
		assert_ok!(DataLicences::deregister_gateway(RuntimeOrigin::root(), GATEWAY));
		System::assert_last_event(Event::GatewayDeregistered { gateway: GATEWAY }.into());
		assert_noop!(
			DataLicences::deregister_gateway(RuntimeOrigin::root(), GATEWAY),
			Error::<Test>::NotGateway
		);
		let offer = create(terms());
		let licence = buy(BUYER, offer);
		assert_noop!(report(&[(licence, 1)]), Error::<Test>::NotGateway);
	});
}

#[test]
fn expired_licences_are_cleaned_up_in_bounded_steps_with_deposits_returned() {
	new_test_ext().execute_with(|| {
		let open = create(terms());
		let bound = create(OfferTerms { transferable: false, ..terms() });
		// Five licences expiring at 101 (bucket 110), one renewed to 201.
		let licences: Vec<_> = (0..5)
			.map(|i| buy(if i % 2 == 0 { BUYER } else { OTHER }, if i < 3 { open } else { bound }))
			.collect();
		let renewed = buy(BUYER, open);
		let before = free(BUYER);
		run_to(100);
		assert_ok!(DataLicences::renew(RuntimeOrigin::signed(BUYER), renewed));
		let paid = before - free(BUYER);

		// Expired at 101 but cleaned once their bucket (ending at 110) is due.
		run_to(109);
		assert_eq!(Licences::<Test>::iter().count(), 6);
		assert_noop!(
			DataLicences::cleanup(RuntimeOrigin::signed(OTHER), 10),
			Error::<Test>::NothingToClean
		);
		// At most MAX_CLEANUP (3) a block in idle time.
		System::set_block_number(110);
		DataLicences::on_idle(110, Weight::MAX);
		assert_eq!(Licences::<Test>::iter().count(), 3);
		// Anyone may clean the rest.
		assert_ok!(DataLicences::cleanup(RuntimeOrigin::signed(OTHER), 10));
		assert_eq!(Licences::<Test>::iter().count(), 1);
		for licence in licences {
			assert!(DataLicences::holder(licence).is_none(), "NFT {licence} burned");
		}
		System::assert_has_event(Event::LicenceRemoved { licence: 4, asset: ASSET }.into());
		// BUYER had three licences cleaned: deposits and NFT item deposits are back.
		assert_eq!(held(HoldReason::LicenceDeposit, BUYER), LICENCE_DEPOSIT);
		assert_eq!(Balances::reserved_balance(BUYER), LICENCE_DEPOSIT + ITEM_DEPOSIT);
		assert_eq!(free(BUYER), before - paid + 3 * (LICENCE_DEPOSIT + ITEM_DEPOSIT));
		assert_eq!(held(HoldReason::LicenceDeposit, OTHER), 0);
		assert_eq!(DataLicences::check(renewed, ASSET, &BUYER), valid(20, 201));
		check();
		run_to(211);
		assert_eq!(Licences::<Test>::iter().count(), 0);
		assert_eq!(held(HoldReason::LicenceDeposit, BUYER), 0);
		check();
	});
}

#[test]
fn a_licence_burned_by_its_holder_is_still_cleaned_up() {
	new_test_ext().execute_with(|| {
		let offer = create(terms());
		let licence = buy(BUYER, offer);
		let collection = LicenceCollection::<Test>::get().unwrap();
		assert_ok!(Nfts::burn(RuntimeOrigin::signed(BUYER), collection, licence));
		assert_eq!(
			DataLicences::check(licence, ASSET, &BUYER),
			LicenceCheck::Invalid(Invalid::NotHolder)
		);
		run_to(110);
		assert!(!Licences::<Test>::contains_key(licence));
		assert_eq!(held(HoldReason::LicenceDeposit, BUYER), 0);
		check();
	});
}

// ---- cleanup weights (issue 11, item 9) -----------------------------------------------------------

fn bucket_weight() -> Weight {
	<Test as frame_system::Config>::DbWeight::get().reads_writes(1, 1)
}

fn cleanup_weight(n: u32) -> Weight {
	<() as WeightInfo>::cleanup(n)
}

#[test]
fn cleanup_charges_up_front_for_every_bucket_it_may_scan() {
	use frame_support::dispatch::GetDispatchInfo;
	use sp_runtime::traits::Dispatchable;
	new_test_ext().execute_with(|| {
		// Three licences due in bucket 110, one in bucket 130; the cursor waits on bucket 110.
		let offer = create(terms());
		for _ in 0..3 {
			buy(BUYER, offer);
		}
		run_to(21);
		buy(OTHER, offer);
		run_to(109);
		assert_eq!(CleanupCursor::<Test>::get(), 110);
		System::set_block_number(130);

		let call = RuntimeCall::DataLicences(Call::cleanup { limit: 4 });
		let charged = call.get_dispatch_info().call_weight;
		let used = call.dispatch(RuntimeOrigin::signed(OTHER)).unwrap().actual_weight.unwrap();
		// Four removals and four bucket scans: 110 (three removed), 110 again (empty), 120, 130.
		assert_eq!(used, cleanup_weight(4) + bucket_weight() * 4);
		assert!(used.all_lte(charged), "used {used:?}, more than the {charged:?} charged");
		assert_eq!(Licences::<Test>::iter().count(), 0);
		check();
	});
}

#[test]
fn idle_cleanup_budgets_a_removal_and_a_bucket_scan_per_step() {
	new_test_ext().execute_with(|| {
		// Two licences due in bucket 110 and one in bucket 120: removing all three scans three
		// buckets.
		let offer = create(terms());
		buy(BUYER, offer);
		buy(BUYER, offer);
		run_to(11);
		buy(OTHER, offer);
		run_to(109);
		System::set_block_number(120);

		let per = cleanup_weight(1) - cleanup_weight(0);
		assert!(per.all_gt(bucket_weight()), "a removal weighs more than a bucket scan");
		// Room for three steps of max(removal, scan), but only for two of removal + scan.
		let remaining = cleanup_weight(0) + bucket_weight() + per * 3;
		let used = DataLicences::on_idle(120, remaining);
		assert!(used.all_lte(remaining), "used {used:?} of {remaining:?}");
		assert_eq!(used, cleanup_weight(2) + bucket_weight());
		assert_eq!(Licences::<Test>::iter().count(), 1);

		// With room for everything, the rest goes: the third removal and three bucket scans
		// (110, now empty; 120; 120 again, empty).
		let used = DataLicences::on_idle(120, Weight::MAX);
		assert_eq!(used, cleanup_weight(1) + bucket_weight() * 3);
		assert_eq!(Licences::<Test>::iter().count(), 0);
		check();
	});
}

#[test]
fn a_compute_task_uses_one_call_of_a_valid_licence() {
	use bdes_primitives::LicenceUse;
	new_test_ext().execute_with(|| {
		let offer = create(OfferTerms { calls: 2, ..terms() });
		let licence = buy(BUYER, offer);
		assert_noop!(DataLicences::use_call(&BUYER, 99, ASSET), Error::<Test>::UnknownLicence);
		assert_noop!(DataLicences::use_call(&BUYER, licence, 8), Error::<Test>::WrongAsset);
		assert_noop!(DataLicences::use_call(&OTHER, licence, ASSET), Error::<Test>::NotHolder);
		MockDataAssets::set(ASSET, OWNER, false);
		assert_noop!(
			DataLicences::use_call(&BUYER, licence, ASSET),
			Error::<Test>::AssetUnavailable
		);
		MockDataAssets::set(ASSET, OWNER, true);
		assert_ok!(DataLicences::use_call(&BUYER, licence, ASSET));
		assert_eq!(calls_left(licence), 1);
		System::assert_last_event(Event::CallUsed { licence, holder: BUYER, calls_left: 1 }.into());
		assert_ok!(DataLicences::use_call(&BUYER, licence, ASSET));
		assert_noop!(DataLicences::use_call(&BUYER, licence, ASSET), Error::<Test>::Exhausted);
		assert_ok!(DataLicences::top_up(RuntimeOrigin::signed(BUYER), licence, 1));
		run_to(101);
		assert_noop!(DataLicences::use_call(&BUYER, licence, ASSET), Error::<Test>::LicenceExpired);
		check();
	});
}
