import { describe, expect, it } from 'vitest';
import { isStatusOnly, pickError } from '../../../src/escalation/pick-error.js';
import { buildSummary } from '../../../src/escalation/summary.js';
import { triagePost } from '../../../src/triage/index.js';
import { A_THREAD } from './fixtures.js';

const AZURE =
	'Your resource has been temporarily blocked because we detected behavior that may violate our content policy. For more details on Azure OpenAI service content policy, please visit https://aka.ms/aoaicodeofconduct';
const FIRST = { title: '', body: 'I keep getting 403 Forbidden. Any idea?', attachments: [] };
const SECOND = {
	title: '',
	body: [
		'Shortly after the 403 error, I received a new message:',
		`"${AZURE}"`,
		'Model is openai/gpt-4o through OpenRouter, plain openai python client with base_url="https://openrouter.ai/api/v1".',
	].join('\n'),
	attachments: [],
};

describe('the error an escalation quotes', () => {
	it('treats a status and its reason phrase as no message', () => {
		for (const m of [
			'Forbidden Error',
			'403 Forbidden',
			'HTTP 401 Unauthorized',
			'Request failed with status code 429',
			null,
		])
			expect(isStatusOnly(m)).toBe(true);
		expect(isStatusOnly(AZURE)).toBe(false);
		expect(isStatusOnly('You do not have access to model: gpt-4o')).toBe(false);
	});

	it('in the seed thread: the Azure message, not the title "403 Forbidden Error" nor "I keep getting 403 Forbidden"', () => {
		const whole = triagePost({
			title: '403 Forbidden Error',
			body: `${FIRST.body}\n\n${SECOND.body}`,
			attachments: [],
		});
		const summary = buildSummary({
			thread: { ...A_THREAD, title: '403 Forbidden Error' },
			triage: whole,
			cause: null,
			errors: [triagePost(FIRST).error, triagePost(SECOND).error],
		});
		expect(summary.error?.message).toBe(AZURE);
		expect(summary.error?.excerpt).toContain('temporarily blocked because we detected behavior');
		expect(summary.error?.excerpt).not.toContain('I keep getting 403 Forbidden');
		expect(summary.route).toBe('openrouter');
		expect(summary.model).toBe('openai/gpt-4o');
	});

	it('prefers a pasted body over prose, and the later message on a tie', () => {
		const prose = triagePost({
			title: '',
			body: 'Got 403: You do not have access to model gpt-4o',
			attachments: [],
		}).error;
		const body = triagePost({
			title: '',
			body: `openai.PermissionDeniedError: Error code: 403 - {'error': {'message': 'You do not have access to model: gpt-4o', 'type': 'permission_denied', 'code': 'permission_denied'}}`,
			attachments: [],
		}).error;
		expect(pickError([body, prose])).toBe(body);
		expect(pickError([prose, prose ? { ...prose } : null])).not.toBe(prose);
		expect(pickError([null, undefined])).toBeNull();
	});
});
