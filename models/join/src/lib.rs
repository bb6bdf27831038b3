//! The inner join of two CSV datasets on a key column of each.
//!
//! Inputs: two CSV tables, left then right. Parameters (JSON): `{"left": "id", "right":
//! "customer"}`. Output: CSV with the left table's columns, then the right table's but its
//! key; for each left record in order, its matches in right-table order.

use bdes_model_kit::table::{group_by, Table};
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
	left: String,
	right: String,
}

/// The model.
pub fn join(inputs: &[&[u8]], params: &[u8]) -> Result<Vec<u8>, String> {
	let [left, right] = inputs else {
		return Err(format!("two inputs expected, {} given", inputs.len()));
	};
	let params: Params = serde_json::from_slice(params).map_err(|e| format!("parameters: {e}"))?;
	let (left, right) = (Table::read(left)?, Table::read(right)?);
	let (lk, rk) = (left.column(&params.left)?, right.column(&params.right)?);
	let matches = group_by(&right, rk);
	let keep: Vec<usize> = (0..right.headers.len()).filter(|i| *i != rk).collect();
	let mut rows = Vec::new();
	for row in &left.rows {
		for r in matches.get(row[lk].as_str()).into_iter().flatten() {
			let mut out = row.clone();
			out.extend(keep.iter().map(|i| right.rows[*r][*i].clone()));
			rows.push(out);
		}
	}
	let mut headers = left.headers.clone();
	headers.extend(keep.iter().map(|i| right.headers[*i].clone()));
	Table { headers, rows }.write()
}

bdes_model_kit::export_model!(join);

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn joins_on_the_keys_in_order() {
		let customers = b"id,name\n1,Ada\n2,Bo\n3,Cy\n";
		let orders = b"order,customer,total\n10,2,5\n11,1,7\n12,2,1\n";
		let out = join(&[customers, orders], br#"{"left":"id","right":"customer"}"#).unwrap();
		assert_eq!(
			String::from_utf8(out).unwrap(),
			"id,name,order,total\n1,Ada,11,7\n2,Bo,10,5\n2,Bo,12,1\n"
		);
		assert_eq!(
			join(&[customers, orders], br#"{"left":"id","right":"x"}"#),
			Err("no column \"x\"".into())
		);
		assert!(join(&[customers], br#"{"left":"id","right":"customer"}"#).is_err());
	}
}
