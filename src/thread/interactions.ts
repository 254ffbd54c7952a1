import type { QueueMessage } from '../escalation/queue-message.js';
import { type PosterLanguage, t } from '../i18n/messages.js';
import type { Author } from '../model.js';
import { escalateThread, type ThreadReading } from './escalate.js';
import { decideFeedback, type FeedbackAction } from './feedback.js';
import type { ReplyIntent, ThreadPorts } from './ports.js';
import { saveThreadEvent } from './save-state.js';
import type { ThreadState } from './state.js';

/** The result of a button press or command on a thread: what to say, and what changed. */
export interface ThreadActionResult {
	/** `private`: only the presser should see `message`; `public`: post it in the thread. */
	readonly visibility: 'private' | 'public';
	readonly message: string;
	readonly state: ThreadState | null;
	readonly escalation: { readonly id: number; readonly queue: QueueMessage } | null;
	/** An existing escalation whose queue message must be refreshed (the owner's "Solved it" resolved it). */
	readonly refresh?: { readonly id: number; readonly queue: QueueMessage };
	/**
	 * The feedback buttons were used (not refused): disable `all` of them on the message (solved), or the `pressed`
	 * one ("Didn't help": "Solved it" stays, and then also resolves the escalation).
	 */
	readonly disableFeedback?: 'all' | 'pressed';
	/**
	 * The public message as a reply intent on the ledger (a hand-off): the Discord layer posts it in the thread with its
	 * nonce and marks it sent, like a reply to a message, so a crash between the hand-off and its post neither loses it
	 * nor sends it twice (a restart re-sends pending intents). The interaction itself then gets only a private "done".
	 */
	readonly post?: ReplyIntent;
}

/** The ledger kind of a hand-off posted because of a button or command (it replies to no message). */
export const INTERACTION_HANDOFF_KIND = 'handoff';

export interface ThreadRef {
	readonly guildId: string;
	readonly threadId: string;
	readonly title: string;
	/** The interaction's id: the event the hand-off answers, which keys its reply intent (and its nonce). */
	readonly eventId: string;
	readonly eventAt: number;
	/** The language to answer the presser in (their Discord locale when the bot speaks it); English when absent. */
	readonly lang?: PosterLanguage;
}

const privately = (message: string): ThreadActionResult => ({
	visibility: 'private',
	message,
	state: null,
	escalation: null,
});

/**
 * "Solved it" / "Didn't help": who may press, and what follows. "Didn't help" escalates the thread with a reading
 * of every owner message up to the press and of the bot's last answer (loaded only when the press is allowed).
 */
export async function handleFeedback(
	ports: ThreadPorts,
	ref: ThreadRef,
	actor: Author,
	action: FeedbackAction,
	read: () => Promise<ThreadReading>,
): Promise<ThreadActionResult> {
	const thread = ports.threads.get(ref.threadId);
	if (thread === null) return privately(t(ref.lang ?? 'en', 'feedback.notTracked'));
	const outcome = decideFeedback(thread, actor, action, ref.lang ?? 'en');
	if (outcome.kind === 'refused') return privately(outcome.message);
	if (outcome.kind === 'unchanged') {
		return { ...privately(outcome.message), disableFeedback: action === 'solved' ? 'all' : 'pressed' };
	}
	if (outcome.kind === 'solved') {
		const nextState = outcome.nextState;
		// "Solved it" also closes the thread's open escalation: the moderators' queue shows it resolved.
		const resolved = ports.atomically(() => {
			saveThreadEvent(ports.threads, ref.threadId, thread, { kind: 'marked_solved' }, actor.id, ports.clock.now());
			return (
				ports.escalations.resolveOpenForThread?.(
					ref.threadId,
					{ id: actor.id, name: actor.name },
					actor.id === thread.ownerId ? 'The poster marked the thread solved.' : 'Marked solved in the thread.',
				) ?? null
			);
		});
		return {
			visibility: 'public',
			message: outcome.message,
			state: nextState,
			escalation: null,
			...(resolved === null ? {} : { refresh: resolved }),
			disableFeedback: 'all',
		};
	}
	const result = escalate(ports, ref, thread.ownerId, actor, await read(), { didntHelp: true });
	return { ...result, disableFeedback: 'pressed' };
}

/** `/doorman escalate`: a moderator hands the thread to the team. */
export async function escalateByModerator(
	ports: ThreadPorts,
	ref: ThreadRef,
	actor: Author,
	read: () => Promise<ThreadReading>,
): Promise<ThreadActionResult> {
	if (!actor.isModerator) return privately('Only moderators can escalate a thread.');
	const thread = ports.threads.get(ref.threadId);
	if (thread === null) return privately('I do not track this thread (is it a post in a watched forum?).');
	return escalate(ports, ref, thread.ownerId, actor, await read(), { byModerator: true });
}

function escalate(
	ports: ThreadPorts,
	ref: ThreadRef,
	ownerId: string,
	actor: Author,
	reading: ThreadReading,
	facts: { didntHelp?: boolean; byModerator?: boolean },
): ThreadActionResult {
	return ports.atomically(() => {
		const result = escalateThread(
			ports.escalations,
			{
				guildId: ref.guildId,
				threadId: ref.threadId,
				title: ref.title,
				ownerId,
				ownerName: actor.id === ownerId ? actor.name : ownerId,
				eventAt: ref.eventAt,
				actor: { id: actor.id, name: actor.name },
				...(ref.lang === undefined ? {} : { lang: ref.lang }),
			},
			reading,
			facts,
		);
		if (result.kind !== 'escalated') {
			return privately(t(ref.lang ?? 'en', 'feedback.alreadyWithTeam'));
		}
		const now = ports.clock.now();
		const thread = ports.threads.get(ref.threadId);
		if (thread !== null) saveThreadEvent(ports.threads, ref.threadId, thread, { kind: 'handed_off' }, actor.id, now);
		// In the same transaction as the escalation: the hand-off's reply is pending until Discord holds it.
		const post = ports.replies.recordIntent(ref.threadId, ref.eventId, INTERACTION_HANDOFF_KIND, result.userDraft, now);
		return {
			visibility: 'public',
			message: result.userDraft,
			state: 'escalated',
			escalation: { id: result.escalation.id, queue: result.queue },
			post,
		};
	});
}

/** `/doorman status` in a thread: its state and why the bot last did what it did. */
export function describeThread(ports: ThreadPorts, threadId: string, lang: PosterLanguage = 'en'): string {
	const thread = ports.threads.get(threadId);
	if (thread === null) return t(lang, 'mod.thread.notTracked');
	const last = ports.processed.lastOutcome(threadId);
	const lines = [
		t(lang, 'mod.thread.state', { state: t(lang, `mod.threadState.${thread.state}`) }),
		t(lang, 'mod.thread.muted', { muted: thread.muted ? 'yes' : 'no' }),
		t(lang, 'mod.thread.staff', { staff: thread.staffTookOver ? 'yes' : 'no' }),
		// The outcome is the ledger's code (`answered:…`), shown as recorded: it is what the logs and the report use.
		last === null
			? t(lang, 'mod.thread.lastNone')
			: t(lang, 'mod.thread.last', { outcome: last.outcome, when: `<t:${Math.floor(last.at / 1000)}:R>` }),
	];
	return lines.join('\n');
}
