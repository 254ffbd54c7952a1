import type { IncomingMessage } from '../model.js';
import type { Assessment } from './advice.js';
import type { ThreadEffects } from './decide.js';
import type { Decision } from './decision.js';
import type { ReplyPlan } from './plan-reply.js';
import { alreadyHandled, type HandleResult, type PlannedReply } from './planned-reply.js';
import type { ThreadPorts, ThreadStore } from './ports.js';
import { saveThreadEvent } from './save-state.js';
import type { ThreadEvent, ThreadSnapshot, ThreadState, ThreadStatus } from './state.js';

/**
 * Records what the plan does (the act step of `handleMessage`, in its transaction): the message as processed, the
 * thread's state, an open escalation the owner's "solved" resolves, and the reply intents the Discord layer sends.
 */
export function recordMessage(
	ports: Pick<ThreadPorts, 'threads' | 'processed' | 'replies' | 'escalations' | 'clock'>,
	thread: ThreadSnapshot,
	message: IncomingMessage,
	effects: ThreadEffects,
	{ decision, escalation, answerFirst }: ReplyPlan,
	assessment: Assessment | null,
): HandleResult {
	const { threads, processed, replies } = ports;
	const now = ports.clock.now();
	const outcome = decision.kind === 'reply' ? `${decision.replyKind}: ${decision.reason}` : decision.reason;
	if (!processed.markProcessed(message.messageId, message.threadId, message.author.id, outcome, now)) {
		// Another delivery of the same message won the race while we were triaging.
		return alreadyHandled(assessment);
	}
	threads.advanceLastMessage(message.threadId, message.messageId, now);
	const state = saveMessageEvents(threads, message, thread, effects, decision, now);
	if (decision.kind !== 'reply') return { decision, reply: null, assessment };
	const resolved = resolveWhenSolved(ports, thread, message, state);
	const intents = [
		...(answerFirst === null
			? []
			: [replies.recordIntent(message.threadId, message.messageId, 'answer', answerFirst, now)]),
		replies.recordIntent(message.threadId, message.messageId, decision.replyKind, decision.content, now),
	];
	return {
		decision,
		reply: {
			intents,
			threadId: message.threadId,
			replyTo: message.messageId,
			state,
			escalation,
			...(resolved === null ? {} : { resolved }),
		},
		assessment,
	};
}

/** The owner says it is solved: an open escalation is resolved too, as with the "Solved it" button. */
function resolveWhenSolved(
	ports: Pick<ThreadPorts, 'escalations'>,
	thread: ThreadSnapshot,
	message: IncomingMessage,
	state: ThreadState,
): NonNullable<PlannedReply['resolved']> | null {
	if (state !== 'solved' || thread.state === 'solved' || message.author.id !== thread.ownerId) return null;
	return (
		ports.escalations.resolveOpenForThread?.(
			message.threadId,
			{ id: message.author.id, name: message.author.name },
			'The poster said it is solved.',
		) ?? null
	);
}

/**
 * What one message does to its thread (mute, unmute, staff take-over, the reply's next state), through the thread
 * state machine; returns the state after. A refused event leaves the thread as it was (the reply is still posted).
 */
function saveMessageEvents(
	threads: ThreadStore,
	message: IncomingMessage,
	thread: ThreadStatus,
	effects: ThreadEffects,
	decision: Decision,
	now: number,
): ThreadState {
	const events: ThreadEvent[] = [
		...(effects.muted === undefined ? [] : [{ kind: effects.muted ? 'mute' : 'unmute' } as const]),
		...(effects.staffTookOver === true ? [{ kind: 'staff_took_over' } as const] : []),
		...(decision.kind === 'reply'
			? [{ kind: 'replied', ...(decision.nextState === undefined ? {} : { nextState: decision.nextState }) } as const]
			: []),
	];
	let status = thread;
	for (const event of events) {
		const moved = saveThreadEvent(threads, message.threadId, status, event, message.author.id, now);
		if (moved.ok) status = moved.next;
	}
	return status.state;
}
