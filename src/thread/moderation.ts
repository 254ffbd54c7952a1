import type { ActionResult, EmailResult, EscalationService } from '../escalation/service.js';
import type { Actor, ModeratorAction } from '../escalation/types.js';
import type { ThreadPorts } from './ports.js';
import { saveThreadEvent } from './save-state.js';
import { type ThreadState, threadStateAfter } from './state.js';

export interface ModerationOutcome {
	readonly result: ActionResult | EmailResult;
	/** The thread whose state changed, and to what. */
	readonly thread: { readonly id: string; readonly state: ThreadState } | null;
}

/**
 * Applies a moderator's action to an escalation and, through it, to the thread: both in one transaction, so a
 * failure in either write leaves both as they were. Sending email (which waits on the mail server, outside any
 * transaction) changes only the escalation.
 */
export async function moderate(
	ports: ThreadPorts,
	escalations: EscalationService,
	action: ModeratorAction,
	id: number,
	actor: Actor,
	note: string | null = null,
): Promise<ModerationOutcome> {
	if (action === 'email') return { result: await escalations.sendEmail(id, actor), thread: null };
	return ports.atomically((): ModerationOutcome => {
		const result = run(escalations, action, id, actor, note);
		if (result.kind !== 'ok') return { result, thread: null };
		const threadId = result.escalation.threadId;
		const thread = ports.threads.get(threadId);
		if (thread !== null) {
			saveThreadEvent(ports.threads, threadId, thread, { kind: 'moderated', action }, actor.id, ports.clock.now());
		}
		// The forum tag follows the action, also on a thread the store no longer holds.
		const state = threadStateAfter(action);
		return { result, thread: state === null ? null : { id: threadId, state } };
	});
}

function run(
	escalations: EscalationService,
	action: Exclude<ModeratorAction, 'email'>,
	id: number,
	actor: Actor,
	note: string | null,
): ActionResult {
	switch (action) {
		case 'claim':
			return escalations.claim(id, actor);
		case 'resolve':
			return escalations.resolve(id, actor, note);
		case 'dismiss':
			return escalations.dismiss(id, actor, note);
		case 'reopen':
			return escalations.reopen(id, actor, note);
		case 'unmute':
			return escalations.recordUnmute(id, actor);
	}
}
