//! `cumulus_pallet_aura_ext`: Aura checks for parachain block validation.

use crate::Runtime;

impl cumulus_pallet_aura_ext::Config for Runtime {}
