import { saysStillFailing } from '../escalation/follow-up.js';
import { isHumanRequest } from '../escalation/policy.js';
import { type PosterLanguage, t } from '../i18n/messages.js';
import type { IncomingMessage, PostAttachment } from '../model.js';
import { triagePost } from '../triage/index.js';
import type { Advice } from './advice.js';
import type { Decision } from './decision.js';
import type { ThreadSnapshot } from './state.js';

/** Side effects on the thread record that a decision implies, applied by the caller. */
export interface ThreadEffects {
	readonly muted?: boolean;
	readonly staffTookOver?: true;
}

/** The bot would speak: the caller gathers the thread's text and asks the advisor (see `decisionFromAdvice`). */
export interface NeedsAdvice {
	readonly kind: 'advise';
}

export interface DecisionWithEffects {
	readonly decision: Decision | NeedsAdvice;
	readonly effects: ThreadEffects;
}

type Command = 'mute' | 'unmute';

/** `!mute` / `!unmute` as the whole message (case and surrounding space ignored). */
export function parseCommand(content: string): Command | null {
	const word = content.trim().toLowerCase();
	if (word === '!mute') return 'mute';
	if (word === '!unmute') return 'unmute';
	return null;
}

export const MUTE_CONFIRMATION = t('en', 'thread.muted');
export const UNMUTE_CONFIRMATION = t('en', 'thread.unmuted');
export const COMMAND_REFUSAL = t('en', 'thread.commandRefused');
/** A member's @mention in a thread people took over: where to go instead, and nothing changes. */
export const MODERATORS_POINTER = t('en', 'thread.moderatorsPointer');

const none: ThreadEffects = {};
const silent = (reason: Extract<Decision, { kind: 'silent' }>['reason'], effects = none): DecisionWithEffects => ({
	decision: { kind: 'silent', reason },
	effects,
});

/**
 * What `decide` reads of a message: its text, and its attachments when they were read. The owner's posts are read
 * as they arrive (see `handleMessage`), so whether one reopens a solved thread weighs its files too; anyone else's
 * message is decided unread.
 */
export type MessageToDecide = IncomingMessage & { readonly attachments?: readonly PostAttachment[] };

/**
 * The pure decision for one message in a watched thread. It returns `advise` when the bot would
 * speak about the problem itself, so the caller fetches thread history and triages only then.
 */
export function decide(
	thread: ThreadSnapshot,
	message: MessageToDecide,
	lang: PosterLanguage = 'en',
): DecisionWithEffects {
	if (message.author.isBot) return silent('FROM_A_BOT');
	const isOwner = message.author.id === thread.ownerId;
	const command = parseCommand(message.content);
	const hasStanding = isOwner || message.author.isStaff;
	if (command !== null) {
		// In a muted thread the bot speaks to no one but its moderators: not even a refusal.
		if (!isOwner && !message.author.isModerator && thread.muted) return silent('MUTED');
		if (!isOwner && !message.author.isModerator) {
			return {
				decision: {
					kind: 'reply',
					replyKind: 'refuse',
					content: t(lang, 'thread.commandRefused'),
					reason: 'NOT_ALLOWED',
				},
				effects: none,
			};
		}
		if (command === 'mute') {
			if (thread.muted) return silent('MUTED');
			return {
				decision: { kind: 'reply', replyKind: 'mute', content: t(lang, 'thread.muted'), reason: 'MUTE_COMMAND' },
				effects: { muted: true },
			};
		}
		return {
			decision: { kind: 'reply', replyKind: 'unmute', content: t(lang, 'thread.unmuted'), reason: 'UNMUTE_COMMAND' },
			effects: { muted: false },
		};
	}
	if (thread.muted) return silent('MUTED');
	// After a hand-off or a staff take-over only the owner and staff steer the thread: a member's mention gets a
	// pointer and changes nothing (it must not flip an escalated thread back to Answered).
	if (!hasStanding && message.mentionsBot && (thread.state === 'escalated' || thread.staffTookOver)) {
		return {
			decision: {
				kind: 'reply',
				replyKind: 'pointer',
				content: t(lang, 'thread.moderatorsPointer'),
				reason: 'NO_STANDING',
			},
			effects: none,
		};
	}
	if (message.author.isStaff && !isOwner) {
		// A helper or moderator joined: step back for good, but still answer when they mention the bot.
		if (!message.mentionsBot) return silent('STAFF_TOOK_OVER', { staffTookOver: true });
	} else if (thread.staffTookOver && !message.mentionsBot) {
		return silent('STAFF_TOOK_OVER');
	} else if (!isOwner && !message.mentionsBot) {
		return silent('NOT_THE_OWNER');
	}
	// The owner reopens a solved thread by saying it still fails, posting an error or asking for a person; anything
	// else stays quiet.
	if (thread.state === 'solved' && !message.mentionsBot && !(isOwner && reopensThread(message))) {
		return silent('THREAD_SOLVED');
	}
	// An escalated thread is still read: a new error gets an answer; `handle` keeps repeats and re-asks quiet.
	return { decision: { kind: 'advise' }, effects: none };
}

/**
 * A message that reopens a solved thread: "still broken" (any language the bot reads), a new error, or asking for a
 * person (after a moderator resolved the hand-off, that is how the owner starts a new one).
 */
export function reopensThread(message: MessageToDecide): boolean {
	if (saysStillFailing(message.content) || isHumanRequest(message.content)) return true;
	return triagePost({ title: '', body: message.content, attachments: message.attachments ?? [] }).error !== null;
}

export function decisionFromAdvice(advice: Advice): Decision {
	return {
		kind: 'reply',
		replyKind: advice.kind,
		content: advice.content,
		nextState: advice.nextState,
		reason: advice.reason,
	};
}
