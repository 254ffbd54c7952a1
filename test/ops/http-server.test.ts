import { Agent, get } from 'node:http';
import type { Socket } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { HealthSource } from '../../src/ops/health.js';
import { type OpsServer, type OpsServerOptions, startOpsServer } from '../../src/ops/http-server.js';
import { createMetrics, type Metrics } from '../../src/ops/metrics.js';

interface FakeHealth extends HealthSource {
	isGatewayUp: boolean;
}

function fakeHealth(): FakeHealth {
	const health: FakeHealth = {
		isGatewayUp: true,
		isGatewayConnected: () => health.isGatewayUp,
		isDatabaseWritable: () => true,
		lastEventAt: () => 1_000,
		now: () => 3_000,
	};
	return health;
}

describe('startOpsServer', () => {
	const servers: OpsServer[] = [];
	afterEach(async () => {
		await Promise.all(servers.splice(0).map((s) => s.close()));
	});

	async function start(
		overrides: Partial<OpsServerOptions> = {},
	): Promise<{ server: OpsServer; metrics: Metrics; health: FakeHealth }> {
		const metrics = createMetrics({ defaultMetrics: false });
		const health = fakeHealth();
		const server = await startOpsServer({ host: '127.0.0.1', port: 0, metrics, health, ...overrides });
		servers.push(server);
		return { server, metrics, health };
	}

	it('listens on a random loopback port and reports the real URL', async () => {
		const { server } = await start();
		expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		expect(server.url).not.toMatch(/:0$/);
	});

	it('defaults to 127.0.0.1', async () => {
		const metrics = createMetrics({ defaultMetrics: false });
		const server = await startOpsServer({ port: 0, metrics, health: fakeHealth() });
		servers.push(server);
		expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
	});

	it('answers /healthz with 200 and the report while healthy', async () => {
		const { server } = await start();
		const res = await fetch(`${server.url}/healthz`);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
		expect(res.headers.get('cache-control')).toBe('no-store');
		expect(await res.json()).toEqual({ ok: true, checks: { gateway: true, database: true, lastEventAgeMs: 2_000 } });
	});

	it('answers /healthz with 503 and the same body shape while unhealthy', async () => {
		const { server, health } = await start();
		health.isGatewayUp = false;
		const res = await fetch(`${server.url}/healthz`);
		expect(res.status).toBe(503);
		expect(await res.json()).toEqual({
			ok: false,
			checks: { gateway: false, database: true, lastEventAgeMs: 2_000 },
		});
	});

	it('applies maxEventAgeMs to /healthz', async () => {
		const { server } = await start({ maxEventAgeMs: 1_000 });
		const res = await fetch(`${server.url}/healthz`);
		expect(res.status).toBe(503);
		expect(((await res.json()) as { ok: boolean }).ok).toBe(false);
	});

	it('ignores the query string when routing', async () => {
		const { server } = await start();
		expect((await fetch(`${server.url}/healthz?verbose=1`)).status).toBe(200);
	});

	it('serves /metrics as Prometheus text with the counters after increments', async () => {
		const { server, metrics } = await start();
		metrics.eventsHandled.inc({ kind: 'message-create' });
		metrics.answers.inc({ cause: 'unsupported_country', path: 'llm-assisted' });
		metrics.rest429s.inc();
		metrics.setQueueDepthSource(() => 3);

		const res = await fetch(`${server.url}/metrics`);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe(metrics.contentType);
		const text = await res.text();
		expect(text).toContain('doorman_events_handled_total{kind="message-create"} 1');
		expect(text).toContain('doorman_answers_total{cause="unsupported_country",path="llm-assisted"} 1');
		expect(text).toContain('doorman_rest_429_total 1');
		expect(text).toContain('doorman_queue_depth 3');
	});

	it('answers unknown paths with 404', async () => {
		const { server } = await start();
		for (const path of ['/', '/healthz/', '/metrics.txt', '/nope']) {
			const res = await fetch(`${server.url}${path}`);
			expect(res.status, path).toBe(404);
			await res.body?.cancel();
		}
	});

	it('answers other methods on known paths with 405 and Allow: GET', async () => {
		const { server } = await start();
		for (const method of ['POST', 'PUT', 'DELETE', 'HEAD']) {
			const res = await fetch(`${server.url}/healthz`, method === 'HEAD' ? { method } : { method, body: '{}' });
			expect(res.status, method).toBe(405);
			expect(res.headers.get('allow')).toBe('GET');
			await res.body?.cancel();
		}
	});

	it('answers 500 without crashing when rendering metrics fails', async () => {
		const metrics = createMetrics({ defaultMetrics: false });
		const failing = { contentType: metrics.contentType, render: () => Promise.reject(new Error('registry broke')) };
		const server = await startOpsServer({ port: 0, metrics: failing, health: fakeHealth() });
		servers.push(server);
		expect((await fetch(`${server.url}/metrics`)).status).toBe(500);
		expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
	});

	it('never logs request bodies or query strings', async () => {
		let logged = '';
		const sink = new Writable({
			write(chunk: Buffer, _encoding, done) {
				logged += chunk.toString();
				done();
			},
		});
		const logger = pino({ level: 'debug' }, sink);
		const { server } = await start({ logger });
		await (await fetch(`${server.url}/healthz?token=query-secret`, { method: 'POST', body: 'body-secret' })).text();
		await (await fetch(`${server.url}/metrics?token=query-secret`)).text();

		expect(logged).toContain('ops endpoint listening');
		expect(logged).toContain('"path":"/healthz"');
		expect(logged).not.toContain('body-secret');
		expect(logged).not.toContain('query-secret');
	});

	it('rejects when the port is already taken', async () => {
		const { server } = await start();
		const port = Number(new URL(server.url).port);
		const metrics = createMetrics({ defaultMetrics: false });
		await expect(startOpsServer({ port, metrics, health: fakeHealth() })).rejects.toMatchObject({
			code: 'EADDRINUSE',
		});
	});

	it('closes idle keep-alive connections on close, and close is idempotent', async () => {
		const { server } = await start();
		const agent = new Agent({ keepAlive: true });
		const socket = await new Promise<Socket>((resolve, reject) => {
			const req = get(`${server.url}/healthz`, { agent }, (res) => {
				const { socket } = res;
				res.resume();
				res.on('end', () => resolve(socket));
			});
			req.on('error', reject);
		});
		const socketClosed = new Promise<void>((done) => socket.once('close', () => done()));
		expect(socket.destroyed).toBe(false);
		await Promise.all([server.close(), server.close()]);
		await socketClosed;
		agent.destroy();
		await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
	});
});
