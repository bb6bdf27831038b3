//! `bdes licence …`, `bdes shares …` and `bdes data fetch`: rights over data assets.

use crate::{
	chain::{self, Client},
	print,
	view::format_bdes,
	CliError,
};
use bdes_gateway::{client::GatewayClient, meter::GatewayCheck};
use clap::{Args, Subcommand};
use futures::StreamExt;
use indicatif::{ProgressBar, ProgressStyle};
use serde_json::json;
use sha2::{Digest, Sha256};
use std::path::PathBuf;
use subxt::{
	dynamic::{self, Value},
	ext::scale_decode::DecodeAsType,
	utils::AccountId32,
};
use subxt_signer::sr25519::Keypair;
use tokio::io::AsyncWriteExt;

/// BDES has 5 decimals.
const UNIT: u128 = 100_000;

/// `12.5` BDES as base units.
pub fn parse_bdes(text: &str) -> std::result::Result<u128, String> {
	let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
	if fraction.len() > 5 || (whole.is_empty() && fraction.is_empty()) {
		return Err(format!("{text}: at most 5 decimals"));
	}
	let whole: u128 = if whole.is_empty() {
		0
	} else {
		whole.parse().map_err(|_| format!("{text}: not an amount"))?
	};
	let fraction: u128 = if fraction.is_empty() {
		0
	} else {
		format!("{fraction:0<5}")
			.parse()
			.map_err(|_| format!("{text}: not an amount"))?
	};
	whole
		.checked_mul(UNIT)
		.and_then(|w| w.checked_add(fraction))
		.ok_or(format!("{text}: too large"))
}

#[derive(Subcommand)]
pub enum LicenceCommand {
	/// As the owner of ASSET, open a licence offer.
	Offer(OfferArgs),
	/// Buy a licence under OFFER; prints the licence id.
	Buy {
		/// The offer id.
		offer: u32,
	},
	/// Renew a licence you hold: another period and call quota, at the offer's price.
	Renew { licence: u32 },
	/// Add PACKS call quotas to a licence you hold.
	TopUp {
		licence: u32,
		#[arg(long, default_value_t = 1)]
		packs: u32,
	},
	/// Show one licence.
	Show { licence: u32 },
	/// The licences an account holds (default: the signer's).
	List {
		#[arg(long)]
		holder: Option<String>,
	},
	/// The open offers of ASSET.
	Offers { asset: u32 },
}

#[derive(Args)]
pub struct OfferArgs {
	/// The data asset.
	pub asset: u32,
	/// Price of a licence in BDES (e.g. `12.5`).
	#[arg(long, value_parser = parse_bdes)]
	pub price: u128,
	/// How long a licence lasts, in blocks.
	#[arg(long)]
	pub duration: u32,
	/// Calls a licence allows.
	#[arg(long)]
	pub calls: u32,
	/// At most this many licences are sold.
	#[arg(long)]
	pub max_sales: Option<u32>,
	/// Licences may not move to another account.
	#[arg(long)]
	pub non_transferable: bool,
	/// Percent of each payment that goes to revenue-share holders.
	#[arg(long, default_value_t = 0)]
	pub revenue_share: u32,
}

#[derive(Subcommand)]
pub enum SharesCommand {
	/// As the owner of ASSET, issue its revenue-share token (51% stays locked with you).
	Issue {
		asset: u32,
		/// Total supply, in the token's smallest units.
		#[arg(long)]
		supply: u128,
		#[arg(long)]
		name: String,
		#[arg(long)]
		symbol: String,
		#[arg(long, default_value_t = 0)]
		decimals: u8,
	},
	/// Stake AMOUNT of your shares of ASSET so they earn dividends once their warm-up is over
	/// (prints the block they earn from).
	Stake { asset: u32, amount: u128 },
	/// Unstake AMOUNT of your shares of ASSET.
	Unstake { asset: u32, amount: u128 },
	/// Send AMOUNT of your (unstaked) shares of ASSET to another account.
	Transfer {
		asset: u32,
		/// The receiver (SS58).
		to: String,
		amount: u128,
	},
	/// Claim your dividends of ASSET.
	Claim { asset: u32 },
	/// The share class of ASSET and an account's stake (default: the signer's).
	Show {
		asset: u32,
		#[arg(long)]
		holder: Option<String>,
	},
}

#[derive(Args)]
pub struct FetchArgs {
	/// The data asset.
	pub asset: u32,
	/// The licence to use (held by the signer).
	#[arg(long)]
	pub licence: u32,
	/// Where to write the data.
	#[arg(short, long)]
	pub output: PathBuf,
	/// The data gateway.
	#[arg(long, env = "BDES_GATEWAY", default_value = "http://127.0.0.1:8088")]
	pub gateway: String,
}

#[derive(Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct OfferCreated {
	offer: u32,
}

#[derive(Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct LicenceBought {
	licence: u32,
	price: u128,
	fee: u128,
	revenue: u128,
	to_owner: u128,
	expiry: u32,
	calls: u32,
}

#[derive(Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct Renewed {
	expiry: u32,
	calls_left: u32,
}

#[derive(Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct ToppedUp {
	calls_left: u32,
}

#[derive(Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct Issued {
	share_asset: u32,
	locked: u128,
}

#[derive(Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct Amount {
	amount: u128,
}

/// `RevenueShares.Staked` (fields are matched by name, so `asset` and `who` are skipped).
#[derive(Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct Staked {
	amount: u128,
	/// The first block in which the staked shares (with any still warming up) earn.
	earns_from: u64,
}

#[derive(Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
pub struct LicenceInfo {
	pub id: u32,
	pub asset: u32,
	pub offer: u32,
	pub holder: Option<AccountId32>,
	pub expiry: u32,
	pub calls_left: u32,
	pub transferable: bool,
}

impl LicenceInfo {
	fn to_json(&self) -> serde_json::Value {
		json!({
			"id": self.id, "asset": self.asset, "offer": self.offer,
			"holder": self.holder.as_ref().map(|h| h.to_string()),
			"expiry": self.expiry, "callsLeft": self.calls_left, "transferable": self.transferable,
		})
	}
	fn to_line(&self) -> String {
		format!(
			"licence {}: asset {}, offer {}, {} calls left, valid before block #{}{}",
			self.id,
			self.asset,
			self.offer,
			self.calls_left,
			self.expiry,
			if self.transferable { "" } else { ", non-transferable" }
		)
	}
}

#[derive(Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct Terms {
	price: u128,
	duration: u32,
	calls: u32,
	max_sales: Option<u32>,
	transferable: bool,
	revenue_share: u32,
}

#[derive(Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct Offer {
	asset: u32,
	terms: Terms,
	sold: u32,
}

#[derive(Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct ShareClass {
	share_asset: u32,
	supply: u128,
	lock_holder: AccountId32,
	locked: u128,
	total_staked: u128,
	revenue: u128,
	claimed: u128,
}

#[derive(Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct Stake {
	amount: u128,
}

fn account(arg: Option<String>, signer: &Keypair) -> crate::Result<AccountId32> {
	match arg {
		Some(text) => text
			.parse()
			.map_err(|e| CliError::Usage(format!("not an SS58 address: {text}: {e}"))),
		None => Ok(AccountId32(signer.public_key().0)),
	}
}

pub async fn licence(
	client: &Client,
	signer: &Keypair,
	command: LicenceCommand,
	json_out: bool,
) -> crate::Result<()> {
	match command {
		LicenceCommand::Offer(args) => {
			let terms = Value::named_composite([
				("price", Value::u128(args.price)),
				("duration", Value::u128(args.duration.into())),
				("calls", Value::u128(args.calls.into())),
				(
					"max_sales",
					match args.max_sales {
						Some(n) => Value::unnamed_variant("Some", [Value::u128(n.into())]),
						None => Value::unnamed_variant("None", []),
					},
				),
				("transferable", Value::bool(!args.non_transferable)),
				("revenue_share", Value::u128(u128::from(args.revenue_share.min(100)) * 10_000)),
			]);
			let tx = dynamic::transaction(
				"DataLicences",
				"create_offer",
				(Value::u128(args.asset.into()), terms),
			);
			let (created, block): (OfferCreated, _) =
				chain::call(client, signer, &tx, "DataLicences", "OfferCreated").await?;
			print(
				json_out,
				json!({ "offer": created.offer, "block": block }),
				format!("offer {} of asset {} opened in block #{block}", created.offer, args.asset),
			);
		},
		LicenceCommand::Buy { offer } => {
			let tx = dynamic::transaction("DataLicences", "buy", (Value::u128(offer.into()),));
			let (bought, block): (LicenceBought, _) =
				chain::call(client, signer, &tx, "DataLicences", "LicenceBought").await?;
			print(
				json_out,
				json!({
					"licence": bought.licence, "block": block, "expiry": bought.expiry,
					"calls": bought.calls, "price": bought.price.to_string(),
					"fee": bought.fee.to_string(), "revenue": bought.revenue.to_string(),
					"toOwner": bought.to_owner.to_string(),
				}),
				format!(
					"licence {} bought in block #{block} for {} ({} fee, {} to share holders, {} \
					 to the owner): {} calls, valid before block #{}",
					bought.licence,
					format_bdes(bought.price),
					format_bdes(bought.fee),
					format_bdes(bought.revenue),
					format_bdes(bought.to_owner),
					bought.calls,
					bought.expiry
				),
			);
		},
		LicenceCommand::Renew { licence } => {
			let tx = dynamic::transaction("DataLicences", "renew", (Value::u128(licence.into()),));
			let (renewed, block): (Renewed, _) =
				chain::call(client, signer, &tx, "DataLicences", "Renewed").await?;
			print(
				json_out,
				json!({ "licence": licence, "block": block, "expiry": renewed.expiry, "callsLeft": renewed.calls_left }),
				format!(
					"licence {licence} renewed: {} calls, valid before block #{}",
					renewed.calls_left, renewed.expiry
				),
			);
		},
		LicenceCommand::TopUp { licence, packs } => {
			let tx = dynamic::transaction(
				"DataLicences",
				"top_up",
				(Value::u128(licence.into()), Value::u128(packs.into())),
			);
			let (topped, block): (ToppedUp, _) =
				chain::call(client, signer, &tx, "DataLicences", "ToppedUp").await?;
			print(
				json_out,
				json!({ "licence": licence, "block": block, "callsLeft": topped.calls_left }),
				format!("licence {licence} topped up: {} calls left", topped.calls_left),
			);
		},
		LicenceCommand::Show { licence } => {
			let info: Option<LicenceInfo> =
				chain::runtime_api(client, "DataLicencesApi", "licence", (licence,)).await?;
			let info = info.ok_or_else(|| CliError::NotFound(format!("no licence {licence}")))?;
			print(json_out, info.to_json(), info.to_line());
		},
		LicenceCommand::List { holder } => {
			let holder = account(holder, signer)?;
			let licences: Vec<LicenceInfo> =
				chain::runtime_api(client, "DataLicencesApi", "licences_of", (holder,)).await?;
			if json_out {
				println!("{}", json!(licences.iter().map(|l| l.to_json()).collect::<Vec<_>>()));
			} else if licences.is_empty() {
				println!("no licences");
			} else {
				for l in &licences {
					println!("{}", l.to_line());
				}
			}
		},
		LicenceCommand::Offers { asset } => {
			let offers: Vec<(u32, Offer)> =
				chain::runtime_api(client, "DataLicencesApi", "offers", (asset,)).await?;
			if json_out {
				let all: Vec<_> = offers
					.iter()
					.map(|(id, o)| {
						json!({
							"offer": id, "asset": o.asset, "price": o.terms.price.to_string(),
							"duration": o.terms.duration, "calls": o.terms.calls,
							"maxSales": o.terms.max_sales, "sold": o.sold,
							"transferable": o.terms.transferable,
							"revenueSharePerMill": o.terms.revenue_share,
						})
					})
					.collect();
				println!("{}", json!(all));
			} else if offers.is_empty() {
				println!("no open offers");
			} else {
				for (id, o) in &offers {
					println!(
						"offer {id}: {} for {} calls over {} blocks, {}% to share holders, {} sold{}",
						format_bdes(o.terms.price),
						o.terms.calls,
						o.terms.duration,
						o.terms.revenue_share / 10_000,
						o.sold,
						o.terms.max_sales.map(|m| format!(" of {m}")).unwrap_or_default()
					);
				}
			}
		},
	}
	Ok(())
}

pub async fn shares(
	client: &Client,
	signer: &Keypair,
	command: SharesCommand,
	json_out: bool,
) -> crate::Result<()> {
	match command {
		SharesCommand::Issue { asset, supply, name, symbol, decimals } => {
			let tx = dynamic::transaction(
				"RevenueShares",
				"issue",
				(
					Value::u128(asset.into()),
					Value::u128(supply),
					Value::from_bytes(name.as_bytes()),
					Value::from_bytes(symbol.as_bytes()),
					Value::u128(decimals.into()),
				),
			);
			let (issued, block): (Issued, _) =
				chain::call(client, signer, &tx, "RevenueShares", "Issued").await?;
			print(
				json_out,
				json!({ "asset": asset, "shareAsset": issued.share_asset, "locked": issued.locked.to_string(), "block": block }),
				format!(
					"{supply} shares of asset {asset} issued as token {} in block #{block}; {} \
					 stay locked with you",
					issued.share_asset, issued.locked
				),
			);
		},
		SharesCommand::Stake { asset, amount } => {
			let tx = stake_call("stake", asset, amount);
			let (staked, block): (Staked, _) =
				chain::call(client, signer, &tx, "RevenueShares", "Staked").await?;
			print(
				json_out,
				json!({
					"asset": asset, "amount": staked.amount.to_string(), "block": block,
					"earnsFrom": staked.earns_from,
				}),
				format!(
					"staked {} shares of asset {asset} in block #{block}; they earn from block #{}",
					staked.amount, staked.earns_from
				),
			);
		},
		SharesCommand::Unstake { asset, amount } => {
			let tx = stake_call("unstake", asset, amount);
			let (unstaked, block): (Amount, _) =
				chain::call(client, signer, &tx, "RevenueShares", "Unstaked").await?;
			print(
				json_out,
				json!({ "asset": asset, "amount": unstaked.amount.to_string(), "block": block }),
				format!("unstaked {} shares of asset {asset} in block #{block}", unstaked.amount),
			);
		},
		SharesCommand::Transfer { asset, to, amount } => {
			let to = account(Some(to), signer)?;
			let class: Option<ShareClass> =
				chain::runtime_api(client, "RevenueSharesApi", "class", (asset,)).await?;
			let class =
				class.ok_or_else(|| CliError::NotFound(format!("asset {asset} has no shares")))?;
			let tx = dynamic::transaction(
				"Assets",
				"transfer",
				(
					Value::u128(class.share_asset.into()),
					Value::unnamed_variant("Id", [Value::from_bytes(to.0)]),
					Value::u128(amount),
				),
			);
			let (sent, block): (Amount, _) =
				chain::call(client, signer, &tx, "Assets", "Transferred").await?;
			print(
				json_out,
				json!({ "asset": asset, "to": to.to_string(), "amount": sent.amount.to_string(), "block": block }),
				format!("sent {} shares of asset {asset} to {to} in block #{block}", sent.amount),
			);
		},
		SharesCommand::Claim { asset } => {
			let tx = dynamic::transaction("RevenueShares", "claim", (Value::u128(asset.into()),));
			let (claimed, block): (Amount, _) =
				chain::call(client, signer, &tx, "RevenueShares", "Claimed").await?;
			print(
				json_out,
				json!({ "asset": asset, "amount": claimed.amount.to_string(), "block": block }),
				format!("claimed {} of dividends in block #{block}", format_bdes(claimed.amount)),
			);
		},
		SharesCommand::Show { asset, holder } => {
			let holder = account(holder, signer)?;
			let class: Option<ShareClass> =
				chain::runtime_api(client, "RevenueSharesApi", "class", (asset,)).await?;
			let class =
				class.ok_or_else(|| CliError::NotFound(format!("asset {asset} has no shares")))?;
			let stake: Option<Stake> =
				chain::runtime_api(client, "RevenueSharesApi", "stake", (asset, holder)).await?;
			let claimable: u128 =
				chain::runtime_api(client, "RevenueSharesApi", "claimable", (asset, holder))
					.await?;
			let staked = stake.map(|s| s.amount).unwrap_or(0);
			print(
				json_out,
				json!({
					"asset": asset, "shareAsset": class.share_asset, "supply": class.supply.to_string(),
					"lockHolder": class.lock_holder.to_string(), "locked": class.locked.to_string(),
					"totalStaked": class.total_staked.to_string(), "revenue": class.revenue.to_string(),
					"claimed": class.claimed.to_string(), "holder": holder.to_string(),
					"staked": staked.to_string(), "claimable": claimable.to_string(),
				}),
				format!(
					"asset {asset}: token {}, supply {}, {} locked with {}, {} staked; revenue {}, \
					 paid {}\n{holder}: {staked} staked, {} claimable",
					class.share_asset,
					class.supply,
					class.locked,
					class.lock_holder,
					class.total_staked,
					format_bdes(class.revenue),
					format_bdes(class.claimed),
					format_bdes(claimable)
				),
			);
		},
	}
	Ok(())
}

/// `RevenueShares.stake` or `.unstake` of AMOUNT shares of ASSET.
fn stake_call(call: &'static str, asset: u32, amount: u128) -> impl subxt::tx::Payload {
	dynamic::transaction("RevenueShares", call, (Value::u128(asset.into()), Value::u128(amount)))
}

/// Signs the GET of the asset's data for the gateway (which tells who it is at `/info`): the
/// request is also the usage voucher, with the counter one above what the gateway has charged
/// on the licence (from the chain), or one above the counter a 409 names (one retry).
async fn signed_get(
	client: &Client,
	signer: &Keypair,
	args: &FetchArgs,
) -> crate::Result<reqwest::Response> {
	let gateway = GatewayClient::connect(reqwest::Client::new(), &args.gateway).await?;
	if gateway.gateway.genesis != client.genesis_hash().0 {
		return Err(CliError::Usage(format!(
			"the gateway at {} serves another chain (genesis 0x{})",
			args.gateway,
			hex::encode(gateway.gateway.genesis)
		)));
	}
	let who = AccountId32(signer.public_key().0);
	let check: GatewayCheck = chain::runtime_api(
		client,
		"DataLicencesApi",
		"gateway_check",
		(args.licence, args.asset, who, gateway.gateway.account),
	)
	.await?;
	let charged = match check {
		GatewayCheck::Valid { charged, .. } => charged,
		GatewayCheck::Invalid(reason) => {
			return Err(CliError::Refused(format!(
				"licence {}: {}",
				args.licence,
				reason.describe()
			)))
		},
	};
	let (response, _) = gateway
		.get(signer, args.asset, args.licence, charged.saturating_add(1), None)
		.await?;
	Ok(response)
}

/// Downloads ASSET through a gateway with a signed request, then checks the bytes against the
/// digest on chain.
pub async fn fetch(
	client: &Client,
	signer: &Keypair,
	args: FetchArgs,
	json_out: bool,
) -> crate::Result<()> {
	let asset = chain::asset(client, args.asset)
		.await?
		.ok_or_else(|| CliError::NotFound(format!("no asset {}", args.asset)))?;
	let response = signed_get(client, signer, &args).await?;
	let status = response.status();
	if !status.is_success() {
		let body = response.text().await.unwrap_or_default();
		let message = serde_json::from_str::<serde_json::Value>(&body)
			.ok()
			.and_then(|v| v["message"].as_str().map(str::to_string))
			.unwrap_or(body);
		let error = format!("the gateway answered {status}: {message}");
		return Err(match status.as_u16() {
			404 => CliError::NotFound(error),
			401 | 403 | 409 | 429 => CliError::Refused(error),
			_ => CliError::Other(anyhow::anyhow!(error)),
		});
	}
	let calls_left = response
		.headers()
		.get(bdes_gateway::auth::HEADER_CALLS_LEFT)
		.and_then(|v| v.to_str().ok())
		.map(str::to_string);
	let total = response.content_length().unwrap_or(asset.size);
	let bar = if json_out { ProgressBar::hidden() } else { ProgressBar::new(total) };
	bar.set_style(
		ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} {bytes_per_sec} {eta}")
			.map_err(anyhow::Error::from)?,
	);
	let mut file = tokio::fs::File::create(&args.output)
		.await
		.map_err(|e| CliError::Usage(format!("{}: {e}", args.output.display())))?;
	let mut hasher = Sha256::new();
	let mut written = 0u64;
	let mut body = response.bytes_stream();
	while let Some(chunk) = body.next().await {
		let chunk = chunk.map_err(|e| CliError::Other(anyhow::anyhow!("download cut: {e}")))?;
		hasher.update(&chunk);
		file.write_all(&chunk).await.map_err(anyhow::Error::from)?;
		written += chunk.len() as u64;
		bar.set_position(written);
	}
	file.flush().await.map_err(anyhow::Error::from)?;
	bar.finish_and_clear();
	let digest: [u8; 32] = hasher.finalize().into();
	// The gateway decrypts an encrypted asset: what arrives must be the plaintext the owner
	// declared, not merely the ciphertext IPFS holds.
	let expected = asset.encryption.map_or(asset.digest, |e| e.plain_digest);
	if digest != expected {
		return Err(CliError::Other(anyhow::anyhow!(
			"the bytes do not match the chain: sha2-256 0x{} instead of 0x{}",
			hex::encode(digest),
			hex::encode(expected)
		)));
	}
	print(
		json_out,
		json!({
			"asset": args.asset, "licence": args.licence, "bytes": written,
			"digest": format!("0x{}", hex::encode(digest)), "callsLeft": calls_left,
			"output": args.output.display().to_string(),
		}),
		format!(
			"{} bytes of asset {} written to {}; sha2-256 matches the chain; {} calls left",
			written,
			args.asset,
			args.output.display(),
			calls_left.unwrap_or_else(|| "?".into())
		),
	);
	Ok(())
}

#[cfg(test)]
mod tests {
	use super::parse_bdes;

	#[test]
	fn amounts_in_bdes_become_base_units() {
		assert_eq!(parse_bdes("1"), Ok(100_000));
		assert_eq!(parse_bdes("12.5"), Ok(1_250_000));
		assert_eq!(parse_bdes("0.00001"), Ok(1));
		assert_eq!(parse_bdes(".5"), Ok(50_000));
		assert!(parse_bdes("0.000001").is_err());
		assert!(parse_bdes("abc").is_err());
		assert!(parse_bdes("").is_err());
		assert!(parse_bdes("340282366920938463463374607431768211455").is_err());
	}
}
