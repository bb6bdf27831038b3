//! `bdes`: the BDES command line.
//!
//! `bdes data publish FILE …` adds a file to IPFS, computes its sha2-256 and lists it on chain;
//! `bdes data show ID` and `bdes data list` read assets through the `DataAssetsApi` runtime API;
//! `bdes data fetch ID --licence L -o FILE` downloads through a data gateway. `bdes licence …`
//! and `bdes shares …` trade usage licences and revenue shares; `bdes ido …` finances data
//! assets.
//! Exit codes: 0 success, 2 bad usage, 3 node unreachable, 4 IPFS unreachable, 5 the chain
//! refused the transaction, 6 not found, 1 anything else.

mod chain;
mod compute;
mod council;
mod feeds;
mod ido;
mod ipfs;
mod reserve;
mod rights;
mod sealed;
mod view;

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::{path::PathBuf, process::ExitCode};
use subxt::utils::AccountId32;

/// An SS58 address given as `what`.
fn parse_account(what: &str, text: &str) -> Result<AccountId32> {
	text.parse::<AccountId32>()
		.map_err(|e| CliError::Usage(format!("{what}: not an SS58 address: {e}")))
}

/// Prints `value` as JSON with `--json`, `text` otherwise.
pub(crate) fn print(json_out: bool, value: serde_json::Value, text: String) {
	if json_out {
		println!("{value}");
	} else {
		println!("{text}");
	}
}

/// Errors, each with its exit code.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
	#[error("cannot reach the node at {url}: {reason}")]
	NodeUnreachable { url: String, reason: String },
	#[error("cannot reach IPFS at {url}: {reason}")]
	IpfsUnreachable { url: String, reason: String },
	#[error("the chain refused the transaction: {0}")]
	Refused(String),
	#[error("{0}")]
	NotFound(String),
	#[error("{0}")]
	Usage(String),
	#[error(transparent)]
	Other(#[from] anyhow::Error),
}

impl CliError {
	fn exit_code(&self) -> u8 {
		match self {
			CliError::Other(_) => 1,
			CliError::Usage(_) => 2,
			CliError::NodeUnreachable { .. } => 3,
			CliError::IpfsUnreachable { .. } => 4,
			CliError::Refused(_) => 5,
			CliError::NotFound(_) => 6,
		}
	}
}

pub type Result<T> = std::result::Result<T, CliError>;

#[derive(Parser)]
#[command(name = "bdes", version, about = "The BDES data exchange chain from the command line")]
struct Cli {
	/// WebSocket URL of a BDES node.
	#[arg(long, global = true, env = "BDES_URL", default_value = "ws://127.0.0.1:9944")]
	url: String,
	/// Kubo RPC API URL of an IPFS node.
	#[arg(long, global = true, env = "BDES_IPFS", default_value = "http://127.0.0.1:5001")]
	ipfs: String,
	/// Secret URI of the signing account (e.g. `//Alice` on a dev chain, or a mnemonic).
	#[arg(long, global = true, env = "BDES_SURI", default_value = "//Alice")]
	suri: String,
	/// Print machine-readable JSON instead of text.
	#[arg(long, global = true)]
	json: bool,
	/// Your age identity (X25519), which opens the content keys of the encrypted assets you
	/// publish; created on first use. Default: ~/.config/bdes/identity.txt.
	#[arg(long, global = true, env = "BDES_IDENTITY")]
	identity: Option<PathBuf>,
	#[command(subcommand)]
	command: Command,
}

#[derive(Subcommand)]
enum Command {
	/// Data assets: publish, show, list, fetch.
	#[command(subcommand)]
	Data(DataCommand),
	/// Usage licences: offer, buy, renew, top up, show, list.
	#[command(subcommand)]
	Licence(rights::LicenceCommand),
	/// Revenue shares: issue, stake, unstake, claim, show.
	#[command(subcommand)]
	Shares(rights::SharesCommand),
	/// IDOs: propose, commit, withdraw, settle, claim, Council motions, show, list.
	#[command(subcommand)]
	Ido(ido::IdoCommand),
	/// Council motions: a councillor's vote, and closing a motion.
	#[command(subcommand)]
	Council(council::CouncilCommand),
	/// Compute: register models, quote and post tasks, show tasks and verified results,
	/// Council motions on models and disputes.
	#[command(subcommand)]
	Compute(compute::ComputeCommand),
	/// Feeds: register schemas, propose feeds, the Council's approval, show a feed
	/// (`bdes-connector` submits the batches).
	#[command(subcommand)]
	Feed(feeds::FeedCommand),
	/// The reserve pool: a period's statement, the Council's motion that sets the shares.
	#[command(subcommand)]
	Reserve(reserve::ReserveCommand),
}

#[derive(Subcommand)]
enum DataCommand {
	/// Add FILE to IPFS and submit it for listing; waits for inclusion and prints the asset id.
	Publish(PublishArgs),
	/// Show one asset: metadata, status, owner, rating and pins.
	Show {
		/// The asset id.
		id: u32,
	},
	/// List assets, optionally those of one owner or in one status.
	List {
		/// Only the assets of this account (SS58).
		#[arg(long)]
		owner: Option<String>,
		/// Only assets in this status.
		#[arg(long, value_enum)]
		status: Option<view::Status>,
	},
	/// Download an asset through a data gateway with your licence; checks its sha2-256 against
	/// the chain.
	Fetch(rights::FetchArgs),
	/// Let a registered gateway serve an encrypted asset you own: seal its content key to the
	/// gateway's key on chain (`--revoke` removes it again).
	Authorise {
		/// The asset id.
		asset: u32,
		/// The gateway's account (SS58).
		gateway: String,
		/// Remove the gateway's key instead.
		#[arg(long)]
		revoke: bool,
	},
}

#[derive(Args)]
pub struct PublishArgs {
	/// The file to publish.
	pub file: PathBuf,
	/// Title of the dataset.
	#[arg(long)]
	pub title: String,
	/// Description of the dataset.
	#[arg(long, default_value = "")]
	pub description: String,
	/// Data domain.
	#[arg(long, value_enum, default_value_t = Category::Other)]
	pub category: Category,
	/// Comma-separated tags (lowercase letters, digits, `-`).
	#[arg(long, value_delimiter = ',')]
	pub tags: Vec<String>,
	/// MIME type of the file.
	#[arg(long, default_value = "application/octet-stream")]
	pub format: String,
	/// Where the data comes from.
	#[arg(long, default_value = "")]
	pub source: String,
	/// Start of the period the data covers (Unix seconds).
	#[arg(long, default_value_t = 0)]
	pub coverage_start: u64,
	/// End of the period the data covers (Unix seconds).
	#[arg(long, default_value_t = 0)]
	pub coverage_end: u64,
	/// CID version IPFS should produce (0: `Qm…`, 1: `bafy…`).
	#[arg(long, default_value_t = 0, value_parser = clap::value_parser!(u32).range(0..=1))]
	pub cid_version: u32,
	/// Submit this CID instead of the one IPFS computes (for testing the chain's checks).
	#[arg(long, hide = true)]
	pub override_cid: Option<String>,
	/// Publish the file as it is (open data). By default it is encrypted first: IPFS and the
	/// pinners only ever hold ciphertext.
	#[arg(long)]
	pub public: bool,
	/// Gateways (SS58) allowed to serve the encrypted asset, sealed right away; more later with
	/// `bdes data authorise`.
	#[arg(long = "gateway", value_name = "SS58")]
	pub gateways: Vec<String>,
}

/// Data domains, as the chain knows them.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Category {
	Finance,
	Healthcare,
	Geospatial,
	Satellite,
	Iot,
	Social,
	Science,
	Commerce,
	Energy,
	Transport,
	Government,
	Other,
}

impl Category {
	/// The variant name in the runtime's `Category` enum.
	pub fn variant(self) -> &'static str {
		match self {
			Category::Finance => "Finance",
			Category::Healthcare => "Healthcare",
			Category::Geospatial => "Geospatial",
			Category::Satellite => "Satellite",
			Category::Iot => "Iot",
			Category::Social => "Social",
			Category::Science => "Science",
			Category::Commerce => "Commerce",
			Category::Energy => "Energy",
			Category::Transport => "Transport",
			Category::Government => "Government",
			Category::Other => "Other",
		}
	}
}

async fn run(cli: Cli) -> Result<()> {
	match cli.command {
		Command::Data(DataCommand::Publish(args)) => {
			let client = chain::connect(&cli.url).await?;
			let signer = chain::signer(&cli.suri)?;
			let me = AccountId32(signer.public_key().0);
			// Gateways are checked before anything is uploaded or paid for.
			let mut gateways = Vec::new();
			for gateway in &args.gateways {
				let account = parse_account("--gateway", gateway)?;
				let recipient = sealed::gateway_recipient(&client, &account).await?;
				gateways.push((account, recipient));
			}
			let owner_identity = if args.public {
				None
			} else {
				let path = cli.identity.clone().unwrap_or_else(sealed::default_identity_path);
				Some((sealed::load_or_create_identity(&path)?, path))
			};
			let encrypted =
				if args.public { None } else { Some(sealed::encrypt_file(&args.file)?) };
			let upload = encrypted.as_ref().map_or(args.file.clone(), |e| e.path.clone());
			let added = ipfs::add_file(&cli.ipfs, &upload, args.cid_version, !cli.json).await?;
			let cid = args.override_cid.clone().unwrap_or(added.cid.clone());
			let summary = encrypted.as_ref().map(|e| e.summary);
			let listed = chain::submit(&client, &signer, &args, &cid, &added, summary).await?;
			let mut authorised = Vec::new();
			if let (Some(encrypted), Some(((identity, _), _))) = (&encrypted, &owner_identity) {
				// The owner's own copy first: without it nobody could authorise a gateway later.
				sealed::set_content_key(
					&client,
					&signer,
					listed.asset,
					&me,
					&identity.recipient(),
					0,
					&encrypted.key,
				)
				.await?;
				for (account, recipient) in &gateways {
					sealed::set_content_key(
						&client,
						&signer,
						listed.asset,
						account,
						recipient,
						0,
						&encrypted.key,
					)
					.await?;
					authorised.push(account.to_string());
				}
			}
			if cli.json {
				let mut out = serde_json::json!({
					"asset": listed.asset,
					"block": listed.block_number,
					"cid": cid,
					"digest": format!("0x{}", hex::encode(added.digest)),
					"size": added.size,
					"deposit": listed.deposit.to_string(),
					"encrypted": summary.is_some(),
					"gateways": authorised,
				});
				if let Some(summary) = summary {
					out["plainDigest"] =
						format!("0x{}", hex::encode(summary.plaintext.sha256)).into();
					out["plainSize"] = summary.plaintext.size.into();
				}
				if let Some(((_, created), path)) = &owner_identity {
					out["identity"] = path.display().to_string().into();
					out["identityCreated"] = (*created).into();
				}
				println!("{out}");
			} else {
				if let Some(((identity, true), path)) = &owner_identity {
					println!(
						"created your identity {} (recipient {}): keep it, it opens the content \
						 keys of what you publish",
						path.display(),
						identity.recipient()
					);
				}
				let what = match summary {
					Some(s) => format!(
						"encrypted: plaintext sha2-256 0x{}, {} bytes; ciphertext",
						hex::encode(s.plaintext.sha256),
						s.plaintext.size
					),
					None => "open data:".into(),
				};
				println!(
					"asset {} submitted in block #{}: {what} cid {cid}, sha2-256 0x{}, {} bytes, \
					 deposit {} — waiting for the Council",
					listed.asset,
					listed.block_number,
					hex::encode(added.digest),
					added.size,
					view::format_bdes(listed.deposit),
				);
				for gateway in &authorised {
					println!("gateway {gateway} may serve it");
				}
			}
		},
		Command::Data(DataCommand::Authorise { asset, gateway, revoke }) => {
			let client = chain::connect(&cli.url).await?;
			let signer = chain::signer(&cli.suri)?;
			let account = parse_account("GATEWAY", &gateway)?;
			if revoke {
				sealed::remove_content_key(&client, &signer, asset, &account).await?;
				if cli.json {
					let out = serde_json::json!({
						"asset": asset, "gateway": account.to_string(), "authorised": false,
					});
					println!("{out}");
				} else {
					println!("gateway {account} may no longer serve asset {asset}");
				}
			} else {
				let recipient = sealed::gateway_recipient(&client, &account).await?;
				let path = cli.identity.clone().unwrap_or_else(sealed::default_identity_path);
				let (identity, _) = sealed::load_or_create_identity(&path)?;
				let me = AccountId32(signer.public_key().0);
				let (revision, key) = sealed::content_key(&client, asset, &me, &identity).await?;
				sealed::set_content_key(
					&client, &signer, asset, &account, &recipient, revision, &key,
				)
				.await?;
				if cli.json {
					let out = serde_json::json!({
						"asset": asset, "gateway": account.to_string(), "authorised": true,
						"revision": revision,
					});
					println!("{out}");
				} else {
					println!("gateway {account} may serve revision {revision} of asset {asset}");
				}
			}
		},
		Command::Data(DataCommand::Show { id }) => {
			let client = chain::connect(&cli.url).await?;
			let asset = chain::asset(&client, id)
				.await?
				.ok_or_else(|| CliError::NotFound(format!("no asset {id}")))?;
			if cli.json {
				println!(
					"{}",
					serde_json::to_string_pretty(&asset.to_json()).map_err(anyhow::Error::from)?
				);
			} else {
				print!("{}", asset.to_text());
			}
		},
		Command::Data(DataCommand::List { owner, status }) => {
			let client = chain::connect(&cli.url).await?;
			let ids = match owner {
				Some(owner) => {
					let owner = owner.parse::<subxt::utils::AccountId32>().map_err(|e| {
						CliError::Usage(format!("--owner: not an SS58 address: {e}"))
					})?;
					let mut ids = chain::assets_of(&client, owner).await?;
					if let Some(status) = status {
						let mut kept = Vec::new();
						for id in ids {
							if chain::asset(&client, id).await?.is_some_and(|a| a.status == status)
							{
								kept.push(id);
							}
						}
						ids = kept;
					}
					ids
				},
				None => chain::list(&client, status).await?,
			};
			let mut assets = Vec::new();
			for id in ids {
				if let Some(asset) = chain::asset(&client, id).await? {
					assets.push(asset);
				}
			}
			if cli.json {
				let all: Vec<_> = assets.iter().map(|a| a.to_json()).collect();
				println!("{}", serde_json::to_string_pretty(&all).map_err(anyhow::Error::from)?);
			} else if assets.is_empty() {
				println!("no assets");
			} else {
				for asset in &assets {
					println!("{}", asset.to_line());
				}
			}
		},
		Command::Data(DataCommand::Fetch(args)) => {
			let client = chain::connect(&cli.url).await?;
			let signer = chain::signer(&cli.suri)?;
			rights::fetch(&client, &signer, args, cli.json).await?;
		},
		Command::Licence(command) => {
			let client = chain::connect(&cli.url).await?;
			let signer = chain::signer(&cli.suri)?;
			rights::licence(&client, &signer, command, cli.json).await?;
		},
		Command::Shares(command) => {
			let client = chain::connect(&cli.url).await?;
			let signer = chain::signer(&cli.suri)?;
			rights::shares(&client, &signer, command, cli.json).await?;
		},
		Command::Ido(command) => {
			let client = chain::connect(&cli.url).await?;
			let signer = chain::signer(&cli.suri)?;
			ido::ido(&client, &signer, command, cli.json).await?;
		},
		Command::Council(command) => {
			let client = chain::connect(&cli.url).await?;
			let signer = chain::signer(&cli.suri)?;
			council::council(&client, &signer, command, cli.json).await?;
		},
		Command::Compute(command) => {
			let client = chain::connect(&cli.url).await?;
			let signer = chain::signer(&cli.suri)?;
			compute::compute(&client, &signer, &cli.ipfs, command, cli.json).await?;
		},
		Command::Feed(command) => {
			let client = chain::connect(&cli.url).await?;
			let signer = chain::signer(&cli.suri)?;
			feeds::feed(&client, &signer, command, cli.json).await?;
		},
		Command::Reserve(command) => {
			let client = chain::connect(&cli.url).await?;
			let signer = chain::signer(&cli.suri)?;
			reserve::reserve(&client, &signer, command, cli.json).await?;
		},
	}
	Ok(())
}

#[tokio::main]
async fn main() -> ExitCode {
	let cli = Cli::parse();
	match run(cli).await {
		Ok(()) => ExitCode::SUCCESS,
		Err(e) => {
			eprintln!("error: {e}");
			ExitCode::from(e.exit_code())
		},
	}
}
