//! The HTTP service: `GET /assets/{id}/data` (signed, licence-gated, streamed from IPFS with
//! `Range` and `ETag`), `/healthz` and Prometheus `/metrics`; and the task that reports served
//! calls on chain.

use crate::{
	auth::{self, AuthError, ReplayGuard, SignedRequest},
	chain::{AssetContent, Chain, Status},
	config::Config,
	meter::{Denied, Meter, Reserve},
	range,
};
use axum::{
	body::Body,
	extract::{Path, State},
	http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri},
	response::{IntoResponse, Response},
	routing::get,
	Json, Router,
};
use prometheus::{Encoder, IntCounter, IntCounterVec, IntGauge, Opts, Registry, TextEncoder};
use serde_json::json;
use std::{
	collections::HashMap,
	sync::{Arc, Mutex},
	time::{Duration, Instant},
};
use subxt::utils::AccountId32;

/// Entries in one usage batch (the runtime's `MaxUsageBatch`).
const MAX_BATCH: usize = 64;
/// How long an asset's content record is reused.
const ASSET_TTL: Duration = Duration::from_secs(10);

/// An error answer: status and a JSON body `{"error": code, "message": text}`.
#[derive(Debug)]
pub struct ApiError {
	status: StatusCode,
	code: &'static str,
	message: String,
}

impl ApiError {
	fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
		Self { status, code, message: message.into() }
	}
}

impl From<AuthError> for ApiError {
	fn from(e: AuthError) -> Self {
		match e {
			AuthError::Replay => Self::new(StatusCode::CONFLICT, "replay", e.to_string()),
			_ => Self::new(StatusCode::UNAUTHORIZED, "unauthorized", e.to_string()),
		}
	}
}

impl IntoResponse for ApiError {
	fn into_response(self) -> Response {
		(self.status, Json(json!({ "error": self.code, "message": self.message }))).into_response()
	}
}

/// The gateway's Prometheus metrics.
pub struct Metrics {
	registry: Registry,
	requests: IntCounterVec,
	bytes: IntCounter,
	batches: IntCounterVec,
	reported: IntCounter,
	unreported: IntGauge,
	chain_checks: IntCounter,
}

impl Metrics {
	fn new() -> anyhow::Result<Self> {
		let registry = Registry::new();
		let requests = IntCounterVec::new(
			Opts::new("bdes_gateway_requests_total", "Data requests by response status"),
			&["status"],
		)?;
		let bytes = IntCounter::new("bdes_gateway_bytes_total", "Bytes of data served")?;
		let batches = IntCounterVec::new(
			Opts::new("bdes_gateway_usage_batches_total", "Usage batches by outcome"),
			&["outcome"],
		)?;
		let reported =
			IntCounter::new("bdes_gateway_calls_reported_total", "Calls reported on chain")?;
		let unreported = IntGauge::new(
			"bdes_gateway_calls_pending",
			"Calls served and not yet included on chain",
		)?;
		let chain_checks = IntCounter::new(
			"bdes_gateway_chain_checks_total",
			"Licence checks asked of the chain",
		)?;
		registry.register(Box::new(requests.clone()))?;
		registry.register(Box::new(bytes.clone()))?;
		registry.register(Box::new(batches.clone()))?;
		registry.register(Box::new(reported.clone()))?;
		registry.register(Box::new(unreported.clone()))?;
		registry.register(Box::new(chain_checks.clone()))?;
		Ok(Self { registry, requests, bytes, batches, reported, unreported, chain_checks })
	}
}

/// Token buckets per account.
struct RateLimiter {
	per_sec: f64,
	burst: f64,
	buckets: Mutex<HashMap<[u8; 32], (f64, Instant)>>,
}

impl RateLimiter {
	fn new(per_sec: u32) -> Self {
		let per_sec = f64::from(per_sec.max(1));
		Self { per_sec, burst: per_sec * 2.0, buckets: Mutex::new(HashMap::new()) }
	}

	fn allow(&self, who: &AccountId32, now: Instant) -> bool {
		let mut buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
		let (tokens, last) = buckets.entry(who.0).or_insert((self.burst, now));
		let refill = now.saturating_duration_since(*last).as_secs_f64() * self.per_sec;
		*tokens = (*tokens + refill).min(self.burst);
		*last = now;
		if *tokens >= 1.0 {
			*tokens -= 1.0;
			true
		} else {
			false
		}
	}
}

pub struct AppState {
	config: Config,
	chain: Chain,
	meter: Meter,
	replay: ReplayGuard,
	limiter: RateLimiter,
	http: reqwest::Client,
	assets: Mutex<HashMap<u32, (Option<AssetContent>, Instant)>>,
	metrics: Metrics,
}

/// Runs the gateway until Ctrl-C.
pub async fn run(config: Config) -> anyhow::Result<()> {
	let chain = Chain::connect(&config.node, &config.operator_suri).await?;
	let state = Arc::new(AppState {
		meter: Meter::new(config.cache_ttl()),
		replay: ReplayGuard::new(config.window()),
		limiter: RateLimiter::new(config.rate_per_sec),
		http: reqwest::Client::builder().build()?,
		assets: Mutex::new(HashMap::new()),
		metrics: Metrics::new()?,
		chain,
		config,
	});
	tokio::spawn(report_usage(state.clone()));
	let listener = tokio::net::TcpListener::bind(state.config.listen).await?;
	println!(
		"bdes-gateway listening on http://{} (node {}, IPFS {}, operator {})",
		listener.local_addr()?,
		state.config.node,
		state.config.ipfs,
		state.chain.operator()
	);
	axum::serve(listener, router(state))
		.with_graceful_shutdown(async {
			let _ = tokio::signal::ctrl_c().await;
		})
		.await?;
	Ok(())
}

pub fn router(state: Arc<AppState>) -> Router {
	Router::new()
		.route("/assets/{id}/data", get(data))
		.route("/healthz", get(healthz))
		.route("/metrics", get(metrics))
		.with_state(state)
}

/// Reports served calls every `flush_ms`, and once more at the end.
async fn report_usage(state: Arc<AppState>) {
	let mut tick = tokio::time::interval(state.config.flush_every());
	loop {
		tick.tick().await;
		loop {
			let batch = state.meter.take_batch(MAX_BATCH);
			if batch.is_empty() {
				break;
			}
			let calls: u64 = batch.iter().map(|(_, c)| u64::from(*c)).sum();
			match state.chain.report_usage(&batch).await {
				Ok(()) => {
					state.meter.settle(&batch, true);
					state.metrics.batches.with_label_values(&["included"]).inc();
					state.metrics.reported.inc_by(calls);
				},
				// A batch is all or nothing on chain: one licence that cannot take its calls
				// (e.g. another gateway used them) must not lose the others' usage.
				Err(e) if batch.len() > 1 => {
					eprintln!("usage batch of {calls} calls refused ({e}); reporting one by one");
					state.metrics.batches.with_label_values(&["split"]).inc();
					for entry in batch {
						let single = [entry];
						let included = state.chain.report_usage(&single).await;
						if let Err(e) = &included {
							eprintln!(
								"usage of licence {} ({} calls) not recorded: {e}",
								entry.0, entry.1
							);
						} else {
							state.metrics.reported.inc_by(entry.1.into());
						}
						state.meter.settle(&single, included.is_ok());
					}
				},
				Err(e) => {
					eprintln!("usage batch of {calls} calls not recorded: {e}");
					state.meter.settle(&batch, false);
					state.metrics.batches.with_label_values(&["failed"]).inc();
				},
			}
		}
		state.metrics.unreported.set(state.meter.pending() as i64);
	}
}

async fn healthz(State(state): State<Arc<AppState>>) -> Response {
	let ipfs = state
		.http
		.post(format!("{}/api/v0/version", state.config.ipfs))
		.timeout(Duration::from_secs(2))
		.send()
		.await
		.is_ok_and(|r| r.status().is_success());
	let node = state.chain.asset(0).await.is_ok();
	let status = if ipfs && node { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
	(status, Json(json!({ "node": node, "ipfs": ipfs, "pending_calls": state.meter.pending() })))
		.into_response()
}

async fn metrics(State(state): State<Arc<AppState>>) -> Response {
	let mut buffer = Vec::new();
	match TextEncoder::new().encode(&state.metrics.registry.gather(), &mut buffer) {
		Ok(()) => ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], buffer).into_response(),
		Err(e) => ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "metrics", e.to_string())
			.into_response(),
	}
}

async fn data(
	State(state): State<Arc<AppState>>,
	Path(asset): Path<u32>,
	method: Method,
	uri: Uri,
	headers: HeaderMap,
) -> Response {
	let response = match serve(&state, asset, &method, &uri, &headers).await {
		Ok(response) => response,
		Err(e) => e.into_response(),
	};
	state.metrics.requests.with_label_values(&[response.status().as_str()]).inc();
	response
}

async fn serve(
	state: &AppState,
	asset: u32,
	method: &Method,
	uri: &Uri,
	headers: &HeaderMap,
) -> Result<Response, ApiError> {
	let request = SignedRequest::from_headers(|name| headers.get(name)?.to_str().ok())?;
	let now_ms = auth::now_ms();
	request.verify(method.as_str(), uri.path(), now_ms, state.config.window())?;
	if !state.limiter.allow(&request.account, Instant::now()) {
		return Err(ApiError::new(StatusCode::TOO_MANY_REQUESTS, "rate_limited", "slow down"));
	}
	state.replay.check(&request, now_ms)?;

	let content = asset_content(state, asset)
		.await?
		.ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, "unknown_asset", "no such asset"))?;
	if content.status != Status::Listed {
		return Err(forbidden(Denied::AssetUnavailable));
	}
	let byte_range =
		range::parse(headers.get(header::RANGE).and_then(|v| v.to_str().ok()), content.size)
			.map_err(|_| {
				ApiError::new(
					StatusCode::RANGE_NOT_SATISFIABLE,
					"bad_range",
					"range not satisfiable",
				)
			})?;

	let calls_left = reserve_call(state, &request, asset).await?;
	match stream_from_ipfs(state, &content, byte_range).await {
		Ok(body) => {
			let (status, length) = match byte_range {
				Some(r) => (StatusCode::PARTIAL_CONTENT, r.len()),
				None => (StatusCode::OK, content.size),
			};
			state.metrics.bytes.inc_by(length);
			let cid = String::from_utf8_lossy(&content.cid).into_owned();
			let mut response = Response::builder()
				.status(status)
				.header(header::CONTENT_LENGTH, length)
				.header(header::ETAG, format!("\"{cid}\""))
				.header(header::ACCEPT_RANGES, "bytes")
				.header(auth::HEADER_CALLS_LEFT, calls_left)
				.header(
					header::CONTENT_TYPE,
					HeaderValue::from_bytes(&content.format)
						.unwrap_or(HeaderValue::from_static("application/octet-stream")),
				);
			if let Some(r) = byte_range {
				response = response.header(
					header::CONTENT_RANGE,
					format!("bytes {}-{}/{}", r.start, r.end, content.size),
				);
			}
			response.body(body).map_err(|e| {
				state.meter.release(request.licence);
				ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", e.to_string())
			})
		},
		Err(e) => {
			// Not served: the call is not counted.
			state.meter.release(request.licence);
			Err(e)
		},
	}
}

fn forbidden(reason: Denied) -> ApiError {
	let code = match reason {
		Denied::Unknown => "unknown_licence",
		Denied::WrongAsset => "wrong_asset",
		Denied::NotHolder => "not_holder",
		Denied::Expired => "expired",
		Denied::Exhausted => "exhausted",
		Denied::AssetUnavailable => "asset_unavailable",
	};
	ApiError::new(StatusCode::FORBIDDEN, code, reason.describe())
}

fn node_error(e: anyhow::Error) -> ApiError {
	ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "node_unavailable", e.to_string())
}

async fn asset_content(state: &AppState, asset: u32) -> Result<Option<AssetContent>, ApiError> {
	let now = Instant::now();
	{
		let assets = state.assets.lock().unwrap_or_else(|p| p.into_inner());
		if let Some((content, at)) = assets.get(&asset) {
			if now.saturating_duration_since(*at) < ASSET_TTL {
				return Ok(content.clone());
			}
		}
	}
	let content = state.chain.asset(asset).await.map_err(node_error)?;
	state
		.assets
		.lock()
		.unwrap_or_else(|p| p.into_inner())
		.insert(asset, (content.clone(), now));
	Ok(content)
}

/// Takes one call of the licence, asking the chain when the cache cannot answer.
async fn reserve_call(
	state: &AppState,
	request: &SignedRequest,
	asset: u32,
) -> Result<u32, ApiError> {
	let mut asked = false;
	loop {
		match state.meter.reserve(request.licence, asset, &request.account, Instant::now()) {
			Reserve::Granted { calls_left } => return Ok(calls_left),
			Reserve::Denied(reason) => return Err(forbidden(reason)),
			Reserve::Refresh if asked => {
				return Err(ApiError::new(
					StatusCode::SERVICE_UNAVAILABLE,
					"busy",
					"the licence is being updated, retry",
				))
			},
			Reserve::Refresh => {
				state.metrics.chain_checks.inc();
				let check = state
					.chain
					.check(request.licence, asset, &request.account)
					.await
					.map_err(node_error)?;
				state
					.meter
					.store(request.licence, asset, request.account, check, Instant::now());
				asked = true;
			},
		}
	}
}

/// Starts `cat` of the content (or a range of it) on the IPFS node and streams its body.
async fn stream_from_ipfs(
	state: &AppState,
	content: &AssetContent,
	byte_range: Option<range::ByteRange>,
) -> Result<Body, ApiError> {
	let cid = String::from_utf8_lossy(&content.cid).into_owned();
	let mut query = vec![("arg", cid)];
	if let Some(r) = byte_range {
		query.push(("offset", r.start.to_string()));
		query.push(("length", r.len().to_string()));
	}
	let unavailable = |e: String| ApiError::new(StatusCode::BAD_GATEWAY, "ipfs_unavailable", e);
	// The deadline covers the start of the answer only: the body may take as long as it needs.
	let deadline = Duration::from_secs(state.config.ipfs_timeout_secs.max(1));
	let send = state
		.http
		.post(format!("{}/api/v0/cat", state.config.ipfs))
		.query(&query)
		.send();
	let response = tokio::time::timeout(deadline, send)
		.await
		.map_err(|_| unavailable("IPFS did not answer in time".into()))?
		.map_err(|e| unavailable(format!("IPFS: {e}")))?;
	if !response.status().is_success() {
		let status = response.status();
		let text = response.text().await.unwrap_or_default();
		return Err(unavailable(format!("IPFS answered {status}: {text}")));
	}
	Ok(Body::from_stream(response.bytes_stream()))
}
