import type { PostText } from '../model.js';
import type { ThreadState } from './state.js';

/** What the knowledge side says about a thread's text: answer it, ask for more, or admit it does not know. */
export interface Advice {
	readonly kind: 'answer' | 'ask' | 'abstain';
	readonly content: string;
	readonly nextState: ThreadState;
	/** Short machine-readable why, e.g. `MATCHED:unsupported_region@0.91`, `MISSING:error_body,model`. */
	readonly reason: string;
}

/** Turns a thread's text into advice; implemented over triage + KB + answer composer. */
export type Advisor = (thread: PostText) => Advice;
