import { describe, expect, it } from 'vitest';
import { findHeldQueueMessage, findHeldReply, type HeldMessage } from '../../../src/discord/held-messages.js';
import { queueNonce } from '../../../src/discord/moderator-queue.js';
import { escalationCustomId } from '../../../src/escalation/custom-id.js';

const message = (id: string, content: string, extra: Partial<HeldMessage> = {}): HeldMessage => ({
	id,
	content,
	nonce: null,
	customIds: [],
	...extra,
});

describe('finding a pending reply Discord already holds', () => {
	const reply = { nonce: 'd0123', content: 'Do X.' };

	it('matches by nonce when Discord returns one, else by the same text', () => {
		expect(findHeldReply([message('1', 'other', { nonce: 'd0123' })], reply, new Set())).toBe('1');
		expect(findHeldReply([message('1', 'other'), message('2', 'Do X.')], reply, new Set())).toBe('2');
		expect(findHeldReply([message('1', 'other')], reply, new Set())).toBeNull();
		expect(findHeldReply([message('3', 'Do X.')], { ...reply, content: 'Do X.\n' }, new Set())).toBe('3');
	});

	it('never takes a message another recorded reply became', () => {
		expect(findHeldReply([message('1', 'Do X.'), message('2', 'Do X.')], reply, new Set(['1']))).toBe('2');
		expect(findHeldReply([message('1', 'Do X.')], reply, new Set(['1']))).toBeNull();
	});

	it('does not take an empty message for an empty reply', () => {
		expect(findHeldReply([message('1', '')], { nonce: 'n', content: '' }, new Set())).toBeNull();
	});
});

describe('finding a queue message Discord already holds', () => {
	it('knows it by its heading or by a button naming the escalation, not by a longer id', () => {
		expect(findHeldQueueMessage([message('1', '**Escalation #12** · Open')], 1)).toBeNull();
		expect(findHeldQueueMessage([message('1', '**Escalation #12** · Open')], 12)).toBe('1');
		const buttons = message('2', 'edited', { customIds: [escalationCustomId('claim', 7)] });
		expect(findHeldQueueMessage([buttons], 7)).toBe('2');
		expect(findHeldQueueMessage([buttons], 8)).toBeNull();
	});

	it('knows a closed queue message (no buttons left) by its heading in any language the moderators may have read', () => {
		expect(findHeldQueueMessage([message('1', '**升级工单 #12** · ✅ 已解决')], 12)).toBe('1');
		expect(findHeldQueueMessage([message('1', '**升级工单 #12** · ✅ 已解决')], 1)).toBeNull();
	});

	it('posts each hand-off with a nonce of its own, within Discord’s 25 characters', () => {
		expect(queueNonce('1100', 1)).toBe(queueNonce('1100', 1));
		expect(queueNonce('1100', 2)).not.toBe(queueNonce('1100', 1));
		expect(queueNonce('1100', 1)).toMatch(/^q[0-9a-f]{24}$/);
	});
});
