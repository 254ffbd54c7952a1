import { type Client, type GuildMember, MessageFlags } from 'discord.js';
import type { EscalationService } from '../escalation/service.js';
import { type PosterLanguage, posterLanguageOf, t } from '../i18n/messages.js';
import type { Logger } from '../log.js';
import type { Author } from '../model.js';
import type { Advisor } from '../thread/advice.js';
import type { GapReport, ReportLog } from '../thread/gap-report.js';
import type { CauseLearning } from '../thread/learn.js';
import type { AnswerPathLog, ReplyIntent, ThreadPorts } from '../thread/ports.js';
import type { ThreadState } from '../thread/state.js';
import type { OwnerThread } from '../thread/thread-text.js';
import type { ModeratorQueue } from './moderator-queue.js';

/** What the slash-command and button handlers (interactions.ts, escalation-interactions.ts) share. */
export interface InteractionDeps {
	readonly client: Client;
	readonly ports: ThreadPorts;
	readonly escalations: EscalationService;
	readonly queue: ModeratorQueue;
	readonly advisor: Advisor;
	readonly answerPaths: AnswerPathLog;
	readonly logger: Logger;
	readonly roles: RoleConfig;
	/** What moderators read (MODERATOR_LANGUAGE): `/escalations`, `/doorman status`, the resolve menu and form. */
	readonly moderatorLanguage: PosterLanguage;
	/** Whether screenshots are read here (OCR), for `/doorman status`; absent: not shown. */
	readonly ocrStatus?: () => { readonly available: boolean; readonly detail: string };
	/** Posts a reply intent from the ledger in a thread (with its nonce) and marks it sent; a failure leaves it pending. */
	readonly sendReply: (threadId: string, intent: ReplyIntent, ref: string) => Promise<void>;
	/** Sets the forum tag after a state change made by a button or command. */
	readonly applyState: (threadId: string, state: ThreadState, ref: string) => Promise<void>;
	/**
	 * Runs each interaction's work under a key, so `idle()` also waits for deferred answers, tags and queue messages.
	 * @defaultValue run at once, untracked
	 */
	readonly track?: (key: string, work: () => Promise<void>) => Promise<void>;
	/** Every owner message of a thread up to now and the bot's last answer in it, read when escalating. */
	readonly loadOwnerThread: (threadId: string) => Promise<OwnerThread | null>;
	/** Where confirmed causes are learned as community cases; absent: nothing is learned. */
	readonly learning?: CauseLearning | null;
	/** The knowledge-gap report's logs; absent: feedback is not logged for it. */
	readonly reportLog?: ReportLog | null;
	/** The knowledge-gap report for threads created from `since` (ms) on; absent: `/doorman report` is unavailable. */
	readonly report?: ((since: number) => GapReport) | null;
}

export interface RoleConfig {
	readonly moderatorRoleIds: readonly string[];
	readonly helperRoleIds: readonly string[];
}

/** A refusal goes to someone who is not a moderator: in their own Discord language, not the moderators'. */
export const refusalFor = (locale: string): string => t(posterLanguageOf(locale) ?? 'en', 'mod.refusal');

/** Replies only the presser sees, never pinging anyone. */
export const EPHEMERAL = { flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } } as const;

/** Moderator: a configured moderator role or Manage Threads. Staff: moderators and helpers. */
export function memberAuthor(member: GuildMember, roles: RoleConfig): Author {
	const hasRole = (ids: readonly string[]) => ids.some((id) => member.roles.cache.has(id));
	const isModerator = hasRole(roles.moderatorRoleIds) || member.permissions.has('ManageThreads');
	return {
		id: member.id,
		name: member.displayName,
		isBot: member.user.bot,
		isModerator,
		isStaff: isModerator || hasRole(roles.helperRoleIds),
	};
}
