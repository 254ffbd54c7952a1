import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createBaseline } from '../src/eval/baseline.js';
import { parseEvalCases } from '../src/eval/dataset.js';
import { createBm25Index } from '../src/kb/bm25-index.js';
import { buildCaseIndex } from '../src/kb/case-index.js';
import { caseText, type KbCase } from '../src/kb/case-schema.js';
import { compileConcepts } from '../src/kb/concepts.js';
import type { KbEntry } from '../src/kb/entry-schema.js';
import { loadKbFolder, warmUpAtLoad } from '../src/kb/load.js';
import { compileKb, matchKb } from '../src/kb/match.js';
import type { PostText } from '../src/model.js';
import { defaultKbDir, packageRoot } from '../src/paths.js';
import { triagePost } from '../src/triage/index.js';
import { realStyleCases, realStyleEntries } from './real-style.js';
import { type BenchResult, percentile, summarise } from './types.js';

/**
 * Matching as the KB grows: the shipped KB and case base, then real-style KBs of 10,000 and 50,000 entries with as
 * many cases (`real-style.ts`: copies of the real entries and cases with their own literals). At each size: the
 * compile (BM25 text index + compiled signals and candidate index + case index), Doorman (triage + match) on the real
 * posts, one 64 KB paste, and the BM25 baseline on the same posts in a loop of its own. Each row runs several times;
 * its p99 is the median of the runs' p99s, the notes give their min/median/max and the 1-minute load average.
 */

/** The shared dev reports beside the repository (`../shared/eval/*.jsonl`). */
const EVAL_DIR = path.resolve(packageRoot(), '..', 'shared', 'eval');

const ms = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(2));
const load = () => os.loadavg()[0]?.toFixed(1) ?? '?';
const cpuMs = () => {
	const u = process.cpuUsage();
	return (u.user + u.system) / 1000;
};

/** Times one call: wall and CPU (user + system) milliseconds into the two lists. */
type Record = (fn: () => void) => void;

/**
 * `runs` runs of `once` (which times each item through `record`), summarised as one row: median over all items,
 * p99 = median of the runs' p99s; the notes say the runs' p99 min/median/max, the CPU-time p50/p99 (what the code
 * costs when the machine is shared) and the 1-minute load average before→after each run.
 */
function severalRuns(name: string, runs: number, once: (record: Record) => void, what: string): BenchResult {
	const all: number[] = [];
	const cpu: number[] = [];
	const p99s: number[] = [];
	const loads: string[] = [];
	for (let r = 0; r < runs; r += 1) {
		globalThis.gc?.();
		const before = load();
		const durations: number[] = [];
		once((fn) => {
			const c0 = cpuMs();
			const t0 = performance.now();
			fn();
			durations.push(performance.now() - t0);
			cpu.push(cpuMs() - c0);
		});
		loads.push(`${before}→${load()}`);
		all.push(...durations);
		p99s.push(
			percentile(
				[...durations].sort((a, b) => a - b),
				99,
			),
		);
	}
	const sorted = [...p99s].sort((a, b) => a - b);
	const cpuSorted = [...cpu].sort((a, b) => a - b);
	const row = summarise(name, all);
	return {
		...row,
		p99_ms: percentile(sorted, 50),
		notes:
			`${what}; ${runs} runs, p99 per run min/median/max ${ms(sorted[0] ?? Number.NaN)}/${ms(percentile(sorted, 50))}/${ms(sorted.at(-1) ?? Number.NaN)} ms; ` +
			`CPU time p50 ${ms(percentile(cpuSorted, 50))} / p99 ${ms(percentile(cpuSorted, 99))} ms; load ${loads.join(', ')}`,
	};
}

/** The real posts: every case of the shipped case base (its text) and every dev report. */
function realPosts(cases: readonly KbCase[]): PostText[] {
	const dev = readdirSync(EVAL_DIR)
		.filter((name) => name.endsWith('.jsonl'))
		.sort()
		.flatMap((name) => parseEvalCases(readFileSync(path.join(EVAL_DIR, name), 'utf8')).cases)
		.map((c) => c.report);
	return [...cases.map(caseText), ...dev].map((body) => ({ title: '', body, attachments: [] }));
}

/** A 64 KB log paste made of real posts one after another (cut at 64 KiB). */
const pasteOf = (posts: readonly PostText[]): PostText => ({
	title: '',
	body: posts
		.map((p) => p.body)
		.join('\n\n')
		.slice(0, 64 * 1024),
	attachments: [],
});

interface Size {
	readonly label: string;
	readonly entries: readonly KbEntry[];
	readonly cases: readonly KbCase[];
	/** How many of the real posts to run (all at the smaller sizes). */
	readonly posts: number;
	/** How many of them the BM25 baseline runs (it takes a quarter to a whole second a post at the larger sizes). */
	readonly baselinePosts: number;
	readonly runs: number;
}

export async function runScaleBench(
	options: { sizes?: readonly number[]; runs?: number } = {},
): Promise<BenchResult[]> {
	const folder = loadKbFolder(defaultKbDir());
	const posts = realPosts(folder.cases);
	const concepts = compileConcepts(folder.concepts);
	const runs = options.runs ?? 3;
	const sizes: Size[] = [
		{
			label: `shipped KB: ${folder.entries.length} entries + ${folder.cases.length} cases`,
			entries: folder.entries,
			cases: folder.cases,
			posts: posts.length,
			baselinePosts: posts.length,
			runs,
		},
		...(options.sizes ?? [10_000, 50_000]).map((n) => ({
			label: `real-style ${n.toLocaleString('en')} entries + ${n.toLocaleString('en')} cases`,
			entries: realStyleEntries(folder.entries, n),
			cases: realStyleCases(folder.cases, n),
			// Fewer posts and runs at the larger sizes, so the suite ends within minutes on a shared machine.
			posts: n > 10_000 ? 100 : 300,
			baselinePosts: n > 10_000 ? 20 : 100,
			runs: n > 10_000 ? 2 : runs,
		})),
	];
	const results: BenchResult[] = [];
	for (const size of sizes) {
		// Compile: everything `openKb` builds after reading and linting the files.
		let kb = compileKb([]);
		let index = createBm25Index([]);
		const parts = { text: [] as number[], signals: [] as number[], cases: [] as number[] };
		const compile = severalRuns(
			`kb compile (${size.label})`,
			size.runs,
			(record) => {
				index.close?.();
				globalThis.gc?.();
				record(() => {
					const t0 = performance.now();
					index = createBm25Index(size.entries);
					const t1 = performance.now();
					const caseIndex = buildCaseIndex(size.cases);
					const t2 = performance.now();
					kb = compileKb(size.entries, { concepts, cases: caseIndex, calibration: folder.calibration });
					parts.text.push(t1 - t0);
					parts.cases.push(t2 - t1);
					parts.signals.push(performance.now() - t2);
				});
			},
			'BM25 text index + case index + compileKb (signals, candidate index), wall',
		);
		const med = (xs: number[]) =>
			percentile(
				[...xs].sort((a, b) => a - b),
				50,
			);
		results.push({
			...compile,
			notes: `${compile.notes}; median parts: text index ${ms(med(parts.text))}, case index ${ms(med(parts.cases))}, compileKb ${ms(med(parts.signals))} ms`,
		});

		const some = posts.slice(0, size.posts);
		// The bot's own warm-up at KB load (`openKb(…, { warmUp: true })`): the KB's examples, none of the measured posts,
		// for at most its time budget.
		const w0 = performance.now();
		const warmUpPosts = warmUpAtLoad(kb, index);
		const warmUpMs = performance.now() - w0;
		const doorman = severalRuns(
			`doorman triage + match per real post (${size.label})`,
			size.runs,
			(record) => {
				for (const post of some) record(() => matchKb(triagePost(post), kb, index));
			},
			`${some.length} real posts (case texts + dev reports) through triagePost + matchKb, LLM off, after the bot's warm-up (${warmUpPosts} posts, ${ms(warmUpMs)} ms)`,
		);
		results.push(doorman);

		const paste = pasteOf(posts);
		const big = severalRuns(
			`doorman 64 KB paste, triage + match (${size.label})`,
			size.runs,
			(record) => {
				for (let i = 0; i < 5; i += 1) record(() => matchKb(triagePost(paste), kb, index));
			},
			'one 64 KiB paste of real posts × 5 per run (the matcher reads at most 24,000 characters of evidence)',
		);
		results.push(big);
		index.close?.();

		// The baseline in a loop of its own: MiniSearch BM25 over the same entries and cases, raw post text.
		const b0 = performance.now();
		const baseline = createBaseline(size.entries, size.cases);
		const built = performance.now() - b0;
		const few = some.slice(0, size.baselinePosts);
		for (const post of few.slice(0, 5)) baseline.predict(post.body);
		const bm25 = severalRuns(
			`BM25 baseline per real post (${size.label})`,
			size.runs,
			(record) => {
				for (const post of few) record(() => baseline.predict(post.body));
			},
			`the first ${few.length} of the same posts, top hit of MiniSearch over entries + cases (built in ${ms(built)} ms)`,
		);
		results.push(bm25);
	}
	return results;
}
