import MiniSearch from 'minisearch';
import type { KbEntry } from '../kb/entry-schema.js';
import { entryDocument } from '../kb/text-index.js';

/** A plain full-text predictor: the top BM25 hit is the answer; it never abstains. */
export interface Baseline {
	predict(report: string): { entryId: string; cause: string; score: number } | null;
}

/**
 * The evaluation's baseline: MiniSearch (BM25) over the same KB text the matcher indexes (title, prose, examples),
 * queried with the raw report.
 */
export function createBaseline(entries: readonly KbEntry[]): Baseline {
	const search = new MiniSearch<{ id: string; title: string; body: string; examples: string }>({
		fields: ['title', 'body', 'examples'],
		storeFields: [],
	});
	search.addAll(entries.map((entry) => ({ id: entry.id, ...entryDocument(entry) })));
	const byId = new Map(entries.map((e) => [e.id, e]));
	return {
		predict(report) {
			const hit = search.search(report)[0];
			const entry = hit === undefined ? undefined : byId.get(String(hit.id));
			return hit === undefined || entry === undefined
				? null
				: { entryId: entry.id, cause: entry.cause, score: hit.score };
		},
	};
}
