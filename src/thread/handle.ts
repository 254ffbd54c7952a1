import type { IncomingMessage, PostText } from '../model.js';
import type { Advisor } from './advice.js';
import { decide, decisionFromAdvice } from './decide.js';
import type { Decision } from './decision.js';
import type { ReplyIntent, ThreadPorts } from './ports.js';
import type { ThreadState } from './state.js';

/** A reply the Discord layer must send (with `nonce` and enforce_nonce), then confirm. */
export interface PlannedReply {
	readonly intent: ReplyIntent;
	readonly threadId: string;
	readonly replyTo: string;
	/** The thread's state after this reply, so the Discord layer can set the forum tag. */
	readonly state: ThreadState;
}

export interface HandleResult {
	readonly decision: Decision | { kind: 'silent'; reason: 'ALREADY_HANDLED' };
	readonly reply: PlannedReply | null;
}

/**
 * The use case for one message: load state, decide, persist, plan the reply. The message is
 * recorded as processed in the same transaction as the reply intent and state change, so a crash
 * either leaves the message unprocessed (it is handled again) or leaves a pending reply (it is sent again).
 */
export async function handleMessage(
	ports: ThreadPorts,
	advisor: Advisor,
	message: IncomingMessage,
	loadThreadText: () => Promise<PostText>,
): Promise<HandleResult> {
	const { threads, processed, replies, clock, atomically } = ports;
	if (processed.isProcessed(message.messageId)) {
		return { decision: { kind: 'silent', reason: 'ALREADY_HANDLED' }, reply: null };
	}
	const thread = threads.ensure(
		{
			threadId: message.threadId,
			guildId: message.guildId,
			forumId: message.forumId,
			ownerId: message.threadOwnerId,
			title: message.threadTitle,
		},
		clock.now(),
	);
	const { decision: first, effects } = decide(thread, message);
	const decision = first.kind === 'advise' ? decisionFromAdvice(advisor(await loadThreadText())) : first;
	return atomically(() => {
		const now = clock.now();
		const outcome = decision.kind === 'reply' ? `${decision.replyKind}: ${decision.reason}` : decision.reason;
		if (!processed.markProcessed(message.messageId, message.threadId, message.author.id, outcome, now)) {
			// Another delivery of the same message won the race while we were triaging.
			return { decision: { kind: 'silent', reason: 'ALREADY_HANDLED' } as const, reply: null };
		}
		threads.advanceLastMessage(message.threadId, message.messageId, now);
		if (effects.muted !== undefined) threads.setMuted(message.threadId, effects.muted, message.author.id, now);
		if (effects.staffTookOver !== undefined) threads.setStaffTookOver(message.threadId, effects.staffTookOver, now);
		if (decision.kind !== 'reply') return { decision, reply: null };
		const state = decision.nextState ?? thread.state;
		if (state !== thread.state) threads.setState(message.threadId, state, now);
		const intent = replies.recordIntent(message.threadId, message.messageId, decision.replyKind, decision.content, now);
		return { decision, reply: { intent, threadId: message.threadId, replyTo: message.messageId, state } };
	});
}
