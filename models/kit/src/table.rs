//! CSV tables, for models over tabular data: a header row, then records, every field text.
//! Output is written the same way on every machine: `\n` line ends, fields quoted only when
//! they must be.

use std::collections::BTreeMap;

/// A CSV table read whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
	/// The header row.
	pub headers: Vec<String>,
	/// The records, each as long as the header.
	pub rows: Vec<Vec<String>>,
}

impl Table {
	/// Reads a CSV table with a header row; every record must have the header's length.
	pub fn read(bytes: &[u8]) -> Result<Self, String> {
		let mut reader = csv::ReaderBuilder::new().has_headers(true).from_reader(bytes);
		let headers = reader
			.headers()
			.map_err(|e| format!("header: {e}"))?
			.iter()
			.map(str::to_owned)
			.collect::<Vec<_>>();
		let mut rows = Vec::new();
		for (i, record) in reader.records().enumerate() {
			let record = record.map_err(|e| format!("record {}: {e}", i + 1))?;
			rows.push(record.iter().map(str::to_owned).collect());
		}
		Ok(Self { headers, rows })
	}

	/// The index of column `name`.
	pub fn column(&self, name: &str) -> Result<usize, String> {
		self.headers
			.iter()
			.position(|h| h == name)
			.ok_or_else(|| format!("no column {name:?}"))
	}

	/// Column `index` of record `row` as a number.
	pub fn number(&self, row: usize, index: usize) -> Result<f64, String> {
		let text = self.rows[row][index].trim();
		text.parse::<f64>()
			.ok()
			.filter(|v| v.is_finite())
			.ok_or_else(|| format!("record {}: {:?} is not a number", row + 1, text))
	}

	/// Writes the table as CSV.
	pub fn write(&self) -> Result<Vec<u8>, String> {
		let mut writer = csv::WriterBuilder::new()
			.terminator(csv::Terminator::Any(b'\n'))
			.from_writer(Vec::new());
		writer.write_record(&self.headers).map_err(|e| e.to_string())?;
		for row in &self.rows {
			writer.write_record(row).map_err(|e| e.to_string())?;
		}
		writer.into_inner().map_err(|e| e.to_string())
	}
}

/// Records of `table` grouped by the text of column `index`, groups in byte order of the
/// key (a `BTreeMap`: no hash seed, so the same order everywhere).
pub fn group_by(table: &Table, index: usize) -> BTreeMap<&str, Vec<usize>> {
	let mut groups: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
	for (i, row) in table.rows.iter().enumerate() {
		groups.entry(row[index].as_str()).or_default().push(i);
	}
	groups
}

/// A number as models write it: Rust's shortest text that reads back as the same `f64`
/// (`3` for 3.0, `0.30000000000000004` for 0.1 + 0.2), as JavaScript's `String(n)` writes
/// numbers below 10^21.
pub fn number_text(value: f64) -> String {
	format!("{value}")
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn tables_read_and_write_back() {
		let text = b"region,amount\nnorth,3\n\"south, far\",4.5\n";
		let table = Table::read(text).unwrap();
		assert_eq!(table.headers, vec!["region", "amount"]);
		assert_eq!(table.rows[1], vec!["south, far", "4.5"]);
		assert_eq!(table.write().unwrap(), text.to_vec());
		assert_eq!(table.number(1, 1), Ok(4.5));
		assert_eq!(table.number(0, 0), Err("record 1: \"north\" is not a number".into()));
		assert_eq!(table.column("x"), Err("no column \"x\"".into()));
		assert!(Table::read(b"a,b\n1\n").unwrap_err().starts_with("record 1"));
		assert_eq!(number_text(0.1 + 0.2), "0.30000000000000004");
		assert_eq!(number_text(3.0), "3");
	}
}
