import type { Client, Message, ThreadChannel } from 'discord.js';
import type { PosterLanguage } from '../i18n/messages.js';
import type { Logger } from '../log.js';
import { moderatorKeyNotice, rotateLine, unreachableKeyNotice } from '../thread/exposed-key.js';
import type { SecretKind } from '../triage/types.js';
import { discordCall } from './discord-call.js';
import { moderatorChannel } from './moderator-channel.js';

export interface KeyNoticeDeps {
	readonly client: Client;
	readonly logger: Logger;
	/** The moderators' queue channel; null: no queue notice. */
	readonly moderatorChannelId: string | null;
	/** The moderators' language (MODERATOR_LANGUAGE) for the notice in their channel; English when absent. */
	readonly moderatorLanguage?: PosterLanguage;
}

/** What people are told when the bot cannot remove a key itself. */
export function keyNotices(deps: KeyNoticeDeps) {
	const { client, logger } = deps;
	const notified = new Set<string>();

	async function toModerators(content: string, ref: string) {
		const channelId = deps.moderatorChannelId;
		if (channelId === null) return;
		await discordCall(logger, 'key-notice-queue', ref, async () =>
			(await moderatorChannel(client, channelId)).send({ content, allowedMentions: { parse: [] } }),
		);
	}

	/** The poster is told to delete the message and rotate the key; the moderators' queue once per message. */
	async function tellPosterAndModerators(
		message: Message<true>,
		thread: ThreadChannel,
		kinds: readonly SecretKind[],
		ref: string,
		lang: PosterLanguage,
	): Promise<void> {
		await discordCall(logger, 'key-notice', ref, () =>
			thread.send({
				content: rotateLine(kinds, false, lang),
				reply: { messageReference: message.id, failIfNotExists: false },
				allowedMentions: { parse: [] },
			}),
		);
		if (deps.moderatorChannelId === null || notified.has(message.id)) return;
		notified.add(message.id);
		await toModerators(moderatorKeyNotice(thread.url, message.author.id, kinds, deps.moderatorLanguage ?? 'en'), ref);
		logger.info({ ref, threadId: thread.id, messageId: message.id }, 'exposed key reported to moderators');
	}

	/**
	 * A removal an earlier run recorded that this one cannot reach (the thread or the message is closed to the bot):
	 * the moderators are told, since nothing else will remove the key.
	 */
	async function tellUnreachable(threadId: string, messageId: string, ref: string): Promise<void> {
		await toModerators(unreachableKeyNotice(threadId, messageId, deps.moderatorLanguage ?? 'en'), ref);
		logger.warn({ ref, threadId, messageId }, 'exposed key: could not finish removing it after a restart');
	}

	return { tellPosterAndModerators, tellUnreachable };
}
