//! `parachain_info`: the parachain id, set in genesis.

use crate::Runtime;

impl parachain_info::Config for Runtime {}
