//! The standard form of a batch: the feed's schema as typed Arrow columns, the rows in one fixed
//! order (by the timestamp column, then by every column in turn; identical rows once), written
//! as Parquet with fixed writer properties. The same rows in any order give the same bytes, so
//! a batch built again after a restart has the digest the chain already knows.

use arrow_array::{
	ArrayRef, BooleanArray, Float64Array, Int64Array, RecordBatch, StringArray,
	TimestampMillisecondArray,
};
use arrow_schema::{DataType, Field, Schema as ArrowSchema, TimeUnit};
use parquet::{arrow::ArrowWriter, basic::Compression, file::properties::WriterProperties};
use sha2::{Digest, Sha256};
use std::{cmp::Ordering, sync::Arc};

/// A column's type, as the chain's schemas name them (`bdes_primitives::ColumnType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
	Bool,
	Int64,
	Float64,
	Utf8,
	TimestampMillis,
}

impl Kind {
	pub fn name(self) -> &'static str {
		match self {
			Kind::Bool => "bool",
			Kind::Int64 => "int64",
			Kind::Float64 => "float64",
			Kind::Utf8 => "utf8",
			Kind::TimestampMillis => "timestamp_ms",
		}
	}

	pub fn from_name(name: &str) -> Option<Self> {
		[Kind::Bool, Kind::Int64, Kind::Float64, Kind::Utf8, Kind::TimestampMillis]
			.into_iter()
			.find(|k| k.name() == name)
	}
}

/// A feed's schema: its columns, and which one is the rows' time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Schema {
	pub columns: Vec<(String, Kind)>,
	/// The first `timestamp_ms` column: it orders the rows and gives a batch its window.
	pub time: usize,
}

impl Schema {
	pub fn new(columns: Vec<(String, Kind)>) -> anyhow::Result<Self> {
		let time =
			columns.iter().position(|(_, k)| *k == Kind::TimestampMillis).ok_or_else(|| {
				anyhow::anyhow!("the schema has no timestamp_ms column to window batches by")
			})?;
		Ok(Self { columns, time })
	}

	/// Parses a header text, `name:type,name:type`.
	pub fn parse(header: &str) -> anyhow::Result<Self> {
		let columns = header
			.split(',')
			.map(|c| {
				let (name, kind) = c
					.split_once(':')
					.ok_or_else(|| anyhow::anyhow!("column {c:?}: expected name:type"))?;
				let kind = Kind::from_name(kind.trim())
					.ok_or_else(|| anyhow::anyhow!("column {c:?}: unknown type"))?;
				Ok((name.trim().to_string(), kind))
			})
			.collect::<anyhow::Result<Vec<_>>>()?;
		Self::new(columns)
	}

	/// The header text the chain hashes (`bdes_primitives::schema_header`).
	pub fn header(&self) -> String {
		let parts: Vec<String> =
			self.columns.iter().map(|(n, k)| format!("{n}:{}", k.name())).collect();
		parts.join(",")
	}

	/// The sha2-256 of the header text: a batch's `header`, the schema's hash on chain.
	pub fn hash(&self) -> [u8; 32] {
		Sha256::digest(self.header().as_bytes()).into()
	}
}

/// One cell. `Null` where a record has no value for a column.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
	Null,
	Bool(bool),
	Int(i64),
	Float(f64),
	Text(String),
}

impl Cell {
	fn rank(&self) -> u8 {
		match self {
			Cell::Null => 0,
			Cell::Bool(_) => 1,
			Cell::Int(_) => 2,
			Cell::Float(_) => 3,
			Cell::Text(_) => 4,
		}
	}

	/// A total order (floats by `total_cmp`), so sorting is deterministic.
	fn order(&self, other: &Self) -> Ordering {
		match (self, other) {
			(Cell::Bool(a), Cell::Bool(b)) => a.cmp(b),
			(Cell::Int(a), Cell::Int(b)) => a.cmp(b),
			(Cell::Float(a), Cell::Float(b)) => a.total_cmp(b),
			(Cell::Text(a), Cell::Text(b)) => a.cmp(b),
			(a, b) => a.rank().cmp(&b.rank()),
		}
	}
}

/// A row in the schema's column order; the time column is never null.
#[derive(Clone, Debug, PartialEq)]
pub struct Row(pub Vec<Cell>);

impl Row {
	/// The row's time in milliseconds.
	pub fn time(&self, schema: &Schema) -> i64 {
		match self.0.get(schema.time) {
			Some(Cell::Int(t)) => *t,
			_ => 0,
		}
	}

	fn order(&self, other: &Self, schema: &Schema) -> Ordering {
		self.time(schema).cmp(&other.time(schema)).then_with(|| {
			self.0
				.iter()
				.zip(&other.0)
				.map(|(a, b)| a.order(b))
				.find(|o| o.is_ne())
				.unwrap_or(Ordering::Equal)
		})
	}
}

/// Puts rows in the standard order and drops exact repeats (a source that serves a reading twice).
pub fn normalise(schema: &Schema, rows: &mut Vec<Row>) {
	rows.sort_by(|a, b| a.order(b, schema));
	rows.dedup_by(|a, b| a.order(b, schema).is_eq());
}

/// A standardised batch, ready to add and submit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Batch {
	pub bytes: Vec<u8>,
	pub digest: [u8; 32],
	pub rows: u64,
	/// The seconds the rows' times fall in (Unix seconds, both ends included).
	pub window: (u64, u64),
}

/// The Parquet file of `rows` (in the standard order already: see [`normalise`]).
pub fn to_parquet(schema: &Schema, rows: &[Row]) -> anyhow::Result<Batch> {
	anyhow::ensure!(!rows.is_empty(), "a batch needs rows");
	let fields: Vec<Field> = schema
		.columns
		.iter()
		.enumerate()
		.map(|(i, (name, kind))| {
			let data_type = match kind {
				Kind::Bool => DataType::Boolean,
				Kind::Int64 => DataType::Int64,
				Kind::Float64 => DataType::Float64,
				Kind::Utf8 => DataType::Utf8,
				Kind::TimestampMillis => {
					DataType::Timestamp(TimeUnit::Millisecond, Some("UTC".into()))
				},
			};
			Field::new(name, data_type, i != schema.time)
		})
		.collect();
	let arrow_schema = Arc::new(ArrowSchema::new(fields));
	let column = |i: usize| rows.iter().map(move |r| r.0.get(i).unwrap_or(&Cell::Null));
	let arrays: Vec<ArrayRef> = schema
		.columns
		.iter()
		.enumerate()
		.map(|(i, (_, kind))| -> ArrayRef {
			match kind {
				Kind::Bool => Arc::new(BooleanArray::from_iter(column(i).map(|c| match c {
					Cell::Bool(b) => Some(*b),
					_ => None,
				}))),
				Kind::Int64 => Arc::new(Int64Array::from_iter(column(i).map(|c| match c {
					Cell::Int(v) => Some(*v),
					_ => None,
				}))),
				Kind::Float64 => Arc::new(Float64Array::from_iter(column(i).map(|c| match c {
					Cell::Float(v) => Some(*v),
					_ => None,
				}))),
				Kind::Utf8 => Arc::new(StringArray::from_iter(column(i).map(|c| match c {
					Cell::Text(s) => Some(s.as_str()),
					_ => None,
				}))),
				Kind::TimestampMillis => Arc::new(
					TimestampMillisecondArray::from_iter(column(i).map(|c| match c {
						Cell::Int(v) => Some(*v),
						_ => None,
					}))
					.with_timezone("UTC"),
				),
			}
		})
		.collect();
	let batch = RecordBatch::try_new(arrow_schema.clone(), arrays)?;
	// Fixed properties: the writer's own version string would change the bytes with every
	// upgrade of the crate, and with them every digest.
	let props = WriterProperties::builder()
		.set_compression(Compression::SNAPPY)
		.set_created_by("bdes-connector".into())
		.build();
	let mut bytes = Vec::new();
	let mut writer = ArrowWriter::try_new(&mut bytes, arrow_schema, Some(props))?;
	writer.write(&batch)?;
	writer.close()?;
	let seconds = |r: &Row| u64::try_from(r.time(schema).div_euclid(1000)).unwrap_or(0);
	let (first, last) = (rows.first().map(seconds), rows.last().map(seconds));
	Ok(Batch {
		digest: Sha256::digest(&bytes).into(),
		bytes,
		rows: rows.len() as u64,
		window: (first.unwrap_or(0), last.unwrap_or(0)),
	})
}

#[cfg(test)]
mod tests {
	use super::*;
	use arrow_array::Array;
	use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

	fn schema() -> Schema {
		Schema::parse("station:utf8,time:timestamp_ms,temperature:float64,count:int64,ok:bool")
			.unwrap()
	}

	fn row(station: &str, time: i64, t: f64, n: i64, ok: bool) -> Row {
		Row(vec![
			Cell::Text(station.into()),
			Cell::Int(time),
			Cell::Float(t),
			Cell::Int(n),
			Cell::Bool(ok),
		])
	}

	#[test]
	fn header_is_the_chains_text_and_hash() {
		let s = schema();
		assert_eq!(s.time, 1);
		assert_eq!(
			s.header(),
			"station:utf8,time:timestamp_ms,temperature:float64,count:int64,ok:bool"
		);
		assert_eq!(s.hash(), <[u8; 32]>::from(Sha256::digest(s.header().as_bytes())));
		assert!(Schema::parse("a:int64").unwrap_err().to_string().contains("no timestamp_ms"));
		assert!(Schema::parse("a:decimal,t:timestamp_ms").is_err());
	}

	#[test]
	fn same_rows_in_any_order_give_the_same_bytes() {
		let s = schema();
		let rows = vec![
			row("b", 2_000, 1.5, 1, true),
			row("a", 2_000, -0.0, 2, false),
			row("a", 1_000, f64::NAN, 3, true),
			row("a", 3_999, 20.25, 4, true),
		];
		let mut forward = rows.clone();
		let mut backward: Vec<Row> = rows.iter().rev().cloned().collect();
		// A repeated reading counts once.
		backward.push(rows[0].clone());
		normalise(&s, &mut forward);
		normalise(&s, &mut backward);
		let a = to_parquet(&s, &forward).unwrap();
		let b = to_parquet(&s, &backward).unwrap();
		assert_eq!(a, b);
		assert_eq!(a.rows, 4);
		assert_eq!(a.window, (1, 3));
		assert_eq!(a.digest, <[u8; 32]>::from(Sha256::digest(&a.bytes)));
		let mut other = forward.clone();
		other[0].0[2] = Cell::Float(1.0);
		assert_ne!(to_parquet(&s, &other).unwrap().digest, a.digest);
	}

	#[test]
	fn the_file_reads_back_with_typed_columns_in_order() {
		let s = schema();
		let mut rows = vec![
			row("b", 5_000, 1.5, 7, true),
			Row(vec![Cell::Null, Cell::Int(4_000), Cell::Null, Cell::Null, Cell::Null]),
		];
		normalise(&s, &mut rows);
		let batch = to_parquet(&s, &rows).unwrap();
		let reader = ParquetRecordBatchReaderBuilder::try_new(bytes::Bytes::from(batch.bytes))
			.unwrap()
			.build()
			.unwrap();
		let read: Vec<RecordBatch> = reader.map(|b| b.unwrap()).collect();
		assert_eq!(read.len(), 1);
		let got = &read[0];
		assert_eq!(got.num_rows(), 2);
		let fields: Vec<(String, DataType)> = got
			.schema()
			.fields()
			.iter()
			.map(|f| (f.name().clone(), f.data_type().clone()))
			.collect();
		assert_eq!(
			fields,
			vec![
				("station".into(), DataType::Utf8),
				("time".into(), DataType::Timestamp(TimeUnit::Millisecond, Some("UTC".into()))),
				("temperature".into(), DataType::Float64),
				("count".into(), DataType::Int64),
				("ok".into(), DataType::Boolean),
			]
		);
		let times = got.column(1).as_any().downcast_ref::<TimestampMillisecondArray>().unwrap();
		assert_eq!(times.values().to_vec(), vec![4_000, 5_000]);
		let stations = got.column(0).as_any().downcast_ref::<StringArray>().unwrap();
		assert!(stations.is_null(0));
		assert_eq!(stations.value(1), "b");
	}
}
