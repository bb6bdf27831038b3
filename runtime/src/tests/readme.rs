//! Figures the README quotes, computed by the runtime.

use super::{bob, preset_ext};
use crate::{DataAssets, RuntimeOrigin};
use frame_support::{assert_ok, traits::fungible::InspectHold};
use sp_genesis_builder::DEV_RUNTIME_PRESET;

/// The README's `bdes data publish air.csv …` example prints "deposit 3.84000 BDES": the
/// deposit for exactly that metadata (a CIDv0, as `bdes` lists a file; encrypted, as `bdes`
/// publishes by default).
#[test]
fn the_readme_publish_example_holds_the_deposit_it_prints() {
	preset_ext(DEV_RUNTIME_PRESET).execute_with(|| {
		let metadata = pallet_data_assets::MetadataInput {
			title: b"Air quality, Berlin 2024".to_vec(),
			description: vec![],
			category: pallet_data_assets::Category::Science,
			tags: vec![b"air".to_vec(), b"pm2-5".to_vec()],
			format: b"text/csv".to_vec(),
			coverage: Default::default(),
			source: b"Umweltbundesamt".to_vec(),
		};
		let content = pallet_data_assets::ContentInput {
			cid: b"QmaML4RjGhTSKCk3ptb4XkUvRfKPaNKbJTXdNNHEGUgWm3".to_vec(),
			digest: [7; 32],
			size: 5 * 1024 * 1024 + 1_000,
			encryption: Some(pallet_data_assets::Encryption {
				plain_digest: [8; 32],
				plain_size: 5 * 1024 * 1024,
			}),
		};
		assert_ok!(DataAssets::submit(RuntimeOrigin::signed(bob()), metadata, content));
		let held = <crate::Balances as InspectHold<_>>::balance_on_hold(
			&crate::RuntimeHoldReason::DataAssets(pallet_data_assets::HoldReason::ListingDeposit),
			&bob(),
		);
		assert_eq!(held, 384_000, "update the README's publish example");
	});
}
