import MiniSearch from 'minisearch';
import { caseText, type KbCase } from '../kb/case-schema.js';
import { parentCause } from '../kb/causes.js';
import type { KbEntry } from '../kb/entry-schema.js';
import { entryDocument } from '../kb/text-index.js';

/** A plain full-text predictor: the top BM25 hit is the answer; it never abstains. */
export interface Baseline {
	predict(report: string): { entryId: string; cause: string; score: number } | null;
}

/**
 * The evaluation's baseline: MiniSearch (BM25) over the same KB text the matcher indexes (title, prose, examples),
 * plus the labelled cases it may learn from (cross-validation passes only the training folds), queried with the raw
 * report. A case hit answers with the case's cause and the entry it names, if any. `cause` is in today's taxonomy.
 */
export function createBaseline(entries: readonly KbEntry[], cases: readonly KbCase[] = []): Baseline {
	const search = new MiniSearch<{ id: string; title: string; body: string; examples: string }>({
		fields: ['title', 'body', 'examples'],
		storeFields: [],
	});
	search.addAll(entries.map((entry) => ({ id: entry.id, ...entryDocument(entry) })));
	search.addAll(cases.map((c) => ({ id: `case:${c.id}`, title: '', body: caseText(c), examples: '' })));
	const byId = new Map(entries.map((e) => [e.id, e]));
	const caseById = new Map(cases.map((c) => [`case:${c.id}`, c]));
	return {
		predict(report) {
			const hit = search.search(report)[0];
			if (hit === undefined) return null;
			const entry = byId.get(String(hit.id));
			if (entry !== undefined) return { entryId: entry.id, cause: parentCause(entry.cause), score: hit.score };
			const c = caseById.get(String(hit.id));
			return c === undefined ? null : { entryId: c.entry ?? '', cause: c.cause, score: hit.score };
		},
	};
}
