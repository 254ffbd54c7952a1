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

type Outcome = ThreadState | ThreadRefusal;
const SAME: readonly Outcome[] = THREAD_STATES;
const ALL = (outcome: Outcome): readonly Outcome[] => THREAD_STATES.map(() => outcome);

/**
 * Each event's outcome from each state, in the order of THREAD_STATES (new, needs_info, answered, escalated, solved),
 * with the muted and taken-over flags off: the state it leads to, or the refusal.
 */
const TABLE: readonly (readonly [ThreadEvent, readonly Outcome[]])[] = [
	[{ kind: 'replied' }, SAME],
	[{ kind: 'replied', nextState: 'answered' }, ['answered', 'answered', 'answered', 'WITH_THE_TEAM', 'answered']],
	[
		{ kind: 'replied', nextState: 'needs_info' },
		['needs_info', 'needs_info', 'needs_info', 'WITH_THE_TEAM', 'needs_info'],
	],
	[{ kind: 'replied', nextState: 'escalated' }, ALL('escalated')],
	[{ kind: 'replied', nextState: 'new' }, ['new', 'BACK_TO_NEW', 'BACK_TO_NEW', 'BACK_TO_NEW', 'BACK_TO_NEW']],
	[{ kind: 'handed_off' }, ALL('escalated')],
	[{ kind: 'marked_solved' }, ['solved', 'solved', 'solved', 'solved', 'ALREADY_SOLVED']],
	[{ kind: 'edit_reread' }, ['new', 'needs_info', 'answered', 'CLOSED_TO_EDITS', 'CLOSED_TO_EDITS']],
	[
		{ kind: 'edit_reread', nextState: 'answered' },
		['answered', 'answered', 'answered', 'CLOSED_TO_EDITS', 'CLOSED_TO_EDITS'],
	],
	[{ kind: 'moderated', action: 'resolve' }, ALL('solved')],
	[{ kind: 'moderated', action: 'dismiss' }, ALL('answered')],
	[{ kind: 'moderated', action: 'reopen' }, ALL('escalated')],
	[{ kind: 'moderated', action: 'claim' }, SAME],
	[{ kind: 'moderated', action: 'email' }, SAME],
	[{ kind: 'moderated', action: 'unmute' }, SAME],
	[{ kind: 'mute' }, SAME],
	[{ kind: 'unmute' }, SAME],
	[{ kind: 'staff_took_over' }, SAME],
];

const isRefusal = (outcome: ThreadState | ThreadRefusal): outcome is ThreadRefusal =>
	!(THREAD_STATES as readonly string[]).includes(outcome);

describe('transitionThread (the thread state machine)', () => {
	describe.each(TABLE)('%o', (event, outcomes) => {
		it.each(THREAD_STATES.map((state, i) => [state, outcomes[i] as Outcome] as const))(
			'from %s: %s',
			(state, expected) => {
				const result = transitionThread(at(state), event);
				if (isRefusal(expected)) expect(result).toEqual({ ok: false, reason: expected });
				else expect(result).toMatchObject({ ok: true, next: { state: expected } });
			},
		);
	});

	it('covers every kind of event and every moderator action', () => {
		const kinds = new Set(TABLE.map(([event]) => event.kind));
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
		const actions = TABLE.flatMap(([event]) => (event.kind === 'moderated' ? [event.action] : []));
		expect(TABLE.every(([, outcomes]) => outcomes.length === THREAD_STATES.length)).toBe(true);
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
