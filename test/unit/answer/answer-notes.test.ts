import { describe, expect, it } from 'vitest';
import { answerNotes, composeAnswer } from '../../../src/answer/compose-answer.js';
import { anError, aTriage } from '../kb/a-triage.js';
import { anEntry } from '../kb/an-entry.js';

const match = { entryId: 'openai-unsupported-region', cause: 'unsupported_region', confidence: 0.9 } as Parameters<
	typeof composeAnswer
>[1];

describe('answerNotes: the lines every wording of a KB answer keeps', () => {
	it('lists the status note and the key warning, in the order the KB answer shows them', () => {
		const triage = aTriage({ error: anError({ status: 401 }), secrets: ['openai'] });
		const notes = answerNotes(anEntry({ statuses: [403] }), triage);
		expect(notes).toHaveLength(2);
		expect(notes[0]).toMatch(/^Note: your error is HTTP 401/);
		expect(notes[1]).toMatch(/rotate it now/);
		const answer = composeAnswer(anEntry({ statuses: [403] }), match, triage).content;
		for (const note of notes) expect(answer).toContain(note);
	});

	it('is empty for a plain 403 without secrets', () => {
		expect(answerNotes(anEntry(), aTriage({ error: anError({ status: 403 }) }))).toEqual([]);
	});
});
