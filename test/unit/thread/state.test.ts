import { describe, expect, it } from 'vitest';
import { MODERATOR_ACTIONS } from '../../../src/escalation/types.js';
import {
	THREAD_STATES,
	type ThreadEvent,
	type ThreadRefusal,
	type ThreadState,
	type ThreadStatus,
	transitionThread,
} from '../../../src/thread/state.js';

const at = (state: ThreadState, flags: Partial<ThreadStatus> = {}): ThreadStatus => ({
	state,
	muted: false,
	staffTookOver: false,
	...flags,
});

/** Each event's outcome from each state (muted and taken-over flags off): the state it leads to, or the refusal. */
const TABLE: readonly {
	readonly event: ThreadEvent;
	readonly from: Record<ThreadState, ThreadState | ThreadRefusal>;
}[] = [
	{
		event: { kind: 'replied' },
		from: { new: 'new', needs_info: 'needs_info', answered: 'answered', escalated: 'escalated', solved: 'solved' },
	},
	{
		event: { kind: 'replied', nextState: 'answered' },
		from: {
			new: 'answered',
			needs_info: 'answered',
			answered: 'answered',
			escalated: 'WITH_THE_TEAM',
			solved: 'answered',
		},
	},
	{
		event: { kind: 'replied', nextState: 'needs_info' },
		from: {
			new: 'needs_info',
			needs_info: 'needs_info',
			answered: 'needs_info',
			escalated: 'WITH_THE_TEAM',
			solved: 'needs_info',
		},
	},
	{
		event: { kind: 'replied', nextState: 'escalated' },
		from: {
			new: 'escalated',
			needs_info: 'escalated',
			answered: 'escalated',
			escalated: 'escalated',
			solved: 'escalated',
		},
	},
	{
		event: { kind: 'replied', nextState: 'new' },
		from: {
			new: 'new',
			needs_info: 'BACK_TO_NEW',
			answered: 'BACK_TO_NEW',
			escalated: 'BACK_TO_NEW',
			solved: 'BACK_TO_NEW',
		},
	},
	{
		event: { kind: 'handed_off' },
		from: {
			new: 'escalated',
			needs_info: 'escalated',
			answered: 'escalated',
			escalated: 'escalated',
			solved: 'escalated',
		},
	},
	{
		event: { kind: 'marked_solved' },
		from: { new: 'solved', needs_info: 'solved', answered: 'solved', escalated: 'solved', solved: 'ALREADY_SOLVED' },
	},
	{
		event: { kind: 'edit_reread', nextState: 'answered' },
		from: {
			new: 'answered',
			needs_info: 'answered',
			answered: 'answered',
			escalated: 'CLOSED_TO_EDITS',
			solved: 'CLOSED_TO_EDITS',
		},
	},
	{
		event: { kind: 'edit_reread' },
		from: {
			new: 'new',
			needs_info: 'needs_info',
			answered: 'answered',
			escalated: 'CLOSED_TO_EDITS',
			solved: 'CLOSED_TO_EDITS',
		},
	},
	{
		event: { kind: 'moderated', action: 'resolve' },
		from: { new: 'solved', needs_info: 'solved', answered: 'solved', escalated: 'solved', solved: 'solved' },
	},
	{
		event: { kind: 'moderated', action: 'dismiss' },
		from: { new: 'answered', needs_info: 'answered', answered: 'answered', escalated: 'answered', solved: 'answered' },
	},
	{
		event: { kind: 'moderated', action: 'reopen' },
		from: {
			new: 'escalated',
			needs_info: 'escalated',
			answered: 'escalated',
			escalated: 'escalated',
			solved: 'escalated',
		},
	},
	...(['claim', 'email', 'unmute'] as const).map((action) => ({
		event: { kind: 'moderated', action } as const,
		from: {
			new: 'new',
			needs_info: 'needs_info',
			answered: 'answered',
			escalated: 'escalated',
			solved: 'solved',
		} as const,
	})),
	...(['mute', 'unmute', 'staff_took_over'] as const).map((kind) => ({
		event: { kind } as const,
		from: {
			new: 'new',
			needs_info: 'needs_info',
			answered: 'answered',
			escalated: 'escalated',
			solved: 'solved',
		} as const,
	})),
];

const isRefusal = (outcome: ThreadState | ThreadRefusal): outcome is ThreadRefusal =>
	!(THREAD_STATES as readonly string[]).includes(outcome);

describe('transitionThread (the thread state machine)', () => {
	describe.each(TABLE)('$event', ({ event, from }) => {
		it.each(THREAD_STATES)('from %s', (state) => {
			const expected = from[state];
			const result = transitionThread(at(state), event);
			if (isRefusal(expected)) expect(result).toEqual({ ok: false, reason: expected });
			else expect(result).toMatchObject({ ok: true, next: { state: expected } });
		});
	});

	it('covers every kind of event and every moderator action', () => {
		const kinds = new Set(TABLE.map((row) => row.event.kind));
		expect([...kinds].sort()).toEqual(
			[
				'edit_reread',
				'handed_off',
				'marked_solved',
				'moderated',
				'mute',
				'replied',
				'staff_took_over',
				'unmute',
			].sort(),
		);
		const actions = TABLE.flatMap((row) => (row.event.kind === 'moderated' ? [row.event.action] : []));
		expect([...actions].sort()).toEqual([...MODERATOR_ACTIONS].sort());
	});

	it('sets and clears the flags: mute, unmute (also a moderator’s Unmute bot), staff take-over', () => {
		expect(transitionThread(at('answered'), { kind: 'mute' })).toEqual({
			ok: true,
			next: at('answered', { muted: true }),
		});
		expect(transitionThread(at('answered', { muted: true }), { kind: 'unmute' })).toEqual({
			ok: true,
			next: at('answered'),
		});
		expect(transitionThread(at('escalated', { muted: true }), { kind: 'moderated', action: 'unmute' })).toEqual({
			ok: true,
			next: at('escalated'),
		});
		expect(transitionThread(at('new'), { kind: 'staff_took_over' })).toEqual({
			ok: true,
			next: at('new', { staffTookOver: true }),
		});
	});

	it('keeps the flags through state moves', () => {
		const flagged = at('answered', { muted: true, staffTookOver: true });
		expect(transitionThread(flagged, { kind: 'moderated', action: 'reopen' })).toEqual({
			ok: true,
			next: { state: 'escalated', muted: true, staffTookOver: true },
		});
		expect(transitionThread(flagged, { kind: 'replied', nextState: 'needs_info' })).toEqual({
			ok: true,
			next: { state: 'needs_info', muted: true, staffTookOver: true },
		});
	});

	it('leaves an edit alone in a muted or taken-over thread, whatever its state', () => {
		for (const flags of [{ muted: true }, { staffTookOver: true }]) {
			expect(transitionThread(at('answered', flags), { kind: 'edit_reread', nextState: 'needs_info' })).toEqual({
				ok: false,
				reason: 'CLOSED_TO_EDITS',
			});
		}
	});

	it('returns a new status and leaves the one it was given as it was', () => {
		const before = at('answered');
		const result = transitionThread(before, { kind: 'marked_solved' });
		expect(before).toEqual(at('answered'));
		expect(result.ok && result.next).not.toBe(before);
	});
});
