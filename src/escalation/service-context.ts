import { type PosterLanguage, t } from '../i18n/messages.js';
import type { VendorDirectory } from '../kb/vendors.js';
import { truncate } from '../message-text.js';
import { redactString } from '../triage/redact-secrets.js';
import type { Clock, EscalationChanges, EscalationStore, Mailer, NewAuditEntry } from './ports.js';
import { buildQueueMessage, type QueueMessage } from './queue-message.js';
import type { RefusalReason } from './state.js';
import { oneLine } from './text.js';
import type { Actor, EscalationRecord } from './types.js';

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

/** The deps with their defaults filled in, shared by the service's verbs (create, moderate, email, queries). */
export interface ServiceContext {
	readonly store: EscalationStore;
	readonly clock: Clock;
	readonly mailer: Mailer | null;
	/** The community's support desk, or null. */
	readonly desk: string | null;
	readonly vendors: VendorDirectory;
	readonly replyTo: string | null;
	readonly community?: string;
	/** The moderators' language: the queue message and the answers to their actions. */
	readonly lang: PosterLanguage;
	/** The moderators' queue message for an escalation's current state. */
	readonly queueOf: (e: EscalationRecord) => QueueMessage;
}

export function serviceContext(deps: EscalationServiceDeps): ServiceContext {
	const mailer = deps.mailer ?? null;
	const desk = deps.defaultSupportTo ?? null;
	const lang = deps.moderatorLanguage ?? 'en';
	return {
		store: deps.store,
		clock: deps.clock,
		mailer,
		desk,
		vendors: deps.vendors ?? new Map(),
		replyTo: deps.replyTo ?? null,
		...(deps.community === undefined ? {} : { community: deps.community }),
		lang,
		queueOf: (e) => buildQueueMessage(e, { emailConfigured: mailer !== null, desk, lang }),
	};
}

/** An audit row with the actor's name on one line and the detail redacted, both bounded. */
export const auditEntry = (actor: Actor, action: NewAuditEntry['action'], detail: string | null): NewAuditEntry => ({
	actor: { id: actor.id, name: truncate(oneLine(actor.name), 100) },
	action,
	detail: detail === null ? null : truncate(redactString(detail), 500),
});

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

/** What a change decides from the current record: the changes and their audit row, or why not. */
export type ChangeDecision =
	| { ok: true; changes: EscalationChanges; audit: NewAuditEntry | null }
	| { ok: false; reason: RefusalReason; message: string };

const MAX_ATTEMPTS = 5;

const notFound = (id: number, lang: PosterLanguage): ActionResult => ({
	kind: 'not_found',
	message: t(lang, 'mod.noEscalation', { id: String(id) }),
});

/**
 * Reads, decides and saves with the record's revision; if another writer got there first, reads
 * again and re-decides (a second moderator's press then sees the new state).
 */
export function mutate(
	ctx: ServiceContext,
	id: number,
	decide: (e: EscalationRecord, now: number) => ChangeDecision,
): ActionResult {
	for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
		const current = ctx.store.get(id);
		if (current === null) return notFound(id, ctx.lang);
		const now = ctx.clock.now();
		const decision = decide(current, now);
		if (!decision.ok) {
			return {
				kind: 'refused',
				reason: decision.reason,
				message: decision.message,
				escalation: current,
				queue: ctx.queueOf(current),
			};
		}
		const saved = ctx.store.save(id, decision.changes, current.revision, decision.audit, now);
		if (saved !== null) return { kind: 'ok', escalation: saved, queue: ctx.queueOf(saved) };
	}
	throw new Error(`escalation #${id} kept changing under us; giving up after ${MAX_ATTEMPTS} attempts`);
}
