//! `bdes-gateway`: serves the bytes of listed BDES datasets from IPFS, only to callers who sign
//! their request with the key of an account holding a valid licence, and meters the calls on
//! chain with signed usage batches.
//!
//! [`auth`] is the request-signing protocol (clients use it too), [`meter`] the licence cache
//! that never serves more calls than a licence has left, [`chain`] the node side, [`server`]
//! the HTTP service.

pub mod auth;
pub mod chain;
pub mod config;
pub mod meter;
pub mod range;
pub mod server;
