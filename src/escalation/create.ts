import type { PosterLanguage } from '../i18n/messages.js';
import type { ErrorBody, Triage } from '../triage/types.js';
import { resolveContact } from './contact.js';
import { composeHandoffNote, composeSupportEmail, composeUserDraft } from './email.js';
import { type DuplicateReason, decideEscalation, type EscalationFacts, type NoEscalationReason } from './policy.js';
import type { QueueMessage } from './queue-message.js';
import { auditEntry, type ServiceContext } from './service-context.js';
import {
	buildSummary,
	type CauseGuess,
	type ConversationLine,
	formatConversation,
	type ThreadInfo,
} from './summary.js';
import { type Actor, type EscalationRecord, type EscalationTrigger, SYSTEM_ACTOR } from './types.js';

export interface EscalateInput {
	readonly thread: ThreadInfo;
	readonly facts: EscalationFacts;
	/** When the triggering event happened (message time or button press), ms since the epoch. */
	readonly eventAt: number;
	/** The triage of every owner message up to the hand-off, read together. */
	readonly triage: Triage | null;
	/** The cause the bot answered (its last answer), or its best guess when it never answered. */
	readonly cause: CauseGuess | null;
	/** The `providers` of the KB entry behind `cause`, used to find the vendor when the route is unknown. */
	readonly providers?: readonly string[];
	/** The error triage found in each owner message on its own, oldest first (see `buildSummary`). */
	readonly errors?: readonly (ErrorBody | null)[];
	readonly conversation?: readonly ConversationLine[];
	/** The poster's first post as written (redacted in the summary). */
	readonly posterWords?: string | null;
	readonly tried?: readonly string[];
	/** Who triggered it, for the audit (the owner, a moderator); the bot itself by default. */
	readonly actor?: Actor;
	/**
	 * The poster's language: the hand-off message is in it. The queue follows MODERATOR_LANGUAGE; the vendor email
	 * stays English.
	 */
	readonly posterLanguage?: PosterLanguage;
}

export type EscalateResult =
	| {
			readonly kind: 'escalated';
			readonly escalation: EscalationRecord;
			readonly triggers: readonly EscalationTrigger[];
			/** The poster's ready-to-send email, one Discord message. */
			readonly userDraft: string;
			readonly queue: QueueMessage;
	  }
	| { readonly kind: 'duplicate'; readonly reason: DuplicateReason; readonly escalation: EscalationRecord }
	| { readonly kind: 'none'; readonly reason: NoEscalationReason };

/**
 * Escalates if a trigger fires, once per thread episode. Concurrent calls for the same episode
 * create one escalation (the database's UNIQUE (thread_id, episode) decides); the others get
 * `duplicate`.
 */
export function escalate(ctx: ServiceContext, input: EscalateInput): EscalateResult {
	const { store } = ctx;
	const latest = store.latestForThread(input.thread.threadId);
	const decision = decideEscalation({ facts: input.facts, latest, eventAt: input.eventAt });
	if (decision.kind === 'none') return decision;
	if (decision.kind === 'duplicate' && latest !== null) {
		return { kind: 'duplicate', reason: decision.reason, escalation: latest };
	}
	if (decision.kind === 'duplicate') throw new Error('a duplicate decision needs an earlier escalation');
	const facts = buildSummary({
		thread: input.thread,
		triage: input.triage,
		cause: input.cause,
		...(input.tried === undefined ? {} : { tried: input.tried }),
		...(input.errors === undefined ? {} : { errors: input.errors }),
		// The people who act read the poster's own words, whatever language the thread speaks.
		posterWords: input.posterWords ?? null,
	});
	const contact = resolveContact(
		{
			route: facts.route,
			providerNames: [input.triage?.error?.providerError?.providerName, facts.error?.provider],
			model: facts.model,
			entryProviders: input.providers ?? [],
		},
		ctx.vendors,
		ctx.desk,
	);
	const summary = { ...facts, contact };
	const email = composeSupportEmail(summary, {
		voice: 'team',
		...(ctx.community === undefined ? {} : { community: ctx.community }),
	});
	const created = store.create(
		{
			threadId: input.thread.threadId,
			episode: decision.episode,
			trigger: decision.trigger,
			cause: summary.cause?.id ?? null,
			confidence: summary.cause?.confidence ?? null,
			summary,
			conversation: formatConversation(input.conversation ?? []),
			supportTo: contact.to,
			emailSubject: email.subject,
			emailBody: email.body,
		},
		auditEntry(input.actor ?? SYSTEM_ACTOR, 'escalated', `trigger ${decision.triggers.join(', ')}`),
		ctx.clock.now(),
	);
	if (created === null) {
		const winner = store.latestForThread(input.thread.threadId);
		if (winner === null) throw new Error(`escalation for thread ${input.thread.threadId} vanished after a conflict`);
		return { kind: 'duplicate', reason: 'ALREADY_ESCALATED', escalation: winner };
	}
	return {
		kind: 'escalated',
		escalation: created,
		triggers: decision.triggers,
		// Asked for a person with no error to report (none, or only a status such as "403 Forbidden" that triage
		// still asks the body for): a short hand-off note, not a near-empty vendor draft.
		userDraft:
			decision.trigger === 'asked_for_human' && (summary.error === null || summary.missing.includes('error_body'))
				? composeHandoffNote(summary, input.posterLanguage)
				: composeUserDraft(summary, undefined, input.posterLanguage),
		queue: ctx.queueOf(created),
	};
}
