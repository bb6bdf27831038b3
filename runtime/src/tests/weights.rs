//! Each main BDES call's charged weight beside the nearest SDK primitive, both from the
//! runtime's configured weights (generated in one `scripts/benchmark.sh` run on one machine).
//! `cargo test -p bdes-runtime weights_table -- --nocapture` prints the README's table.

use crate::Runtime;
use frame_support::weights::Weight;

type Assets = <Runtime as pallet_assets::Config<pallet_assets::Instance1>>::WeightInfo;
type Balances = <Runtime as pallet_balances::Config>::WeightInfo;
type Nfts = <Runtime as pallet_nfts::Config>::WeightInfo;
type DataAssets = <Runtime as pallet_data_assets::Config>::WeightInfo;
type Licences = <Runtime as pallet_data_licences::Config>::WeightInfo;
type Shares = <Runtime as pallet_revenue_shares::Config>::WeightInfo;
type Market = <Runtime as pallet_nft_market::Config>::WeightInfo;
type Book = <Runtime as pallet_order_book::Config>::WeightInfo;

/// Vouchers in the `report_usage` row; its weight is shown per voucher.
const VOUCHERS: u32 = 64;

/// A BDES call, what it is charged, and the SDK primitive doing the nearest thing.
struct Row {
	call: &'static str,
	weight: Weight,
	primitive: &'static str,
	reference: Weight,
}

fn rows() -> Vec<Row> {
	use pallet_assets::WeightInfo as _;
	use pallet_balances::WeightInfo as _;
	use pallet_data_assets::WeightInfo as _;
	use pallet_data_licences::WeightInfo as _;
	use pallet_nft_market::WeightInfo as _;
	use pallet_nfts::WeightInfo as _;
	use pallet_order_book::WeightInfo as _;
	use pallet_revenue_shares::WeightInfo as _;
	let per_voucher = Licences::report_usage(VOUCHERS).saturating_sub(Licences::report_usage(0))
		/ u64::from(VOUCHERS);
	vec![
		// A listing stores metadata under a deposit; an NFT mint stores an item under one.
		Row {
			call: "dataAssets.submit",
			weight: DataAssets::submit(),
			primitive: "nfts.mint",
			reference: Nfts::mint(),
		},
		// The Council's approval mints the ownership NFT.
		Row {
			call: "dataAssets.approve (by motion)",
			weight: DataAssets::approve_listing(),
			primitive: "nfts.mint",
			reference: Nfts::mint(),
		},
		Row {
			call: "dataAssets.setContentKey",
			weight: DataAssets::set_content_key(),
			primitive: "nfts.setMetadata",
			reference: Nfts::set_metadata(),
		},
		// A licence sale pays the seller and mints the licence NFT.
		Row {
			call: "dataLicences.buy",
			weight: Licences::buy(),
			primitive: "nfts.buyItem",
			reference: Nfts::buy_item(),
		},
		// Each voucher moves its calls' price from the holder's hold to the provider.
		Row {
			call: "dataLicences.reportUsage (per voucher)",
			weight: per_voucher,
			primitive: "balances.transferKeepAlive",
			reference: Balances::transfer_keep_alive(),
		},
		Row {
			call: "revenueShares.stake",
			weight: Shares::stake(),
			primitive: "assets.freeze",
			reference: Assets::freeze(),
		},
		Row {
			call: "revenueShares.claim",
			weight: Shares::claim(),
			primitive: "assets.transfer",
			reference: Assets::transfer(),
		},
		Row {
			call: "nftMarket.list",
			weight: Market::list(),
			primitive: "nfts.setPrice",
			reference: Nfts::set_price(),
		},
		Row {
			call: "nftMarket.buy",
			weight: Market::buy(),
			primitive: "nfts.buyItem",
			reference: Nfts::buy_item(),
		},
		Row {
			call: "nftMarket.bid",
			weight: Market::bid(),
			primitive: "nfts.buyItem",
			reference: Nfts::buy_item(),
		},
		// A resting sell moves its units to the market's escrow.
		Row {
			call: "orderBook.placeLimit (a sell rests)",
			weight: Book::rest_sell(),
			primitive: "assets.transfer",
			reference: Assets::transfer(),
		},
		// A resting buy holds its cost and deposit: compared with the same primitive as a
		// resting sell, the SDK having no call that holds an amount.
		Row {
			call: "orderBook.placeLimit (a buy rests)",
			weight: Book::rest_buy(),
			primitive: "assets.transfer",
			reference: Assets::transfer(),
		},
		// One fill moves units one way and BDES the other.
		Row {
			call: "orderBook.placeLimit (one fill)",
			weight: Book::place_market(1),
			primitive: "assets.transfer + balances.transferKeepAlive",
			reference: Assets::transfer().saturating_add(Balances::transfer_keep_alive()),
		},
		Row {
			call: "orderBook.cancel",
			weight: Book::cancel(),
			primitive: "assets.transfer",
			reference: Assets::transfer(),
		},
	]
}

/// Calls above twice their primitive, and why that cannot be less.
const EXPLAINED: &[(&str, &str)] = &[
	(
		"dataAssets.approve (by motion)",
		"mints the ownership NFT (nfts.mint's 4 writes) and also records the listing, the \
		 content index and the pin requests the pinners' worker serves: 15 writes against 4",
	),
	(
		"dataAssets.setContentKey",
		"checks the gateway's registration and sealing key in the licences pallet and the \
		 asset's owner and encryption, then holds a deposit: 11 reads against 5",
	),
	(
		"dataLicences.buy",
		"a sale and a mint: pays the owner, the reserve pool's fee and the share holders' \
		 dividend pool, mints the licence NFT and records the licence (23 writes); it is 2.5× \
		 nfts.buyItem + nfts.mint, the two things it does",
	),
	(
		"revenueShares.stake",
		"assets.freeze only flips an account's flag (17 µs, 1 write); a stake freezes an \
		 amount through the assets freezer and books it in the pool and its warm-up bucket \
		 (10 writes); the SDK has no call that freezes an amount to compare with",
	),
	(
		"nftMarket.list",
		"nfts.setPrice writes one price; a listing also locks the NFT against transfers and \
		 burns, holds the seller's deposit and records the sale (3 writes, 8 reads)",
	),
	(
		"nftMarket.buy",
		"pays the reserve pool's 2% and the share holders' 5% besides the seller, returns the \
		 seller's deposit and removes the sale: 13 writes against nfts.buyItem's 5",
	),
	(
		"orderBook.placeLimit (a sell rests)",
		"at worst (a new price in words of its own, the market escrow's first units, the \
		 cleanup cursor moved) a resting sell writes 16 keys: the order, its level, four \
		 price-index words, the account's order list, the id counter, the expiry queue and its \
		 cursor, the units into escrow (two accounts, the asset's account count and the \
		 escrow's reference) and the deposit's hold, against a transfer's 6; 800 µs of it are \
		 writes. A sell at a price with orders is refunded to 9 writes",
	),
	(
		"orderBook.placeLimit (a buy rests)",
		"at worst a resting buy writes 12 keys (the order, its level, four price-index words, \
		 the account's list, the id counter, the expiry queue and its cursor, the hold of its \
		 cost and deposit) against a transfer's 6; 600 µs of it are writes, refunded to 7 \
		 writes at a price with orders",
	),
	(
		"orderBook.placeLimit (one fill)",
		"a trade settles both sides (asset units one way, BDES from the maker's hold the other, \
		 two fees to the reserve pool) and removes the filled maker's order, level and index \
		 words: 16 writes against a transfer and a balance transfer's 7",
	),
	(
		"orderBook.cancel",
		"returns the hold or the escrowed units and the deposit and removes the order from \
		 its level, the price index and the account's list (its expiry entry waits for \
		 cleanup): 15 writes against 6",
	),
	(
		"dataLicences.reportUsage (per voucher)",
		"verifies the holder's sr25519 signature in WASM, twice in the worst case (the raw \
		 payload, then the <Bytes>-wrapped one wallets sign): 106 µs of the 230",
	),
];

fn ratio(a: u64, b: u64) -> f64 {
	a as f64 / (b.max(1)) as f64
}

#[test]
fn weights_table() {
	println!(
		"| call | ref_time µs | proof B | SDK primitive | ref_time µs | proof B | ratio (time) |"
	);
	println!("|---|---:|---:|---|---:|---:|---:|");
	let mut above = Vec::new();
	for row in rows() {
		let r = ratio(row.weight.ref_time(), row.reference.ref_time());
		println!(
			"| `{}` | {:.1} | {} | `{}` | {:.1} | {} | {:.2}× |",
			row.call,
			row.weight.ref_time() as f64 / 1e6,
			row.weight.proof_size(),
			row.primitive,
			row.reference.ref_time() as f64 / 1e6,
			row.reference.proof_size(),
			r,
		);
		let explained = EXPLAINED.iter().any(|(call, _)| *call == row.call);
		if r > 2.0 && !explained {
			above.push(format!("{} is {r:.2}× {}", row.call, row.primitive));
		}
		if r <= 2.0 && explained {
			above.push(format!("{} is explained as above 2× but is {r:.2}×", row.call));
		}
	}
	assert!(above.is_empty(), "calls above twice their SDK primitive, unexplained: {above:#?}");
}
