//! `cumulus_pallet_weight_reclaim`: refunds unused proof-size weight of transactions.

use crate::Runtime;

impl cumulus_pallet_weight_reclaim::Config for Runtime {
	type WeightInfo = crate::weights::cumulus_pallet_weight_reclaim::WeightInfo<Runtime>;
}
