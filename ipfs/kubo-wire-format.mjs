// Makes js-ipfs's HTTP RPC answer in Kubo's wire format where clients (the Rust `ipfs-api`
// crate, the chain's offchain worker) rely on it. Idempotent; run after every npm install.
//  1. `add` reports `Size` as a string, as Kubo does (js-ipfs: a number).
//  2. CIDv1 is printed in base32 by default, CIDv0 in base58btc, as Kubo does (js-ipfs: base58btc).
//  3. `swarm/peers` lists `Latency`, `Muxer` and `Streams` (js-ipfs omits them unless verbose).
import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const dir = join(dirname(fileURLToPath(import.meta.url)), 'node_modules/ipfs-http-server/src/api/resources')
const MARK = '// bdes: Kubo wire format\n'
const HELPER = `\n${MARK}function kuboCid (cid, base) { return cid.version === 0 ? cid.toString() : cid.toString(base.encoder) }\n`

function patch (file, edits) {
  const path = join(dir, file)
  let text = readFileSync(path, 'utf8')
  if (text.includes(MARK)) return
  for (const [from, to] of edits) {
    const next = text.replace(from, to)
    if (next === text) throw new Error(`${file}: pattern not found: ${from}`)
    text = next
  }
  writeFileSync(path, text + HELPER)
  console.log(`patched ${file}`)
}

const base32Default = [/Joi\.string\(\)\.default\('base58btc'\)/g, "Joi.string().default('base32')"]
const cidToString = [/([\w.]+)\.toString\(base\.encoder\)/g, 'kuboCid($1, base)']

patch('files-regular.js', [[/Size: file\.size,/, 'Size: String(file.size),'], base32Default, cidToString])
patch('pin.js', [base32Default, cidToString])
patch('swarm.js', [
  [/Muxer: verbose \? p\.muxer : undefined,/, "Muxer: p.muxer ?? '',"],
  [/Latency: verbose \? p\.latency : undefined/, "Latency: p.latency ?? '', Streams: null"]
])
