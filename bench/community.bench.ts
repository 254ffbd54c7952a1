import { caseText, type KbCase } from '../src/kb/case-schema.js';
import { type CommunityCase, matchableCase } from '../src/kb/community-case.js';
import { communityKb } from '../src/kb/community-cases.js';
import { openKb } from '../src/kb/load.js';
import { matchKb } from '../src/kb/match.js';
import type { PostText } from '../src/model.js';
import { defaultKbDir } from '../src/paths.js';
import { triagePost } from '../src/triage/index.js';
import { type BenchResult, summarise } from './types.js';

/** Community cases in the benchmark: a large, busy forum's worth of resolved threads. */
const COMMUNITY_CASES = 10_000;

const ms = (n: number) => n.toFixed(2);
const size = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

/** A deterministic pseudo-random sequence (mulberry32), so every run builds the same cases. */
function random(seed: number): () => number {
	let a = seed;
	return () => {
		a = (a + 0x6d2b79f5) | 0;
		let t = Math.imul(a ^ (a >>> 15), 1 | a);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/**
 * Community cases as a forum would store them: each a shipped case's report, reworded (its words shuffled and
 * partly dropped, as another poster would say it) with fresh ids and numbers in the error, and its confirmed cause.
 */
function syntheticCommunity(shipped: readonly KbCase[], n: number): KbCase[] {
	const next = random(19);
	const out: KbCase[] = [];
	for (let i = 0; i < n; i += 1) {
		const base = shipped[i % shipped.length] as KbCase;
		const words = base.situation.split(/\s+/).filter(() => next() > 0.25);
		for (let k = words.length - 1; k > 0; k -= 1) {
			const j = Math.floor(next() * (k + 1));
			[words[k], words[j]] = [words[j] as string, words[k] as string];
		}
		const id = Math.floor(next() * 1e12).toString(36);
		const c: CommunityCase = {
			id: i + 1,
			threadId: `${1_100_000_000_000_000_000n + BigInt(i)}`,
			escalationId: null,
			source: `https://discord.com/channels/1/${1_100_000_000_000_000_000n + BigInt(i)}`,
			lang: base.lang,
			route: base.route,
			status: base.status,
			cause: base.cause,
			isNewCause: false,
			entry: base.entry ?? null,
			confirmedBy: 'moderator',
			actorName: 'mod',
			note: null,
			report: words.join(' '),
			error: base.error.replace(/\b[0-9a-f]{8,}\b/gi, id).replace(/\d{3,}/g, String(i)),
			learned: true,
			withdrawnAt: null,
			createdAt: 0,
		};
		out.push(matchableCase(c));
	}
	return out;
}

function heapAfterGc(): number {
	if (globalThis.gc === undefined) return Number.NaN;
	globalThis.gc();
	globalThis.gc();
	return process.memoryUsage().heapUsed;
}

/**
 * Matching with 10,000 community cases beside the shipped case base: the rebuild a stored case costs (the index is
 * rebuilt at the next post), triage + match per post against the shipped KB with and without them (interleaved), and
 * the heap the community index holds.
 */
export async function runCommunityBench(): Promise<BenchResult[]> {
	const open = openKb(defaultKbDir());
	try {
		const community = syntheticCommunity(open.cases, COMMUNITY_CASES);
		let revision = 0;
		const source = { revision: () => revision, list: () => community };
		// Cold: start-up indexes every community case (the advisor does it before the first post).
		const cold: number[] = [];
		for (let r = 0; r < 3; r += 1) {
			const fresh = communityKb(open.kb, open.cases, source);
			const t0 = performance.now();
			fresh.current();
			cold.push(performance.now() - t0);
		}
		// Warm: a moderator resolves a thread (one case stored), and the next post rebuilds only its segment.
		const kb = communityKb(open.kb, open.cases, source);
		kb.current();
		const stored: number[] = [];
		for (let r = 0; r < 20; r += 1) {
			const extra = syntheticCommunity(open.cases, 1)[0] as KbCase;
			community.push({ ...extra, id: `community-${community.length + 1}` });
			revision += 1;
			const t0 = performance.now();
			kb.current();
			stored.push(performance.now() - t0);
		}
		// The heap the community index holds: a fresh one built while the shipped KB is already held.
		const base = heapAfterGc();
		const grown = communityKb(open.kb, open.cases, source).current();
		const grownHeap = heapAfterGc() - base;
		const posts: PostText[] = open.cases.map((c) => ({ title: '', body: caseText(c), attachments: [] }));
		const configs = [
			{ label: `with ${COMMUNITY_CASES} community cases`, kb: grown },
			{ label: 'shipped cases only', kb: open.kb },
		];
		const times = configs.map(() => [] as number[]);
		for (const post of posts.slice(0, 50)) for (const c of configs) matchKb(triagePost(post), c.kb, open.index);
		for (let r = 0; r < 2; r += 1)
			for (const post of posts)
				for (let k = 0; k < configs.length; k += 1) {
					const i = (k + r) % configs.length;
					const t0 = performance.now();
					matchKb(triagePost(post), configs[i]?.kb ?? open.kb, open.index);
					times[i]?.push(performance.now() - t0);
				}
		return [
			summarise(
				`community: index ${COMMUNITY_CASES} community cases (cold, at start-up)`,
				cold,
				`3 builds; heap of the community index ${Number.isFinite(grownHeap) ? size(grownHeap) : 'n/a (run with --expose-gc)'}`,
			),
			summarise(
				'community: one case stored, next post re-indexes its segment',
				stored,
				`20 cases stored one by one on top of ${COMMUNITY_CASES}; segments of 500 cases`,
			),
			...configs.map((c, i) =>
				summarise(
					`community: triage + match per post (${c.label})`,
					times[i] ?? [],
					`${posts.length} shipped case texts × 2, interleaved; p50 ${ms(summarise('', times[i] ?? []).median_ms)} ms`,
				),
			),
		];
	} finally {
		open.close();
	}
}
