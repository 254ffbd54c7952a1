import type { EscalationFacts } from '../escalation/policy.js';
import type { EscalateResult } from '../escalation/service.js';
import type { Actor } from '../escalation/types.js';
import type { Assessment } from './advice.js';
import type { EscalationPort } from './ports.js';

export interface EscalationContext {
	readonly guildId: string;
	readonly threadId: string;
	readonly title: string;
	readonly ownerId: string;
	readonly ownerName: string;
	readonly eventAt: number;
	readonly actor: Actor;
}

/** Hands a thread to the escalation service with what the assessment knows (all redacted by triage). */
export function escalateThread(
	port: EscalationPort,
	context: EscalationContext,
	assessment: Assessment | null,
	facts: EscalationFacts,
): EscalateResult {
	const match = assessment?.match ?? null;
	return port.escalate({
		thread: {
			guildId: context.guildId,
			threadId: context.threadId,
			title: context.title,
			ownerId: context.ownerId,
			ownerName: context.ownerName,
		},
		facts,
		eventAt: context.eventAt,
		triage: assessment?.triage ?? null,
		cause: match === null ? null : { id: match.cause, title: match.title, confidence: match.confidence },
		supportTo: match?.supportTo ?? null,
		tried:
			assessment === null || assessment.advice.kind !== 'answer'
				? []
				: [`Doorman suggested: ${match?.title ?? 'a fix'}`],
		actor: context.actor,
	});
}
