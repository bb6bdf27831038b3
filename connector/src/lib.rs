//! `bdes-connector`: a feed operator's daemon. It reads external sources (HTTP JSON/CSV
//! endpoints, an NDJSON stream, a watched directory), standardises each batch with the feed's
//! schema (read from the chain) into Parquet, adds it to IPFS and submits it to `pallet-feeds`,
//! where it becomes a listed data asset that sells itself as the feed is configured.

pub mod chain;
pub mod config;
pub mod daemon;
pub mod metrics;
pub mod records;
pub mod source;
pub mod standard;
pub mod state;
