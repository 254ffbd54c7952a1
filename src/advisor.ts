import { composeReply } from './answer/reply.js';
import type { Config } from './config.js';
import { type OpenKb, openKb } from './kb/load.js';
import { matchKb } from './kb/match.js';
import type { Advisor, Assessment, MatchSummary } from './thread/advice.js';
import { triagePost } from './triage/index.js';

export interface AdvisorTimings {
	/** Called with seconds spent, for the latency histograms. */
	readonly onTriage?: (seconds: number) => void;
	readonly onMatch?: (seconds: number) => void;
}

/**
 * The advisor the bot speaks with: triage → knowledge-base match → answer, all from the KB on disk.
 * Loading lints every entry and throws a KbError naming each `file:line: problem`, so the bot never
 * starts with a broken knowledge base.
 */
export function loadAdvisor(config: Config, timings: AdvisorTimings = {}): Advisor {
	return createAdvisor(openKb(config.kbDir), config, timings);
}

export function createAdvisor(
	open: OpenKb,
	config: Pick<Config, 'matchThreshold' | 'supportEmail'>,
	timings: AdvisorTimings = {},
): Advisor {
	return (post): Assessment => {
		const t0 = performance.now();
		const triage = triagePost(post);
		const t1 = performance.now();
		const result = matchKb(triage, open.kb, open.index, { threshold: config.matchThreshold });
		const t2 = performance.now();
		timings.onTriage?.((t1 - t0) / 1000);
		timings.onMatch?.((t2 - t1) / 1000);
		const reply = composeReply(triage, result, open.kb, { supportFallback: config.supportEmail });
		const top = result.top;
		const entry = top === null ? undefined : open.kb.byId.get(top.entryId);
		const match: MatchSummary | null =
			top === null || entry === undefined
				? null
				: {
						entryId: top.entryId,
						cause: top.cause,
						title: top.title,
						confidence: top.confidence,
						abstained: result.abstained,
						vendorNeeded: entry.escalate !== undefined,
						supportTo: entry.support ?? null,
					};
		const reason =
			reply.kind === 'answer'
				? `MATCHED:${reply.cause ?? '?'}@${reply.confidence.toFixed(2)}`
				: reply.kind === 'ask'
					? `MISSING:${triage.missing.join(',') || 'details'}`
					: `${result.reason}${top === null ? '' : `:${top.cause}@${top.confidence.toFixed(2)}`}`;
		return {
			triage,
			match,
			advice: {
				kind: reply.kind,
				content: reply.content,
				nextState: reply.kind === 'answer' ? 'answered' : 'needs_info',
				reason,
			},
		};
	};
}
