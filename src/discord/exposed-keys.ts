import { type Message, PermissionFlagsBits, type ThreadChannel } from 'discord.js';
import type { PosterLanguage } from '../i18n/messages.js';
import type { Logger } from '../log.js';
import { truncate } from '../message-text.js';
import type { IncomingMessage } from '../model.js';
import { type ExposedKey, findExposedKey } from '../thread/exposed-key.js';
import { redactSecrets } from '../triage/redact-secrets.js';
import { DiscordCode, discordCall } from './discord-call.js';
import { type KeyNoticeDeps, keyNotices } from './key-notices.js';
import { type KeyRemovalLogDeps, keyRemovalLog } from './key-removal-log.js';
import { repostRedacted } from './key-repost.js';

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

export interface ExposedKeyDeps extends KeyNoticeDeps, KeyRemovalLogDeps {
	/** The thread's language for the repost and the rotate notice (English when absent). */
	readonly languageOf?: (incoming: IncomingMessage) => PosterLanguage;
}

const canManageMessages = (thread: ThreadChannel): boolean => {
	const me = thread.guild.members.me;
	return me !== null && thread.permissionsFor(me)?.has(PermissionFlagsBits.ManageMessages) === true;
};

/** What a removal uses: its settings, its durable record, and the notices when the bot cannot remove the key. */
interface Remover {
	readonly deps: ExposedKeyDeps;
	readonly log: ReturnType<typeof keyRemovalLog>;
	readonly notices: ReturnType<typeof keyNotices>;
}

/**
 * Removes a key a member pasted. With Manage Messages the bot reposts the message redacted (attributed to the
 * poster, replying to the original so the thread's history keeps its place) and deletes the original; for the
 * starter of a forum post the thread stays and the repost is the bot's first message in it. Without the permission
 * (or when the delete fails) it tells the poster to delete the message and rotate the key, and tells the moderators'
 * queue once per message. See {@link KeyRemoval} for the order.
 */
export function keyRemover(deps: ExposedKeyDeps) {
	const remover: Remover = { deps, log: keyRemovalLog(deps), notices: keyNotices(deps) };
	return {
		/**
		 * `recovering`: an earlier run recorded this removal and did not finish it; a repost it left on Discord is used
		 * rather than sent again.
		 */
		removeExposedKey: (
			message: Message<true>,
			thread: ThreadChannel,
			incoming: IncomingMessage,
			ref: string,
			recovering = false,
		): Promise<KeyRemoval> => removeExposedKey(remover, message, thread, incoming, ref, recovering),
		/**
		 * A removal an earlier run recorded that this one cannot reach (the thread or the message is closed to the
		 * bot): the moderators are told once, since nothing else will remove the key.
		 */
		async reportUnreachable(threadId: string, messageId: string, ref: string): Promise<void> {
			await remover.notices.tellUnreachable(threadId, messageId, ref);
			remover.log.finished(messageId, ref);
		},
	};
}

async function removeExposedKey(
	remover: Remover,
	message: Message<true>,
	thread: ThreadChannel,
	incoming: IncomingMessage,
	ref: string,
	recovering: boolean,
): Promise<KeyRemoval> {
	const { deps, log, notices } = remover;
	// The one reading of attachments that runs before the decision, on every message (a muted thread, staff, another
	// member): a key pasted in a file is removed or reported like one in the text. The core's own reading, when the
	// bot reads the message, shares this download (the reader reads once).
	const { attachments } = await incoming.readAttachments();
	const exposed = findExposedKey(incoming.content, attachments);
	const titleHoldsKey = incoming.isStarter && redactSecrets(thread.name).kinds.length > 0;
	if (exposed === null && !titleHoldsKey) {
		if (recovering) log.finished(message.id, ref);
		return NOTHING;
	}
	log.started(thread.id, message.id, ref);
	if (titleHoldsKey) await redactTitle(deps.logger, thread, ref);
	if (exposed === null) {
		log.finished(message.id, ref);
		return NOTHING;
	}
	const lang = deps.languageOf?.(incoming) ?? 'en';
	if (canManageMessages(thread)) {
		const sent = await repostRedacted(deps, message, thread, exposed, lang, ref, recovering);
		if (sent.ok)
			return {
				repostId: sent.value.id,
				complete: () => deleteOriginal(remover, message, thread, sent.value, exposed, ref, lang),
			};
	}
	await notices.tellPosterAndModerators(message, thread, exposed.kinds, ref, lang);
	log.finished(message.id, ref);
	return NOTHING;
}

/** A forum post's title holding a key is renamed to its redacted form (Manage Threads, which the bot needs anyway). */
async function redactTitle(logger: Logger, thread: ThreadChannel, ref: string): Promise<void> {
	const title = redactSecrets(thread.name);
	if (title.kinds.length === 0) return;
	const renamed = await discordCall(logger, 'key-title', ref, () =>
		thread.setName(truncate(title.text, THREAD_NAME_MAX), 'the title contained an API key'),
	);
	if (renamed.ok) logger.info({ ref, threadId: thread.id, kinds: title.kinds }, 'exposed key removed from title');
}

/** Once the message is answered: the original goes; if it cannot, the repost is taken back and people are told. */
async function deleteOriginal(
	{ deps, log, notices }: Remover,
	message: Message<true>,
	thread: ThreadChannel,
	repost: Message,
	exposed: ExposedKey,
	ref: string,
	lang: PosterLanguage,
): Promise<void> {
	const { logger } = deps;
	// A stop cut the handler short: the delete is left to the next start (the removal is recorded).
	if (deps.isCutShort?.() === true) return;
	const deleted = await discordCall(logger, 'key-delete', ref, () => message.delete(), [DiscordCode.UnknownMessage]);
	if (deleted.ok || deleted.failure.kind === 'gone') {
		logger.info({ ref, threadId: thread.id, messageId: message.id, kinds: exposed.kinds }, 'exposed key removed');
		log.finished(message.id, ref);
		return;
	}
	// The original stays: take the repost back and fall back to telling the poster and the moderators.
	await discordCall(logger, 'key-repost-undo', ref, () => repost.delete());
	await notices.tellPosterAndModerators(message, thread, exposed.kinds, ref, lang);
	log.finished(message.id, ref);
}
