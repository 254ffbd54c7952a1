import type { Author, OpenedMessage } from '../../src/model.js';
import type { ThreadSnapshot } from '../../src/thread/state.js';

export const OWNER: Author = { id: '100', name: 'ana', isBot: false, isModerator: false, isStaff: false };
export const MEMBER: Author = { id: '101', name: 'bo', isBot: false, isModerator: false, isStaff: false };
export const HELPER: Author = { id: '102', name: 'hel', isBot: false, isModerator: false, isStaff: true };
export const MODERATOR: Author = { id: '103', name: 'mo', isBot: false, isModerator: true, isStaff: true };
export const BOT: Author = { id: '999', name: 'doorman', isBot: true, isModerator: false, isStaff: false };

export function aThread(overrides: Partial<ThreadSnapshot> = {}): ThreadSnapshot {
	return { threadId: '500', ownerId: OWNER.id, state: 'new', muted: false, staffTookOver: false, ...overrides };
}

let nextId = 1000;
/** A message with its attachments read (`attachments` in `overrides`); its reader gives the same ones. */
export function aMessage(overrides: Partial<OpenedMessage> = {}): OpenedMessage {
	nextId += 1;
	const message: Omit<OpenedMessage, 'readAttachments'> = {
		guildId: '1',
		forumId: '2',
		threadId: '500',
		threadTitle: '403 on o3',
		threadOwnerId: OWNER.id,
		messageId: String(nextId),
		isStarter: false,
		author: OWNER,
		content: 'still broken',
		attachments: [],
		skippedAttachments: [],
		mentionsBot: false,
		createdAt: 0,
		...overrides,
	};
	const read = { attachments: message.attachments, skipped: message.skippedAttachments };
	return { readAttachments: async () => read, ...message };
}
