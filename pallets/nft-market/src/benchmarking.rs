//! Benchmarks of the NFT market.
