import type { PostText } from '../model.js';
import { triagePost } from '../triage/index.js';
import type { KbEntry } from './entry-schema.js';
import { type CompiledKb, matchKb } from './match.js';
import type { TextIndex } from './text-index.js';

/** Entries whose examples are run as posts; a larger KB is sampled evenly (about 0.2 s of work on one core). */
export const WARM_UP_POSTS = 256;
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
 * one-off command (one post) does not.
 */
export function warmUp(kb: CompiledKb, index: TextIndex | null, maxPosts = WARM_UP_POSTS): void {
	for (const post of warmUpPosts(kb.entries, maxPosts)) matchKb(triagePost(post), kb, index);
}
