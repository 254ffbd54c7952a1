import type { Author } from '../model.js';
import type { ThreadSnapshot, ThreadState } from './state.js';

export type FeedbackAction = 'solved' | 'didnt_help';

export type FeedbackOutcome =
	| { kind: 'refused'; message: string }
	| { kind: 'unchanged'; message: string }
	| { kind: 'solved'; nextState: ThreadState; message: string }
	| { kind: 'escalate'; message: string };

export const FEEDBACK_REFUSAL = 'Only the person who opened this thread or a moderator can use these buttons.';

/** The pure rule for the "Solved it" / "Didn't help" buttons under an answer. */
export function decideFeedback(thread: ThreadSnapshot, actor: Author, action: FeedbackAction): FeedbackOutcome {
	if (actor.id !== thread.ownerId && !actor.isModerator) return { kind: 'refused', message: FEEDBACK_REFUSAL };
	if (action === 'solved') {
		if (thread.state === 'solved') return { kind: 'unchanged', message: 'This thread is already marked solved.' };
		return { kind: 'solved', nextState: 'solved', message: 'Glad it is sorted. I marked this post as solved.' };
	}
	if (thread.state === 'escalated') {
		return { kind: 'unchanged', message: 'This is already with the team; a person will follow up here.' };
	}
	return { kind: 'escalate', message: 'Sorry that did not help. I am passing this to the team.' };
}
