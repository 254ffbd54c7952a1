import type { PosterLanguage } from '../i18n/messages.js';
import type { AnswerPath, PostText } from '../model.js';
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
	/** The entry's title in each language it is translated into (kb/i18n), for moderators who read another language. */
	readonly titles?: Readonly<Partial<Record<PosterLanguage, string>>>;
	readonly confidence: number;
	readonly abstained: boolean;
	/**
	 * The bot stands behind this match: the matcher did not abstain and its confidence clears the configured threshold.
	 * Decided by the advisor, the one place that knows the threshold; below it the bot asks or escalates.
	 */
	readonly confident: boolean;
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
	readonly path?: AnswerPath;
	/**
	 * Set when the advisor was asked not to phrase (`{ phrase: false }`) and would have phrased this answer with the
	 * LLM: the same assessment, phrased. Call it only for an answer that will be posted.
	 */
	readonly phrase?: () => Promise<Assessment>;
}

export interface AdviseOptions {
	/**
	 * `false`: the knowledge base's answer only, no LLM phrasing (the match, cause and missing details are the same).
	 * For readings whose text is never posted: comparing with the last answer, an escalation, deciding whether to reply.
	 * @defaultValue true
	 */
	readonly phrase?: boolean;
	/** The thread's language: the advice is written in it when the bot speaks it (and the entry is translated). */
	readonly lang?: PosterLanguage;
}

/** For readings that are not posted as they are (see `AdviseOptions.phrase`). */
export const UNPHRASED: AdviseOptions = { phrase: false };

/** The assessment as it would be posted: phrased by the LLM when the advisor deferred that (see `UNPHRASED`). */
export const phrased = async (assessment: Assessment): Promise<Assessment> =>
	assessment.phrase === undefined ? assessment : assessment.phrase();

/** Turns a thread's text into an assessment; implemented over triage + KB + answer composer (+ optional LLM). */
export type Advisor = (thread: PostText, options?: AdviseOptions) => Promise<Assessment>;
