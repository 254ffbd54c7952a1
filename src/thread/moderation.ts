import type { ActionResult, EmailResult, EscalationService } from '../escalation/service.js';
import type { Actor, EscalationRecord, ModeratorAction } from '../escalation/types.js';
import type { ThreadPorts } from './ports.js';
import type { ThreadState } from './state.js';

/** What a moderator's action on an escalation means for the thread it came from. */
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

export interface ModerationOutcome {
	readonly result: ActionResult | EmailResult;
	/** The thread whose state changed, and to what. */
	readonly thread: { readonly id: string; readonly state: ThreadState } | null;
}

/** Applies a moderator's action to an escalation and, through it, to the thread. */
export async function moderate(
	ports: ThreadPorts,
	escalations: EscalationService,
	action: ModeratorAction,
	id: number,
	actor: Actor,
	note: string | null = null,
): Promise<ModerationOutcome> {
	const result = await run(escalations, action, id, actor, note);
	const record: EscalationRecord | null = 'escalation' in result ? result.escalation : null;
	if (result.kind !== 'ok' && result.kind !== 'sent' && result.kind !== 'failed') return { result, thread: null };
	if (record === null) return { result, thread: null };
	const now = ports.clock.now();
	if (action === 'unmute') ports.threads.setMuted(record.threadId, false, actor.id, now);
	const state = threadStateAfter(action);
	if (state === null) return { result, thread: null };
	ports.threads.setState(record.threadId, state, now);
	return { result, thread: { id: record.threadId, state } };
}

function run(
	escalations: EscalationService,
	action: ModeratorAction,
	id: number,
	actor: Actor,
	note: string | null,
): Promise<ActionResult | EmailResult> | ActionResult {
	switch (action) {
		case 'claim':
			return escalations.claim(id, actor);
		case 'email':
			return escalations.sendEmail(id, actor);
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
