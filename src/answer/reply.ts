import type { CompiledKb, MatchResult } from '../kb/match.js';
import type { Triage } from '../triage/types.js';
import { abstainMessage, askForInfo } from './ask-for-info.js';
import { type AnswerOptions, type ComposedReply, composeAnswer } from './compose-answer.js';

/**
 * Decides what the bot says about a triaged post: the matched entry's answer when the match is confident and a
 * page it cites holds on the poster's route; otherwise a request for what is missing; otherwise the abstain message (handed to humans). Pure.
 */
export function composeReply(
	triage: Triage,
	result: MatchResult,
	kb: CompiledKb,
	options: AnswerOptions = {},
): ComposedReply {
	const top = result.top;
	const entry = top === null ? undefined : kb.byId.get(top.entryId);
	if (!result.abstained && top !== null && entry !== undefined) {
		const answer = composeAnswer(entry, top, triage, options);
		// An answer rests on pages that state it for the poster's route; with none, a person takes the thread.
		if (answer.citations.length > 0) return answer;
	}
	const lang = options.lang ?? 'en';
	const confidence = top?.confidence ?? 0;
	if (triage.missing.length > 0 && result.reason === 'NO_EVIDENCE')
		return {
			kind: 'ask',
			content: askForInfo(triage.missing, triage.secrets, lang),
			citations: [],
			entryId: null,
			cause: null,
			confidence,
			lang,
		};
	return {
		kind: triage.missing.length > 0 ? 'ask' : 'abstain',
		content: abstainMessage(triage.missing, triage.secrets, {}, lang),
		citations: [],
		entryId: null,
		cause: null,
		confidence,
		lang,
	};
}
