import type { EscalationService } from '../escalation/service.js';
import type { Actor } from '../escalation/types.js';
import type { ConfirmedCause } from '../kb/community-case.js';
import { type CauseLearning, learnFromConfirmation } from './learn.js';
import { type ModerationOutcome, moderate } from './moderation.js';
import type { ThreadPorts } from './ports.js';
import type { OwnerThread } from './thread-text.js';

export interface ResolveWithCauseDeps {
	readonly ports: ThreadPorts;
	readonly escalations: EscalationService;
	/** Null where nothing is learned (no store composed). */
	readonly learning: CauseLearning | null;
	/** The owner's messages of a thread, as stored or fetched. */
	readonly loadOwnerThread: (threadId: string) => Promise<OwnerThread | null>;
}

export interface ResolvedWithCause extends ModerationOutcome {
	/** The community case stored, when the escalation was resolved and a store is composed. */
	readonly learned: { readonly id: number; readonly learned: boolean } | null;
}

/**
 * Resolves an escalation with the cause a moderator confirmed (button, slash command or CLI alike): the escalation
 * and the thread close as with Resolve, and the thread's report becomes a community case with that cause.
 */
export async function resolveWithCause(
	deps: ResolveWithCauseDeps,
	escalationId: number,
	actor: Actor,
	confirmed: ConfirmedCause,
	note: string | null,
): Promise<ResolvedWithCause> {
	// The escalation keeps the moderator's note as written; the cause is recorded with the community case.
	const outcome = await moderate(deps.ports, deps.escalations, 'resolve', escalationId, actor, note);
	const { result } = outcome;
	if (result.kind !== 'ok' || deps.learning === null) return { ...outcome, learned: null };
	const e = result.escalation;
	const owner = await deps.loadOwnerThread(e.threadId);
	const learned = learnFromConfirmation(deps.learning, {
		source: e.summary.threadLink,
		threadId: e.threadId,
		escalationId: e.id,
		confirmed,
		entry: null,
		confirmedBy: 'moderator',
		actor,
		note,
		owner,
	});
	return { ...outcome, learned };
}
