import { describe, expect, it } from 'vitest';
import { askForRest, pointToAsk } from '../../../src/answer/ask-for-info.js';
import type { Advice } from '../../../src/thread/advice.js';
import {
	type ConversationInput,
	errorStatuses,
	FOLLOW_UP_QUESTION_NOTE,
	followUp,
	lastAnsweredCause,
	mayPostAnswer,
	OFF_TOPIC_NOTE,
	openConversation,
	SOLVED_OFFER,
	STILL_FAILING_NOTE,
	vagueRepliesSinceAsk,
} from '../../../src/thread/conversation.js';
import type { Decision } from '../../../src/thread/decision.js';
import { replyToEdit } from '../../../src/thread/handle-edit.js';
import { classifyPost, isOutage } from '../../../src/thread/post-kind.js';
import { splitErrors } from '../../../src/thread/read-conversation.js';
import { triagePost } from '../../../src/triage/index.js';

const errorOf = (text: string) => triagePost({ title: '', body: text, attachments: [] }).error;
const kindOf = (text: string) => classifyPost(text, errorOf(text));

describe('classifyPost: what kind of post a message is', () => {
	it.each([
		'nvm, I fixed it',
		'works now, thanks!',
		'Got it working, the key was wrong',
		'that did the trick',
		'解决了',
		'搞定了，谢谢',
		'ya funciona, gracias',
		'ça marche maintenant',
		'funktioniert jetzt',
		'заработало',
		'解決しました',
	])('%s is self-solved', (text) => expect(kindOf(text)).toBe('self_solved'));

	it.each(['still not working', "didn't fix it, still 403", '还是不行'])('%s is not self-solved', (text) =>
		expect(kindOf(text)).toBe('report'),
	);

	it.each(['thanks', "ok I'll look for it", 'thank you!', '👍', 'let me check', '谢谢'])(
		'%s is an acknowledgement',
		(text) => expect(kindOf(text)).toBe('ack'),
	);

	it('tells how-to and billing questions from error reports', () => {
		expect(kindOf('How do I stream responses with the node SDK?')).toBe('how_to');
		expect(kindOf('can I get a refund for credits?')).toBe('billing');
		expect(kindOf('Error code: 403 - {"error": {"message": "How do I fix this? Country not supported"}}')).toBe(
			'report',
		);
		expect(kindOf('added my key, tier 2')).toBe('report');
	});

	it('a 5xx or 529 is an outage, not an access error', () => {
		const e529 = errorOf(
			'Error code: 529 - {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}',
		);
		expect(isOutage(e529)).toBe(true);
		expect(kindOf('Error code: 500 - {"error": {"message": "The server had an error", "type": "server_error"}}')).toBe(
			'outage',
		);
		expect(isOutage(errorOf('Error code: 403 - {"error": {"message": "Forbidden region"}}'))).toBe(false);
	});

	it('a request for a person is a report (the escalation path reads it)', () => {
		expect(kindOf('thanks, can I talk to a human?')).toBe('report');
	});
});

const ask: Advice = {
	kind: 'ask',
	content: 'Please send the error body.',
	nextState: 'needs_info',
	reason: 'MISSING:error_body',
};
const answer: Advice = {
	kind: 'answer',
	content: 'BYOK fix.',
	nextState: 'answered',
	reason: 'MATCHED:byok_key_required@0.91',
};
const input = (over: Partial<ConversationInput> = {}): ConversationInput => ({
	state: 'needs_info',
	ownerId: 'o',
	isStarter: false,
	kind: 'report',
	latestError: null,
	threadError: null,
	advice: ask,
	history: [],
	priorReplies: [],
	...over,
});
const asDecision = (a: Advice): Decision => ({
	kind: 'reply',
	replyKind: a.kind,
	content: a.content,
	reason: a.reason,
});

describe('openConversation: replies that are not a triage', () => {
	it('offers Solved once to a self-solved post, never re-asks', () => {
		const first = openConversation(input({ kind: 'self_solved' }));
		expect(first).toMatchObject({ kind: 'reply', decision: { replyKind: 'offer_solved', content: SOLVED_OFFER } });
		expect(openConversation(input({ kind: 'self_solved', priorReplies: [SOLVED_OFFER] }))).toMatchObject({
			decision: { kind: 'silent', reason: 'NOTHING_NEW' },
		});
	});

	it('stays quiet on an acknowledgement, but not on a starter', () => {
		expect(openConversation(input({ kind: 'ack' }))).toMatchObject({ decision: { kind: 'silent' } });
		expect(openConversation(input({ kind: 'ack', isStarter: true }))).toEqual({ kind: 'triage', stalled: false });
	});

	it('answers a how-to or billing question with one honest note, tagged for people, without asking for a body', () => {
		const note = openConversation(input({ kind: 'how_to', isStarter: true }));
		expect(note).toMatchObject({
			decision: { replyKind: 'redirect', content: OFF_TOPIC_NOTE, nextState: 'escalated' },
		});
		expect(OFF_TOPIC_NOTE).not.toMatch(/error body/i);
		expect(openConversation(input({ kind: 'billing', priorReplies: [OFF_TOPIC_NOTE] }))).toMatchObject({
			decision: { kind: 'silent' },
		});
		expect(openConversation(input({ kind: 'outage', state: 'escalated' }))).toMatchObject({
			decision: { kind: 'silent' },
		});
	});

	it('a question after an answer gets the follow-up note, not "outside what I can answer", once', () => {
		const answered = [{ authorId: 'o', outcome: 'answer: MATCHED:byok_key_required@0.91' }];
		expect(openConversation(input({ kind: 'how_to', history: answered }))).toMatchObject({
			decision: { replyKind: 'redirect', content: FOLLOW_UP_QUESTION_NOTE, nextState: 'escalated' },
		});
		const after = input({ kind: 'billing', history: answered, priorReplies: [FOLLOW_UP_QUESTION_NOTE] });
		expect(openConversation(after)).toMatchObject({ decision: { kind: 'silent' } });
	});

	it('is stalled (hand off) when the same ask would go out after a vague reply', () => {
		const history = [
			{ authorId: 'o', outcome: 'ask: MISSING:error_body' },
			{ authorId: 'o', outcome: 'NOTHING_NEW' },
		];
		expect(openConversation(input({ history, priorReplies: [ask.content] }))).toEqual({
			kind: 'triage',
			stalled: true,
		});
		expect(openConversation(input({ history: history.slice(0, 1), priorReplies: [ask.content] }))).toEqual({
			kind: 'triage',
			stalled: false,
		});
	});
});

describe('followUp: a reply only when it adds something', () => {
	const answered = [{ authorId: 'o', outcome: 'answer: MATCHED:byok_key_required@0.91' }];

	it('does not post the same answer twice (seed 002)', () => {
		const out = followUp(input({ advice: answer, history: answered, state: 'answered' }), asDecision(answer), false);
		expect(out).toEqual({ kind: 'silent', reason: 'NOTHING_NEW' });
	});

	it('says once that the fix did not help when the poster says it still fails', () => {
		const out = followUp(input({ advice: answer, history: answered, state: 'answered' }), asDecision(answer), true);
		expect(out).toMatchObject({ kind: 'reply', content: STILL_FAILING_NOTE });
		const again = followUp(
			input({ advice: answer, history: answered, priorReplies: [STILL_FAILING_NOTE] }),
			asDecision(answer),
			true,
		);
		expect(again).toEqual({ kind: 'silent', reason: 'NOTHING_NEW' });
	});

	it('does not regress an answer to an ask without a new error (seed 000 "added my key, tier 2")', () => {
		const out = followUp(input({ history: answered, state: 'answered' }), asDecision(ask), false);
		expect(out).toEqual({ kind: 'silent', reason: 'NOTHING_NEW' });
	});

	it('answers a new cause, and asks again only when the ask changed', () => {
		const other: Advice = { ...answer, content: 'Region fix.', reason: 'MATCHED:unsupported_region@0.9' };
		expect(followUp(input({ advice: other, history: answered }), asDecision(other), false)).toMatchObject({
			kind: 'reply',
		});
		const asked = [{ authorId: 'o', outcome: 'ask: MISSING:error_body' }];
		expect(followUp(input({ history: asked, priorReplies: [ask.content] }), asDecision(ask), false)).toEqual({
			kind: 'silent',
			reason: 'NO_NEW_DETAILS',
		});
		const narrower: Advice = { ...ask, content: 'Please send the model id.' };
		expect(
			followUp(input({ advice: narrower, history: asked, priorReplies: [ask.content] }), asDecision(narrower), false),
		).toMatchObject({ kind: 'reply' });
	});

	it('says which answers may be posted, so only those are phrased by the LLM', () => {
		expect(mayPostAnswer(input({ advice: answer, isStarter: true, history: answered }))).toBe(true);
		expect(mayPostAnswer(input({ advice: answer, history: answered }))).toBe(false);
		const other: Advice = { ...answer, reason: 'MATCHED:unsupported_region@0.90 (llm-phrased)' };
		expect(mayPostAnswer(input({ advice: other, history: answered }))).toBe(true);
		expect(mayPostAnswer(input({ advice: ask, history: [] }))).toBe(false);
	});

	it('a narrower ask after the first lists only what is still missing, once; not when a key needs the warning', () => {
		const asked = [{ authorId: 'o', outcome: 'abstain: LOW_CONFIDENCE' }];
		const narrower: Advice = { ...ask, content: 'I am not sure… 1. body 2. code' };
		const missing = ['error_body', 'code'] as const;
		const rest = askForRest(missing);
		expect(rest).not.toMatch(/model id/);
		const base = { advice: narrower, history: asked, priorReplies: [ask.content], missing: [...missing] };
		expect(followUp(input(base), asDecision(narrower), false)).toMatchObject({ kind: 'reply', content: rest });
		expect(followUp(input({ ...base, priorReplies: [ask.content, rest] }), asDecision(narrower), false)).toEqual({
			kind: 'silent',
			reason: 'NO_NEW_DETAILS',
		});
		expect(followUp(input({ ...base, secrets: ['openai'] }), asDecision(narrower), false)).toMatchObject({
			content: narrower.content,
		});
	});

	it('"what do you need?" after the ask gets one line naming what is missing, once', () => {
		const asked = [{ authorId: 'o', outcome: 'ask: MISSING:error_body,model' }];
		const base = { history: asked, priorReplies: [ask.content], missing: ['error_body', 'model'] as const };
		const pointer = pointToAsk(['error_body', 'model']);
		expect(pointer).toMatch(/the full error body .* and the model id/);
		const out = followUp(input({ ...base, missing: [...base.missing], isQuestion: true }), asDecision(ask), false);
		expect(out).toMatchObject({ kind: 'reply', replyKind: 'ack', content: pointer });
		const again = input({
			...base,
			missing: [...base.missing],
			isQuestion: true,
			priorReplies: [ask.content, pointer],
		});
		expect(followUp(again, asDecision(ask), false)).toEqual({ kind: 'silent', reason: 'NO_NEW_DETAILS' });
	});

	it('counts vague replies since the last ask, and reads the last answered cause', () => {
		const history = [
			{ authorId: 'o', outcome: 'ask: MISSING:error_body' },
			{ authorId: 'o', outcome: 'NO_NEW_DETAILS' },
			{ authorId: 'x', outcome: 'NOT_THE_OWNER' },
			{ authorId: 'o', outcome: 'NOTHING_NEW' },
		];
		expect(vagueRepliesSinceAsk(history, 'o')).toBe(2);
		expect(vagueRepliesSinceAsk([...history, ...answered], 'o')).toBe(0);
		expect(lastAnsweredCause([...answered, ...history])).toBe('byok_key_required');
		expect(lastAnsweredCause(history)).toBeNull();
	});
});

describe('several errors in one post', () => {
	const two =
		"Error code: 403 - {'error': {'message': 'Country not supported'}}\nand then\nError code: 401 - {'error': {'message': 'Incorrect API key'}}";

	it('finds the distinct statuses and cuts the post into one piece per error', () => {
		expect(errorStatuses(two)).toEqual([403, 401]);
		expect(errorStatuses('HTTP/1.1 429 Too Many Requests')).toEqual([429]);
		expect(errorStatuses('I have 403 apples')).toEqual([]);
		const pieces = splitErrors(two);
		expect(pieces).toHaveLength(2);
		expect(pieces[0]).toContain('403');
		expect(pieces[1]).toContain('401');
	});

	it('an answer names the error it covers', () => {
		const threadError = errorOf("Error code: 403 - {'error': {'message': 'Country not supported'}}");
		const out = followUp(
			input({ isStarter: true, advice: answer, statuses: [403, 401], threadError }),
			asDecision(answer),
			false,
		);
		expect(out).toMatchObject({ kind: 'reply' });
		expect(out.kind === 'reply' ? out.content : '').toMatch(
			/more than one error \(403, 401\)\. This answer covers the 403/,
		);
	});
});

describe('edits: which reply an edit replaces', () => {
	const r = (id: number, inReplyTo: string, kind: string, status: 'sent' | 'pending' | 'dropped' = 'sent') => ({
		id,
		threadId: 't',
		inReplyTo,
		kind,
		nonce: `n${id}`,
		content: `c${id}`,
		status,
		createdAt: id,
		discordMessageId: status === 'sent' ? `d${id}` : null,
	});

	it('is the newest sent answer/ask/abstain to that message', () => {
		const replies = [r(1, 'm1', 'ask'), r(2, 'm1', 'answer'), r(3, 'm2', 'answer'), r(4, 'm1', 'escalate')];
		expect(replyToEdit(replies, 'm1')?.id).toBe(2);
		expect(replyToEdit([r(5, 'm1', 'answer', 'pending')], 'm1')).toBeNull();
		expect(replyToEdit(replies, 'm9')).toBeNull();
	});
});
