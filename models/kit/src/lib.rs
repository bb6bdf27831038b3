//! The BDES model ABI, and a kit to write a model as a plain Rust function.
//!
//! A model is a WebAssembly module (compiled for `wasm32-unknown-unknown`) that a compute
//! provider's `bdes-worker` runs over a task's inputs. The module must import nothing: no
//! clock, no randomness, no network, no filesystem, so the same inputs give the same bytes on
//! every machine, and independent providers' outputs can be compared digest for digest.
//!
//! # The ABI (version 1)
//!
//! The module exports:
//! - `memory`: its linear memory;
//! - `bdes_abi_version() -> i32`: `1`;
//! - `bdes_alloc(len: i32) -> i32`: a buffer of `len` bytes the host writes the request into;
//! - `bdes_run(ptr: i32, len: i32) -> i64`: runs the model over the request at `ptr..ptr+len`
//!   and returns where its response is, `ptr << 32 | len`.
//!
//! A request is `u32 n`, then `n` inputs each as `u32 len` and its bytes, then `u32 len` and the
//! task's parameters; a response is one status byte, `0` then the output or `1` then a UTF-8
//! error message. Integers are little-endian. A trap (a panic, running out of fuel or memory)
//! is a failed run, reported as such by the worker.
//!
//! # Writing a model
//!
//! ```
//! /// Counts the lines of each input.
//! pub fn line_counts(inputs: &[&[u8]], _params: &[u8]) -> Result<Vec<u8>, String> {
//!     let counts: Vec<String> =
//!         inputs.iter().map(|i| i.split(|b| *b == b'\n').count().to_string()).collect();
//!     Ok(counts.join(",").into_bytes())
//! }
//! bdes_model_kit::export_model!(line_counts);
//!
//! // The same function runs natively, through the same encoding the worker uses.
//! let request = bdes_model_kit::encode_request(&[b"a\nb", b"c"], b"");
//! let response = bdes_model_kit::run_encoded(line_counts, &request);
//! assert_eq!(bdes_model_kit::decode_response(&response), Ok(Ok(b"2,1".to_vec())));
//! ```

#[cfg(feature = "table")]
pub mod table;

/// The ABI version a module built with this kit exports.
pub const ABI_VERSION: i32 = 1;

/// Linear memory a model may grow to (256 MiB). Part of the ABI, not a provider's setting: a
/// run that needs more fails the same way on every machine, so providers still agree.
pub const MEMORY_LIMIT: usize = 256 << 20;

/// A model: the task's inputs in order, and its parameters, to the output bytes or a message.
pub type ModelFn = fn(&[&[u8]], &[u8]) -> Result<Vec<u8>, String>;

/// What is wrong with an encoded request or response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AbiError {
	/// It ends before what it says it holds.
	Truncated,
	/// Bytes follow its end.
	Trailing,
	/// The status byte is neither 0 nor 1.
	BadStatus,
	/// An error message is not UTF-8.
	BadMessage,
}

impl core::fmt::Display for AbiError {
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		f.write_str(match self {
			Self::Truncated => "truncated",
			Self::Trailing => "trailing bytes",
			Self::BadStatus => "unknown status byte",
			Self::BadMessage => "error message is not UTF-8",
		})
	}
}

impl std::error::Error for AbiError {}

/// A decoded request: borrowed slices of the buffer it came in.
#[derive(Debug, PartialEq, Eq)]
pub struct Request<'a> {
	/// The inputs, in the task's order.
	pub inputs: Vec<&'a [u8]>,
	/// The task's parameters.
	pub params: &'a [u8],
}

fn put(out: &mut Vec<u8>, bytes: &[u8]) {
	// Inputs are bounded by the worker's memory limit, far below 4 GiB.
	out.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
	out.extend_from_slice(bytes);
}

/// Encodes a request, as the worker writes it into the module's memory.
pub fn encode_request(inputs: &[&[u8]], params: &[u8]) -> Vec<u8> {
	let size = 8 + params.len() + inputs.iter().map(|i| 4 + i.len()).sum::<usize>();
	let mut out = Vec::with_capacity(size);
	out.extend_from_slice(&(inputs.len() as u32).to_le_bytes());
	for input in inputs {
		put(&mut out, input);
	}
	put(&mut out, params);
	out
}

struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
	fn take(&mut self, n: usize) -> Result<&'a [u8], AbiError> {
		if self.0.len() < n {
			return Err(AbiError::Truncated);
		}
		let (head, rest) = self.0.split_at(n);
		self.0 = rest;
		Ok(head)
	}

	fn u32(&mut self) -> Result<usize, AbiError> {
		let b = self.take(4)?;
		Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
	}

	fn bytes(&mut self) -> Result<&'a [u8], AbiError> {
		let n = self.u32()?;
		self.take(n)
	}
}

/// Decodes a request.
pub fn decode_request(bytes: &[u8]) -> Result<Request<'_>, AbiError> {
	let mut r = Reader(bytes);
	let n = r.u32()?;
	// Each input takes at least its 4-byte length: a larger count is a lie, not an allocation.
	if n > r.0.len() / 4 {
		return Err(AbiError::Truncated);
	}
	let inputs = (0..n).map(|_| r.bytes()).collect::<Result<Vec<_>, _>>()?;
	let params = r.bytes()?;
	if !r.0.is_empty() {
		return Err(AbiError::Trailing);
	}
	Ok(Request { inputs, params })
}

/// Encodes a model's result as its response.
pub fn encode_response(result: &Result<Vec<u8>, String>) -> Vec<u8> {
	let (status, body) = match result {
		Ok(output) => (0u8, output.as_slice()),
		Err(message) => (1u8, message.as_bytes()),
	};
	let mut out = Vec::with_capacity(1 + body.len());
	out.push(status);
	out.extend_from_slice(body);
	out
}

/// Decodes a response: the model's output, or its error message.
pub fn decode_response(bytes: &[u8]) -> Result<Result<Vec<u8>, String>, AbiError> {
	match bytes.split_first() {
		Some((0, output)) => Ok(Ok(output.to_vec())),
		Some((1, message)) => core::str::from_utf8(message)
			.map(|m| Err(m.to_owned()))
			.map_err(|_| AbiError::BadMessage),
		Some(_) => Err(AbiError::BadStatus),
		None => Err(AbiError::Truncated),
	}
}

/// Runs `model` over an encoded request and encodes its response: what `bdes_run` does inside
/// the module, and what a native run for comparison does.
pub fn run_encoded(model: ModelFn, request: &[u8]) -> Vec<u8> {
	let result = match decode_request(request) {
		Ok(r) => model(&r.inputs, r.params),
		Err(e) => Err(format!("bad request: {e}")),
	};
	encode_response(&result)
}

/// Support for [`export_model!`]; not part of the API.
#[doc(hidden)]
pub mod __private {
	/// A buffer of `len` bytes, leaked to the host.
	pub fn alloc(len: u32) -> u32 {
		let mut buffer = Vec::<u8>::with_capacity(len as usize);
		let ptr = buffer.as_mut_ptr();
		core::mem::forget(buffer);
		ptr as usize as u32
	}

	/// Runs `model` over the request the host wrote at `ptr`; leaks the response to the host.
	///
	/// # Safety
	/// `ptr..ptr+len` is a buffer from [`alloc`] that the host filled.
	pub unsafe fn run(model: super::ModelFn, ptr: u32, len: u32) -> u64 {
		// SAFETY: the caller's contract.
		let request =
			unsafe { core::slice::from_raw_parts(ptr as usize as *const u8, len as usize) };
		let response = super::run_encoded(model, request);
		let (at, size) = (response.as_ptr() as usize as u64, response.len() as u64);
		core::mem::forget(response);
		(at << 32) | size
	}
}

/// Exports `model`, a [`ModelFn`] defined in the same module, through the BDES model ABI when
/// built for WebAssembly.
#[macro_export]
macro_rules! export_model {
	($model:ident) => {
		#[cfg(target_family = "wasm")]
		mod __bdes_model_abi {
			#[no_mangle]
			pub extern "C" fn bdes_abi_version() -> i32 {
				$crate::ABI_VERSION
			}

			#[no_mangle]
			pub extern "C" fn bdes_alloc(len: u32) -> u32 {
				$crate::__private::alloc(len)
			}

			/// # Safety
			/// Called by the host with a buffer from `bdes_alloc` that it filled.
			#[no_mangle]
			pub unsafe extern "C" fn bdes_run(ptr: u32, len: u32) -> u64 {
				// SAFETY: the host keeps the ABI's contract.
				unsafe { $crate::__private::run(super::$model, ptr, len) }
			}
		}
	};
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn requests_and_responses_round_trip() {
		let encoded = encode_request(&[b"one", b"", b"three"], b"{\"k\":3}");
		let request = decode_request(&encoded).unwrap();
		assert_eq!(request.inputs, vec![&b"one"[..], b"", b"three"]);
		assert_eq!(request.params, b"{\"k\":3}");
		for result in [Ok(b"out".to_vec()), Err("no column \"x\"".to_owned()), Ok(Vec::new())] {
			assert_eq!(decode_response(&encode_response(&result)), Ok(result));
		}
	}

	#[test]
	fn malformed_requests_and_responses_are_refused() {
		let encoded = encode_request(&[b"one"], b"p");
		for cut in 0..encoded.len() {
			assert_eq!(decode_request(&encoded[..cut]), Err(AbiError::Truncated), "cut at {cut}");
		}
		let mut longer = encoded.clone();
		longer.push(0);
		assert_eq!(decode_request(&longer), Err(AbiError::Trailing));
		// A count of inputs the buffer cannot hold allocates nothing.
		assert_eq!(decode_request(&u32::MAX.to_le_bytes()), Err(AbiError::Truncated));
		assert_eq!(decode_response(&[]), Err(AbiError::Truncated));
		assert_eq!(decode_response(&[2, 0]), Err(AbiError::BadStatus));
		assert_eq!(decode_response(&[1, 0xff]), Err(AbiError::BadMessage));
	}

	#[test]
	fn a_bad_request_reaches_the_host_as_an_error() {
		fn echo(inputs: &[&[u8]], _: &[u8]) -> Result<Vec<u8>, String> {
			Ok(inputs.concat())
		}
		let response = run_encoded(echo, &[1, 0, 0]);
		assert_eq!(decode_response(&response), Ok(Err("bad request: truncated".to_owned())));
		let response = run_encoded(echo, &encode_request(&[b"a", b"b"], b""));
		assert_eq!(decode_response(&response), Ok(Ok(b"ab".to_vec())));
	}
}
