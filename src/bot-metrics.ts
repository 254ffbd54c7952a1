import type { AnswerPath } from './model.js';

/**
 * The counters the bot keeps, declared once: the Discord edge counts into them and `ops/metrics.ts` serves them as
 * Prometheus metrics (its `Metrics` extends this), so neither layer imports the other.
 */

/**
 * A counter whose label values are checked at compile time. Keep label values to a small fixed set
 * (decision kinds, cause ids, states): every distinct value is a new time series.
 */
export interface LabelledCounter<Labels extends Record<string, string>> {
	inc(labels: Labels, by?: number): void;
}

/** A counter without labels. */
export interface PlainCounter {
	inc(by?: number): void;
}

/** What the Discord edge counts. */
export interface BotMetrics {
	/** `doorman_events_handled_total{kind}`: gateway events the bot handled (e.g. thread-create, message-create). */
	readonly eventsHandled: LabelledCounter<{ kind: string }>;
	/** `doorman_replies_sent_total{kind}`: messages the bot posted, by decision kind (reply, ask, …). */
	readonly repliesSent: LabelledCounter<{ kind: string }>;
	/** `doorman_answers_total{cause,path}`: answers given, by KB cause id and how they were produced. */
	readonly answers: LabelledCounter<{ cause: string; path: AnswerPath }>;
	/** `doorman_abstentions_total`: posts the matcher was not confident enough to answer. */
	readonly abstentions: PlainCounter;
	/** `doorman_escalations_total{state}`: escalation state changes (e.g. pending, approved, rejected, sent). */
	readonly escalations: LabelledCounter<{ state: string }>;
	/** `doorman_rest_429_total`: HTTP 429 responses from Discord's REST API. */
	readonly rest429s: PlainCounter;
	/** `doorman_gateway_reconnects_total`: gateway reconnects and resumes. */
	readonly gatewayReconnects: PlainCounter;
	/**
	 * Sets where `doorman_queue_depth` is read from at scrape time (e.g. pending work in the keyed queue).
	 * Pass `null` to detach (the gauge then reads 0). A source that throws or returns a non-finite number is reported
	 * as `NaN` rather than failing the scrape.
	 */
	setQueueDepthSource(source: (() => number) | null): void;
}
