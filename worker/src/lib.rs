//! `bdes-worker`: what a compute provider runs. This crate holds the executor, which runs a
//! model (see `bdes-model-kit` for the ABI) in wasmtime with fuel metering, a memory limit and
//! nothing to import, so that the same model over the same inputs gives the same bytes and the
//! same fuel on every machine.

pub mod exec;
