import type { ModeratorAction } from '../escalation/types.js';

/** Lifecycle of a help thread: new → needs_info → answered | escalated → solved. */
export const THREAD_STATES = ['new', 'needs_info', 'answered', 'escalated', 'solved'] as const;
export type ThreadState = (typeof THREAD_STATES)[number];

/** What the core knows about a thread between events. */
export interface ThreadSnapshot {
	readonly threadId: string;
	readonly ownerId: string;
	readonly state: ThreadState;
	readonly muted: boolean;
	readonly staffTookOver: boolean;
}

/** The part of a thread's record that events change. */
export type ThreadStatus = Pick<ThreadSnapshot, 'state' | 'muted' | 'staffTookOver'>;

/** Something that happens to a thread; `transitionThread` says what it does to the thread's status. */
export type ThreadEvent =
	/** The bot replies to a message; the reply's decision may name the state the thread moves to. */
	| { readonly kind: 'replied'; readonly nextState?: ThreadState }
	/** `!mute` / `!unmute` by the owner or a moderator. */
	| { readonly kind: 'mute' }
	| { readonly kind: 'unmute' }
	/** A helper or moderator joined the thread: the bot steps back for good. */
	| { readonly kind: 'staff_took_over' }
	/** The thread was handed to the team (a trigger, "Didn't help", `/doorman escalate`). */
	| { readonly kind: 'handed_off' }
	/** "Solved it" in the thread. */
	| { readonly kind: 'marked_solved' }
	/** An edited post read again: `nextState` is what the new reading says; absent before it is read. */
	| { readonly kind: 'edit_reread'; readonly nextState?: ThreadState }
	/** A moderator's action on the thread's escalation, once the escalation accepted it. */
	| { readonly kind: 'moderated'; readonly action: ModeratorAction };

export type ThreadRefusal =
	/** No event takes a thread back to `new`. */
	| 'BACK_TO_NEW'
	/** A bot reply never moves an escalated thread back to answered or asking: only moderators take it back. */
	| 'WITH_THE_TEAM'
	| 'ALREADY_SOLVED'
	/** An edit is not answered anew in a muted, taken-over, solved or escalated thread. */
	| 'CLOSED_TO_EDITS';

export type ThreadTransition =
	| { readonly ok: true; readonly next: ThreadStatus }
	| { readonly ok: false; readonly reason: ThreadRefusal };

/** The thread state a moderator's action on its escalation leads to; null: the state stays. */
export function threadStateAfter(action: ModeratorAction): ThreadState | null {
	switch (action) {
		case 'resolve':
			return 'solved';
		case 'dismiss':
			// Dismissed: the bot may speak in the thread again.
			return 'answered';
		case 'reopen':
			return 'escalated';
		default:
			return null;
	}
}

const refuse = (reason: ThreadRefusal): ThreadTransition => ({ ok: false, reason });

/** The one rule for how a thread's status changes: the new status, or why the event does not apply. */
export function transitionThread(thread: ThreadStatus, event: ThreadEvent): ThreadTransition {
	const status: ThreadStatus = { state: thread.state, muted: thread.muted, staffTookOver: thread.staffTookOver };
	const moveTo = (state: ThreadState): ThreadTransition =>
		state === 'new' && thread.state !== 'new' ? refuse('BACK_TO_NEW') : { ok: true, next: { ...status, state } };
	switch (event.kind) {
		case 'replied': {
			const state = event.nextState ?? thread.state;
			if (thread.state === 'escalated' && (state === 'answered' || state === 'needs_info')) {
				return refuse('WITH_THE_TEAM');
			}
			return moveTo(state);
		}
		case 'mute':
			return { ok: true, next: { ...status, muted: true } };
		case 'unmute':
			return { ok: true, next: { ...status, muted: false } };
		case 'staff_took_over':
			return { ok: true, next: { ...status, staffTookOver: true } };
		case 'handed_off':
			return moveTo('escalated');
		case 'marked_solved':
			return thread.state === 'solved' ? refuse('ALREADY_SOLVED') : moveTo('solved');
		case 'edit_reread':
			if (thread.muted || thread.staffTookOver || thread.state === 'solved' || thread.state === 'escalated') {
				return refuse('CLOSED_TO_EDITS');
			}
			return moveTo(event.nextState ?? thread.state);
		case 'moderated': {
			const next = event.action === 'unmute' ? { ...status, muted: false } : status;
			const state = threadStateAfter(event.action);
			return { ok: true, next: state === null ? next : { ...next, state } };
		}
	}
}
