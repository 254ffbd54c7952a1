import { copyFileSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { parseEvalCases } from '../src/eval/dataset.js';
import { buildCaseIndex } from '../src/kb/case-index.js';
import { caseText } from '../src/kb/case-schema.js';
import { compileConcepts } from '../src/kb/concepts.js';
import { loadKbFolder, type OpenKb, openKb, SOURCES_DIR, VENDORS_DIR, warmUpAtLoad } from '../src/kb/load.js';
import { type CompiledKb, compileKb, matchKb } from '../src/kb/match.js';
import type { PostText } from '../src/model.js';
import { defaultKbDir, packageRoot } from '../src/paths.js';
import { triagePost } from '../src/triage/index.js';
import { type BenchResult, summarise } from './types.js';

/** The shared dev reports beside the repository (`../shared/eval/*.jsonl`). */
const EVAL_DIR = path.resolve(packageRoot(), '..', 'shared', 'eval');

/** Posts as the bot sees them: every case of the case base (its `caseText`) and every dev report. */
function realPosts(open: OpenKb): { posts: PostText[]; cases: number; dev: number } {
	const cases = open.cases.map((c): PostText => ({ title: '', body: caseText(c), attachments: [] }));
	const dev = readdirSync(EVAL_DIR)
		.filter((name) => name.endsWith('.jsonl'))
		.sort()
		.flatMap((name) => parseEvalCases(readFileSync(path.join(EVAL_DIR, name), 'utf8')).cases)
		.map((c): PostText => ({ title: '', body: c.report, attachments: [] }));
	return { posts: [...cases, ...dev], cases: cases.length, dev: dev.length };
}

const ms = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(2));
const size = (bytes: number) =>
	Math.abs(bytes) >= 2 ** 20 ? `${(bytes / 2 ** 20).toFixed(1)} MiB` : `${Math.round(bytes / 2 ** 10)} KiB`;
const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const maxOf = (xs: readonly number[]) => xs.reduce((a, b) => Math.max(a, b), Number.NEGATIVE_INFINITY);

/** p50 / p99 / max of durations, for the notes (the table has no max column). */
function spread(durations: readonly number[]): string {
	const row = summarise('', durations);
	return `p50 ${ms(row.median_ms)} / p99 ${ms(row.p99_ms)} / max ${ms(maxOf(durations))} ms`;
}

/** JS heap in use after a full collection (`--expose-gc`, which `npm run bench` passes; NaN without it). */
function heapAfterGc(): number {
	if (globalThis.gc === undefined) return Number.NaN;
	globalThis.gc();
	globalThis.gc();
	return process.memoryUsage().heapUsed;
}

/**
 * A copy of the KB's entry files alone (no `cases/`, concepts or calibration): the KB as it was before them. The
 * source and vendor records come along, since lint requires every citation's page and every provider to have one.
 */
function entriesOnlyCopy(dir: string): string {
	const copy = mkdtempSync(path.join(tmpdir(), 'doorman-kb-entries-'));
	for (const name of readdirSync(dir))
		if (name.endsWith('.md')) copyFileSync(path.join(dir, name), path.join(copy, name));
	for (const records of [SOURCES_DIR, VENDORS_DIR])
		cpSync(path.join(dir, records), path.join(copy, records), { recursive: true });
	return copy;
}

/**
 * Triage + match per post on the shipped KB, with its case base, concepts and calibration (as `openKb` builds it)
 * and with the entries alone (`compileKb(entries)`), interleaved post by post so both see the same machine load.
 */
function perPostLatency(open: OpenKb, rounds: number): BenchResult[] {
	const { posts, cases, dev } = realPosts(open);
	const configs = [
		{ label: 'with case base + concepts', kb: open.kb },
		{ label: 'no case base, no concepts', kb: compileKb(open.entries) },
	];
	const total = configs.map(() => [] as number[]);
	const matchOnly = configs.map(() => [] as number[]);
	// CPU time beside wall: on a shared machine the wall-clock tail is mostly waiting for a core.
	const cpu = configs.map(() => [] as number[]);
	const cpuNow = () => {
		const usage = process.cpuUsage();
		return (usage.user + usage.system) / 1000;
	};
	const loadBefore = os.loadavg()[0] ?? Number.NaN;
	// The bot's own warm-up at KB load (`openKb(…, { warmUp: true })`): the KB's examples, none of the measured posts,
	// for at most its time budget.
	const warmUpMs = configs.map((c) => {
		const t0 = performance.now();
		const posts = warmUpAtLoad(c.kb, open.index);
		return `${posts} posts, ${ms(performance.now() - t0)} ms`;
	});
	for (let r = 0; r < rounds; r += 1)
		for (const post of posts)
			for (let k = 0; k < configs.length; k += 1) {
				const i = (k + r) % configs.length; // alternate which configuration goes first
				const kb = configs[i]?.kb as CompiledKb;
				const c0 = cpuNow();
				const t0 = performance.now();
				const triage = triagePost(post);
				const t1 = performance.now();
				matchKb(triage, kb, open.index);
				const t2 = performance.now();
				cpu[i]?.push(cpuNow() - c0);
				total[i]?.push(t2 - t0);
				matchOnly[i]?.push(t2 - t1);
			}
	const rows = configs.map((c, i) =>
		summarise(
			`kb triage + match per post (real KB, ${c.label})`,
			total[i] ?? [],
			`${cases} case texts + ${dev} dev reports × ${rounds} after the bot's warm-up (${warmUpMs[i]}); ${spread(total[i] ?? [])}; match alone ${spread(matchOnly[i] ?? [])}; ` +
				`CPU time ${spread(cpu[i] ?? [])}; load ${loadBefore.toFixed(1)}→${(os.loadavg()[0] ?? Number.NaN).toFixed(1)}`,
		),
	);
	const [withCases, without] = rows;
	if (withCases !== undefined && without !== undefined)
		rows[0] = {
			...withCases,
			notes: `${withCases.notes}; ×${(withCases.median_ms / without.median_ms).toFixed(2)} p50, ×${(withCases.p99_ms / without.p99_ms).toFixed(2)} p99 of the row below`,
		};
	return rows;
}

/** `openKb` time with the case base, concepts and calibration, and on a copy holding the entries alone (interleaved). */
function loadTimes(dir: string, entriesDir: string, runs: number): BenchResult[] {
	const targets = [
		{ dir, times: [] as number[] },
		{ dir: entriesDir, times: [] as number[] },
	];
	let sizes = '';
	for (let r = 0; r < runs; r += 1)
		for (let k = 0; k < targets.length; k += 1) {
			const target = targets[(k + r) % targets.length] as (typeof targets)[number];
			const t0 = performance.now();
			const open = openKb(target.dir);
			target.times.push(performance.now() - t0);
			if (target.dir === dir) sizes = `${open.entries.length} entries, ${open.cases.length} cases`;
			open.close();
		}
	const [full, bare] = targets.map((t) => t.times) as [number[], number[]];
	return [
		summarise(
			'kb load: openKb (real KB with cases + concepts + calibration)',
			full,
			`${sizes}; read + lint + compile + BM25 text index + case index; ${runs} runs, max ${ms(maxOf(full))} ms`,
		),
		summarise(
			'kb load: openKb (real KB entries only, no cases)',
			bare,
			`the same entry files without cases/, concepts.yaml, calibration.json; ${runs} runs, max ${ms(maxOf(bare))} ms`,
		),
	];
}

/** JS heap that building `make()` adds, measured after gc while the result is still held. */
function heapOf(make: () => unknown): number {
	const before = heapAfterGc();
	const held = make();
	const after = heapAfterGc();
	if (held !== null && typeof held === 'object' && 'close' in held) (held as OpenKb).close();
	return after - before;
}

/**
 * JS heap the case base and concepts add: heap used after gc holding `openKb(dir)` minus holding `openKb` of the
 * entries alone (median of `runs`), and the case index and compiled concepts built alone from an already read folder.
 */
function heapCost(dir: string, entriesDir: string, runs: number): BenchResult {
	const withHeap: number[] = [];
	const bareHeap: number[] = [];
	const added: number[] = [];
	const caseIndexHeap: number[] = [];
	const conceptsHeap: number[] = [];
	const folder = loadKbFolder(dir);
	for (let r = 0; r < runs; r += 1) {
		bareHeap.push(heapOf(() => openKb(entriesDir)));
		withHeap.push(heapOf(() => openKb(dir)));
		added.push((withHeap.at(-1) ?? 0) - (bareHeap.at(-1) ?? 0));
		caseIndexHeap.push(heapOf(() => buildCaseIndex(folder.cases)));
		conceptsHeap.push(heapOf(() => compileConcepts(folder.concepts)));
	}
	return {
		name: 'kb heap: case base + concepts (real KB, JS heap after gc)',
		median_ms: Number.NaN,
		p99_ms: Number.NaN,
		ops_per_sec: Number.NaN,
		notes:
			`adds ${size(median(added))}: openKb holds ${size(median(withHeap))} with them, ${size(median(bareHeap))} entries only; ` +
			`case index of ${folder.cases.length} cases alone ${size(median(caseIndexHeap))} (parsed cases already held), ` +
			`compiled concepts alone ${size(median(conceptsHeap))}; median of ${runs}; the BM25 text index is in both`,
	};
}

/**
 * KB benchmarks on the shipped KB: `openKb` time and the JS heap with and without the case base and concepts, triage
 * + match per post over the real case texts and dev reports with and without them. Larger KBs are the `scale`
 * suite's (real-style entries and cases, real posts). No side effects on import.
 */
export async function runKbBench(options: { rounds?: number; loadRuns?: number } = {}): Promise<BenchResult[]> {
	const dir = defaultKbDir();
	const results: BenchResult[] = [];
	const entriesDir = entriesOnlyCopy(dir);
	try {
		results.push(...loadTimes(dir, entriesDir, options.loadRuns ?? 30));
		results.push(heapCost(dir, entriesDir, 5));
	} finally {
		rmSync(entriesDir, { recursive: true, force: true });
	}

	const open = openKb(dir);
	results.push(...perPostLatency(open, options.rounds ?? 5));
	open.close();
	return results;
}
