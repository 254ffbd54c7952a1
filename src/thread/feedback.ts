import { type PosterLanguage, t } from '../i18n/messages.js';
import type { Author } from '../model.js';
import { type ThreadSnapshot, type ThreadState, transitionThread } from './state.js';

export type FeedbackAction = 'solved' | 'didnt_help';

export type FeedbackOutcome =
	| { kind: 'refused'; message: string }
	| { kind: 'unchanged'; message: string }
	| { kind: 'solved'; nextState: ThreadState; message: string }
	| { kind: 'escalate'; message: string };

export const FEEDBACK_REFUSAL = t('en', 'feedback.refused');

/** The pure rule for the "Solved it" / "Didn't help" buttons under an answer. */
export function decideFeedback(
	thread: ThreadSnapshot,
	actor: Author,
	action: FeedbackAction,
	lang: PosterLanguage = 'en',
): FeedbackOutcome {
	if (actor.id !== thread.ownerId && !actor.isModerator)
		return { kind: 'refused', message: t(lang, 'feedback.refused') };
	if (action === 'solved') {
		const solved = transitionThread(thread, { kind: 'marked_solved' });
		if (!solved.ok) return { kind: 'unchanged', message: t(lang, 'feedback.alreadySolved') };
		return { kind: 'solved', nextState: solved.next.state, message: t(lang, 'feedback.solved') };
	}
	if (thread.state === 'escalated') {
		return { kind: 'unchanged', message: t(lang, 'feedback.alreadyWithTeam') };
	}
	return { kind: 'escalate', message: t(lang, 'feedback.didntHelp') };
}
