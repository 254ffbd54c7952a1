import { describe, expect, it } from 'vitest';
import { composeReply } from '../../../src/answer/reply.js';
import { compileKb, type MatchResult } from '../../../src/kb/match.js';
import { aRankedMatch } from '../kb/a-ranked-match.js';
import { aTriage } from '../kb/a-triage.js';
import { anEntry } from '../kb/an-entry.js';

const entry = anEntry();
const kb = compileKb([entry]);
const top = aRankedMatch({ entryId: entry.id, cause: entry.cause, title: entry.title, textRelevance: 0 });
const result = (overrides: Partial<MatchResult>): MatchResult => ({
	ranked: [top],
	top,
	abstained: false,
	reason: 'MATCHED',
	status: 403,
	neighbours: [],
	...overrides,
});

describe('composeReply', () => {
	it('answers from the matched entry when the match is confident', () => {
		const reply = composeReply(aTriage(), result({}), kb);
		expect(reply).toMatchObject({ kind: 'answer', entryId: entry.id, cause: entry.cause, confidence: 0.9 });
		expect(reply.citations).toEqual([entry.citations[0]?.url]);
	});

	it('asks for what is missing when nothing matched', () => {
		const reply = composeReply(
			aTriage({ missing: ['error_body', 'model'] }),
			result({ ranked: [], top: null, abstained: true, reason: 'NO_EVIDENCE' }),
			kb,
		);
		expect(reply).toMatchObject({ kind: 'ask', cause: null, entryId: null, citations: [] });
		expect(reply.content).toMatch(/^Thanks for the report!/);
		expect(reply.content).toContain('**The full error body**');
	});

	it('says it is not sure (and never guesses or cites) when the match is too weak', () => {
		const low = result({ abstained: true, reason: 'LOW_CONFIDENCE', top: { ...top, confidence: 0.3 } });
		const asking = composeReply(aTriage({ missing: ['code'] }), low, kb);
		expect(asking).toMatchObject({ kind: 'ask', citations: [], confidence: 0.3 });
		expect(asking.content).toMatch(/not sure/);
		expect(asking.content).not.toContain(entry.diagnosis);
		const handedOver = composeReply(aTriage(), result({ abstained: true, reason: 'AMBIGUOUS' }), kb);
		expect(handedOver.kind).toBe('abstain');
		expect(handedOver.content).toMatch(/human helpers/);
	});

	it("hands the thread to people when none of the entry's pages holds on the poster's route", () => {
		const scoped = anEntry({
			citations: [{ ...(entry.citations[0] as (typeof entry.citations)[number]), routes: ['openrouter'] }],
		});
		const scopedKb = compileKb([scoped]);
		const reply = composeReply(aTriage({ route: 'groq' }), result({}), scopedKb);
		expect(reply).toMatchObject({ kind: 'abstain', citations: [], entryId: null });
		expect(reply.content).toMatch(/human helpers/);
		expect(composeReply(aTriage({ route: 'openrouter' }), result({}), scopedKb).kind).toBe('answer');
	});
});
