import { type PosterLanguage, t as translate } from '../i18n/messages.js';
import type { VendorDirectory } from '../kb/vendors.js';
import { truncate } from '../message-text.js';
import { redactString } from '../triage/redact-secrets.js';
import type { ErrorBody, Triage } from '../triage/types.js';
import { resolveContact } from './contact.js';
import { composeHandoffNote, composeSupportEmail, composeUserDraft } from './email.js';
import { type DuplicateReason, decideEscalation, type EscalationFacts, type NoEscalationReason } from './policy.js';
import type { Clock, EscalationChanges, EscalationStore, Mailer, MailFailure, NewAuditEntry } from './ports.js';
import { MailSendError } from './ports.js';
import { buildQueueMessage, type QueueMessage } from './queue-message.js';
import { emailRecipients } from './recipients.js';
import {
	changesOf,
	EMAIL_LEASE_MS,
	emailBackoffMs,
	emailGate,
	isRetryableFailure,
	MAX_EMAIL_ATTEMPTS,
	type RefusalReason,
	transition,
} from './state.js';
import {
	buildSummary,
	type CauseGuess,
	type ConversationLine,
	formatConversation,
	type ThreadInfo,
} from './summary.js';
import { oneLine } from './text.js';
import {
	type Actor,
	type AuditEntry,
	type EscalationRecord,
	type EscalationStatus,
	type EscalationTrigger,
	isClosedStatus,
	type StatusAction,
	SYSTEM_ACTOR,
} from './types.js';

/** Escalations per page in `list` (Discord embeds and terminals both read well at this size). */
export const PAGE_SIZE = 10;

export interface EscalationServiceDeps {
	readonly store: EscalationStore;
	readonly clock: Clock;
	/** Absent or null when SMTP is not configured: no "Email support" button; the user's draft is the path. */
	readonly mailer?: Mailer | null;
	/**
	 * The community's own support desk (SUPPORT_EMAIL). Copied (Cc:) beside the acting party's documented address;
	 * the only recipient (To:) when the party documents no email address (only a web form, or nothing).
	 */
	readonly defaultSupportTo?: string | null;
	/** The vendor support records (`kb/vendors`), for the acting party's address or web form. */
	readonly vendors?: VendorDirectory;
	/** Reply-To of emails Doorman sends, so vendor replies reach the moderators. */
	readonly replyTo?: string | null;
	/** Community name used in the email's wording. */
	readonly community?: string;
	/**
	 * The moderators' language (MODERATOR_LANGUAGE): the queue message, its buttons and what a moderator's action
	 * answers. The vendor email stays English.
	 */
	readonly moderatorLanguage?: PosterLanguage;
}

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
	/** The poster's language: the hand-off message is in it; the queue and the vendor email stay English. */
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

export type ActionResult =
	| { readonly kind: 'ok'; readonly escalation: EscalationRecord; readonly queue: QueueMessage }
	| { readonly kind: 'not_found'; readonly message: string }
	| {
			readonly kind: 'refused';
			readonly reason: RefusalReason;
			/** Says where the escalation stands; the answer to a stale button. */
			readonly message: string;
			readonly escalation: EscalationRecord;
			readonly queue: QueueMessage;
	  };

export type EmailResult =
	| {
			readonly kind: 'sent';
			readonly escalation: EscalationRecord;
			readonly messageId: string;
			readonly queue: QueueMessage;
	  }
	| {
			readonly kind: 'failed';
			readonly escalation: EscalationRecord;
			readonly failure: MailFailure;
			readonly retryAt: number;
			readonly queue: QueueMessage;
	  }
	| { readonly kind: 'not_configured'; readonly message: string }
	| Exclude<ActionResult, { kind: 'ok' }>;

export interface EscalationPage {
	readonly items: readonly EscalationRecord[];
	/** 1-based. */
	readonly page: number;
	readonly pageCount: number;
	readonly total: number;
	readonly status: EscalationStatus | null;
}

export interface EscalationDetails {
	readonly escalation: EscalationRecord;
	readonly audit: readonly AuditEntry[];
	readonly queue: QueueMessage;
}

/** What a send cut short by the process's death is recorded as. */
const INTERRUPTED_SEND: MailFailure = {
	code: 'INTERRUPTED',
	responseCode: null,
	message:
		'the bot stopped during the send, so it may have gone out: check the support inbox before pressing Retry email',
	retryable: false,
};

/**
 * The left part of the email's Message-ID, fixed per escalation: every send of it (a moderator's retry after an
 * interrupted send) carries the same id, which mail systems use to drop a duplicate.
 */
export const emailMessageIdKey = (e: EscalationRecord): string =>
	`doorman-escalation-${e.id}-${e.createdAt}.${e.threadId}`;

const notFound = (id: number, lang: PosterLanguage): ActionResult => ({
	kind: 'not_found',
	message: translate(lang, 'mod.noEscalation', { id: String(id) }),
});

const failureFromError = (error: unknown): MailFailure =>
	error instanceof MailSendError
		? error.toFailure()
		: {
				code: 'UNKNOWN',
				responseCode: null,
				message: error instanceof Error ? error.message : String(error),
				retryable: true,
			};

/** The escalation use case over its ports. Permission checks are the caller's (see `canModerate`). */
export function escalationService(deps: EscalationServiceDeps) {
	const { store, clock } = deps;
	const mailer = deps.mailer ?? null;
	const desk = deps.defaultSupportTo ?? null;
	const vendors: VendorDirectory = deps.vendors ?? new Map();
	const lang = deps.moderatorLanguage ?? 'en';
	const queueOf = (e: EscalationRecord): QueueMessage =>
		buildQueueMessage(e, { emailConfigured: mailer !== null, desk, lang });
	const audit = (actor: Actor, action: NewAuditEntry['action'], detail: string | null): NewAuditEntry => ({
		actor: { id: actor.id, name: truncate(oneLine(actor.name), 100) },
		action,
		detail: detail === null ? null : truncate(redactString(detail), 500),
	});

	/**
	 * Reads, decides and saves with the record's revision; if another writer got there first, reads
	 * again and re-decides (a second moderator's press then sees the new state).
	 */
	function mutate(
		id: number,
		decide: (
			e: EscalationRecord,
			now: number,
		) =>
			| { ok: true; changes: EscalationChanges; audit: NewAuditEntry | null }
			| { ok: false; reason: RefusalReason; message: string },
	): ActionResult {
		for (let attempt = 0; attempt < 5; attempt += 1) {
			const current = store.get(id);
			if (current === null) return notFound(id, lang);
			const now = clock.now();
			const decision = decide(current, now);
			if (!decision.ok) {
				return {
					kind: 'refused',
					reason: decision.reason,
					message: decision.message,
					escalation: current,
					queue: queueOf(current),
				};
			}
			const saved = store.save(id, decision.changes, current.revision, decision.audit, now);
			if (saved !== null) return { kind: 'ok', escalation: saved, queue: queueOf(saved) };
		}
		throw new Error(`escalation #${id} kept changing under us; giving up after 5 attempts`);
	}

	function moderate(id: number, action: StatusAction, actor: Actor, note?: string | null): ActionResult {
		return mutate(id, (e, now) => {
			if (action === 'reopen') {
				const latest = store.latestForThread(e.threadId);
				if (latest !== null && latest.id !== e.id) {
					return {
						ok: false,
						reason: 'SUPERSEDED',
						message: translate(lang, 'mod.superseded', { id: String(e.id), latest: String(latest.id) }),
					};
				}
			}
			const next = transition(e, action, actor, now, note, lang);
			return next.ok ? { ok: true, changes: next.changes, audit: audit(actor, next.action, next.detail) } : next;
		});
	}

	/** Records a successful send (Message-ID and time); the escalation can never be emailed again. */
	function markEmailed(id: number, messageId: string, actor: Actor = SYSTEM_ACTOR): ActionResult {
		return mutate(id, (e, now) => {
			if (e.emailMessageId !== null) {
				return {
					ok: false,
					reason: 'ALREADY_SENT',
					message: translate(lang, 'mod.alreadyEmailed', { id: String(e.id) }),
				};
			}
			const status = e.status === 'open' || e.status === 'claimed' ? 'emailed' : e.status;
			return {
				ok: true,
				changes: {
					...changesOf(e),
					status,
					emailMessageId: messageId,
					emailSentAt: now,
					emailInFlightSince: null,
					nextEmailAttemptAt: null,
					emailLastError: null,
					emailFailureCode: null,
				},
				audit: audit(
					actor,
					'emailed',
					`to ${emailRecipients(e, desk)?.to ?? e.supportTo ?? '?'}; Message-ID ${messageId}`,
				),
			};
		});
	}

	/** Records a failed send and schedules the next try: 1 min × 2^(n−1), capped at 1 h. */
	function recordEmailFailure(id: number, failure: MailFailure, actor: Actor = SYSTEM_ACTOR): ActionResult {
		return mutate(id, (e, now) => {
			if (e.emailMessageId !== null) {
				return {
					ok: false,
					reason: 'ALREADY_SENT',
					message: translate(lang, 'mod.alreadyEmailed', { id: String(e.id) }),
				};
			}
			// A failure reported without a send under way still counts as an attempt.
			const attempts = e.emailInFlightSince === null ? e.emailAttempts + 1 : e.emailAttempts;
			const retryAt = now + emailBackoffMs(attempts);
			const code = failure.responseCode === null ? failure.code : `${failure.code} ${failure.responseCode}`;
			const message = truncate(oneLine(redactString(failure.message)), 300);
			return {
				ok: true,
				changes: {
					...changesOf(e),
					emailAttempts: attempts,
					emailLastError: `${code}: ${message}`,
					emailFailureCode: failure.code,
					emailInFlightSince: null,
					nextEmailAttemptAt: retryAt,
				},
				audit: audit(actor, 'email_failed', `attempt ${attempts}, ${code}: ${message}`),
			};
		});
	}

	/**
	 * Records a send the process's death cut short. Unlike a failure it sets no next attempt: nothing retries it on its
	 * own, and "Retry email" is open to a moderator at once.
	 */
	function recordInterruptedSend(id: number): ActionResult {
		return mutate(id, (e) => {
			if (e.emailMessageId !== null) {
				return {
					ok: false,
					reason: 'ALREADY_SENT',
					message: translate(lang, 'mod.alreadyEmailed', { id: String(e.id) }),
				};
			}
			const detail = `${INTERRUPTED_SEND.code}: ${INTERRUPTED_SEND.message}`;
			return {
				ok: true,
				changes: {
					...changesOf(e),
					emailLastError: detail,
					emailFailureCode: INTERRUPTED_SEND.code,
					emailInFlightSince: null,
					nextEmailAttemptAt: null,
				},
				audit: audit(SYSTEM_ACTOR, 'email_failed', `attempt ${e.emailAttempts}, ${detail}`),
			};
		});
	}

	/**
	 * Sends the stored support email once: takes a send lease (so a second press or process waits),
	 * sends through the Mailer, then records the Message-ID or the failure with its back-off.
	 */
	async function sendEmail(id: number, actor: Actor): Promise<EmailResult> {
		if (mailer === null) {
			return {
				kind: 'not_configured',
				message: translate(lang, 'mod.emailNotConfigured'),
			};
		}
		let to = '';
		let cc: string | null = null;
		const began = mutate(id, (e, now) => {
			const recipients = emailRecipients(e, desk);
			const gate = emailGate(e, recipients?.to ?? null, now, lang);
			if (!gate.ok) return gate;
			to = gate.to;
			cc = recipients?.cc ?? null;
			return {
				ok: true,
				changes: { ...changesOf(e), emailInFlightSince: now, emailAttempts: e.emailAttempts + 1 },
				audit: null,
			};
		});
		if (began.kind !== 'ok') return began;
		const e = began.escalation;
		try {
			const replyTo = deps.replyTo ?? null;
			const copy: string | null = cc;
			const sent = await mailer.send({
				messageIdKey: emailMessageIdKey(e),
				to,
				subject: e.emailSubject,
				text: e.emailBody,
				...(copy === null ? {} : { cc: copy }),
				...(replyTo === null ? {} : { replyTo }),
			});
			const marked = markEmailed(id, sent.messageId, actor);
			if (marked.kind !== 'ok') return marked;
			return { kind: 'sent', escalation: marked.escalation, messageId: sent.messageId, queue: marked.queue };
		} catch (error) {
			const failure = failureFromError(error);
			const recorded = recordEmailFailure(id, failure, actor);
			if (recorded.kind !== 'ok') return recorded;
			const retryAt = recorded.escalation.nextEmailAttemptAt ?? clock.now();
			return { kind: 'failed', escalation: recorded.escalation, failure, retryAt, queue: recorded.queue };
		}
	}

	return {
		/** Whether "Email support" is available at all (SMTP configured); each escalation also needs an address. */
		emailConfigured: mailer !== null,

		/**
		 * Escalates if a trigger fires, once per thread episode. Concurrent calls for the same episode
		 * create one escalation (the database's UNIQUE (thread_id, episode) decides); the others get
		 * `duplicate`.
		 */
		escalate(input: EscalateInput): EscalateResult {
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
				vendors,
				desk,
			);
			const summary = { ...facts, contact };
			const supportTo = contact.to;
			const email = composeSupportEmail(summary, {
				voice: 'team',
				...(deps.community === undefined ? {} : { community: deps.community }),
			});
			const now = clock.now();
			const created = store.create(
				{
					threadId: input.thread.threadId,
					episode: decision.episode,
					trigger: decision.trigger,
					cause: summary.cause?.id ?? null,
					confidence: summary.cause?.confidence ?? null,
					summary,
					conversation: formatConversation(input.conversation ?? []),
					supportTo,
					emailSubject: email.subject,
					emailBody: email.body,
				},
				audit(input.actor ?? SYSTEM_ACTOR, 'escalated', `trigger ${decision.triggers.join(', ')}`),
				now,
			);
			if (created === null) {
				const winner = store.latestForThread(input.thread.threadId);
				if (winner === null)
					throw new Error(`escalation for thread ${input.thread.threadId} vanished after a conflict`);
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
				queue: queueOf(created),
			};
		},

		/**
		 * Resolves the thread's escalation if one is still open (the owner marked the thread solved). Returns the
		 * resolved escalation and its queue message, or null when nothing was open.
		 */
		resolveOpenForThread(
			threadId: string,
			actor: Actor,
			note: string,
		): { readonly id: number; readonly queue: QueueMessage } | null {
			const latest = store.latestForThread(threadId);
			if (latest === null || isClosedStatus(latest.status)) return null;
			const result = moderate(latest.id, 'resolve', actor, note);
			return result.kind === 'ok' ? { id: result.escalation.id, queue: result.queue } : null;
		},

		claim: (id: number, actor: Actor): ActionResult => moderate(id, 'claim', actor),
		resolve: (id: number, actor: Actor, note?: string | null): ActionResult => moderate(id, 'resolve', actor, note),
		dismiss: (id: number, actor: Actor, note?: string | null): ActionResult => moderate(id, 'dismiss', actor, note),
		reopen: (id: number, actor: Actor, note?: string | null): ActionResult => moderate(id, 'reopen', actor, note),

		/** Audits an "Unmute bot" press; the caller unmutes the thread. */
		recordUnmute(id: number, actor: Actor): ActionResult {
			return mutate(id, (e) => ({ ok: true, changes: changesOf(e), audit: audit(actor, 'unmuted', null) }));
		},

		/** Remembers the moderators' channel message that shows this escalation (no audit row). */
		setModMessage(id: number, messageId: string): ActionResult {
			return mutate(id, (e) => ({ ok: true, changes: { ...changesOf(e), modMessageId: messageId }, audit: null }));
		},

		markEmailed,
		recordEmailFailure,
		sendEmail,

		/**
		 * Retries sends whose back-off has passed, for failures that can clear up on their own, up to
		 * MAX_EMAIL_ATTEMPTS. Call it from a timer; sends run one after another.
		 */
		async retryDueEmails(limit = 5): Promise<EmailResult[]> {
			const now = clock.now();
			const due = store
				.listEmailDue(now, limit * 4)
				.filter((e) => isRetryableFailure(e.emailFailureCode) && e.emailAttempts < MAX_EMAIL_ATTEMPTS)
				.filter((e) => e.emailInFlightSince === null || now - e.emailInFlightSince >= EMAIL_LEASE_MS)
				.slice(0, limit);
			const results: EmailResult[] = [];
			for (const e of due) results.push(await sendEmail(e.id, SYSTEM_ACTOR));
			return results;
		},

		/**
		 * The side effects of hand-offs that a process started before `startedAt` did not finish: escalations with no
		 * queue message yet (to post), and email sends cut short (the process died mid-send). Whether such an email went
		 * out is unknown, so it is recorded as INTERRUPTED and never sent again on its own: a moderator checks and
		 * presses "Retry email" (which reuses the Message-ID, so a mail system can drop a second copy).
		 */
		settleUnfinished(
			startedAt: number,
			limit = 100,
		): {
			readonly unposted: readonly { readonly id: number; readonly queue: QueueMessage }[];
			readonly interrupted: readonly { readonly id: number; readonly queue: QueueMessage }[];
		} {
			const unposted: { id: number; queue: QueueMessage }[] = [];
			const interrupted: { id: number; queue: QueueMessage }[] = [];
			for (const e of store.listUnfinished(startedAt, limit)) {
				let current = e;
				if (e.emailMessageId === null && e.emailInFlightSince !== null && e.emailInFlightSince < startedAt) {
					const recorded = recordInterruptedSend(e.id);
					if (recorded.kind === 'ok') {
						current = recorded.escalation;
						if (current.modMessageId !== null) interrupted.push({ id: e.id, queue: recorded.queue });
					}
				}
				if (current.modMessageId === null && current.createdAt < startedAt)
					unposted.push({ id: e.id, queue: queueOf(current) });
			}
			return { unposted, interrupted };
		},

		/** A page of escalations, newest first, PAGE_SIZE per page; `page` is 1-based. */
		list(status?: EscalationStatus | null, page = 1): EscalationPage {
			const total = store.count(status ?? undefined);
			const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE));
			const p = Math.max(1, Math.floor(page));
			const items = store.list({
				...(status === null || status === undefined ? {} : { status }),
				limit: PAGE_SIZE,
				offset: (p - 1) * PAGE_SIZE,
			});
			return { items, page: p, pageCount, total, status: status ?? null };
		},

		/** One escalation with its audit trail, or null for an unknown id. */
		show(id: number): EscalationDetails | null {
			const escalation = store.get(id);
			if (escalation === null) return null;
			return { escalation, audit: store.listAudit(id), queue: queueOf(escalation) };
		},

		/** The queue message for an escalation's current state. */
		queueMessage: queueOf,
	};
}

export type EscalationService = ReturnType<typeof escalationService>;
