import type { Client, ThreadChannel } from 'discord.js';
import type { BotMetrics } from '../bot-metrics.js';
import type { EscalationService } from '../escalation/service.js';
import type { PosterLanguage } from '../i18n/messages.js';
import type { Logger } from '../log.js';
import type { IncomingMessage } from '../model.js';
import type { Advisor } from '../thread/advice.js';
import type { GapReport, ReportLog } from '../thread/gap-report.js';
import type { CauseLearning } from '../thread/learn.js';
import type { AnswerPathLog, ThreadPorts } from '../thread/ports.js';
import { threadLanguageOf } from '../thread/thread-language.js';
import type { DiscordEffectLog } from './discord-effects.js';
import { keyRemover } from './exposed-keys.js';
import { ForumTagger, type TagNames } from './forum-tags.js';
import type { RoleConfig } from './interaction-common.js';
import { KeyedQueue } from './keyed-queue.js';
import { ModeratorQueue } from './moderator-queue.js';
import { StorageFaultNotices } from './storage-notices.js';
import type { ImageReader, ReadOptions } from './to-incoming.js';
import { TriageTurns } from './triage-turns.js';

export interface BotOptions {
	readonly forumChannelIds: readonly string[];
	/** Text channel for the moderators' escalation queue; null: no queue messages. */
	readonly moderatorChannelId: string | null;
	/** The reply language when a thread's posts do not tell (DEFAULT_LANGUAGE); English when absent. */
	readonly defaultLanguage?: PosterLanguage;
	/** What moderators read (MODERATOR_LANGUAGE): the storage notice, `/escalations`, `/doorman status`; English when absent. */
	readonly moderatorLanguage?: PosterLanguage;
	/** Guild for slash-command registration; null registers them globally (slower to appear). */
	readonly guildId: string | null;
	readonly roles: RoleConfig;
	readonly tags: TagNames;
	readonly attachmentMaxBytes: number;
	/**
	 * Threads the bot never handled are taken up (catch-up, or a later message in them) only when created at or after
	 * this time: its first start less CATCH_UP_WINDOW_HOURS. Absent: every thread (tests that start mid-forum).
	 */
	readonly catchUpCutoff?: number;
	/**
	 * On stop, how long in-flight work may finish; what is still running then stays pending in the store (reply
	 * intents, queue messages, email leases) and the next start completes it. @defaultValue 8000
	 */
	readonly stopGraceMs?: number;
}

/** What a stop left: threads whose work was still running at the end of the grace period (0: all finished). */
export interface StopReport {
	readonly unfinished: number;
}

export interface BotDeps {
	readonly client: Client;
	readonly ports: ThreadPorts;
	readonly escalations: EscalationService;
	readonly advisor: Advisor;
	readonly metrics: BotMetrics;
	/** Which path produced each answer (`kb`, `llm-phrased`, `llm-assisted`), shown by `/doorman status`. */
	readonly answerPaths: AnswerPathLog;
	readonly logger: Logger;
	readonly options: BotOptions;
	/** Reads text from screenshots (OCR); null or absent: images are noted as unread and the text asked for. */
	readonly images?: ImageReader | null;
	/** Where confirmed causes become community cases; absent: nothing is learned. */
	readonly learning?: CauseLearning | null;
	/** The knowledge-gap report's logs (the entry behind each answer, the posters' feedback); absent: not kept. */
	readonly reportLog?: ReportLog | null;
	/** The knowledge-gap report for `/doorman report`. */
	readonly report?: ((since: number) => GapReport) | null;
	/** Where tag changes and key removals are recorded before Discord is called; absent: a restart cannot finish them. */
	readonly effects?: DiscordEffectLog | null;
}

export interface RunningBot {
	/** For /healthz: the gateway is connected and when the last event arrived. */
	isConnected(): boolean;
	lastEventAt(): number | null;
	/** Resolves when every event received so far has been handled. */
	idle(): Promise<void>;
	/** Stops taking events, lets in-flight work finish within the grace period, then disconnects. */
	stop(): Promise<StopReport>;
}

/** Where the bot is in its life: set by `stop`, read by every handler. */
export interface Lifecycle {
	/** No new event is taken. */
	stopping: boolean;
	/** The stop's grace period ran out: a handler still waiting on Discord is cut short (its work is pending). */
	cutShort: boolean;
}

/** What the event handlers of one running bot share: its dependencies and the parts built once at start. */
export interface BotContext extends BotDeps {
	readonly images: ImageReader | null;
	readonly effects: DiscordEffectLog | null;
	readonly lifecycle: Lifecycle;
	/** One queue per thread (and per interaction, email retry): a thread's events are handled in order. */
	readonly queue: KeyedQueue;
	/** One thread's heavy post (many triage passes) must not hold up another thread's answer for more than one pass. */
	readonly triageTurns: TriageTurns;
	readonly tagger: ForumTagger;
	readonly forums: ReadonlySet<string>;
	readonly queueChannel: ModeratorQueue;
	readonly storageNotices: StorageFaultNotices;
	readonly removeExposedKey: ReturnType<typeof keyRemover>['removeExposedKey'];
	/** Tells the moderators of a key removal an earlier run recorded that this one cannot reach. */
	readonly reportUnreachableKey: ReturnType<typeof keyRemover>['reportUnreachable'];
	/** Whether a thread is a post in one of the watched forums. */
	isWatched(thread: ThreadChannel | null): thread is ThreadChannel;
	/** How `toIncoming` reads a message (roles, attachment limit, the bot's own id, OCR). */
	readOptions(): ReadOptions;
	/**
	 * A thread's language outside `handleMessage`: the owner's kept posts, and `incoming` when it is theirs and not
	 * kept yet. The default when the store cannot be read (this also speaks when the database fails).
	 */
	languageOfThread(threadId: string, title: string, incoming: IncomingMessage | null): PosterLanguage;
}

export function createBotContext(deps: BotDeps): BotContext {
	const { client, ports, logger, options, escalations } = deps;
	const images = deps.images ?? null;
	const languageOfThread = (threadId: string, title: string, incoming: IncomingMessage | null): PosterLanguage => {
		const fallback = options.defaultLanguage ?? 'en';
		try {
			return threadLanguageOf(ports, { threadId, title }, fallback, incoming);
		} catch {
			return fallback;
		}
	};
	const forums = new Set(options.forumChannelIds);
	const effects = deps.effects ?? null;
	const lifecycle: Lifecycle = { stopping: false, cutShort: false };
	const keys = keyRemover({
		client,
		logger,
		moderatorChannelId: options.moderatorChannelId,
		moderatorLanguage: options.moderatorLanguage ?? 'en',
		languageOf: (incoming) => languageOfThread(incoming.threadId, incoming.threadTitle, incoming),
		effects,
		now: () => ports.clock.now(),
		isCutShort: () => lifecycle.cutShort,
	});
	return {
		...deps,
		images,
		effects,
		lifecycle,
		queue: new KeyedQueue(),
		triageTurns: new TriageTurns(),
		tagger: new ForumTagger(options.tags, logger),
		forums,
		queueChannel: new ModeratorQueue(client, escalations, options.moderatorChannelId, logger),
		storageNotices: new StorageFaultNotices(
			client,
			options.moderatorChannelId,
			logger,
			options.moderatorLanguage ?? 'en',
		),
		removeExposedKey: keys.removeExposedKey,
		reportUnreachableKey: keys.reportUnreachable,
		isWatched: (thread): thread is ThreadChannel =>
			thread !== null && thread.parentId !== null && forums.has(thread.parentId),
		readOptions: () => ({
			roles: options.roles,
			maxAttachmentBytes: options.attachmentMaxBytes,
			botUserId: client.user?.id ?? '',
			images,
		}),
		languageOfThread,
	};
}
