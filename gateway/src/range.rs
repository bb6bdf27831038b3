//! HTTP `Range` requests: one `bytes=` range, as downloaders send them.

/// An inclusive byte range within a resource of known size.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ByteRange {
	pub start: u64,
	pub end: u64,
}

impl ByteRange {
	pub fn len(&self) -> u64 {
		self.end - self.start + 1
	}

	pub fn is_empty(&self) -> bool {
		false
	}
}

/// Why a `Range` header cannot be served (416).
#[derive(Debug, PartialEq, Eq)]
pub struct Unsatisfiable;

/// Parses `header` for a resource of `size` bytes: `Ok(None)` serves it whole.
pub fn parse(header: Option<&str>, size: u64) -> Result<Option<ByteRange>, Unsatisfiable> {
	let Some(header) = header else { return Ok(None) };
	let spec = header.trim().strip_prefix("bytes=").ok_or(Unsatisfiable)?;
	// One range only; multipart answers are not offered.
	if spec.contains(',') || size == 0 {
		return Err(Unsatisfiable);
	}
	let (first, last) = spec.split_once('-').ok_or(Unsatisfiable)?;
	let (first, last) = (first.trim(), last.trim());
	let range = if first.is_empty() {
		// `bytes=-N`: the last N bytes.
		let suffix: u64 = last.parse().map_err(|_| Unsatisfiable)?;
		if suffix == 0 {
			return Err(Unsatisfiable);
		}
		ByteRange { start: size.saturating_sub(suffix), end: size - 1 }
	} else {
		let start: u64 = first.parse().map_err(|_| Unsatisfiable)?;
		let end = if last.is_empty() {
			size - 1
		} else {
			last.parse::<u64>().map_err(|_| Unsatisfiable)?.min(size - 1)
		};
		if start > end {
			return Err(Unsatisfiable);
		}
		ByteRange { start, end }
	};
	Ok(Some(range))
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn ranges_are_parsed_like_rfc_9110() {
		assert_eq!(parse(None, 10), Ok(None));
		assert_eq!(parse(Some("bytes=0-4"), 10), Ok(Some(ByteRange { start: 0, end: 4 })));
		assert_eq!(parse(Some("bytes=5-"), 10), Ok(Some(ByteRange { start: 5, end: 9 })));
		assert_eq!(parse(Some("bytes=-3"), 10), Ok(Some(ByteRange { start: 7, end: 9 })));
		assert_eq!(parse(Some("bytes=-30"), 10), Ok(Some(ByteRange { start: 0, end: 9 })));
		// An end past the size is clipped.
		assert_eq!(parse(Some("bytes=8-100"), 10), Ok(Some(ByteRange { start: 8, end: 9 })));
		assert_eq!(parse(Some("bytes=8-100"), 10).unwrap().unwrap().len(), 2);
	}

	#[test]
	fn unsatisfiable_ranges_are_refused() {
		assert_eq!(parse(Some("bytes=10-"), 10), Err(Unsatisfiable));
		assert_eq!(parse(Some("bytes=5-4"), 10), Err(Unsatisfiable));
		assert_eq!(parse(Some("bytes=-0"), 10), Err(Unsatisfiable));
		assert_eq!(parse(Some("bytes=0-1,3-4"), 10), Err(Unsatisfiable));
		assert_eq!(parse(Some("items=0-1"), 10), Err(Unsatisfiable));
		assert_eq!(parse(Some("bytes=a-b"), 10), Err(Unsatisfiable));
		assert_eq!(parse(Some("bytes=0-0"), 0), Err(Unsatisfiable));
	}
}
