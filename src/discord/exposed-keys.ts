import { type Client, type Message, PermissionFlagsBits, type ThreadChannel } from 'discord.js';
import type { PosterLanguage } from '../i18n/messages.js';
import type { Logger } from '../log.js';
import { truncate } from '../message-text.js';
import type { IncomingMessage } from '../model.js';
import {
	findExposedKey,
	moderatorKeyNotice,
	parseRepost,
	repostMessage,
	rotateLine,
	unreachableKeyNotice,
} from '../thread/exposed-key.js';
import { redactSecrets } from '../triage/redact-secrets.js';
import type { SecretKind } from '../triage/types.js';
import { DiscordCode, discordCall } from './discord-call.js';
import type { DiscordEffectLog } from './discord-effects.js';

/** @see https://discord.com/developers/docs/resources/channel#modify-channel-json-params-thread */
const THREAD_NAME_MAX = 100;

/**
 * A key removal under way: the redacted repost is posted (its id, or null when there was no key or no permission);
 * `complete` deletes the original. The caller answers in between, so a crash never leaves a post deleted but
 * unanswered: at worst the original stays up, already reposted and with the poster told to rotate the key.
 */
export interface KeyRemoval {
	readonly repostId: string | null;
	complete(): Promise<void>;
}

const NOTHING: KeyRemoval = { repostId: null, complete: async () => {} };

export interface ExposedKeyDeps {
	readonly client: Client;
	readonly logger: Logger;
	/** The moderators' queue channel; null: no queue notice. */
	readonly moderatorChannelId: string | null;
	/** The thread's language for the repost and the rotate notice (English when absent). */
	readonly languageOf?: (incoming: IncomingMessage) => PosterLanguage;
	/** Where a removal is recorded before the first call to Discord and marked done after; absent: not durable. */
	readonly effects?: DiscordEffectLog | null;
	readonly now?: () => number;
	/** True once a stop's grace period ran out: a removal not yet done then stays pending for the next start. */
	readonly isCutShort?: () => boolean;
	/** The moderators' language (MODERATOR_LANGUAGE) for the notice in their channel; English when absent. */
	readonly moderatorLanguage?: PosterLanguage;
}

/**
 * Removes a key a member pasted. With Manage Messages the bot reposts the message redacted (attributed to the
 * poster, replying to the original so the thread's history keeps its place) and deletes the original; for the
 * starter of a forum post the thread stays and the repost is the bot's first message in it. Without the permission
 * (or when the delete fails) it tells the poster to delete the message and rotate the key, and tells the moderators'
 * queue once per message. See {@link KeyRemoval} for the order.
 */
export function keyRemover(deps: ExposedKeyDeps) {
	const { client, logger } = deps;
	const notified = new Set<string>();

	const canManageMessages = (thread: ThreadChannel): boolean => {
		const me = thread.guild.members.me;
		return me !== null && thread.permissionsFor(me)?.has(PermissionFlagsBits.ManageMessages) === true;
	};

	async function tellModerators(thread: ThreadChannel, message: Message<true>, text: string, ref: string) {
		const channelId = deps.moderatorChannelId;
		if (channelId === null || notified.has(message.id)) return;
		notified.add(message.id);
		await discordCall(logger, 'key-notice-queue', ref, async () => {
			const channel = await client.channels.fetch(channelId);
			if (channel === null || !channel.isSendable()) throw new Error('moderator channel is not a text channel');
			return channel.send({ content: text, allowedMentions: { parse: [] } });
		});
		logger.info({ ref, threadId: thread.id, messageId: message.id }, 'exposed key reported to moderators');
	}

	/** A forum post's title holding a key is renamed to its redacted form (Manage Threads, which the bot needs anyway). */
	async function redactTitle(thread: ThreadChannel, ref: string): Promise<void> {
		const title = redactSecrets(thread.name);
		if (title.kinds.length === 0) return;
		const renamed = await discordCall(logger, 'key-title', ref, () =>
			thread.setName(truncate(title.text, THREAD_NAME_MAX), 'the title contained an API key'),
		);
		if (renamed.ok) logger.info({ ref, threadId: thread.id, kinds: title.kinds }, 'exposed key removed from title');
	}

	/**
	 * The store failing must not stop a key from being removed: the removal then goes ahead without its record (and a
	 * restart cannot finish it), which the log says.
	 */
	function recordEffect(what: string, write: () => void, ref: string): void {
		try {
			write();
		} catch (error) {
			if (deps.isCutShort?.() !== true) logger.warn({ ref, err: error }, `key removal: could not record ${what}`);
		}
	}
	const finished = (messageId: string, ref: string) =>
		recordEffect('that it is done', () => deps.effects?.keyRemovalDone(messageId), ref);

	/** The bot's repost of `message` already on Discord (an earlier run sent it and died before the delete). */
	async function findRepost(thread: ThreadChannel, message: Message<true>, ref: string): Promise<Message | null> {
		const botId = client.user?.id;
		const after = await discordCall(logger, 'fetch-repost', ref, () =>
			thread.messages.fetch({ after: message.id, limit: 100, cache: false }),
		);
		if (!after.ok) return null;
		const found = [...after.value.values()].find(
			(m) => m.author.id === botId && m.reference?.messageId === message.id && parseRepost(m.content) !== null,
		);
		return found ?? null;
	}

	/**
	 * `recovering`: an earlier run recorded this removal and did not finish it; a repost it left on Discord is used
	 * rather than sent again (Discord's nonce memory may have lapsed).
	 */
	async function removeExposedKey(
		message: Message<true>,
		thread: ThreadChannel,
		incoming: IncomingMessage,
		ref: string,
		recovering = false,
	): Promise<KeyRemoval> {
		const exposed = findExposedKey(incoming.content, incoming.attachments);
		const titleHoldsKey = incoming.isStarter && redactSecrets(thread.name).kinds.length > 0;
		if (exposed === null && !titleHoldsKey) {
			if (recovering) finished(message.id, ref);
			return NOTHING;
		}
		// Recorded before Discord is called: a crash or a stop from here on leaves it for the next start to finish.
		recordEffect(
			'the removal',
			() => deps.effects?.recordKeyRemoval(thread.id, message.id, deps.now?.() ?? Date.now()),
			ref,
		);
		if (titleHoldsKey) await redactTitle(thread, ref);
		if (exposed === null) {
			finished(message.id, ref);
			return NOTHING;
		}
		const lang = deps.languageOf?.(incoming) ?? 'en';
		if (canManageMessages(thread)) {
			const repost = repostMessage(
				message.author.id,
				exposed,
				message.member?.displayName ?? message.author.username,
				lang,
			);
			// A screenshot is not reposted (an image cannot be redacted); its text was only evidence.
			const files = exposed.attachments
				.filter((a) => a.source !== 'ocr')
				.map((a) => ({ attachment: Buffer.from(a.text, 'utf8'), name: a.name }));
			if (repost.fullText !== null) files.push({ attachment: Buffer.from(repost.fullText, 'utf8'), name: 'post.txt' });
			const earlier = recovering ? await findRepost(thread, message, ref) : null;
			const sent = await discordCall(logger, 'key-repost', ref, async () =>
				earlier !== null
					? earlier
					: thread.send({
							content: repost.content,
							files,
							reply: { messageReference: message.id, failIfNotExists: false },
							allowedMentions: { parse: [] },
							// One repost per message even if the bot dies before the delete and handles the message again.
							nonce: `key${message.id}`.slice(0, 25),
							enforceNonce: true,
						}),
			);
			if (sent.ok)
				return {
					repostId: sent.value.id,
					complete: async () => {
						// A stop cut the handler short: the delete is left to the next start (the removal is recorded).
						if (deps.isCutShort?.() === true) return;
						const deleted = await discordCall(logger, 'key-delete', ref, () => message.delete(), [
							DiscordCode.UnknownMessage,
						]);
						if (deleted.ok || deleted.failure.kind === 'gone') {
							logger.info(
								{ ref, threadId: thread.id, messageId: message.id, kinds: exposed.kinds },
								'exposed key removed',
							);
							finished(message.id, ref);
							return;
						}
						// The original stays: take the repost back and fall back to telling the poster and the moderators.
						await discordCall(logger, 'key-repost-undo', ref, () => sent.value.delete());
						await notify(message, thread, exposed.kinds, ref, lang);
						finished(message.id, ref);
					},
				};
		}
		await notify(message, thread, exposed.kinds, ref, lang);
		finished(message.id, ref);
		return NOTHING;
	}

	async function notify(
		message: Message<true>,
		thread: ThreadChannel,
		kinds: readonly SecretKind[],
		ref: string,
		lang: PosterLanguage,
	) {
		await discordCall(logger, 'key-notice', ref, () =>
			thread.send({
				content: rotateLine(kinds, false, lang),
				reply: { messageReference: message.id, failIfNotExists: false },
				allowedMentions: { parse: [] },
			}),
		);
		await tellModerators(
			thread,
			message,
			moderatorKeyNotice(thread.url, message.author.id, kinds, deps.moderatorLanguage ?? 'en'),
			ref,
		);
	}

	/**
	 * A removal an earlier run recorded that this one cannot reach (the thread or the message is closed to the bot):
	 * the moderators are told once, since nothing else will remove the key.
	 */
	async function reportUnreachable(threadId: string, messageId: string, ref: string): Promise<void> {
		const channelId = deps.moderatorChannelId;
		if (channelId !== null)
			await discordCall(logger, 'key-notice-queue', ref, async () => {
				const channel = await client.channels.fetch(channelId);
				if (channel === null || !channel.isSendable()) throw new Error('moderator channel is not a text channel');
				return channel.send({
					content: unreachableKeyNotice(threadId, messageId, deps.moderatorLanguage ?? 'en'),
					allowedMentions: { parse: [] },
				});
			});
		logger.warn({ ref, threadId, messageId }, 'exposed key: could not finish removing it after a restart');
		finished(messageId, ref);
	}

	return { removeExposedKey, reportUnreachable };
}
