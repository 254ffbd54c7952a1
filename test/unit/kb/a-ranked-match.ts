import type { RankedMatch } from '../../../src/kb/match.js';

/** A confident top match (0.9) of `openai-unsupported-region`; a test overrides what it is about. */
export const aRankedMatch = (overrides: Partial<RankedMatch> = {}): RankedMatch => ({
	entryId: 'openai-unsupported-region',
	cause: 'unsupported_region',
	title: 'x',
	score: 20,
	confidence: 0.9,
	subcause: null,
	rawConfidence: 0.9,
	concepts: [],
	caseSupport: 0,
	firedSignals: [],
	textRelevance: 1,
	...overrides,
});
