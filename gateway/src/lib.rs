//! `bdes-gateway`: serves the bytes of listed BDES datasets from IPFS, only to callers who sign
//! their request with the key of an account holding a valid licence, and meters the calls on
//! chain with signed usage batches.
//!
//! [`auth`] is the request-signing protocol (clients use it too: every request is a usage
//! voucher), [`meter`] the bounded licence cache and counters that never serve more calls than
//! a licence has left nor a voucher twice, [`settle`] puts the vouchers on chain, [`chain`] is
//! the node side behind a trait, [`limits`] the token buckets, [`server`] the HTTP service.

pub mod auth;
pub mod chain;
pub mod client;
pub mod config;
pub mod limits;
pub mod meter;
pub mod metrics;
pub mod range;
pub mod server;
pub mod settle;
