import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { BotMetrics, LabelledCounter, PlainCounter } from '../bot-metrics.js';

/** Every metric this module registers starts with this, including the default process metrics. */
export const METRIC_PREFIX = 'doorman_';

/**
 * Histogram buckets in seconds for in-process work (triage, match): 100 µs to 1 s. Triage and match are
 * sub-millisecond on ordinary posts, so the low end is fine-grained; a 64 KB paste still lands below 1 s.
 */
export const LATENCY_BUCKETS_SECONDS: readonly number[] = [
	0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1,
];

/** A latency histogram in seconds. */
export interface Timing {
	/** Records one duration in seconds. */
	observe(seconds: number): void;
	/** Starts a timer; calling the returned function records the elapsed seconds and returns them. */
	startTimer(): () => number;
	/** Runs `fn` synchronously and records how long it took, even when it throws. */
	time<T>(fn: () => T): T;
}

/** The bot's metrics (the counters the Discord edge keeps, and the triage and match timings), bound to one private registry. */
export interface Metrics extends BotMetrics {
	/** The registry holding every metric; never prom-client's global default registry. */
	readonly registry: Registry;
	/** The `Content-Type` to serve `render()` with (Prometheus text format 0.0.4). */
	readonly contentType: string;
	/** `doorman_triage_duration_seconds`: time to triage one post. */
	readonly triageSeconds: Timing;
	/** `doorman_match_duration_seconds`: time to match one triaged post against the KB. */
	readonly matchSeconds: Timing;
	/** The registry's content in Prometheus text format. */
	render(): Promise<string>;
}

/** Options for {@link createMetrics}. */
export interface MetricsOptions {
	/**
	 * Also collect prom-client's default process metrics (CPU, memory, event-loop lag, GC, handles) as `doorman_*`.
	 * @defaultValue true
	 */
	readonly defaultMetrics?: boolean;
}

function labelledCounter<Labels extends Record<string, string>>(counter: Counter<string>): LabelledCounter<Labels> {
	return { inc: (labels, by = 1) => counter.inc(labels, by) };
}

function plainCounter(counter: Counter<string>): PlainCounter {
	return { inc: (by = 1) => counter.inc(by) };
}

function timing(histogram: Histogram<string>): Timing {
	return {
		observe: (seconds) => histogram.observe(seconds),
		startTimer: () => histogram.startTimer(),
		time: (fn) => {
			const end = histogram.startTimer();
			try {
				return fn();
			} finally {
				end();
			}
		},
	};
}

/**
 * Creates the bot's metrics on a fresh private registry, so several apps (or tests) in one process never
 * collide on metric names.
 */
export function createMetrics(options: MetricsOptions = {}): Metrics {
	const registry = new Registry();
	const registers = [registry];
	if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: METRIC_PREFIX });

	const counter = (name: string, help: string, labelNames: readonly string[] = []): Counter<string> =>
		new Counter({ name: `${METRIC_PREFIX}${name}`, help, labelNames, registers });
	const histogram = (name: string, help: string): Histogram<string> =>
		new Histogram({ name: `${METRIC_PREFIX}${name}`, help, buckets: [...LATENCY_BUCKETS_SECONDS], registers });

	let queueDepthSource: (() => number) | null = null;
	new Gauge({
		name: `${METRIC_PREFIX}queue_depth`,
		help: 'Work items waiting in the bot queue, read at scrape time.',
		registers,
		collect() {
			if (queueDepthSource === null) {
				this.reset();
				return;
			}
			let depth: number;
			try {
				depth = queueDepthSource();
			} catch {
				depth = Number.NaN;
			}
			this.set(Number.isFinite(depth) ? depth : Number.NaN);
		},
	});

	return {
		registry,
		contentType: registry.contentType,
		eventsHandled: labelledCounter(counter('events_handled_total', 'Gateway events handled, by kind.', ['kind'])),
		repliesSent: labelledCounter(counter('replies_sent_total', 'Messages posted by the bot, by kind.', ['kind'])),
		answers: labelledCounter(
			counter('answers_total', 'Answers given, by KB cause and how they were produced.', ['cause', 'path']),
		),
		abstentions: plainCounter(counter('abstentions_total', 'Posts the matcher abstained on (low confidence).')),
		escalations: labelledCounter(counter('escalations_total', 'Escalation state changes, by state.', ['state'])),
		rest429s: plainCounter(counter('rest_429_total', 'HTTP 429 responses from the Discord REST API.')),
		gatewayReconnects: plainCounter(counter('gateway_reconnects_total', 'Gateway reconnects and resumes.')),
		triageSeconds: timing(histogram('triage_duration_seconds', 'Time to triage one post, in seconds.')),
		matchSeconds: timing(histogram('match_duration_seconds', 'Time to match one post against the KB, in seconds.')),
		setQueueDepthSource(source) {
			queueDepthSource = source;
		},
		render: () => registry.metrics(),
	};
}
