import { register as globalRegistry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createMetrics, LATENCY_BUCKETS_SECONDS } from '../../src/ops/metrics.js';

/** The sample lines (not HELP/TYPE comments) of a Prometheus text exposition. */
function samples(text: string): string[] {
	return text.split('\n').filter((line) => line !== '' && !line.startsWith('#'));
}

describe('createMetrics', () => {
	it('renders labelled counters with their names and label values after increments', async () => {
		const metrics = createMetrics({ defaultMetrics: false });
		metrics.eventsHandled.inc({ kind: 'message-create' });
		metrics.eventsHandled.inc({ kind: 'message-create' });
		metrics.eventsHandled.inc({ kind: 'thread-create' });
		metrics.repliesSent.inc({ kind: 'reply' }, 3);
		metrics.answers.inc({ cause: 'region_unavailable', path: 'kb' });
		metrics.answers.inc({ cause: 'region_unavailable', path: 'llm-phrased' });
		metrics.escalations.inc({ state: 'pending' });

		const lines = samples(await metrics.render());
		expect(lines).toContain('doorman_events_handled_total{kind="message-create"} 2');
		expect(lines).toContain('doorman_events_handled_total{kind="thread-create"} 1');
		expect(lines).toContain('doorman_replies_sent_total{kind="reply"} 3');
		expect(lines).toContain('doorman_answers_total{cause="region_unavailable",path="kb"} 1');
		expect(lines).toContain('doorman_answers_total{cause="region_unavailable",path="llm-phrased"} 1');
		expect(lines).toContain('doorman_escalations_total{state="pending"} 1');
	});

	it('renders unlabelled counters from zero', async () => {
		const metrics = createMetrics({ defaultMetrics: false });
		let lines = samples(await metrics.render());
		expect(lines).toContain('doorman_abstentions_total 0');
		expect(lines).toContain('doorman_rest_429_total 0');
		expect(lines).toContain('doorman_gateway_reconnects_total 0');

		metrics.abstentions.inc();
		metrics.rest429s.inc(2);
		metrics.gatewayReconnects.inc();
		lines = samples(await metrics.render());
		expect(lines).toContain('doorman_abstentions_total 1');
		expect(lines).toContain('doorman_rest_429_total 2');
		expect(lines).toContain('doorman_gateway_reconnects_total 1');
	});

	it('declares counter, histogram and gauge types', async () => {
		const text = await createMetrics({ defaultMetrics: false }).render();
		expect(text).toContain('# TYPE doorman_events_handled_total counter');
		expect(text).toContain('# TYPE doorman_triage_duration_seconds histogram');
		expect(text).toContain('# TYPE doorman_match_duration_seconds histogram');
		expect(text).toContain('# TYPE doorman_queue_depth gauge');
	});

	it('observes latencies into buckets from 100 µs to 1 s', async () => {
		const metrics = createMetrics({ defaultMetrics: false });
		metrics.triageSeconds.observe(0.0003);
		metrics.matchSeconds.observe(2);

		const lines = samples(await metrics.render());
		expect(LATENCY_BUCKETS_SECONDS[0]).toBe(0.0001);
		expect(LATENCY_BUCKETS_SECONDS.at(-1)).toBe(1);
		expect(lines).toContain('doorman_triage_duration_seconds_bucket{le="0.0001"} 0');
		expect(lines).toContain('doorman_triage_duration_seconds_bucket{le="0.0005"} 1');
		expect(lines).toContain('doorman_triage_duration_seconds_count 1');
		expect(lines).toContain('doorman_match_duration_seconds_bucket{le="1"} 0');
		expect(lines).toContain('doorman_match_duration_seconds_bucket{le="+Inf"} 1');
		expect(lines).toContain('doorman_match_duration_seconds_sum 2');
	});

	it('times synchronous work and timers', async () => {
		const metrics = createMetrics({ defaultMetrics: false });
		expect(metrics.matchSeconds.time(() => 42)).toBe(42);
		const end = metrics.triageSeconds.startTimer();
		expect(end()).toBeGreaterThanOrEqual(0);

		const lines = samples(await metrics.render());
		expect(lines).toContain('doorman_match_duration_seconds_count 1');
		expect(lines).toContain('doorman_triage_duration_seconds_count 1');
	});

	it('records the time of a timed function even when it throws', async () => {
		const metrics = createMetrics({ defaultMetrics: false });
		expect(() =>
			metrics.matchSeconds.time(() => {
				throw new Error('boom');
			}),
		).toThrow('boom');
		expect(samples(await metrics.render())).toContain('doorman_match_duration_seconds_count 1');
	});

	it('reads the queue depth from the source at scrape time', async () => {
		const metrics = createMetrics({ defaultMetrics: false });
		expect(samples(await metrics.render())).toContain('doorman_queue_depth 0');

		let depth = 4;
		metrics.setQueueDepthSource(() => depth);
		expect(samples(await metrics.render())).toContain('doorman_queue_depth 4');
		depth = 7;
		expect(samples(await metrics.render())).toContain('doorman_queue_depth 7');

		metrics.setQueueDepthSource(null);
		expect(samples(await metrics.render())).toContain('doorman_queue_depth 0');
	});

	it('reports NaN instead of failing the scrape when the queue depth source throws', async () => {
		const metrics = createMetrics({ defaultMetrics: false });
		metrics.setQueueDepthSource(() => {
			throw new Error('queue gone');
		});
		expect(samples(await metrics.render())).toContain('doorman_queue_depth Nan');
	});

	it('prefixes the default process metrics and every other metric with doorman_', async () => {
		const text = await createMetrics().render();
		expect(text).toContain('doorman_process_cpu_user_seconds_total');
		expect(text).toContain('doorman_nodejs_heap_size_used_bytes');
		const names = samples(text).map((line) => line.split(/[{ ]/)[0]);
		expect(names.length).toBeGreaterThan(20);
		expect(names.filter((name) => !name?.startsWith('doorman_'))).toEqual([]);
	});

	it('keeps each instance on its own registry, never the global default', async () => {
		const a = createMetrics();
		const b = createMetrics();
		a.abstentions.inc();
		expect(a.registry).not.toBe(b.registry);
		expect(a.registry).not.toBe(globalRegistry);
		expect(samples(await a.render())).toContain('doorman_abstentions_total 1');
		expect(samples(await b.render())).toContain('doorman_abstentions_total 0');
		expect(await globalRegistry.metrics()).not.toContain('doorman_');
	});

	it('exposes the Prometheus text content type', () => {
		expect(createMetrics({ defaultMetrics: false }).contentType).toMatch(/^text\/plain; version=0\.0\.4/);
	});
});
