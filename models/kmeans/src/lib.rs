//! k-means clustering of CSV records over numeric columns (Lloyd's algorithm).
//!
//! Input: one CSV table. Parameters (JSON): `{"k": 3, "columns": ["x", "y"], "iterations": 50}`
//! (`iterations` defaults to 100). The first `k` distinct points are the initial centroids, so
//! a run has no randomness; iterations stop early when no point changes cluster. Output: CSV
//! `cluster,size,<columns…>`, one row per centroid.

use bdes_model_kit::table::{number_text, Table};
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
	k: usize,
	columns: Vec<String>,
	iterations: Option<u32>,
}

fn distance(a: &[f64], b: &[f64]) -> f64 {
	a.iter().zip(b).map(|(x, y)| (x - y) * (x - y)).sum()
}

/// The nearest centroid; ties go to the lowest index.
fn nearest(point: &[f64], centroids: &[Vec<f64>]) -> usize {
	let mut best = (0, f64::INFINITY);
	for (i, c) in centroids.iter().enumerate() {
		let d = distance(point, c);
		if d < best.1 {
			best = (i, d);
		}
	}
	best.0
}

/// The model.
pub fn kmeans(inputs: &[&[u8]], params: &[u8]) -> Result<Vec<u8>, String> {
	let [input] = inputs else { return Err(format!("one input expected, {} given", inputs.len())) };
	let params: Params = serde_json::from_slice(params).map_err(|e| format!("parameters: {e}"))?;
	if params.k == 0 || params.columns.is_empty() {
		return Err("k and columns must not be empty".into());
	}
	let table = Table::read(input)?;
	let columns = params.columns.iter().map(|c| table.column(c)).collect::<Result<Vec<_>, _>>()?;
	let points = (0..table.rows.len())
		.map(|r| columns.iter().map(|c| table.number(r, *c)).collect::<Result<Vec<_>, _>>())
		.collect::<Result<Vec<_>, _>>()?;
	let mut centroids: Vec<Vec<f64>> = Vec::new();
	for p in &points {
		if centroids.len() == params.k {
			break;
		}
		if !centroids.contains(p) {
			centroids.push(p.clone());
		}
	}
	if centroids.len() < params.k {
		return Err(format!("{} distinct points for k = {}", centroids.len(), params.k));
	}
	let mut assigned = vec![usize::MAX; points.len()];
	for _ in 0..params.iterations.unwrap_or(100) {
		let mut changed = false;
		for (p, a) in points.iter().zip(assigned.iter_mut()) {
			let n = nearest(p, &centroids);
			changed |= n != *a;
			*a = n;
		}
		if !changed {
			break;
		}
		let mut sums = vec![vec![0f64; columns.len()]; params.k];
		let mut sizes = vec![0usize; params.k];
		for (p, a) in points.iter().zip(&assigned) {
			sizes[*a] += 1;
			for (s, v) in sums[*a].iter_mut().zip(p) {
				*s += v;
			}
		}
		for ((c, s), n) in centroids.iter_mut().zip(sums).zip(&sizes) {
			// An emptied cluster keeps its centroid.
			if *n > 0 {
				*c = s.into_iter().map(|v| v / *n as f64).collect();
			}
		}
	}
	let mut sizes = vec![0usize; params.k];
	for a in &assigned {
		sizes[*a] += 1;
	}
	let headers = [vec!["cluster".to_owned(), "size".to_owned()], params.columns].concat();
	let rows = centroids
		.iter()
		.enumerate()
		.map(|(i, c)| {
			let mut row = vec![i.to_string(), sizes[i].to_string()];
			row.extend(c.iter().map(|v| number_text(*v)));
			row
		})
		.collect();
	Table { headers, rows }.write()
}

bdes_model_kit::export_model!(kmeans);

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn finds_two_clear_clusters() {
		let points = b"x,y\n0,0\n10,10\n0,1\n1,0\n10,11\n11,10\n";
		let out = kmeans(&[points], br#"{"k":2,"columns":["x","y"]}"#).unwrap();
		let third = 1.0f64 / 3.0;
		let (a, b) = (number_text(third), number_text(31.0 / 3.0));
		assert_eq!(
			String::from_utf8(out).unwrap(),
			format!("cluster,size,x,y\n0,3,{a},{a}\n1,3,{b},{b}\n")
		);
		assert_eq!(
			kmeans(&[b"x\n1\n1\n"], br#"{"k":2,"columns":["x"]}"#),
			Err("1 distinct points for k = 2".into())
		);
		assert!(kmeans(&[points], br#"{"k":0,"columns":["x"]}"#).is_err());
	}
}
