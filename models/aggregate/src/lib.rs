//! CSV aggregation: for each value of a column (or over the whole table), the count, mean,
//! minimum and maximum of a numeric column.
//!
//! Input: one CSV table with a header row. Parameters (JSON):
//! `{"group_by": "region", "value": "amount"}`; without `group_by`, one row for the table.
//! Output: CSV `<group_by>,count,mean,min,max` (or `count,mean,min,max`), groups in byte order
//! of their key; numbers as [`number_text`] writes them. Sums run in record order, so any
//! implementation adding in that order gets the same bytes.

use bdes_model_kit::table::{group_by, number_text, Table};
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
	group_by: Option<String>,
	value: String,
}

/// The model.
pub fn aggregate(inputs: &[&[u8]], params: &[u8]) -> Result<Vec<u8>, String> {
	let [input] = inputs else { return Err(format!("one input expected, {} given", inputs.len())) };
	let params: Params = serde_json::from_slice(params).map_err(|e| format!("parameters: {e}"))?;
	let table = Table::read(input)?;
	let value = table.column(&params.value)?;
	let stats = |rows: &[usize]| -> Result<Vec<String>, String> {
		let (mut sum, mut min, mut max) = (0f64, f64::INFINITY, f64::NEG_INFINITY);
		for row in rows {
			let v = table.number(*row, value)?;
			sum += v;
			min = min.min(v);
			max = max.max(v);
		}
		let count = rows.len() as f64;
		Ok(vec![
			rows.len().to_string(),
			number_text(sum / count),
			number_text(min),
			number_text(max),
		])
	};
	let columns = ["count", "mean", "min", "max"].map(str::to_owned);
	let out = match params.group_by {
		Some(name) => {
			let key = table.column(&name)?;
			let mut rows = Vec::new();
			for (group, members) in group_by(&table, key) {
				let mut row = vec![group.to_owned()];
				row.extend(stats(&members)?);
				rows.push(row);
			}
			Table { headers: [vec![name], columns.to_vec()].concat(), rows }
		},
		None if table.rows.is_empty() => Table { headers: columns.to_vec(), rows: Vec::new() },
		None => {
			let all: Vec<usize> = (0..table.rows.len()).collect();
			Table { headers: columns.to_vec(), rows: vec![stats(&all)?] }
		},
	};
	out.write()
}

bdes_model_kit::export_model!(aggregate);

#[cfg(test)]
mod tests {
	use super::*;

	const SALES: &[u8] = b"region,amount\nnorth,3\nsouth,4.5\nnorth,5\neast,-1\nsouth,0.5\n";

	fn run(params: &str) -> Result<String, String> {
		aggregate(&[SALES], params.as_bytes()).map(|b| String::from_utf8(b).unwrap())
	}

	#[test]
	fn groups_in_key_order_with_their_statistics() {
		assert_eq!(
			run(r#"{"group_by":"region","value":"amount"}"#).unwrap(),
			"region,count,mean,min,max\neast,1,-1,-1,-1\nnorth,2,4,3,5\nsouth,2,2.5,0.5,4.5\n"
		);
		assert_eq!(run(r#"{"value":"amount"}"#).unwrap(), "count,mean,min,max\n5,2.4,-1,5\n");
	}

	#[test]
	fn bad_parameters_and_data_are_errors() {
		assert_eq!(run(r#"{"value":"price"}"#), Err("no column \"price\"".into()));
		assert!(run(r#"{"value":"amount","x":1}"#).unwrap_err().starts_with("parameters"));
		assert_eq!(run(r#"{"value":"region"}"#), Err("record 1: \"north\" is not a number".into()));
		assert!(aggregate(&[SALES, SALES], br#"{"value":"amount"}"#).is_err());
	}
}
