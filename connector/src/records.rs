//! What sources send, read into rows of a feed's schema: JSON (an array of objects, or the array
//! at a JSON pointer), NDJSON (one object a line) and CSV (a header row). Columns are matched by
//! name; a missing value is null; a record whose time is missing or whose value does not fit
//! its column's type is rejected, counted, and the rest of the batch goes on.

use crate::standard::{Cell, Kind, Row, Schema};
use serde::Deserialize;

/// How a source's bytes are laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
	Json,
	Ndjson,
	Csv,
}

/// Rows read from one response, file or stretch of a stream.
#[derive(Debug, Default, PartialEq)]
pub struct Parsed {
	pub rows: Vec<Row>,
	/// Records that did not fit the schema, with the first reason.
	pub rejected: u64,
	pub first_error: Option<String>,
}

impl Parsed {
	fn reject(&mut self, why: String) {
		self.rejected += 1;
		self.first_error.get_or_insert(why);
	}
}

/// Parses `bytes` as `format` into rows of `schema`. `pointer` picks the array inside a JSON
/// document (`/data/readings`); an error is returned only when the document as a whole is
/// unreadable.
pub fn parse(
	schema: &Schema,
	format: Format,
	pointer: Option<&str>,
	bytes: &[u8],
) -> anyhow::Result<Parsed> {
	let mut parsed = Parsed::default();
	match format {
		Format::Json => {
			let document: serde_json::Value = serde_json::from_slice(bytes)?;
			let records = match pointer {
				Some(p) => document
					.pointer(p)
					.ok_or_else(|| anyhow::anyhow!("nothing at JSON pointer {p}"))?,
				None => &document,
			};
			let records = records
				.as_array()
				.ok_or_else(|| anyhow::anyhow!("expected a JSON array of records"))?;
			for record in records {
				json_record(schema, record, &mut parsed);
			}
		},
		Format::Ndjson => {
			for line in bytes.split(|b| *b == b'\n') {
				if line.iter().all(u8::is_ascii_whitespace) {
					continue;
				}
				match serde_json::from_slice::<serde_json::Value>(line) {
					Ok(record) => json_record(schema, &record, &mut parsed),
					Err(e) => parsed.reject(format!("not a JSON line: {e}")),
				}
			}
		},
		Format::Csv => {
			let mut reader = csv::ReaderBuilder::new().has_headers(true).from_reader(bytes);
			let headers = reader.headers()?.clone();
			let index: Vec<Option<usize>> = schema
				.columns
				.iter()
				.map(|(name, _)| headers.iter().position(|h| h.trim() == name))
				.collect();
			anyhow::ensure!(
				index[schema.time].is_some(),
				"the CSV header has no {} column",
				schema.columns[schema.time].0
			);
			for record in reader.records() {
				let record = match record {
					Ok(r) => r,
					Err(e) => {
						parsed.reject(format!("CSV: {e}"));
						continue;
					},
				};
				let cells: Result<Vec<Cell>, String> = schema
					.columns
					.iter()
					.zip(&index)
					.map(|((name, kind), at)| match at.and_then(|i| record.get(i)) {
						None => Ok(Cell::Null),
						Some(text) if text.trim().is_empty() => Ok(Cell::Null),
						Some(text) => text_cell(*kind, text.trim())
							.ok_or_else(|| format!("{name}: {text:?} is not {}", kind.name())),
					})
					.collect();
				push(schema, cells, &mut parsed);
			}
		},
	}
	Ok(parsed)
}

fn push(schema: &Schema, cells: Result<Vec<Cell>, String>, parsed: &mut Parsed) {
	match cells {
		Ok(cells) if cells.get(schema.time).is_some_and(|c| *c != Cell::Null) => {
			parsed.rows.push(Row(cells))
		},
		Ok(_) => parsed.reject(format!("no {}", schema.columns[schema.time].0)),
		Err(why) => parsed.reject(why),
	}
}

fn json_record(schema: &Schema, record: &serde_json::Value, parsed: &mut Parsed) {
	let Some(object) = record.as_object() else {
		parsed.reject("a record is not a JSON object".into());
		return;
	};
	let cells = schema
		.columns
		.iter()
		.map(|(name, kind)| match object.get(name) {
			None | Some(serde_json::Value::Null) => Ok(Cell::Null),
			Some(value) => json_cell(*kind, value)
				.ok_or_else(|| format!("{name}: {value} is not {}", kind.name())),
		})
		.collect();
	push(schema, cells, parsed);
}

fn json_cell(kind: Kind, value: &serde_json::Value) -> Option<Cell> {
	use serde_json::Value as J;
	match (kind, value) {
		(_, J::String(text)) => text_cell(kind, text),
		(Kind::Bool, J::Bool(b)) => Some(Cell::Bool(*b)),
		(Kind::Int64 | Kind::TimestampMillis, J::Number(n)) => n.as_i64().map(Cell::Int),
		(Kind::Float64, J::Number(n)) => n.as_f64().map(Cell::Float),
		(Kind::Utf8, J::Number(n)) => Some(Cell::Text(n.to_string())),
		(Kind::Utf8, J::Bool(b)) => Some(Cell::Text(b.to_string())),
		_ => None,
	}
}

fn text_cell(kind: Kind, text: &str) -> Option<Cell> {
	match kind {
		Kind::Bool => match text {
			"true" | "1" => Some(Cell::Bool(true)),
			"false" | "0" => Some(Cell::Bool(false)),
			_ => None,
		},
		Kind::Int64 | Kind::TimestampMillis => text.parse().ok().map(Cell::Int),
		Kind::Float64 => text.parse().ok().map(Cell::Float),
		Kind::Utf8 => Some(Cell::Text(text.to_string())),
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	fn schema() -> Schema {
		Schema::parse("station:utf8,time:timestamp_ms,temperature:float64,ok:bool").unwrap()
	}

	#[test]
	fn json_csv_and_ndjson_give_the_same_rows() {
		let s = schema();
		let json = br#"{"data":{"readings":[
			{"station":"a","time":1000,"temperature":20.5,"ok":true},
			{"station":"b","time":"2000","temperature":"-1","extra":1}
		]}}"#;
		let csv = b"time,station,temperature,ok\n1000,a,20.5,true\n2000,b,-1,\n";
		let ndjson = b"{\"station\":\"a\",\"time\":1000,\"temperature\":20.5,\"ok\":true}\n\n{\"station\":\"b\",\"time\":2000,\"temperature\":-1}\n";
		let a = parse(&s, Format::Json, Some("/data/readings"), json).unwrap();
		let b = parse(&s, Format::Csv, None, csv).unwrap();
		let c = parse(&s, Format::Ndjson, None, ndjson).unwrap();
		assert_eq!(a.rows.len(), 2);
		assert_eq!(a.rejected, 0);
		assert_eq!(a, b);
		assert_eq!(a, c);
		assert_eq!(
			a.rows[1].0,
			vec![Cell::Text("b".into()), Cell::Int(2000), Cell::Float(-1.0), Cell::Null]
		);
	}

	#[test]
	fn records_that_do_not_fit_are_rejected_one_by_one() {
		let s = schema();
		let json = br#"[
			{"station":"a","time":1000,"temperature":"warm"},
			{"station":"a","temperature":1.0},
			3,
			{"station":"c","time":3000,"temperature":1.0,"ok":"yes"},
			{"station":"d","time":4000,"temperature":2}
		]"#;
		let parsed = parse(&s, Format::Json, None, json).unwrap();
		assert_eq!(parsed.rows.len(), 1);
		assert_eq!(parsed.rejected, 4);
		assert!(parsed.first_error.unwrap().contains("temperature"));
		assert!(parse(&s, Format::Json, None, b"{not json").is_err());
		assert!(parse(&s, Format::Json, Some("/x"), b"{}").is_err());
		assert!(parse(&s, Format::Csv, None, b"station\na\n").is_err());
	}
}
