import {
	ActionRowBuilder,
	type ButtonBuilder,
	type Client,
	Events,
	type Message,
	RESTEvents,
	Status,
	type ThreadChannel,
} from 'discord.js';
import type { EscalationService } from '../escalation/service.js';
import { answerLanguage, detectLanguage, threadLanguage } from '../i18n/detect.js';
import { type PosterLanguage, t } from '../i18n/messages.js';
import { type Logger, newRef } from '../log.js';
import type { IncomingMessage } from '../model.js';
import type { Advisor } from '../thread/advice.js';
import { parseRepost } from '../thread/exposed-key.js';
import type { GapReport, ReportLog } from '../thread/gap-report.js';
import { handleMessage, type PlannedReply } from '../thread/handle.js';
import { handleEdit } from '../thread/handle-edit.js';
import { INTERACTION_HANDOFF_KIND } from '../thread/interactions.js';
import type { CauseLearning } from '../thread/learn.js';
import type { AnswerPathLog, ReplyIntent, ThreadPorts } from '../thread/ports.js';
import type { ThreadState } from '../thread/state.js';
import type { OwnerPost, OwnerThread } from '../thread/thread-text.js';
import type { BotMetrics } from './bot-metrics.js';
import { catchUp, threadCreatedAt } from './catch-up.js';
import { ALL_COMMANDS } from './commands.js';
import { parseCustomId } from './custom-id.js';
import { DiscordCode, discordCall, failureCode, valueOrNull } from './discord-call.js';
import type { DiscordEffectLog } from './discord-effects.js';
import { type KeyRemoval, keyRemover } from './exposed-keys.js';
import { ForumTagger, type TagNames } from './forum-tags.js';
import { botMessagesAfter, findHeldReply } from './held-messages.js';
import type { RoleConfig } from './interaction-common.js';
import { memberAuthor } from './interaction-common.js';
import { feedbackButtons, registerInteractions } from './interactions.js';
import { KeyedQueue } from './keyed-queue.js';
import { ModeratorQueue } from './moderator-queue.js';
import { StorageFaultNotices } from './storage-notices.js';
import { type ImageReader, toIncoming } from './to-incoming.js';
import { TriageTurns } from './triage-turns.js';

export interface BotOptions {
	readonly forumChannelIds: readonly string[];
	/** Text channel for the moderators' escalation queue; null: no queue messages. */
	readonly moderatorChannelId: string | null;
	/** The reply language when a thread's posts do not tell (DEFAULT_LANGUAGE); English when absent. */
	readonly defaultLanguage?: PosterLanguage;
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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Snowflakes in time order (they are decimal strings of different lengths). */
const compareIds = (a: string, b: string): number => (a.length === b.length ? a.localeCompare(b) : a.length - b.length);

/** An answer of the bot: the message carrying the "Solved it" / "Didn't help" buttons. */
const isAnswer = (message: Message): boolean =>
	message.components.some(
		(row) =>
			'components' in row &&
			row.components.some((c) => 'customId' in c && c.customId !== null && parseCustomId(c.customId) !== null),
	);

/** Answers carry both feedback buttons; a "works now" reply offers only "Solved it". */
function componentsFor(kind: string, threadId: string, content: string): ActionRowBuilder<ButtonBuilder>[] {
	// Labels in the language the reply is written in (read from the reply itself, so a resend after a crash matches).
	const lang = answerLanguage(detectLanguage(content), 'en');
	if (kind === 'answer') return [feedbackButtons(threadId, lang)];
	const solved = feedbackButtons(threadId, lang).components[0];
	if (kind === 'offer_solved' && solved !== undefined)
		return [new ActionRowBuilder<ButtonBuilder>().addComponents(solved)];
	return [];
}

/** How long the starter message may take to arrive on the gateway before it is fetched over REST. */
const STARTER_GRACE_MS = 1500;

/**
 * Wires listeners onto a discord.js client and logs in. Listeners translate events into the core's
 * terms, call `handleMessage`, and perform its decision; each has one try/catch that logs a ref id.
 */
export async function startBot(deps: BotDeps, token: string): Promise<RunningBot> {
	const { client, ports, advisor, logger, options, escalations, metrics } = deps;
	const images = deps.images ?? null;
	let lastEventAt: number | null = null;
	client.on(Events.Raw, () => {
		lastEventAt = Date.now();
	});
	client.rest.on(RESTEvents.Response, (_request, response) => {
		if (response.status === 429) metrics.rest429s.inc();
	});
	client.on(Events.ShardReconnecting, () => metrics.gatewayReconnects.inc());
	const queueChannel = new ModeratorQueue(client, escalations, options.moderatorChannelId, logger);
	const storageNotices = new StorageFaultNotices(client, options.moderatorChannelId, logger);
	/**
	 * A thread's language outside `handleMessage`: the owner's kept posts, and `incoming` when it is theirs and not
	 * kept yet. The default when the store cannot be read (this also speaks when the database fails).
	 */
	const languageOfThread = (threadId: string, title: string, incoming: IncomingMessage | null): PosterLanguage => {
		const fallback = options.defaultLanguage ?? 'en';
		try {
			const kept = (ports.ownerPosts?.list(threadId) ?? [])
				.filter((p) => p.messageId !== incoming?.messageId)
				.map((p) => p.post.content);
			const own = incoming !== null && incoming.author.id === incoming.threadOwnerId ? [incoming.content] : [];
			const [first = '', ...later] = [...kept, ...own];
			return threadLanguage([`${title}\n${first}`, ...later], fallback);
		} catch {
			return fallback;
		}
	};
	const effects = deps.effects ?? null;
	const { removeExposedKey, reportUnreachable } = keyRemover({
		client,
		logger,
		moderatorChannelId: options.moderatorChannelId,
		languageOf: (incoming) => languageOfThread(incoming.threadId, incoming.threadTitle, incoming),
		effects,
		now: () => ports.clock.now(),
		isCutShort: () => cutShort,
	});
	const queue = new KeyedQueue();
	// One thread's heavy post (many triage passes) must not hold up another thread's answer for more than one pass.
	const triageTurns = new TriageTurns();
	const tagger = new ForumTagger(options.tags, logger);
	const forums = new Set(options.forumChannelIds);
	let stopping = false;
	// Set once a stop's grace period ran out: a handler still waiting on Discord then is cut short (its work is pending).
	let cutShort = false;

	const isWatched = (thread: ThreadChannel | null): thread is ThreadChannel =>
		thread !== null && thread.parentId !== null && forums.has(thread.parentId);

	/**
	 * Sends a recorded reply; `replyTo` null: a plain message (a hand-off a button or command caused). `pending`: not
	 * sent for now (a network or server failure), left for the next start.
	 */
	async function send(
		thread: ThreadChannel,
		intent: ReplyIntent,
		replyTo: string | null,
		ref: string,
	): Promise<'sent' | 'dropped' | 'pending'> {
		const sent = await discordCall(logger, 'reply', ref, () =>
			thread.send({
				content: intent.content,
				// Answers carry the feedback buttons; rebuilt from the kind so a resend after a crash is identical.
				components: componentsFor(intent.kind, thread.id, intent.content),
				...(replyTo === null ? {} : { reply: { messageReference: replyTo, failIfNotExists: false } }),
				nonce: intent.nonce,
				enforceNonce: true,
				allowedMentions: { parse: [] },
			}),
		);
		if (sent.ok) {
			ports.replies.markSent(intent.id, sent.value.id, ports.clock.now());
			metrics.repliesSent.inc({ kind: intent.kind });
			return 'sent';
		}
		if (sent.failure.kind === 'gone' || sent.failure.kind === 'forbidden') {
			ports.replies.markDropped(intent.id);
			return 'dropped';
		}
		return 'pending';
	}

	/** Writes an effect's record; a failure is logged (the effect goes ahead, not durable), never thrown. */
	function noteEffect(what: string, write: (log: DiscordEffectLog) => void, ref: string): void {
		if (effects === null) return;
		try {
			write(effects);
		} catch (error) {
			// After a stop cut a handler short the store may be closed: its effect stays pending, as it should.
			if (!cutShort) logger.warn({ ref, err: error }, `could not record ${what}`);
		}
	}

	/**
	 * Gives the post the tag of `state`, recorded first (unless the caller did) and marked done once Discord took it or
	 * the post is closed to the bot: a crash or a stop in between leaves it for the next start.
	 */
	async function applyTags(thread: ThreadChannel, state: ThreadState, ref: string, recorded = false): Promise<void> {
		if (!recorded) noteEffect('a tag change', (log) => log.recordTags(thread.id, state, ports.clock.now()), ref);
		const applied = await discordCall(logger, 'set-tags', ref, () => tagger.apply(thread, state));
		if (applied.ok || applied.failure.kind === 'gone' || applied.failure.kind === 'forbidden')
			noteEffect('a tag change done', (log) => log.tagsDone(thread.id, state), ref);
	}

	async function perform(thread: ThreadChannel, plan: PlannedReply, ref: string): Promise<void> {
		// The tag is recorded before the first message is sent, so a crash before it is set leaves it for the next start.
		noteEffect('a tag change', (log) => log.recordTags(thread.id, plan.state, ports.clock.now()), ref);
		for (const intent of plan.intents) {
			const sent = await send(thread, intent, plan.replyTo, ref);
			if (sent === 'dropped') noteEffect('a tag change dropped', (log) => log.tagsDone(thread.id, plan.state), ref);
			if (sent !== 'sent') return;
		}
		await applyTags(thread, plan.state, ref, true);
		if (plan.escalation !== null) await queueChannel.post(plan.escalation.id, plan.escalation.queue, ref);
		if (plan.resolved !== undefined) await queueChannel.refresh(plan.resolved.id, plan.resolved.queue, ref);
	}

	/** `recovering`: a key removal an earlier run recorded for this message is finished (see `keyRemover`). */
	async function process(message: Message<true>, thread: ThreadChannel, recovering = false): Promise<void> {
		const ref = newRef();
		let removal: KeyRemoval | null = null;
		try {
			const botUserId = client.user?.id ?? '';
			const incoming = await toIncoming(message, thread, {
				roles: options.roles,
				maxAttachmentBytes: options.attachmentMaxBytes,
				botUserId,
				images,
			});
			// A pasted key is reposted redacted first, so the answer can reply to the repost; the original is deleted
			// once the message is handled (in `finally`).
			removal = ports.processed.isProcessed(message.id)
				? null
				: await removeExposedKey(message, thread, incoming, ref, recovering);
			const repostId = removal?.repostId ?? null;
			const result = await handleMessage(
				ports,
				triageTurns.advisorFor(advisor),
				incoming,
				() => loadOwnerThread(thread, incoming.threadOwnerId, incoming, botUserId),
				options.defaultLanguage === undefined ? {} : { defaultLanguage: options.defaultLanguage },
			);
			const outcome = result.decision.kind === 'reply' ? result.decision.replyKind : result.decision.reason;
			metrics.eventsHandled.inc({ kind: outcome });
			const match = result.assessment?.match ?? null;
			const path = result.assessment?.path ?? 'kb';
			if (outcome === 'answer' && match !== null) metrics.answers.inc({ cause: match.cause, path });
			if (outcome === 'answer') deps.answerPaths.record(message.id, path, ports.clock.now());
			if (outcome === 'answer' && match !== null)
				deps.reportLog?.answered(message.id, thread.id, match.entryId, match.cause, ports.clock.now());
			if (outcome === 'abstain') metrics.abstentions.inc();
			if (result.reply?.escalation) metrics.escalations.inc({ state: 'open' });
			logger.info({ ref, threadId: thread.id, messageId: message.id, outcome }, 'message handled');
			if (result.reply !== null)
				await perform(thread, repostId === null ? result.reply : { ...result.reply, replyTo: repostId }, ref);
			storageNotices.recovered();
		} catch (error) {
			if (cutShort) {
				// The stop's grace period ended under this handler (the store may be closed): its work stays pending.
				logger.info({ ref, threadId: thread.id, messageId: message.id }, 'handler cut short by the stop');
				return;
			}
			logger.error({ ref, threadId: thread.id, messageId: message.id, err: error }, 'handler failed');
			if (!(await storageNotices.shouldNotifyPoster(error, ref))) return;
			// Tell the poster something went wrong, quoting the ref a moderator can find in the logs.
			const lang = languageOfThread(thread.id, thread.name, null);
			await discordCall(logger, 'error-notice', ref, () =>
				thread.send({
					content: t(lang, 'error.readFailed', { ref: `\`${ref}\`` }),
					allowedMentions: { parse: [] },
				}),
			);
		} finally {
			await removal?.complete();
		}
	}

	/**
	 * The owner's messages as stored when they arrived (redacted), however long the thread: used when the store holds
	 * the thread from its first post (threads from before the store are read from Discord). The bot's last answer
	 * comes from the reply ledger.
	 */
	function storedOwnerThread(thread: ThreadChannel, latest: IncomingMessage | null): OwnerThread | null {
		const stored = ports.ownerPosts?.list(thread.id) ?? [];
		if (!stored.some((p) => p.messageId === thread.id)) return null;
		const posts = stored
			.filter((p) => p.messageId !== latest?.messageId)
			.map((p) => ({ id: p.messageId, post: p.post }));
		if (latest !== null) posts.push({ id: latest.messageId, post: latest });
		const answers = ports.replies.listInThread(thread.id).filter((r) => r.kind === 'answer' && r.status !== 'dropped');
		const answeredId = answers.at(-1)?.inReplyTo ?? null;
		return {
			title: thread.name,
			posts: posts.map((p) => p.post),
			answeredThrough: answeredId === null ? null : posts.filter((p) => compareIds(p.id, answeredId) <= 0).length,
		};
	}

	/**
	 * The owner's messages so far (oldest first, with `latest` last when given), re-triaged together on every
	 * follow-up, and how many of them the bot's last answer (its latest message with feedback buttons) replied to.
	 */
	async function loadOwnerThread(
		thread: ThreadChannel,
		ownerId: string,
		latest: IncomingMessage | null,
		botUserId: string,
	): Promise<OwnerThread> {
		if (latest?.isStarter === true) return { title: thread.name, posts: [latest], answeredThrough: null };
		const stored = storedOwnerThread(thread, latest);
		if (stored !== null) return stored;
		const ref = newRef();
		const fetched = valueOrNull(
			await discordCall(logger, 'fetch-thread', ref, () => thread.messages.fetch({ limit: 100 })),
		);
		const history = [...(fetched?.values() ?? [])].sort((a, b) => compareIds(a.id, b.id));
		if (!history.some((m) => m.id === thread.id)) {
			// Past the last 100 messages: the starter (the first post, with the original error) is fetched on its own.
			// A deleted starter is a normal case: Unknown Message.
			const starter = valueOrNull(
				await discordCall(logger, 'fetch-starter', ref, () => thread.messages.fetch(thread.id), [
					DiscordCode.UnknownMessage,
				]),
			);
			if (starter !== null) history.unshift(starter);
		}
		const read = {
			roles: options.roles,
			maxAttachmentBytes: options.attachmentMaxBytes,
			botUserId,
			images,
		};
		const posts: { id: string; post: OwnerPost }[] = [];
		for (const m of history) {
			if (m.id === latest?.messageId) continue;
			// The bot's redacted repost of an owner's message whose original held a key stands in for that message.
			const repost = m.author.id === botUserId ? parseRepost(m.content) : null;
			if (repost !== null && repost.authorId === ownerId && m.reference?.messageId !== latest?.messageId) {
				const files = (await toIncoming(m, thread, read)).attachments;
				posts.push({ id: m.reference?.messageId ?? m.id, post: { content: repost.text, attachments: files } });
				continue;
			}
			if (m.author.id !== ownerId) continue;
			posts.push({ id: m.id, post: await toIncoming(m, thread, read) });
		}
		if (latest !== null) posts.push({ id: latest.messageId, post: latest });
		const lastAnswer = history.filter((m) => m.author.id === botUserId && isAnswer(m)).at(-1);
		const answeredId = lastAnswer === undefined ? null : (lastAnswer.reference?.messageId ?? lastAnswer.id);
		return {
			title: thread.name,
			posts: posts.map((p) => p.post),
			answeredThrough: answeredId === null ? null : posts.filter((p) => compareIds(p.id, answeredId) <= 0).length,
		};
	}

	/** The starter message can arrive after THREAD_CREATE; fetching too early gives Unknown Message. */
	async function fetchStarter(thread: ThreadChannel): Promise<Message<true> | null> {
		const ref = newRef();
		for (let attempt = 0; attempt < 6; attempt++) {
			const got = await discordCall(logger, 'fetch-starter', ref, () => thread.fetchStarterMessage(), [
				DiscordCode.UnknownMessage,
			]);
			if (got.ok && got.value !== null) return got.value;
			// Only Unknown Message is worth waiting out; any other failure is logged by discordCall and ends the wait.
			if (!got.ok && failureCode(got.failure) !== DiscordCode.UnknownMessage) return null;
			await sleep(250 * 2 ** attempt);
		}
		return null;
	}

	// The starter message normally follows THREAD_CREATE on the gateway and is handled as a message.
	// If it has not been handled shortly after, fetch it (it can lag, and fetching too early fails).
	client.on(Events.ThreadCreate, (thread, newlyCreated) => {
		if (stopping || !newlyCreated || !isWatched(thread)) return;
		const timer = setTimeout(() => {
			if (stopping || ports.processed.isProcessed(thread.id)) return;
			void queue.run(thread.id, async () => {
				if (ports.processed.isProcessed(thread.id)) return;
				try {
					const starter = await fetchStarter(thread);
					if (starter !== null) await process(starter, thread);
					else logger.warn({ threadId: thread.id }, 'starter message never arrived');
				} catch (error) {
					logger.error({ ref: newRef(), threadId: thread.id, err: error }, 'thread create failed');
				}
			});
		}, STARTER_GRACE_MS);
		timer.unref();
	});

	// One catch-up at a time; a resume during one asks for another pass after it (messages it may have missed).
	let catchingUp: Promise<void> | null = null;
	let catchUpAgain = false;
	const runCatchUp = (): Promise<void> => {
		if (catchingUp !== null) {
			catchUpAgain = true;
			return catchingUp;
		}
		catchingUp = (async () => {
			do {
				catchUpAgain = false;
				await catchUpOnce();
			} while (catchUpAgain && !stopping);
		})().finally(() => {
			catchingUp = null;
		});
		return catchingUp;
	};
	const catchUpOnce = () =>
		catchUp({
			client,
			forums,
			threads: ports.threads,
			logger,
			fetchStarter,
			enqueue: (thread, message) => queue.run(thread.id, () => process(message, thread)),
			cutoff: options.catchUpCutoff ?? 0,
			isStaff: async (message) => {
				// A poster who left the server is Unknown Member: not staff.
				const member =
					message.member ??
					valueOrNull(
						await discordCall(logger, 'fetch-member', newRef(), () => message.guild.members.fetch(message.author.id), [
							DiscordCode.UnknownMember,
						]),
					);
				return member !== null && memberAuthor(member, options.roles).isStaff;
			},
			isSolved: (thread) => tagger.hasStateTag(thread, 'solved'),
			shouldStop: () => stopping,
		}).catch((error: unknown) => logger.error({ err: error }, 'catch-up failed'));

	// A resumed session replays missed events itself, but a session that had to re-identify does not.
	client.on(Events.ShardResume, () => {
		if (!stopping) void runCatchUp();
	});
	client.on(Events.ShardReady, () => {
		if (client.isReady() && !stopping) void runCatchUp();
	});

	/** An owner's edit: read the thread again and edit the bot's reply to that message in place. */
	async function processEdit(message: Message<true>, thread: ThreadChannel): Promise<void> {
		const ref = newRef();
		try {
			const botUserId = client.user?.id ?? '';
			const read = {
				roles: options.roles,
				maxAttachmentBytes: options.attachmentMaxBytes,
				botUserId,
				images,
			};
			const incoming = await toIncoming(message, thread, read);
			await (await removeExposedKey(message, thread, incoming, ref)).complete();
			// A fetch of the thread returns the edited text; the starter alone when the starter was edited.
			const result = await handleEdit(
				ports,
				triageTurns.advisorFor(advisor),
				incoming,
				() => loadOwnerThread(thread, incoming.threadOwnerId, incoming.isStarter ? incoming : null, botUserId),
				options.defaultLanguage === undefined ? {} : { defaultLanguage: options.defaultLanguage },
			);
			logger.info({ ref, threadId: thread.id, messageId: message.id, outcome: result.reason }, 'edit handled');
			const edit = result.edit;
			if (edit === null) return;
			const edited = await discordCall(logger, 'edit-reply', ref, async () => {
				const reply = await thread.messages.fetch(edit.discordMessageId);
				return reply.edit({
					content: edit.content,
					components: componentsFor(edit.kind, thread.id, edit.content),
					allowedMentions: { parse: [] },
				});
			});
			if (edited.ok) await applyTags(thread, edit.state, ref);
		} catch (error) {
			if (cutShort) {
				logger.info({ ref, threadId: thread.id, messageId: message.id }, 'edit handler cut short by the stop');
				return;
			}
			logger.error({ ref, threadId: thread.id, messageId: message.id, err: error }, 'edit handler failed');
		}
	}

	client.on(Events.MessageUpdate, (before, after) => {
		if (stopping || after.partial || !after.inGuild() || after.author.bot || after.webhookId !== null) return;
		const channel = after.channel;
		if (!channel.isThread() || !isWatched(channel)) return;
		// Discord also sends updates for embeds unfurling and pins: only a changed text or attachment list is an edit.
		const sameText = !before.partial && before.content === after.content;
		const sameFiles = !before.partial && before.attachments.size === after.attachments.size;
		if (sameText && sameFiles) return;
		void queue.run(channel.id, () => processEdit(after, channel));
	});

	client.on(Events.MessageCreate, (message) => {
		if (stopping || !message.inGuild() || message.author.bot || message.system || message.webhookId !== null) return;
		const channel = message.channel;
		if (!channel.isThread() || !isWatched(channel)) return;
		// A thread from before the bot's first start (less the window) that it never handled stays with people.
		const cutoff = options.catchUpCutoff ?? 0;
		if (threadCreatedAt(channel) < cutoff && ports.threads.get(channel.id) === null) return;
		// The ledger makes a second delivery (catch-up, the ThreadCreate fallback) harmless.
		void queue.run(channel.id, () => process(message, channel));
	});

	registerInteractions({
		client,
		ports,
		escalations,
		queue: queueChannel,
		advisor,
		answerPaths: deps.answerPaths,
		logger,
		roles: options.roles,
		...(images === null ? {} : { ocrStatus: () => images.status() }),
		// While stopping no new interaction is taken (Discord tells the presser it failed; they can press again).
		track: (key, work) => (stopping ? Promise.resolve() : queue.run(key, work)),
		learning: deps.learning ?? null,
		reportLog: deps.reportLog ?? null,
		report: deps.report ?? null,
		sendReply: async (threadId, intent, ref) => {
			const channel = await client.channels.fetch(threadId).catch(() => null);
			if (channel?.isThread()) await send(channel, intent, null, ref);
		},
		applyState: async (threadId, state, ref) => {
			const channel = valueOrNull(
				await discordCall(logger, 'fetch-thread', ref, () => client.channels.fetch(threadId), [
					DiscordCode.UnknownChannel,
				]),
			);
			if (channel?.isThread()) await applyTags(channel, state, ref);
		},
		loadOwnerThread: async (threadId) => {
			const channel = valueOrNull(
				await discordCall(logger, 'fetch-thread', newRef(), () => client.channels.fetch(threadId), [
					DiscordCode.UnknownChannel,
				]),
			);
			if (channel === null || !channel.isThread()) return null;
			const ownerId = ports.threads.get(threadId)?.ownerId ?? channel.ownerId;
			if (ownerId === null) return null;
			// Every owner message up to the hand-off, not only the first post.
			return loadOwnerThread(channel, ownerId, null, client.user?.id ?? '');
		},
	});
	// On the queue under its own key, so a stop waits for a retry under way like any handler (or leaves its lease).
	const emailTimer = setInterval(() => {
		void queue.run('email-retry', () =>
			escalations
				.retryDueEmails()
				.then(async (results) => {
					for (const r of results) if ('queue' in r) await queueChannel.refresh(r.escalation.id, r.queue, newRef());
				})
				.catch((error: unknown) => {
					if (!cutShort) logger.error({ err: error }, 'email retry failed');
				}),
		);
	}, 60_000);
	emailTimer.unref();

	client.on(Events.Error, (error) => logger.error({ err: error }, 'discord client error'));

	const startedAt = ports.clock.now();
	const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
	await client.login(token);
	await ready;
	logger.info({ user: client.user?.tag, forums: [...forums] }, 'connected to Discord');
	await discordCall(logger, 'register-commands', newRef(), async () => {
		const commands = [...ALL_COMMANDS];
		if (options.guildId === null) await client.application?.commands.set(commands);
		else await client.application?.commands.set(commands, options.guildId);
	});
	await resendPending();
	await finishHandOffs();
	await finishDiscordEffects();
	// In the background: the bot is ready (health, new posts) while a backlog from downtime is worked through.
	void runCatchUp();

	/**
	 * Replies recorded but not confirmed before a crash. Discord may already hold one (the run died after Discord
	 * stored it): the thread's messages after the one answered are read first, so a restart hours later, past
	 * Discord's nonce memory, still sends nothing twice. The rest are sent again with the same nonce.
	 */
	async function resendPending(): Promise<void> {
		// Only intents left by an earlier run: this run's own are being sent by their handlers right now.
		for (const intent of ports.replies.listPending().filter((i) => i.createdAt < startedAt)) {
			const ref = newRef();
			const fetched = await discordCall(logger, 'fetch-thread', ref, () => client.channels.fetch(intent.threadId), [
				DiscordCode.UnknownChannel,
			]);
			// As for a send: a thread gone or closed to the bot drops the reply; a network or server failure leaves it
			// pending for the next start.
			if (!fetched.ok && fetched.failure.kind !== 'gone' && fetched.failure.kind !== 'forbidden') continue;
			const channel = fetched.ok ? fetched.value : null;
			if (channel === null || !channel.isThread()) {
				ports.replies.markDropped(intent.id);
				continue;
			}
			const held = await botMessagesAfter(channel, { messageId: intent.inReplyTo }, client.user?.id ?? '', logger, ref);
			const claimed = new Set(
				ports.replies
					.listInThread(channel.id)
					.flatMap((r) => (r.discordMessageId === null ? [] : [r.discordMessageId])),
			);
			const heldId = held === null ? null : findHeldReply(held, intent, claimed);
			if (heldId !== null) {
				ports.replies.markSent(intent.id, heldId, ports.clock.now());
				logger.info({ ref, threadId: channel.id, kind: intent.kind }, 'pending reply found on Discord; not sent again');
			} else {
				// A hand-off caused by a button or command answers an interaction, not a message: it is no reply.
				const sent = await send(
					channel,
					intent,
					intent.kind === INTERACTION_HANDOFF_KIND ? null : intent.inReplyTo,
					ref,
				);
				if (sent !== 'sent') continue;
			}
			// The run that recorded the reply may have died before it set the tag that goes with it (the state is stored
			// with the reply).
			const state = ports.threads.get(channel.id)?.state;
			if (state !== undefined) await applyTags(channel, state, ref);
		}
	}

	/**
	 * Tag changes and key removals an earlier run recorded and did not finish (a crash or a stop cut it short). A tag
	 * is set again; a key removal is finished: a message never handled is handled now (removal first, as always); a
	 * handled one is reposted unless its repost is on Discord, then deleted. One the bot cannot reach is reported to
	 * the moderators; a network failure leaves it for the next start.
	 */
	async function finishDiscordEffects(): Promise<void> {
		const pending = effects?.listPending(startedAt) ?? [];
		for (const effect of pending) {
			const ref = newRef();
			const fetched = await discordCall(logger, 'fetch-thread', ref, () => client.channels.fetch(effect.threadId), [
				DiscordCode.UnknownChannel,
			]);
			if (!fetched.ok && fetched.failure.kind !== 'gone' && fetched.failure.kind !== 'forbidden') continue;
			const channel = fetched.ok ? fetched.value : null;
			const thread = channel?.isThread() === true ? (channel as ThreadChannel) : null;
			if (effect.kind === 'forum_tags') {
				if (thread === null) noteEffect('a tag change done', (log) => log.tagsDone(effect.threadId, effect.state), ref);
				else await applyTags(thread, effect.state, ref, true);
				continue;
			}
			if (thread === null) {
				// A thread deleted took the message with it; one closed to the bot keeps the key.
				if (fetched.ok || fetched.failure.kind === 'gone')
					noteEffect('a key removal done', (log) => log.keyRemovalDone(effect.messageId), ref);
				else await reportUnreachable(effect.threadId, effect.messageId, ref);
				continue;
			}
			await finishKeyRemoval(thread, effect.messageId, ref);
		}
		logger.info({ effects: pending.length }, 'unfinished tag changes and key removals from the last run settled');
	}

	async function finishKeyRemoval(thread: ThreadChannel, messageId: string, ref: string): Promise<void> {
		const fetched = await discordCall(logger, 'fetch-message', ref, () => thread.messages.fetch(messageId), [
			DiscordCode.UnknownMessage,
		]);
		if (!fetched.ok) {
			if (fetched.failure.kind === 'gone')
				noteEffect('a key removal done', (log) => log.keyRemovalDone(messageId), ref);
			else if (fetched.failure.kind === 'forbidden') await reportUnreachable(thread.id, messageId, ref);
			return;
		}
		const message = fetched.value;
		// Never handled: handled now, on the thread's queue like any message (the removal comes first in it).
		if (!ports.processed.isProcessed(message.id)) {
			void queue.run(thread.id, () => process(message, thread, true));
			return;
		}
		const incoming = await toIncoming(message, thread, {
			roles: options.roles,
			maxAttachmentBytes: options.attachmentMaxBytes,
			botUserId: client.user?.id ?? '',
			images,
		});
		await (await removeExposedKey(message, thread, incoming, ref, true)).complete();
	}

	/**
	 * The other side effects of hand-offs an earlier run did not finish: the moderators' queue message (recorded
	 * when Discord already holds it, else posted) and an email send cut short (marked, never re-sent on its own).
	 */
	async function finishHandOffs(): Promise<void> {
		const { unposted, interrupted } = escalations.settleUnfinished(startedAt);
		for (const e of unposted) {
			const createdAt = escalations.show(e.id)?.escalation.createdAt ?? startedAt;
			await queueChannel.postUnposted(e.id, e.queue, createdAt, newRef());
		}
		for (const e of interrupted) await queueChannel.refresh(e.id, e.queue, newRef());
		logger.info(
			{ queueMessages: unposted.length, interruptedEmails: interrupted.length },
			'unfinished hand-offs from the last run settled',
		);
	}

	/** Resolves when every event received so far has been handled, a catch-up in progress included. */
	async function idle(): Promise<void> {
		// A catch-up queues more work as it goes: idle once it is done and the queues are empty.
		while (catchingUp !== null) await catchingUp;
		await queue.idle();
	}

	metrics.setQueueDepthSource(() => queue.size);
	return {
		isConnected: () => client.ws.status === Status.Ready,
		lastEventAt: () => lastEventAt,
		idle,
		async stop() {
			stopping = true;
			clearInterval(emailTimer);
			const graceMs = options.stopGraceMs ?? 8000;
			let timer: NodeJS.Timeout | undefined;
			const finished = await Promise.race([
				idle().then(() => true),
				new Promise<boolean>((resolve) => {
					timer = setTimeout(() => resolve(false), graceMs);
				}),
			]);
			clearTimeout(timer);
			const unfinished = finished ? 0 : Math.max(1, queue.size);
			if (!finished) {
				cutShort = true;
				logger.warn(
					{ unfinished, graceMs },
					'stop: grace period over; work still waiting on Discord stays pending and is completed on the next start',
				);
			}
			await client.destroy();
			return { unfinished };
		},
	};
}
