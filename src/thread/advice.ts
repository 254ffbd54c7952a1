import type { PostText } from '../model.js';
import type { Triage } from '../triage/types.js';
import type { ThreadState } from './state.js';

/** What the bot would say about a thread's text if nobody escalates it. */
export interface Advice {
	readonly kind: 'answer' | 'ask' | 'abstain';
	readonly content: string;
	readonly nextState: ThreadState;
	/** Short machine-readable why, e.g. `MATCHED:unsupported_region@0.91`, `MISSING:error_body,model`. */
	readonly reason: string;
}

/** The knowledge base's best guess, as escalation and `/doorman status` need it. */
export interface MatchSummary {
	readonly entryId: string;
	readonly cause: string;
	readonly title: string;
	readonly confidence: number;
	readonly abstained: boolean;
	/** The entry says the fix needs the vendor (a false-positive block, a suspension). */
	readonly vendorNeeded: boolean;
	/**
	 * The entry's `providers` (`openai`, `gemini`, `any` …): where the escalation looks for the vendor when triage
	 * found no route. Support contacts themselves come from the vendor records (`kb/vendors`), never from an entry.
	 */
	readonly providers: readonly string[];
}

/** Everything the knowledge side concluded about a thread: triage, the match, and the advice. */
export interface Assessment {
	readonly triage: Triage | null;
	readonly match: MatchSummary | null;
	readonly advice: Advice;
	/** Which path produced an answer: the KB template, the LLM phrasing it, or the LLM picking the cause. */
	readonly path?: 'kb' | 'llm-phrased' | 'llm-assisted';
}

/** Turns a thread's text into an assessment; implemented over triage + KB + answer composer (+ optional LLM). */
export type Advisor = (thread: PostText) => Promise<Assessment>;
