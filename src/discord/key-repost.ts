import type { Client, Message, ThreadChannel } from 'discord.js';
import type { PosterLanguage } from '../i18n/messages.js';
import type { Logger } from '../log.js';
import { type ExposedKey, parseRepost, repostMessage } from '../thread/exposed-key.js';
import { type CallResult, discordCall } from './discord-call.js';

/**
 * Reposts `message` redacted, attributed to the poster and replying to the original so the thread's history keeps its
 * place. `recovering`: an earlier run may have sent it already and died before the delete; that repost is used rather
 * than sent again (Discord's nonce memory may have lapsed).
 */
export async function repostRedacted(
	deps: { readonly client: Client; readonly logger: Logger },
	message: Message<true>,
	thread: ThreadChannel,
	exposed: ExposedKey,
	lang: PosterLanguage,
	ref: string,
	recovering: boolean,
): Promise<CallResult<Message>> {
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
	const earlier = recovering ? await findRepost(deps, thread, message, ref) : null;
	return discordCall(deps.logger, 'key-repost', ref, async () =>
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
}

/** The bot's repost of `message` already on Discord (an earlier run sent it and died before the delete). */
async function findRepost(
	{ client, logger }: { readonly client: Client; readonly logger: Logger },
	thread: ThreadChannel,
	message: Message<true>,
	ref: string,
): Promise<Message | null> {
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
