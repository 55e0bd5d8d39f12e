// Search benchmark, issue #5 (not a test: it prints numbers and never fails on them).
//
//   node bench/search.mjs [N ...]     (default 1000 10000; ~3 min once built; gives up 300 s after
//                                      the builds, which are bounded apart: 240 s each)
//
// Three engines, side by side in this one Node.js process, on the same documents and the same
// fixed queries (bench/search-queries.json):
//   ours        src/core/search.h (reader::core::search::Index), the reader's core compiled with
//               Emscripten for Node (target search_node, bench/search_node.cpp, built here in
//               build/web-release); called from JS, so every query pays the string copy into
//               wasm and a JSON.parse of the ids, as any JS caller would.
//   minisearch  7.2.0: fields title/summary/body (boost 3/2/1), processTerm = lower case + NFD
//               with the combining marks removed (index and query), combineWith 'AND', prefix on
//               the last query word only (a per-term prefix function), no fuzzy; top 10 of its
//               sorted results.
//   flexsearch  0.8.212: Index, tokenize 'forward', encoder Charset.Normalize (lower case, NFKD
//               with the marks removed), limit 10; one text per document (title, summary, body
//               in that order: FlexSearch scores by position). Its search is an AND of the
//               words; 'forward' indexes every prefix of every word, so it matches every query
//               word as a prefix, also in the full-word queries (it cannot do otherwise).
// Documents: `articlepack gen --count N --seed 1` (bench/out/search-N, deleted afterwards), one
// document per (article, language) with title, summary and body; the body is the markdown as
// plain text (parse_markdown + document_text, through the wasm module), the same text for all.
// Measured per engine and N: index build ms (adding every document, then finish() for ours),
// index bytes raw and gzip -9 (ours: serialize(); MiniSearch: JSON.stringify; FlexSearch:
// export(), every part's key and data concatenated), load ms from those bytes (deserialize /
// loadJSON / import), memory (ours: bytes malloc'ed by the wasm module once finished, the wasm
// memory size alongside; JS: heapUsed after a full GC, minus before), query times (a warm-up
// pass, then REPEATS timed passes over every query; p50/p99 over all timed runs, full-word and
// prefix queries apart) and recall@10 on the queries with a known target article. Prints a
// table per N and the targets of issue #5 at 10k as met / NOT met; writes bench/out/search.json.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import v8 from 'node:v8';
import vm from 'node:vm';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SIZES = process.argv.slice(2).length ? process.argv.slice(2).map(Number) : [1000, 10000];
const SEED = 1;
const TOP = 10;
const REPEATS = 5;                 // timed passes over the queries, after one warm-up pass
const TOTAL_MS = 300000;           // the measurements (the builds before them have their own limits)
const OUT = path.join(ROOT, 'bench/out');
const QUERIES_FILE = path.join(ROOT, 'bench/search-queries.json');
const NATIVE_BUILD = path.join(ROOT, 'build/native-release');
const ARTICLEPACK = path.join(NATIVE_BUILD, 'src/tools/articlepack');
// The web build tree holding target search_node (another tree configured the same way can be
// given with SEARCH_BENCH_WEB_BUILD=dir, e.g. one without READER_WARNINGS_AS_ERRORS).
const WEB_BUILD = path.resolve(ROOT, process.env.SEARCH_BENCH_WEB_BUILD || 'build/web-release');
const MODULE_JS = path.join(WEB_BUILD, 'bench/search_node.js');
const MODULE_WASM = path.join(WEB_BUILD, 'bench/search_node.wasm');
const TARGET_SIZE = 10000;         // where the issue's targets are judged
const KB = 1024, MB = 1024 * 1024;

const require = createRequire(path.join(ROOT, 'web/package.json'));
const MiniSearch = require('minisearch');
const { Index: FlexIndex, Charset } = require('flexsearch');
// (their package.json files are not in their "exports": read from disk)
const version = (name) => JSON.parse(fs.readFileSync(path.join(ROOT, 'web/node_modules', name, 'package.json'), 'utf8')).version;
const VERSIONS = { minisearch: version('minisearch'), flexsearch: version('flexsearch') };

v8.setFlagsFromString('--expose-gc');
const gc = globalThis.gc ?? vm.runInNewContext('gc');

const t0 = Date.now();
let measureStart = t0;             // set once the builds are done
const left = () => TOTAL_MS - (Date.now() - measureStart);
class OutOfTime extends Error {}
// Called between steps: the work is synchronous, so the deadline is checked, not interrupted.
const checkpoint = (what) => { if (left() <= 0) throw new OutOfTime(`gave up after ${TOTAL_MS / 1000} s, before ${what}`); };

const results = { meta: {}, sizes: [] };
const notes = [];

// ---------------------------------------------------------------- helpers

const pct = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] : null);
const median = (xs) => pct([...xs].sort((a, b) => a - b), 50);
const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);
const fms = (n) => (n == null ? '-' : n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n >= 0.1 ? n.toFixed(2) : n.toFixed(3));
const fbytes = (n) => (n == null ? '-' : n >= MB ? `${(n / MB).toFixed(1)} MB` : `${(n / KB).toFixed(0)} KB`);
const rel = (p) => path.relative(ROOT, p);
const gzipSize = (buf) => zlib.gzipSync(buf, { level: 9 }).length;
const heapUsed = () => { gc(); gc(); return process.memoryUsage().heapUsed; };
const fold = (s) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

function sh(cmd, args, opts = {}) {
  return execFileSync(cmd, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 64 * MB, ...opts });
}

// ---------------------------------------------------------------- builds

function buildTools() {
  const started = Date.now();
  try {
    if (!fs.existsSync(path.join(NATIVE_BUILD, 'build.ninja'))) sh('cmake', ['--preset', 'native-release'], { timeout: 120000 });
    sh('cmake', ['--build', '--preset', 'native-release', '--target', 'articlepack'], { timeout: 240000 });
  } catch (e) {
    if (!fs.existsSync(ARTICLEPACK)) {
      console.error(`search bench: cannot build articlepack (cmake --build --preset native-release --target articlepack):\n${e.stderr || e.message}`);
      process.exit(2);
    }
    notes.push(`building articlepack failed; the existing ${rel(ARTICLEPACK)} was used`);
  }
  // Debian's emcc finds acorn & co. only through NODE_PATH (as ./run exports it).
  const env = { ...process.env, NODE_PATH: ['/usr/share/nodejs', process.env.NODE_PATH].filter(Boolean).join(':') };
  try {
    if (!fs.existsSync(path.join(WEB_BUILD, 'build.ninja'))) {
      if (WEB_BUILD !== path.join(ROOT, 'build/web-release')) throw new Error(`${rel(WEB_BUILD)} is not a configured build tree`);
      sh('cmake', ['--preset', 'web-release'], { env, timeout: 120000 });
    }
    sh('cmake', ['--build', WEB_BUILD, '--target', 'search_node'], { env, timeout: 240000 });
  } catch (e) {
    const out = String(e.stdout || '') + String(e.stderr || '') || e.message;
    console.error(`search bench: building the wasm search module failed (cmake --build ${rel(WEB_BUILD)} --target search_node):\n` +
      (out.split('\n').filter((l) => /error|FAILED/.test(l)).slice(0, 12).join('\n') || e.message) +
      '\nFix the error (or point SEARCH_BENCH_WEB_BUILD at another configured Emscripten tree) and run again.');
    process.exit(2);
  }
  return Date.now() - started;
}

// ---------------------------------------------------------------- our engine (wasm)

const createSearchNode = () => require(MODULE_JS)({
  wasmBinary: fs.readFileSync(MODULE_WASM),
  print: (s) => console.log(`[wasm] ${s}`),
  printErr: (s) => console.error(`[wasm] ${s}`),
});

// A wasm module instance with a scratch buffer for strings going in.
async function wasmSession() {
  const M = await createSearchNode();
  let cap = 1 * MB;
  let scratch = M._malloc(cap);
  // Writes the strings one after another into the scratch buffer; returns their addresses.
  const put = (...strings) => {
    const sizes = strings.map((s) => M.lengthBytesUTF8(s) + 1);
    const total = sizes.reduce((a, b) => a + b, 0);
    if (total > cap) { M._free(scratch); cap = total * 2; scratch = M._malloc(cap); }
    let p = scratch;
    return strings.map((s, i) => { M.stringToUTF8(s, p, sizes[i]); const at = p; p += sizes[i]; return at; });
  };
  return { M, put };
}

async function ourEngine() {
  const { M, put } = await wasmSession();
  let before = 0;
  return {
    key: 'ours', label: 'ours (wasm)',
    build(docs) {
      before = M._sn_heap_in_use();
      for (const d of docs) M._sn_add(...put(d.article, d.lang, d.title, d.summary, d.text));
      M._sn_finish();
    },
    memory() {
      return { bytes: M._sn_heap_in_use() - before, wasmMemory: M.HEAPU8.length, indexEstimate: M._sn_memory_bytes(),
               documents: M._sn_document_count(), terms: M._sn_term_count() };
    },
    // A query that matches no term: the JS -> wasm call, query preparation and the JSON back.
    callOverheadMs() {
      const [q] = put('zzqxj');
      for (let i = 0; i < 100; ++i) M._sn_search(q, TOP, 1);
      const start = performance.now();
      for (let i = 0; i < 1000; ++i) JSON.parse(M.UTF8ToString(M._sn_search(put('zzqxj')[0], TOP, 1)));
      return (performance.now() - start) / 1000;
    },
    search(query, prefix) {
      const [q] = put(query);
      return JSON.parse(M.UTF8ToString(M._sn_search(q, TOP, prefix ? 1 : 0))).top.map((r) => r[0]);
    },
    serialize() {
      const size = M._sn_serialize();
      const ptr = M._sn_serialized_data();
      return Buffer.from(M.HEAPU8.subarray(ptr, ptr + size));  // a copy
    },
    load() {  // from the bytes kept by serialize()
      const start = performance.now();
      const ok = M._sn_load_serialized();
      const ms = performance.now() - start;
      M._sn_serialized_release();
      if (!ok) throw new Error('our index did not load back from its serialised form');
      return ms;
    },
  };
}

// ---------------------------------------------------------------- MiniSearch

function miniEngine() {
  const processTerm = (term) => fold(term) || null;
  const options = {
    fields: ['title', 'summary', 'body'],
    processTerm,
    searchOptions: { combineWith: 'AND', boost: { title: 3, summary: 2 }, fuzzy: false, processTerm },
  };
  const lastOnly = (term, i, terms) => i === terms.length - 1;
  let ms = null, docs = null, json = null;
  const search = (query, prefix) => ms.search(query, { prefix: prefix ? lastOnly : false }).slice(0, TOP).map((r) => docs[r.id].article);
  return {
    key: 'minisearch', label: `minisearch ${VERSIONS.minisearch}`,
    build(all) {
      docs = all;
      ms = new MiniSearch(options);
      for (let i = 0; i < all.length; ++i) ms.add({ id: i, title: all[i].title, summary: all[i].summary, body: all[i].text });
    },
    search,
    serialize() { json = JSON.stringify(ms); return Buffer.from(json); },
    load() {
      ms = null;
      gc();
      const start = performance.now();
      ms = MiniSearch.loadJSON(json, options);
      const t = performance.now() - start;
      json = null;
      return t;
    },
    dispose() { ms = null; docs = null; json = null; },
  };
}

// ---------------------------------------------------------------- FlexSearch

function flexEngine() {
  const options = { tokenize: 'forward', encoder: Charset.Normalize };
  let index = null, docs = null, parts = null;
  return {
    key: 'flexsearch', label: `flexsearch ${VERSIONS.flexsearch} forward`,
    build(all) {
      docs = all;
      index = new FlexIndex(options);
      for (let i = 0; i < all.length; ++i) index.add(i, `${all[i].title}\n${all[i].summary}\n${all[i].text}`);
    },
    search(query) { return index.search(query, { limit: TOP }).map((id) => docs[id].article); },
    serialize() {
      parts = [];
      const r = index.export((key, data) => { parts.push([key, data]); });
      if (r && typeof r.then === 'function') throw new Error('flexsearch export() returned a promise; this benchmark expects the synchronous form');
      return Buffer.concat(parts.map(([key, data]) => Buffer.from(String(key) + String(data))));
    },
    load() {
      index = null;
      gc();
      const start = performance.now();
      index = new FlexIndex(options);
      for (const [key, data] of parts) index.import(key, data);
      const t = performance.now() - start;
      parts = null;
      return t;
    },
    dispose() { index = null; docs = null; parts = null; },
  };
}

// ---------------------------------------------------------------- queries

function loadQueries() {
  const file = JSON.parse(fs.readFileSync(QUERIES_FILE, 'utf8'));
  const list = [];
  for (const q of file.words) list.push({ q, kind: 'words', prefix: false });
  for (const q of file.two_words) list.push({ q, kind: 'two_words', prefix: false });
  for (const q of file.accent_stripped) list.push({ q, kind: 'accent_stripped', prefix: false });
  for (const seq of file.as_you_type) for (const q of seq) list.push({ q, kind: 'as_you_type', prefix: true });
  for (const t of file.targets) for (const x of t.queries) list.push({ q: x.q, kind: 'targets', prefix: !!x.prefix, target: t.id });
  const maxTarget = Math.max(...file.targets.map((t) => Number(t.id.replace(/\D/g, ''))));
  return { list, maxTarget };
}

// Warm-up pass (its answers give recall and the answered counts), then REPEATS timed passes.
function runQueries(engine, queries) {
  const answers = queries.map((x) => engine.search(x.q, x.prefix));
  const samples = queries.map(() => []);
  for (let r = 0; r < REPEATS; ++r) {
    for (let i = 0; i < queries.length; ++i) {
      const start = performance.now();
      engine.search(queries[i].q, queries[i].prefix);
      samples[i].push(performance.now() - start);
    }
  }
  const stats = (pick) => {
    const all = samples.filter((_, i) => pick(queries[i])).flat().sort((a, b) => a - b);
    return { p50: pct(all, 50), p99: pct(all, 99), runs: all.length };
  };
  const targets = queries.map((x, i) => ({ x, i })).filter(({ x }) => x.target);
  const hits = targets.filter(({ x, i }) => answers[i].includes(x.target)).length;
  const answered = {};
  for (let i = 0; i < queries.length; ++i) {
    const a = (answered[queries[i].kind] ??= { nonEmpty: 0, of: 0 });
    a.of += 1;
    if (answers[i].length) a.nonEmpty += 1;
  }
  return {
    full: stats((x) => !x.prefix),
    prefix: stats((x) => x.prefix),
    recall: { hits, of: targets.length, value: targets.length ? hits / targets.length : null },
    missed: targets.filter(({ x, i }) => !answers[i].includes(x.target)).map(({ x }) => `${x.q}${x.prefix ? '…' : ''} -> ${x.target}`),
    answered,
    perQuery: queries.map((x, i) => ({ q: x.q, kind: x.kind, prefix: x.prefix, medianMs: median(samples[i]), top: answers[i] })),
  };
}

// ---------------------------------------------------------------- corpus

async function corpus(n, text) {
  const dir = path.join(OUT, `search-${n}`);
  fs.rmSync(dir, { recursive: true, force: true });
  const genStart = Date.now();
  sh(ARTICLEPACK, ['gen', '--count', String(n), '--seed', String(SEED), dir], { timeout: 120000 });
  const genMs = Date.now() - genStart;
  const articlesDir = path.join(dir, 'articles');
  const docs = [];
  let markdownBytes = 0;
  const textStart = Date.now();
  for (const f of fs.readdirSync(articlesDir).sort()) {
    const a = JSON.parse(fs.readFileSync(path.join(articlesDir, f), 'utf8'));
    for (const [lang, t] of Object.entries(a.translations)) {
      markdownBytes += Buffer.byteLength(t.body);
      const [p] = text.put(t.body);
      docs.push({ article: a.id, lang, title: t.title, summary: t.summary ?? '', text: text.M.UTF8ToString(text.M._sn_document_text(p)) });
    }
  }
  const textMs = Date.now() - textStart;
  fs.rmSync(dir, { recursive: true, force: true });
  return { docs, genMs, textMs, markdownBytes, textBytes: docs.reduce((s, d) => s + Buffer.byteLength(d.title) + Buffer.byteLength(d.summary) + Buffer.byteLength(d.text), 0) };
}

// ---------------------------------------------------------------- one engine on one corpus

async function measure(makeEngine, docs, queries) {
  const heap0 = heapUsed();
  const rss0 = process.memoryUsage().rss;
  const engine = await makeEngine();
  const buildStart = performance.now();
  engine.build(docs);
  const buildMs = performance.now() - buildStart;
  const r = { engine: engine.key, label: engine.label, buildMs };
  if (engine.memory) Object.assign(r, { memory: engine.memory() });
  else r.memory = { bytes: heapUsed() - heap0 };
  r.memory.rssDelta = process.memoryUsage().rss - rss0;
  Object.assign(r, runQueries(engine, queries));
  if (engine.callOverheadMs) r.callOverheadMs = engine.callOverheadMs();
  const bytes = engine.serialize();
  r.index = { raw: bytes.length, gzip: gzipSize(bytes) };
  // Load the index back from its bytes, then check that it answers as before.
  r.loadMs = engine.load();
  const again = queries.map((x) => engine.search(x.q, x.prefix));
  const same = again.filter((a, i) => a.join() === r.perQuery[i].top.join()).length;
  const sameSet = again.filter((a, i) => [...a].sort().join() === [...r.perQuery[i].top].sort().join()).length;
  r.afterLoad = { sameTop: same, sameSet, of: queries.length };
  if (same < queries.length) {
    notes.push(`${engine.label} with ${docs.length} documents: after loading, ${queries.length - same} of ${queries.length} queries ` +
      `answered with their top ${TOP} in another order, ${queries.length - sameSet} with another set (documents with equal scores change places)`);
  }
  engine.dispose?.();
  return r;
}

// ---------------------------------------------------------------- report

function table(size) {
  const rows = [
    ['index build', (e) => `${fms(e.buildMs)} ms`],
    ['index load (from bytes)', (e) => `${fms(e.loadMs)} ms`],
    ['index bytes raw', (e) => fbytes(e.index?.raw)],
    ['index bytes gzip -9', (e) => fbytes(e.index?.gzip)],
    ['memory (index)', (e) => fbytes(e.memory?.bytes)],
    ['full words p50', (e) => `${fms(e.full?.p50)} ms`],
    ['full words p99', (e) => `${fms(e.full?.p99)} ms`],
    ['prefix p50', (e) => `${fms(e.prefix?.p50)} ms`],
    ['prefix p99', (e) => `${fms(e.prefix?.p99)} ms`],
    ['recall@10 (targets)', (e) => (e.recall ? `${e.recall.hits}/${e.recall.of}` : '-')],
  ];
  const w0 = 26, w = 28;
  const lines = [pad('', w0) + size.engines.map((e) => lpad(e.label, w)).join('')];
  for (const [name, f] of rows) lines.push(pad(name, w0) + size.engines.map((e) => lpad(f(e), w)).join(''));
  const kinds = Object.keys(size.engines[0]?.answered ?? {});
  lines.push(`  memory: ours = bytes malloc'ed in its wasm module, JS engines = heapUsed growth after a full GC.\n` +
    `  flexsearch 'forward' matches every word as a prefix, in the full-word queries too.`);
  lines.push(pad('answered (non-empty):', w0));
  for (const k of kinds) lines.push(pad(`  ${k}`, w0) + size.engines.map((e) => lpad(`${e.answered[k].nonEmpty}/${e.answered[k].of}`, w)).join(''));
  return lines.join('\n');
}

function targetsAt(size) {
  const by = Object.fromEntries(size.engines.map((e) => [e.engine, e]));
  const o = by.ours, m = by.minisearch, f = by.flexsearch;
  if (!o || !m || !f) return [];
  const verdict = (ok) => (ok ? 'met' : 'NOT met');
  return [
    { what: `prefix p99 <= FlexSearch forward's (${fms(o.prefix.p99)} vs ${fms(f.prefix.p99)} ms)`, met: o.prefix.p99 <= f.prefix.p99 },
    { what: `index gzip <= MiniSearch's (${fbytes(o.index.gzip)} vs ${fbytes(m.index.gzip)})`, met: o.index.gzip <= m.index.gzip },
    { what: `recall@10 >= both (${o.recall.hits}/${o.recall.of} vs ${m.recall.hits}/${m.recall.of}, ${f.recall.hits}/${f.recall.of})`,
      met: o.recall.value >= m.recall.value && o.recall.value >= f.recall.value },
  ].map((t) => ({ ...t, verdict: verdict(t.met) }));
}

function report(partial) {
  console.log(`\nSearch benchmark (issue #5): ${results.meta.queries} queries (bench/search-queries.json), AND, top ${TOP}, ` +
    `accent folding; ${REPEATS} timed runs of each after a warm-up. Node ${process.version}, wasm module ${fbytes(results.meta.wasmBytes)}.`);
  for (const size of results.sizes) {
    console.log(`\n${size.articles.toLocaleString('en')} articles (seed ${SEED}): ${size.documents.toLocaleString('en')} documents (article x language), ` +
      `${fbytes(size.textBytes)} of text (generated in ${size.genMs} ms, markdown -> text ${size.textMs} ms)`);
    console.log(table(size));
    for (const e of size.engines) if (e.missed?.length) console.log(`  ${e.label} missed: ${e.missed.join('; ')}`);
    const ours = size.engines.find((e) => e.engine === 'ours');
    if (ours) {
      console.log(`  ours: ${ours.memory.documents} documents, ${ours.memory.terms} terms, index estimate ${fbytes(ours.memory.indexEstimate)}, ` +
        `wasm memory ${fbytes(ours.memory.wasmMemory)}; a query matching nothing (call + JSON) ${fms(ours.callOverheadMs)} ms`);
    }
  }
  const big = results.sizes.find((s) => s.articles === TARGET_SIZE);
  if (big) {
    console.log(`\nTargets of issue #5 at ${TARGET_SIZE.toLocaleString('en')} articles (ours):`);
    big.targets = targetsAt(big);
    for (const t of big.targets) console.log(`  ${pad(t.verdict, 8)} ${t.what}`);
  } else {
    console.log(`\nTargets of issue #5 are judged at ${TARGET_SIZE.toLocaleString('en')} articles: not measured in this run.`);
  }
  const last = results.sizes[results.sizes.length - 1];
  if (last) {
    console.log(`\nSlowest queries at ${last.articles.toLocaleString('en')} articles (median of ${REPEATS} runs):`);
    for (const e of last.engines) {
      const slow = [...e.perQuery].sort((a, b) => b.medianMs - a.medianMs).slice(0, 6);
      console.log(`  ${pad(e.label, 28)} ${slow.map((q) => `"${q.q}"${q.prefix ? '…' : ''} ${fms(q.medianMs)}`).join(', ')}`);
    }
  }
  results.meta.loadAtEnd = os.loadavg();
  const load = (l) => (l ? l.map((x) => x.toFixed(1)).join(' ') : '-');
  console.log(`\nMachine: ${results.meta.cpus} CPUs (${results.meta.cpu}); load average ${load(results.meta.loadAtStart)} at the start, ` +
    `${load(results.meta.loadAtEnd)} at the end (1, 5, 15 min; this run alone adds about 1: more means other work shared the CPUs ` +
    `and timings are noisier).`);
  for (const n of notes) console.log(`note: ${n}`);
  if (partial) console.log('(partial: the run was cut short)');
  results.meta.partial = !!partial;
  results.meta.notes = notes;
  fs.mkdirSync(OUT, { recursive: true });
  fs.writeFileSync(path.join(OUT, 'search.json'), JSON.stringify(results, null, 1));
  console.log(`\nwrote ${rel(path.join(OUT, 'search.json'))} in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}

// ---------------------------------------------------------------- main

async function main() {
  const buildMs = buildTools();
  measureStart = Date.now();
  const { list: queries, maxTarget } = loadQueries();
  if (Math.min(...SIZES) < maxTarget) notes.push(`target articles go up to number ${maxTarget}: at N < ${maxTarget} some targets are not in the corpus`);
  Object.assign(results.meta, {
    date: new Date().toISOString(), node: process.version, versions: VERSIONS, seed: SEED, top: TOP, repeats: REPEATS,
    queries: queries.length, wasmBytes: fs.statSync(MODULE_WASM).size, module: rel(MODULE_JS), buildMs,
    cpus: os.cpus().length, cpu: os.cpus()[0]?.model, loadAtStart: os.loadavg(),
  });
  const text = await wasmSession();  // markdown -> plain text, apart from the measured instances
  for (const n of SIZES) {
    checkpoint(`the corpus of ${n}`);
    const c = await corpus(n, text);
    const size = { articles: n, documents: c.docs.length, genMs: c.genMs, textMs: c.textMs, markdownBytes: c.markdownBytes, textBytes: c.textBytes, engines: [] };
    results.sizes.push(size);
    for (const make of [ourEngine, miniEngine, flexEngine]) {
      checkpoint(`an engine at N = ${n}`);
      const started = Date.now();
      const r = await measure(make, c.docs, queries);
      console.error(`  N=${n} ${pad(r.label, 28)} done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      size.engines.push(r);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  report(false);
}

main().catch((e) => {
  if (e instanceof OutOfTime) { console.error(`search bench: ${e.message}; partial results follow`); report(true); process.exit(3); }
  console.error(e);
  try { report(true); } catch { /* nothing to report */ }
  process.exit(1);
});
