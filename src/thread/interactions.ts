import type { Author } from '../model.js';
import { decideFeedback, type FeedbackAction, type FeedbackOutcome } from './feedback.js';
import type { ThreadPorts } from './ports.js';
import type { ThreadState } from './state.js';

/** Applies a feedback button press through the ports; returns what to tell the presser and the new state. */
export function handleFeedback(
	ports: ThreadPorts,
	threadId: string,
	actor: Author,
	action: FeedbackAction,
): FeedbackOutcome & { state: ThreadState | null } {
	const thread = ports.threads.get(threadId);
	if (thread === null) return { kind: 'unchanged', message: 'I do not track this thread any more.', state: null };
	const outcome = decideFeedback(thread, actor, action);
	const now = ports.clock.now();
	if (outcome.kind === 'solved') ports.threads.setState(threadId, outcome.nextState, now);
	// Escalation proper (queue, email draft) is added by the escalation service; the state moves here.
	if (outcome.kind === 'escalate') ports.threads.setState(threadId, 'escalated', now);
	return { ...outcome, state: ports.threads.get(threadId)?.state ?? null };
}

/** `/doorman status` in a thread: its state and why the bot last did what it did. */
export function describeThread(ports: ThreadPorts, threadId: string): string {
	const thread = ports.threads.get(threadId);
	if (thread === null) return 'I am not tracking this thread (it is not a post in a watched forum, or it predates me).';
	const last = ports.processed.lastOutcome(threadId);
	const lines = [
		`**State:** ${thread.state.replace('_', ' ')}`,
		`**Muted:** ${thread.muted ? 'yes (`!unmute` to bring me back)' : 'no'}`,
		`**Staff took over:** ${thread.staffTookOver ? 'yes, I only answer when mentioned' : 'no'}`,
		`**Last decision:** ${last === null ? 'none yet' : `${last.outcome} (<t:${Math.floor(last.at / 1000)}:R>)`}`,
	];
	return lines.join('\n');
}
