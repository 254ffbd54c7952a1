import type { PosterLanguage } from '../i18n/messages.js';
import { type IncomingMessage, type OpenedMessage, openAttachments } from '../model.js';
import type { Advisor } from './advice.js';
import { decide } from './decide.js';
import { planReply } from './plan-reply.js';
import { alreadyHandled, type HandleResult } from './planned-reply.js';
import type { ThreadPorts } from './ports.js';
import { keepOwnerPost } from './read-conversation.js';
import { readMessage } from './read-message.js';
import { recordMessage } from './record-message.js';
import { speakingThreadLanguage } from './thread-language.js';
import type { OwnerThread } from './thread-text.js';

export interface HandleOptions {
	/** The language of replies when the owner's posts do not tell (DEFAULT_LANGUAGE; English when absent). */
	readonly defaultLanguage?: PosterLanguage;
}

/**
 * The use case for one message: read (the thread, only when the bot may speak), decide (the reply, a hand-off),
 * record. The message's attachments are read (`readAttachments`) only for the owner's posts, which are kept as they
 * arrive, and for a message the bot will read; anyone else's message the bot stays silent on is never opened. The message is recorded as processed in the same transaction as the reply intent, the state change and
 * any escalation, so a crash either leaves the message unprocessed (it is handled again) or leaves a pending reply
 * (it is sent again).
 */
export async function handleMessage(
	ports: ThreadPorts,
	englishAdvisor: Advisor,
	message: IncomingMessage,
	/** The owner's thread so far, ending with `latest` (the message, opened). */
	loadOwnerThread: (latest: OpenedMessage) => Promise<OwnerThread>,
	options: HandleOptions = {},
): Promise<HandleResult> {
	const { threads, clock } = ports;
	if (ports.processed.isProcessed(message.messageId)) return alreadyHandled();
	const thread = threads.ensure(
		{
			threadId: message.threadId,
			guildId: message.guildId,
			forumId: message.forumId,
			ownerId: message.threadOwnerId,
			title: message.threadTitle,
		},
		clock.now(),
	);
	// The owner's posts are the thread's evidence, kept (redacted) as they arrive whatever the bot then does: a later
	// reading (after `!unmute`, when the owner reopens a solved thread) takes them from the store, and Discord's
	// attachment links expire.
	const ownPost = message.author.id === thread.ownerId && !message.author.isBot ? await openAttachments(message) : null;
	if (ownPost !== null) keepOwnerPost(ports, ownPost, clock.now());
	const { lang, advisor } = speakingThreadLanguage(ports, englishAdvisor, message, options.defaultLanguage);
	const { decision: first, effects } = decide(thread, ownPost ?? message, lang);
	// Only now, when the bot will read the message, are anyone else's attachments read.
	const opened = first.kind === 'advise' ? (ownPost ?? (await openAttachments(message))) : null;
	const reading =
		opened === null ? null : await readMessage(ports, advisor, thread, opened, await loadOwnerThread(opened), lang);
	return ports.atomically((): HandleResult => {
		const plan = planReply(ports, thread, message, first, reading, lang);
		return recordMessage(ports, thread, message, effects, plan, reading?.assessment ?? null);
	});
}
