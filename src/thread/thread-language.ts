import { threadLanguage } from '../i18n/detect.js';
import type { PosterLanguage } from '../i18n/messages.js';
import type { IncomingMessage } from '../model.js';
import type { Advisor } from './advice.js';
import type { ThreadPorts } from './ports.js';

/**
 * The thread's language, from what its owner wrote (kept by `keepOwnerPost`, oldest first, the first with the title),
 * and `incoming` when it is theirs and not kept yet: see `threadLanguage`.
 */
export function threadLanguageOf(
	ports: Pick<ThreadPorts, 'ownerPosts'>,
	thread: { readonly threadId: string; readonly title: string },
	fallback: PosterLanguage,
	incoming: IncomingMessage | null = null,
): PosterLanguage {
	const kept = (ports.ownerPosts?.list(thread.threadId) ?? [])
		.filter((p) => p.messageId !== incoming?.messageId)
		.map((p) => p.post.content);
	const own = incoming !== null && incoming.author.id === incoming.threadOwnerId ? [incoming.content] : [];
	const [first = '', ...later] = [...kept, ...own];
	return threadLanguage([`${thread.title}\n${first}`, ...later], fallback);
}

/**
 * The language of a message's thread (the default when the owner's posts do not tell), and the advisor speaking it:
 * every reading then speaks the thread's language (the match and cause do not depend on it).
 */
export function speakingThreadLanguage(
	ports: Pick<ThreadPorts, 'ownerPosts'>,
	englishAdvisor: Advisor,
	message: Pick<IncomingMessage, 'threadId' | 'threadTitle'>,
	defaultLanguage: PosterLanguage = 'en',
): { readonly lang: PosterLanguage; readonly advisor: Advisor } {
	const lang = threadLanguageOf(ports, { threadId: message.threadId, title: message.threadTitle }, defaultLanguage);
	return { lang, advisor: (text, adviseOptions) => englishAdvisor(text, { ...adviseOptions, lang }) };
}
