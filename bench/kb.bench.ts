import { composeReply } from '../src/answer/reply.js';
import type { KbEntry, Signal } from '../src/kb/entry-schema.js';
import { createFtsIndex } from '../src/kb/fts-index.js';
import { loadKb } from '../src/kb/load.js';
import { type CompiledKb, compileKb, matchKb } from '../src/kb/match.js';
import type { TextIndex } from '../src/kb/text-index.js';
import { defaultKbDir } from '../src/paths.js';
import type { Triage } from '../src/triage/types.js';
import { type BenchResult, summarise } from './types.js';

/** Prose around the error, so posts look like real ones (a few hundred characters plus the error). */
const FILLER =
	'Hi all, I am using the Python SDK from a small FastAPI service deployed on a VPS. It worked yesterday. ' +
	'Today every call fails and I have no idea why; I already regenerated the key and restarted everything. Any idea?';

function aPost(text: string): Triage {
	return {
		text: `${FILLER}\n\n${text}`,
		error: null,
		model: null,
		models: [],
		snippet: null,
		route: 'unknown',
		secrets: [],
		missing: [],
		truncated: false,
	};
}

/** One post per KB example, plus posts with no known error (the abstain path). */
function postsFor(entries: readonly KbEntry[], limit: number): Triage[] {
	const posts = entries.flatMap((e) => e.examples.map(aPost));
	posts.push(
		aPost('403 Forbidden, nothing else in the log'),
		aPost('PermissionDeniedError: 403 status code (no body)'),
	);
	return posts.slice(0, limit);
}

function time(fn: () => void, runs: number): number[] {
	const out: number[] = [];
	for (let i = 0; i < runs; i += 1) {
		const t0 = performance.now();
		fn();
		out.push(performance.now() - t0);
	}
	return out;
}

function matchLatency(
	name: string,
	kb: CompiledKb,
	index: TextIndex,
	posts: readonly Triage[],
	rounds: number,
): BenchResult {
	for (const post of posts.slice(0, 20)) matchKb(post, kb, index); // warm-up: JIT and SQLite statement cache
	const durations: number[] = [];
	for (let r = 0; r < rounds; r += 1)
		for (const post of posts) {
			const t0 = performance.now();
			const result = matchKb(post, kb, index);
			composeReply(post, result, kb);
			durations.push(performance.now() - t0);
		}
	return summarise(name, durations, `${posts.length} posts × ${rounds}; match + compose, FTS5 text relevance included`);
}

/** A synthetic entry: a real entry's shape with its own vocabulary, so signals and FTS rows are all distinct. */
function synthetic(base: KbEntry, i: number): KbEntry {
	const token = `zq${i.toString(36)}`;
	const signals: Signal[] = [
		{ kind: 'text', value: `synthetic failure ${token} occurred`, weight: 10 },
		{ kind: 'regex', value: `\\b${token}-(?:alpha|beta)\\b`, weight: 5 },
		{ kind: 'code', value: `code_${token}`, weight: 8 },
		...base.signals.filter((s) => s.kind === 'route' || s.kind === 'status' || s.kind === 'host'),
	];
	return {
		...base,
		id: `${base.id}-${token}`,
		title: `${base.title} (${token})`,
		signals,
		examples: [`synthetic failure ${token} occurred`, `${token}-alpha`],
		body: `${base.body}\nVariant ${token} of this cause.`,
	};
}

/**
 * KB benchmarks: load time of the shipped KB (read, parse, lint, compile, FTS5 build) and match latency (median,
 * p99) on the real KB and on a synthetic KB of 10,000 entries. No side effects on import.
 */
export async function runKbBench(options: { syntheticSizes?: readonly number[] } = {}): Promise<BenchResult[]> {
	const dir = defaultKbDir();
	const results: BenchResult[] = [];

	let entries: KbEntry[] = [];
	const loadTimes = time(() => {
		entries = loadKb(dir);
		const index = createFtsIndex(entries);
		compileKb(entries);
		index.close?.();
	}, 30);
	results.push(summarise('kb load (real KB: read + lint + compile + FTS5)', loadTimes, `${entries.length} entries`));

	const real = compileKb(entries);
	const realIndex = createFtsIndex(entries);
	results.push(matchLatency('kb match (real KB)', real, realIndex, postsFor(entries, 200), 10));
	realIndex.close?.();

	// Scale: match latency and memory of the compiled KB + index at 25, 1,000 and 10,000 entries.
	for (const size of options.syntheticSizes ?? [25, 1_000, 10_000]) {
		const many = Array.from({ length: size }, (_, i) => synthetic(entries[i % entries.length] as KbEntry, i));
		globalThis.gc?.();
		const heapBefore = process.memoryUsage().heapUsed;
		let bigIndex: TextIndex | null = null;
		const buildTimes = time(() => {
			bigIndex?.close?.();
			bigIndex = createFtsIndex(many);
		}, 3);
		const big = compileKb(many);
		globalThis.gc?.();
		const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
		results.push(summarise(`kb index build (synthetic ${size} entries)`, buildTimes, 'compile + FTS5 insert'));
		const posts = [...postsFor(entries, 50), ...many.slice(0, 50).map((e) => aPost(e.examples[0] ?? ''))];
		if (bigIndex !== null) {
			const row = matchLatency(`kb match (synthetic ${size} entries)`, big, bigIndex, posts, 2);
			results.push({
				...row,
				notes: `${row.notes ?? ''}; JS heap for KB ≈ ${heapMb.toFixed(1)} MiB (FTS5 pages are native)`,
			});
			(bigIndex as TextIndex).close?.();
		}
	}
	return results;
}
