//! Throughput of encryption and (range) decryption, and the cost of sealing.
//!
//! `cargo bench -p bdes-sealing`; figures for this machine are in the crate README.

use std::hint::black_box;

use bdes_sealing::{decrypt, encrypt, seal, unseal, ContentKey, Identity, Layout};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

const LEN: usize = 16 * 1024 * 1024;

fn throughput(c: &mut Criterion) {
	let key = ContentKey::generate();
	let plain: Vec<u8> = (0..LEN).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
	let mut cipher = Vec::with_capacity(LEN + LEN / 4000 + 512);
	let summary = encrypt(&key, &plain[..], &mut cipher).unwrap();
	let layout = Layout::new(cipher.len() as u64, summary.header_len).unwrap();
	let header = &cipher[..summary.header_len as usize];

	let mut group = c.benchmark_group("16 MiB");
	group.throughput(Throughput::Bytes(LEN as u64)).sample_size(10);
	group.bench_function("encrypt", |b| {
		let mut out = Vec::with_capacity(cipher.len());
		b.iter(|| {
			out.clear();
			encrypt(&key, &plain[..], &mut out).unwrap()
		})
	});
	group.bench_function("decrypt whole file", |b| {
		b.iter(|| decrypt(&key, &cipher[..], std::io::sink()).unwrap())
	});
	group.bench_function("range decrypt whole file, 64 KiB pushes", |b| {
		let plan = layout.plan(0..=LEN as u64 - 1).unwrap();
		let mut out = Vec::with_capacity(1 << 20);
		b.iter(|| {
			let mut decryptor = plan.decryptor(&key, header).unwrap();
			for piece in cipher[header.len()..].chunks(64 * 1024) {
				decryptor.push(piece, &mut out).unwrap();
				out.clear(); // sent to the client
			}
			decryptor.finish().unwrap()
		})
	});
	group.finish();

	let mut group = c.benchmark_group("per request");
	group.bench_function("range decrypt 1 byte mid-file (header + 1 chunk)", |b| {
		let mid = LEN as u64 / 2;
		let plan = layout.plan(mid..=mid).unwrap();
		let chunk = &cipher[plan.ciphertext_offset() as usize..][..plan.ciphertext_len() as usize];
		b.iter(|| {
			let mut out = Vec::new();
			let mut decryptor = plan.decryptor(&key, header).unwrap();
			decryptor.push(chunk, &mut out).unwrap();
			black_box(out)
		})
	});
	let gateway = Identity::generate();
	let recipient = gateway.recipient();
	let sealed = seal(&key, &recipient);
	group.bench_function("seal", |b| b.iter(|| seal(&key, &recipient)));
	group.bench_function("unseal", |b| b.iter(|| unseal(&sealed, &gateway).unwrap()));
	group.finish();
}

criterion_group! {
	name = benches;
	config = Criterion::default()
		.warm_up_time(std::time::Duration::from_secs(1))
		.measurement_time(std::time::Duration::from_secs(4));
	targets = throughput
}
criterion_main!(benches);
