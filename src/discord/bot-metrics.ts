import type { AnswerPath } from '../thread/ports.js';

/** A counter whose label values are checked at compile time. */
interface LabelledCounter<Labels extends Record<string, string>> {
	inc(labels: Labels, by?: number): void;
}

/** A counter without labels. */
interface PlainCounter {
	inc(by?: number): void;
}

/**
 * The metrics the Discord edge counts, declared here so the bot does not import `src/ops`; the Prometheus
 * registry in `ops/metrics.ts` has this shape, which `app.ts` checks when it hands it over.
 */
export interface BotMetrics {
	readonly eventsHandled: LabelledCounter<{ kind: string }>;
	readonly repliesSent: LabelledCounter<{ kind: string }>;
	readonly answers: LabelledCounter<{ cause: string; path: AnswerPath }>;
	readonly abstentions: PlainCounter;
	readonly escalations: LabelledCounter<{ state: string }>;
	readonly rest429s: PlainCounter;
	readonly gatewayReconnects: PlainCounter;
	/** Sets where the queue-depth gauge is read from at scrape time; `null` detaches it. */
	setQueueDepthSource(source: (() => number) | null): void;
}
