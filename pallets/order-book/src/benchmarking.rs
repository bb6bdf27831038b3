//! Benchmarks of the order book.
