//! A data client's side of the protocol: learn what to sign for (`GET /info`), sign each
//! request with the next counter, and re-sign once when the gateway answers 409 with the
//! counter it has reached. Used by `bdes data fetch` and the harnesses.

use crate::auth::{self, GatewayId, GatewayInfo, Request, HEADER_COUNTER};
use reqwest::StatusCode;
use subxt_signer::sr25519::Keypair;

/// How long the vouchers a client signs stay valid (the gateway takes 10 min to 24 h).
pub const VOUCHER_LIFE_MS: u64 = 3_600_000;

#[derive(Clone, Debug)]
pub struct GatewayClient {
	pub http: reqwest::Client,
	pub url: String,
	pub gateway: GatewayId,
}

impl GatewayClient {
	/// Asks the gateway at `url` who it is.
	pub async fn connect(http: reqwest::Client, url: &str) -> anyhow::Result<Self> {
		let url = url.trim_end_matches('/').to_string();
		let response = http
			.get(format!("{url}/info"))
			.send()
			.await
			.map_err(|e| anyhow::anyhow!("cannot reach the gateway at {url}: {e}"))?;
		anyhow::ensure!(
			response.status().is_success(),
			"{url}/info answered {}",
			response.status()
		);
		let info: GatewayInfo = serde_json::from_slice(&response.bytes().await?)?;
		let gateway = GatewayId::try_from(&info)
			.map_err(|e| anyhow::anyhow!("{url}/info is not a gateway's answer: {e}"))?;
		Ok(Self { http, url, gateway })
	}

	/// A GET of `asset`'s data signed by `signer` with counter `calls`, ready to send.
	pub fn request(
		&self,
		signer: &Keypair,
		asset: u32,
		licence: u32,
		calls: u32,
		range: Option<&str>,
	) -> reqwest::RequestBuilder {
		let path = format!("/assets/{asset}/data");
		let now = auth::now_ms();
		let request = Request {
			method: "GET",
			path: &path,
			range,
			licence,
			calls,
			until_ms: now + VOUCHER_LIFE_MS,
			timestamp_ms: now,
		};
		let mut builder = self.http.get(format!("{}{path}", self.url));
		for (name, value) in auth::sign(signer, &self.gateway, &request) {
			builder = builder.header(name, value);
		}
		if let Some(range) = range {
			builder = builder.header(reqwest::header::RANGE, range);
		}
		builder
	}

	/// Sends a signed GET with counter `calls`; if the gateway has accepted that counter
	/// already (409), signs again once with its counter plus one. Gives the response and the
	/// counter it was signed with.
	pub async fn get(
		&self,
		signer: &Keypair,
		asset: u32,
		licence: u32,
		calls: u32,
		range: Option<&str>,
	) -> anyhow::Result<(reqwest::Response, u32)> {
		let send = |calls| async move {
			self.request(signer, asset, licence, calls, range)
				.send()
				.await
				.map_err(|e| anyhow::anyhow!("cannot reach the gateway at {}: {e}", self.url))
		};
		let response = send(calls).await?;
		if response.status() != StatusCode::CONFLICT {
			return Ok((response, calls));
		}
		let counter = response
			.headers()
			.get(HEADER_COUNTER)
			.and_then(|v| v.to_str().ok()?.parse::<u32>().ok());
		match counter.and_then(|c| c.checked_add(1)) {
			Some(next) => Ok((send(next).await?, next)),
			None => Ok((response, calls)),
		}
	}

	/// A GET of `asset` as an input of compute task `task`, signed by the provider `signer`
	/// (unmetered: the task's read right, not a licence), ready to send.
	pub fn task_input(
		&self,
		signer: &Keypair,
		task: u64,
		asset: u32,
		range: Option<&str>,
	) -> reqwest::RequestBuilder {
		let path = format!("/tasks/{task}/inputs/{asset}");
		let headers =
			auth::sign_task_read(signer, &self.gateway, task, &path, range, auth::now_ms());
		let mut builder = self.http.get(format!("{}{path}", self.url));
		for (name, value) in headers {
			builder = builder.header(name, value);
		}
		if let Some(range) = range {
			builder = builder.header(reqwest::header::RANGE, range);
		}
		builder
	}
}
