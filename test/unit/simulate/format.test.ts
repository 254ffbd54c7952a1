import { describe, expect, it } from 'vitest';
import { formatTranscript } from '../../../src/simulate/format.js';
import type { Transcript } from '../../../src/simulate/scenario.js';

const transcript: Transcript = {
	threads: [
		{
			title: '403 on o3',
			tags: ['Answered'],
			messages: [
				{ author: 'ana', content: 'it fails\nwith 403', buttons: [], edited: true },
				{ author: 'bot', content: '**Do X**', buttons: ['Solved it', "Didn't help"] },
				{ author: 'bot', content: '**State:** answered', buttons: [], visibleTo: 'mo' },
			],
		},
	],
	moderators: [{ author: 'bot', content: 'Escalation #1 · Open', buttons: ['Claim'] }],
	escalations: [],
	emails: [],
};

describe('the printed transcript', () => {
	it('marks edited messages and ephemeral replies, and ends with the moderators’ queue', () => {
		const text = formatTranscript(transcript);
		expect(text).toContain('── forum post: 403 on o3 ──');
		expect(text).toContain('ana (edited):\n   it fails\n   with 403');
		expect(text).toContain("Doorman (bot):\n   **Do X**\n   [Solved it] [Didn't help]");
		expect(text).toContain('Doorman (bot) (ephemeral: only mo sees this):\n   **State:** answered');
		expect(text.indexOf("── moderators' queue (#moderators) ──")).toBeGreaterThan(text.indexOf('**State:**'));
		expect(text).toContain('Escalation #1 · Open\n   [Claim]');
	});

	it('prints only what is new after `skip`, and the queue only when asked', () => {
		const text = formatTranscript(transcript, { skip: 2, queue: false });
		expect(text).not.toContain('forum post');
		expect(text).not.toContain('**Do X**');
		expect(text).toContain('**State:** answered');
		expect(text).not.toContain('moderators');
	});
});
