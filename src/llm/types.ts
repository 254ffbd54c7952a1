import type { PosterLanguage } from '../i18n/messages.js';
import type { KbEntry } from '../kb/entry-schema.js';

/** The parts of a KB entry the model may ground an answer in. `KbEntry` satisfies it. */
export type GroundingEntry = Pick<KbEntry, 'id' | 'cause' | 'title' | 'diagnosis' | 'fix' | 'citations'>;

export interface PhraseInput {
	/** Redacted triage summary or post text; cut to `MAX_SUMMARY_BYTES` and scrubbed again before sending. */
	readonly triageSummary: string;
	/**
	 * The matched entry first, with the fix steps and citations of the user's route (`entryForRoute`, as the KB answer
	 * shows them), then any neighbours as context. Only the matched entry's citation URLs may be cited; at most
	 * `MAX_ENTRIES` are sent.
	 */
	readonly entries: readonly GroundingEntry[];
	/** The cause the matcher decided; the model must not change it. */
	readonly matchedCause: string;
	/** Lines shown under the diagnosis (status note, "you posted a key" warning), counted in the length check. */
	readonly notes?: readonly string[];
	/** The language to write the reply in (the KB answer's: the poster's when the entry is translated); English when absent. */
	readonly lang?: PosterLanguage;
}

export interface AssistCandidate {
	readonly cause: string;
	readonly entryId: string;
	readonly title: string;
	/** Descriptions of the signals that fired with positive weight (e.g. `code=unsupported_country`). */
	readonly firedSignals: readonly string[];
}

export interface AssistInput {
	readonly triageSummary: string;
	readonly candidates: readonly AssistCandidate[];
}

/** The model's pick when the matcher abstained; always a candidate with at least one fired signal. */
export interface AssistPick {
	readonly cause: string;
	readonly entryId: string;
	/** The model's reason, scrubbed, one line, at most 300 characters. */
	readonly reason: string;
}

/** Why an LLM result was not used (the bot then uses the KB path). */
export type LlmRejectReason =
	| 'DISABLED'
	| 'BUDGET_EXHAUSTED'
	| 'NO_ENTRIES'
	| 'NO_CANDIDATES'
	| 'TIMEOUT'
	| 'RATE_LIMITED'
	| 'SERVER_ERROR'
	| 'HTTP_ERROR'
	| 'CONNECTION_FAILED'
	| 'CALL_FAILED'
	| 'EMPTY_REPLY'
	| 'REFUSED'
	| 'TRUNCATED'
	| 'INVALID_JSON'
	| 'SCHEMA_INVALID'
	| 'CAUSE_MISMATCH'
	| 'FOREIGN_CITATION'
	| 'NO_CITATION'
	| 'FOREIGN_URL'
	| 'INJECTION_ECHO'
	| 'SECRET_IN_OUTPUT'
	| 'TOO_LONG'
	| 'NO_PICK'
	| 'PICK_NOT_CANDIDATE'
	| 'PICK_WITHOUT_SIGNAL';

export type LlmOp = 'phrase' | 'assist' | 'models';

export interface LlmRejectInfo {
	readonly op: LlmOp;
	/** HTTP status when the endpoint answered with an error. */
	readonly status?: number;
}

/** Called once per unused result; log `reason` and `op`, never the prompt or the reply. */
export type OnLlmReject = (reason: LlmRejectReason, info: LlmRejectInfo) => void;
