import type { PostText } from '../model.js';
import { triagePost } from '../triage/index.js';
import type { KbEntry } from './entry-schema.js';
import { type CompiledKb, matchKb } from './match.js';
import type { TextIndex } from './text-index.js';

/** Entries whose examples are run as posts; a larger KB is sampled evenly. */
export const WARM_UP_POSTS = 256;
/**
 * Milliseconds the bot gives the warm-up at most: the shipped KB's takes about half of it; at 10,000 entries each
 * sampled post makes dozens of entries candidates for the first time (their patterns compile), and the whole warm-up
 * would take seconds of start-up.
 */
export const WARM_UP_BUDGET_MS = 1000;
/** Characters of the one long post made of those examples: a long paste takes paths a short post never does. */
export const WARM_UP_PASTE_CHARS = 64 * 1024;

/**
 * The posts a warm-up runs, made only of the KB's own text: one per sampled entry (its title and examples, as a
 * poster would paste them), then those examples one after another as one long paste. Deterministic.
 */
export function warmUpPosts(entries: readonly KbEntry[], maxPosts = WARM_UP_POSTS): PostText[] {
	const step = Math.max(1, entries.length / maxPosts);
	const sampled: KbEntry[] = [];
	for (let at = 0; Math.floor(at) < entries.length && sampled.length < maxPosts; at += step)
		sampled.push(entries[Math.floor(at)] as KbEntry);
	const posts = sampled.map((e) => ({ title: e.title, body: e.examples.join('\n'), attachments: [] }));
	const paste = sampled
		.flatMap((e) => e.examples)
		.join('\n')
		.slice(0, WARM_UP_PASTE_CHARS);
	return paste.length === 0 ? posts : [...posts, { title: '', body: paste, attachments: [] }];
}

/**
 * Runs triage and matching once over `warmUpPosts`, results thrown away, so the first real posts do not pay for what
 * happens once per process: KB patterns compiled on first use, an entry's tests compiled when it is first a
 * candidate, the text index's term cache, the JIT's first compilations of the triage and matching code. Matching keeps
 * no state that changes a result (tested: the same results with and without it). The bot runs it at start-up; a
 * one-off command (one post) does not. `timeUp` is asked before each post (the core reads no clock): the caller's
 * budget (see `WARM_UP_BUDGET_MS`). Returns how many posts it ran.
 */
export function warmUp(
	kb: CompiledKb,
	index: TextIndex | null,
	options: { readonly maxPosts?: number; readonly timeUp?: () => boolean } = {},
): number {
	let ran = 0;
	for (const post of warmUpPosts(kb.entries, options.maxPosts)) {
		if (options.timeUp?.() === true) break;
		matchKb(triagePost(post), kb, index);
		ran += 1;
	}
	return ran;
}
