import { describe, expect, it } from 'vitest';
import type { EscalateInput, EscalateResult } from '../../../src/escalation/service.js';
import type { PostText } from '../../../src/model.js';
import type { Advisor, Assessment } from '../../../src/thread/advice.js';
import { escalateThread, readThread, repeatsLastAnswer, triedTheFix } from '../../../src/thread/escalate.js';
import type { OwnerThread } from '../../../src/thread/thread-text.js';

const BYOK =
	"openai.PermissionDeniedError: Error code: 403 - {'error': {'message': 'OpenAI is requiring a key to access this model, which you can add in https://openrouter.ai/settings/integrations - you can also switch to gpt-5-mini.', 'code': 403}}";

/** Answers BYOK when the text has the BYOK error, the usage tier when it only mentions a tier, else asks. */
function fakeAdvisor(): Advisor & { seen: PostText[] } {
	const seen: PostText[] = [];
	const answer = (cause: string, providers: string[]): Assessment => ({
		triage: null,
		match: {
			entryId: cause,
			cause,
			title: cause,
			confidence: 0.9,
			abstained: false,
			confident: true,
			vendorNeeded: false,
			providers,
		},
		advice: { kind: 'answer', content: cause, nextState: 'answered', reason: `MATCHED:${cause}` },
	});
	const advisor = async (post: PostText): Promise<Assessment> => {
		seen.push(post);
		if (post.body.includes('can I talk to a human'))
			return {
				triage: null,
				match: null,
				advice: { kind: 'abstain', content: '?', nextState: 'needs_info', reason: 'X' },
			};
		if (post.body.includes('requiring a key')) return answer('byok_key_required', ['openrouter']);
		if (post.title.includes('o3')) return answer('usage_tier_gate', ['openai']);
		return { triage: null, match: null, advice: { kind: 'ask', content: '?', nextState: 'needs_info', reason: 'X' } };
	};
	return Object.assign(advisor, { seen });
}

const thread = (contents: string[], answeredThrough: number | null): OwnerThread => ({
	title: '403 on o3',
	posts: contents.map((content) => ({ content, attachments: [] })),
	answeredThrough,
});

function capture() {
	const inputs: EscalateInput[] = [];
	const port = {
		escalate: (input: EscalateInput): EscalateResult => {
			inputs.push(input);
			return { kind: 'none', reason: 'NO_TRIGGER' };
		},
	};
	const context = {
		guildId: '1',
		threadId: '2',
		title: '403 on o3',
		ownerId: '3',
		ownerName: 'ana',
		eventAt: 0,
		actor: { id: '3', name: 'ana' },
	};
	return {
		inputs,
		escalate: (reading: Awaited<ReturnType<typeof readThread>>) =>
			escalateThread(port, context, reading, { didntHelp: true }),
	};
}

describe('reading a thread for a hand-off', () => {
	it("Didn't help: every owner message is read, and the cause is the one the bot answered (not the first post's)", async () => {
		const advisor = fakeAdvisor();
		const reading = await readThread(advisor, thread(['o3 says 403, I am tier 2', BYOK], 2));
		expect(advisor.seen.map((p) => p.body)).toEqual([`o3 says 403, I am tier 2\n\n${BYOK}`]);
		const { inputs, escalate } = capture();
		escalate(reading);
		expect(inputs[0]?.cause?.id).toBe('byok_key_required');
		expect(inputs[0]?.providers).toEqual(['openrouter']);
		expect(inputs[0]?.tried).toEqual(['Doorman suggested: byok_key_required']);
		expect(inputs[0]?.errors?.map((e) => e?.message ?? null)).toEqual([
			expect.toBeOneOf([null, expect.any(String)]),
			expect.stringContaining('OpenAI is requiring a key'),
		]);
	});

	it("a later message that got no answer: the cause is still the last answer's, read from the posts it answered", async () => {
		const advisor = fakeAdvisor();
		const owner = thread([BYOK, 'this is not it, can I talk to a human?'], 1);
		const current = await advisor({
			title: owner.title,
			body: owner.posts.map((p) => p.content).join('\n\n'),
			attachments: [],
		});
		const reading = await readThread(advisor, owner, current);
		expect(advisor.seen.at(-1)?.body).toBe(BYOK);
		const { inputs, escalate } = capture();
		escalate(reading);
		expect(inputs[0]?.cause?.id).toBe('byok_key_required');
	});

	it("no answer in the thread: the matcher's best guess, and nothing said to be tried", async () => {
		const advisor = fakeAdvisor();
		const reading = await readThread(advisor, thread(['hello?'], null));
		expect(reading.answered).toBeNull();
		const { inputs, escalate } = capture();
		escalate(reading);
		expect(inputs[0]?.cause?.id).toBe('usage_tier_gate');
		expect(inputs[0]?.tried).toEqual([]);
	});
});

describe('tried the fix, and repeats', () => {
	const post = (content: string) => ({ content, attachments: [] });

	it('the owner tried the fix only after an answer, saying it still fails or posting an error again', () => {
		expect(triedTheFix(thread(['403 on o3', 'still 403'], 1), post('still 403'))).toBe(true);
		expect(triedTheFix(thread(['403 on o3', BYOK], 1), post(BYOK))).toBe(true);
		expect(triedTheFix(thread(['403 on o3', 'thanks, trying now'], 1), post('thanks, trying now'))).toBe(false);
		// No answer yet, or the message is the one answered: nothing was tried.
		expect(triedTheFix(thread(['403 on o3', 'still 403'], null), post('still 403'))).toBe(false);
		expect(triedTheFix(thread(['still 403'], 1), post('still 403'))).toBe(false);
	});

	it('an answer repeats the last one when the posts it was based on give the same entry', async () => {
		const advisor = fakeAdvisor();
		const owner = thread([BYOK, 'still failing'], 1);
		const same = await advisor({ title: '403 on o3', body: `${BYOK}\n\nstill failing`, attachments: [] });
		expect(await repeatsLastAnswer(advisor, owner, same)).toBe(true);
		const other: Assessment = { ...same, match: same.match === null ? null : { ...same.match, entryId: 'other' } };
		expect(await repeatsLastAnswer(advisor, owner, other)).toBe(false);
		// Never answered before: nothing to repeat.
		expect(await repeatsLastAnswer(advisor, thread([BYOK, 'still failing'], null), same)).toBe(false);
	});
});
