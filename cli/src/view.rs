//! Assets as the runtime API returns them, and how the CLI prints them.

use clap::ValueEnum;
use serde_json::json;
use subxt::{ext::scale_decode::DecodeAsType, utils::AccountId32};

/// BDES has 5 decimals.
const DECIMALS: u32 = 5;

/// `1234500000` base units as `12345.00000 BDES`.
pub fn format_bdes(amount: u128) -> String {
	let unit = 10u128.pow(DECIMALS);
	format!("{}.{:05} BDES", amount / unit, amount % unit)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, DecodeAsType, ValueEnum)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
pub enum Status {
	Pending,
	Listed,
	Rejected,
	Delisted,
	Suspended,
}

impl Status {
	pub fn variant(self) -> &'static str {
		match self {
			Status::Pending => "Pending",
			Status::Listed => "Listed",
			Status::Rejected => "Rejected",
			Status::Delisted => "Delisted",
			Status::Suspended => "Suspended",
		}
	}
}

#[derive(Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
pub struct Coverage {
	pub start: u64,
	pub end: u64,
}

#[derive(Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
pub struct Scores {
	pub source_credibility: u8,
	pub coverage_period: u8,
	pub coverage_range: u8,
	pub timeliness: u8,
	pub access_efficiency: u8,
}

#[derive(Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
pub enum Grade {
	A,
	B,
	C,
	D,
	E,
}

#[derive(Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
pub struct Rating {
	pub scores: Scores,
	pub overall: u8,
	pub grade: Grade,
	pub digest: [u8; 32],
	pub revision: u32,
	pub block: u32,
}

#[derive(Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
pub struct PinRecord {
	pub pinner: AccountId32,
	pub block: u32,
}

#[derive(Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
pub enum Mismatch {
	Size { observed: u64 },
	Digest { observed: [u8; 32] },
}

impl Mismatch {
	fn describe(&self) -> String {
		match self {
			Mismatch::Size { observed } => format!("size is {observed} bytes"),
			Mismatch::Digest { observed } => format!("sha2-256 is 0x{}", hex::encode(observed)),
		}
	}
}

#[derive(Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
pub struct MismatchRecord {
	pub pinner: AccountId32,
	pub mismatch: Mismatch,
	pub block: u32,
}

#[derive(Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
pub struct PinView {
	pub cid: Vec<u8>,
	pub target: u32,
	pub target_met: bool,
	pub pinned_by: Vec<PinRecord>,
	pub mismatches: Vec<MismatchRecord>,
}

/// What an encrypted asset's ciphertext decrypts to.
#[derive(Debug, Clone, Copy, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
pub struct Encryption {
	pub plain_digest: [u8; 32],
	pub plain_size: u64,
}

/// The runtime's `AssetView`.
#[derive(Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
pub struct AssetView {
	pub id: u32,
	pub owner: AccountId32,
	pub provider: AccountId32,
	pub status: Status,
	pub title: Vec<u8>,
	pub description: Vec<u8>,
	pub category: subxt::dynamic::Value,
	pub tags: Vec<Vec<u8>>,
	pub format: Vec<u8>,
	pub coverage: Coverage,
	pub source: Vec<u8>,
	pub cid: Vec<u8>,
	pub digest: [u8; 32],
	pub size: u64,
	pub encryption: Option<Encryption>,
	pub revision: u32,
	pub pending_revision: Option<Vec<u8>>,
	pub deposit: u128,
	pub rating: Option<Rating>,
	pub pin: Option<PinView>,
	pub created: u32,
	pub updated: u32,
}

fn text(bytes: &[u8]) -> String {
	String::from_utf8_lossy(bytes).into_owned()
}

fn category(value: &subxt::dynamic::Value) -> String {
	match &value.value {
		subxt::ext::scale_value::ValueDef::Variant(v) => v.name.clone(),
		other => format!("{other:?}"),
	}
}

impl AssetView {
	pub fn to_json(&self) -> serde_json::Value {
		json!({
			"id": self.id,
			"owner": self.owner.to_string(),
			"provider": self.provider.to_string(),
			"status": self.status.variant(),
			"title": text(&self.title),
			"description": text(&self.description),
			"category": category(&self.category),
			"tags": self.tags.iter().map(|t| text(t)).collect::<Vec<_>>(),
			"format": text(&self.format),
			"coverage": { "start": self.coverage.start, "end": self.coverage.end },
			"source": text(&self.source),
			"cid": text(&self.cid),
			"digest": format!("0x{}", hex::encode(self.digest)),
			"size": self.size,
			"encryption": self.encryption.map(|e| json!({
				"plainDigest": format!("0x{}", hex::encode(e.plain_digest)),
				"plainSize": e.plain_size,
			})),
			"revision": self.revision,
			"pendingRevision": self.pending_revision.as_ref().map(|c| text(c)),
			"deposit": self.deposit.to_string(),
			"rating": self.rating.as_ref().map(|r| json!({
				"overall": r.overall,
				"grade": format!("{:?}", r.grade),
				"revision": r.revision,
				"block": r.block,
				"digest": format!("0x{}", hex::encode(r.digest)),
				"scores": {
					"sourceCredibility": r.scores.source_credibility,
					"coveragePeriod": r.scores.coverage_period,
					"coverageRange": r.scores.coverage_range,
					"timeliness": r.scores.timeliness,
					"accessEfficiency": r.scores.access_efficiency,
				},
			})),
			"pin": self.pin.as_ref().map(|p| json!({
				"cid": text(&p.cid),
				"target": p.target,
				"targetMet": p.target_met,
				"pinnedBy": p.pinned_by.iter().map(|r| json!({
					"pinner": r.pinner.to_string(), "block": r.block,
				})).collect::<Vec<_>>(),
				"mismatches": p.mismatches.iter().map(|r| json!({
					"pinner": r.pinner.to_string(),
					"block": r.block,
					"mismatch": r.mismatch.describe(),
				})).collect::<Vec<_>>(),
			})),
			"created": self.created,
			"updated": self.updated,
		})
	}

	pub fn to_line(&self) -> String {
		format!(
			"#{:<5} {:<9} {:<40} {} bytes  owner {}",
			self.id,
			self.status.variant(),
			text(&self.title),
			self.size,
			self.owner
		)
	}

	pub fn to_text(&self) -> String {
		let mut out = format!(
			"asset #{}: {}\n  status      {}\n  owner       {}\n  provider    {}\n  category    {}\n  \
			 tags        {}\n  format      {}\n  size        {} bytes\n  cid         {}\n  sha2-256    \
			 0x{}\n  revision    {}\n  deposit     {}\n",
			self.id,
			text(&self.title),
			self.status.variant(),
			self.owner,
			self.provider,
			category(&self.category),
			self.tags.iter().map(|t| text(t)).collect::<Vec<_>>().join(", "),
			text(&self.format),
			self.size,
			text(&self.cid),
			hex::encode(self.digest),
			self.revision,
			format_bdes(self.deposit),
		);
		match &self.encryption {
			Some(e) => {
				out += &format!(
					"  encrypted   yes (age); the size and sha2-256 above are the ciphertext's; \
					 plaintext {} bytes, sha2-256 0x{}\n",
					e.plain_size,
					hex::encode(e.plain_digest)
				)
			},
			None => out += "  encrypted   no (open data)\n",
		}
		if let Some(cid) = &self.pending_revision {
			out += &format!("  pending     revision with cid {}\n", text(cid));
		}
		match &self.rating {
			Some(r) => {
				out += &format!(
					"  rating      {:?} ({}/100) at block #{}\n",
					r.grade, r.overall, r.block
				)
			},
			None => out += "  rating      none for this revision\n",
		}
		match &self.pin {
			Some(p) => {
				out += &format!(
					"  pins        {}/{} {}\n",
					p.pinned_by.len(),
					p.target,
					if p.target_met { "(target met)" } else { "(waiting for pinners)" }
				);
				for r in &p.pinned_by {
					out += &format!("              {} since block #{}\n", r.pinner, r.block);
				}
				for r in &p.mismatches {
					out += &format!(
						"  mismatch    {} at block #{}: {}\n",
						r.pinner,
						r.block,
						r.mismatch.describe()
					);
				}
			},
			None => out += "  pins        none requested\n",
		}
		out
	}
}
