//! `bdes-connector`: runs the feeds of a TOML file (see the crate's `daemon` module), or
//! standardises one file the way a batch is, to see its bytes and digest.

use bdes_connector::{config::Config, daemon::Connector, records, standard};
use clap::{Parser, Subcommand};
use std::path::PathBuf;

#[derive(Parser)]
#[command(
	name = "bdes-connector",
	version,
	about = "Turns external feeds into listed BDES data assets: reads sources, standardises each batch to Parquet, adds it to IPFS and submits it"
)]
struct Cli {
	#[command(subcommand)]
	command: Command,
}

#[derive(Subcommand)]
enum Command {
	/// Runs the feeds of a configuration file until SIGINT or SIGTERM.
	Run {
		/// The TOML configuration.
		#[arg(long, short, env = "BDES_CONNECTOR_CONFIG")]
		config: PathBuf,
		/// Secret URI of the feeds' operator account.
		#[arg(long, env = "BDES_CONNECTOR_SURI", hide_env_values = true)]
		suri: String,
	},
	/// Standardises FILE with a schema header (`time:timestamp_ms,value:float64`) as one batch
	/// and prints its digest, rows and window; `-o` writes the Parquet bytes.
	Standardise {
		#[arg(long)]
		schema: String,
		#[arg(long, value_enum, default_value = "json")]
		format: Format,
		/// JSON pointer to the records inside a JSON document.
		#[arg(long)]
		pointer: Option<String>,
		file: PathBuf,
		#[arg(long, short)]
		output: Option<PathBuf>,
	},
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
	Json,
	Ndjson,
	Csv,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
	match Cli::parse().command {
		Command::Run { config, suri } => {
			let config = Config::load(&config)?;
			let connector = Connector::connect(config, &suri).await?;
			connector.serve().await?;
			let (stop, stopped) = tokio::sync::watch::channel(false);
			tokio::spawn(async move {
				let mut term =
					match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
					{
						Ok(term) => term,
						Err(_) => return,
					};
				tokio::select! {
					_ = tokio::signal::ctrl_c() => {},
					_ = term.recv() => {},
				}
				let _ = stop.send(true);
			});
			// Batches in flight are not waited for: they are on disk, and the restarted
			// connector submits them again (a landed one is refused as a duplicate).
			connector.run(stopped).await
		},
		Command::Standardise { schema, format, pointer, file, output } => {
			let schema = standard::Schema::parse(&schema)?;
			let format = match format {
				Format::Json => records::Format::Json,
				Format::Ndjson => records::Format::Ndjson,
				Format::Csv => records::Format::Csv,
			};
			let bytes = std::fs::read(&file)?;
			let mut parsed = records::parse(&schema, format, pointer.as_deref(), &bytes)?;
			standard::normalise(&schema, &mut parsed.rows);
			let batch = standard::to_parquet(&schema, &parsed.rows)?;
			if let Some(output) = output {
				std::fs::write(output, &batch.bytes)?;
			}
			println!(
				"{}",
				serde_json::json!({
					"digest": format!("0x{}", hex::encode(batch.digest)),
					"header": format!("0x{}", hex::encode(schema.hash())),
					"size": batch.bytes.len(),
					"rows": batch.rows,
					"rejected": parsed.rejected,
					"window": [batch.window.0, batch.window.1],
				})
			);
			Ok(())
		},
	}
}
