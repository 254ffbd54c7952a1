import type { Client } from 'discord.js';
import { type PosterLanguage, t } from '../i18n/messages.js';
import type { Logger } from '../log.js';
import { faultKind, storageFaultCode } from '../storage-fault.js';
import { discordCall } from './discord-call.js';

/**
 * Keeps a database that cannot be written (full disk, read-only file, corruption) from turning every post into a public
 * error notice: the first failed post gets its notice and the moderators are told once; later posts fail quietly until
 * a post is handled again, which ends the episode.
 */
export class StorageFaultNotices {
	#told = false;

	constructor(
		private readonly client: Client,
		private readonly moderatorChannelId: string | null,
		private readonly logger: Logger,
		private readonly lang: PosterLanguage = 'en',
	) {}

	/** Whether the poster should get the error notice for `error`; tells the moderators at the start of a fault. */
	async shouldNotifyPoster(error: unknown, ref: string): Promise<boolean> {
		const code = storageFaultCode(error);
		if (code === null) return true;
		if (this.#told) return false;
		this.#told = true;
		this.logger.error({ ref, code }, 'database cannot be written; error notices stop until it recovers');
		const channelId = this.moderatorChannelId;
		if (channelId !== null) {
			await discordCall(this.logger, 'storage-fault-notice', ref, async () => {
				const channel = await this.client.channels.fetch(channelId);
				if (channel === null || !channel.isSendable()) throw new Error('moderator channel is not a text channel');
				return channel.send({
					content: t(this.lang, 'mod.storageFault', {
						fault: t(this.lang, `mod.fault.${faultKind(code)}`, { code }),
						ref,
					}),
					allowedMentions: { parse: [] },
				});
			});
		}
		return true;
	}

	/** A post was handled: the database works again, and a later fault is a new episode. */
	recovered(): void {
		this.#told = false;
	}
}
