//! CSV filter and projection: the records that meet every condition, with the columns asked
//! for, in the order asked.
//!
//! Input: one CSV table. Parameters (JSON):
//! `{"columns": ["region", "amount"], "where": [{"column": "amount", "op": "gt", "value": "3"}]}`.
//! `columns` defaults to all; `op` is one of `eq`, `ne`, `lt`, `le`, `gt`, `ge` (numeric when
//! both sides are numbers, otherwise by text) and `contains`. Output: CSV, records in input
//! order.

use bdes_model_kit::table::Table;
use core::cmp::Ordering;
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
	columns: Option<Vec<String>>,
	#[serde(default, rename = "where")]
	conditions: Vec<Condition>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Condition {
	column: String,
	op: Op,
	value: String,
}

#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "lowercase")]
enum Op {
	Eq,
	Ne,
	Lt,
	Le,
	Gt,
	Ge,
	Contains,
}

fn compare(field: &str, value: &str) -> Ordering {
	match (field.trim().parse::<f64>(), value.trim().parse::<f64>()) {
		(Ok(a), Ok(b)) if a.is_finite() && b.is_finite() => a.total_cmp(&b),
		_ => field.cmp(value),
	}
}

fn holds(op: Op, field: &str, value: &str) -> bool {
	if let Op::Contains = op {
		return field.contains(value);
	}
	let order = compare(field, value);
	match op {
		Op::Eq => order.is_eq(),
		Op::Ne => order.is_ne(),
		Op::Lt => order.is_lt(),
		Op::Le => order.is_le(),
		Op::Gt => order.is_gt(),
		Op::Ge => order.is_ge(),
		Op::Contains => unreachable!("handled above"),
	}
}

/// The model.
pub fn filter(inputs: &[&[u8]], params: &[u8]) -> Result<Vec<u8>, String> {
	let [input] = inputs else { return Err(format!("one input expected, {} given", inputs.len())) };
	let params: Params = serde_json::from_slice(params).map_err(|e| format!("parameters: {e}"))?;
	let table = Table::read(input)?;
	let conditions = params
		.conditions
		.iter()
		.map(|c| Ok((table.column(&c.column)?, c.op, c.value.as_str())))
		.collect::<Result<Vec<_>, String>>()?;
	let columns = match &params.columns {
		Some(names) => names.iter().map(|n| table.column(n)).collect::<Result<Vec<_>, _>>()?,
		None => (0..table.headers.len()).collect(),
	};
	let rows = table
		.rows
		.iter()
		.filter(|row| conditions.iter().all(|(i, op, v)| holds(*op, &row[*i], v)))
		.map(|row| columns.iter().map(|i| row[*i].clone()).collect())
		.collect();
	let headers = columns.iter().map(|i| table.headers[*i].clone()).collect();
	Table { headers, rows }.write()
}

bdes_model_kit::export_model!(filter);

#[cfg(test)]
mod tests {
	use super::*;

	const SALES: &[u8] = b"region,amount,note\nnorth,3,ok\nsouth,12,late\nnorth,5,ok late\n";

	fn run(params: &str) -> Result<String, String> {
		filter(&[SALES], params.as_bytes()).map(|b| String::from_utf8(b).unwrap())
	}

	#[test]
	fn filters_and_projects() {
		// Numeric, not text order: 12 > 4 although "12" < "4".
		assert_eq!(
			run(
				r#"{"columns":["amount","region"],"where":[{"column":"amount","op":"gt","value":"4"}]}"#
			)
			.unwrap(),
			"amount,region\n12,south\n5,north\n"
		);
		assert_eq!(
			run(r#"{"where":[{"column":"note","op":"contains","value":"late"},{"column":"region","op":"eq","value":"north"}]}"#)
				.unwrap(),
			"region,amount,note\nnorth,5,ok late\n"
		);
		assert_eq!(run(r#"{}"#).unwrap().as_bytes(), SALES);
	}

	#[test]
	fn bad_parameters_are_errors() {
		assert_eq!(run(r#"{"columns":["price"]}"#), Err("no column \"price\"".into()));
		assert!(run(r#"{"where":[{"column":"amount","op":"like","value":"1"}]}"#).is_err());
	}
}
