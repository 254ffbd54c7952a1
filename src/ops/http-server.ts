import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { evaluateHealth, type HealthSource } from './health.js';
import type { Metrics } from './metrics.js';

/** The few logger methods the ops server uses; a pino `Logger` fits. */
export interface OpsLogger {
	info(obj: object, msg: string): void;
	warn(obj: object, msg: string): void;
	debug(obj: object, msg: string): void;
}

/** Options for {@link startOpsServer}. */
export interface OpsServerOptions {
	/**
	 * Interface to listen on. Keep it on loopback unless a scraper on another host needs it.
	 * @defaultValue '127.0.0.1'
	 */
	readonly host?: string;
	/** TCP port; `0` picks a free one (read the real one from `url`). */
	readonly port: number;
	readonly metrics: Pick<Metrics, 'render' | 'contentType'>;
	readonly health: HealthSource;
	/** Passed to `evaluateHealth`: fail `/healthz` when the last event is older than this. */
	readonly maxEventAgeMs?: number | undefined;
	readonly logger?: OpsLogger | undefined;
}

/** A running ops server. */
export interface OpsServer {
	/** Base URL with the bound host and port, e.g. `http://127.0.0.1:9464`. */
	readonly url: string;
	/** Stops accepting connections, closes idle keep-alive sockets, and resolves once the server is closed. */
	close(): Promise<void>;
}

/** How long `close()` lets in-flight requests finish before it drops their sockets. */
const CLOSE_GRACE_MS = 2_000;

const ROUTES = new Set(['/healthz', '/metrics']);

function send(res: ServerResponse, status: number, contentType: string, body: string): void {
	res.writeHead(status, {
		'Content-Type': contentType,
		'Content-Length': Buffer.byteLength(body),
		'Cache-Control': 'no-store',
		'X-Content-Type-Options': 'nosniff',
	});
	res.end(body);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
	send(res, status, 'application/json; charset=utf-8', JSON.stringify(body));
}

/** Path without query string; a malformed request target counts as an unknown path. */
function pathOf(req: IncomingMessage): string {
	try {
		return new URL(req.url ?? '/', 'http://localhost').pathname;
	} catch {
		return '';
	}
}

function formatUrl(address: AddressInfo): string {
	const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
	return `http://${host}:${address.port}`;
}

/**
 * Starts the operations endpoint: `GET /healthz` (200 when healthy, else 503, JSON {@link evaluateHealth}
 * report either way) and `GET /metrics` (Prometheus text). Other paths are 404; other methods on those paths
 * are 405. Request bodies are never read or logged.
 */
export async function startOpsServer(options: OpsServerOptions): Promise<OpsServer> {
	const { metrics, health, maxEventAgeMs, logger } = options;
	const host = options.host ?? '127.0.0.1';

	async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const path = pathOf(req);
		if (!ROUTES.has(path)) return sendJson(res, 404, { error: 'not found' });
		if (req.method !== 'GET') {
			res.setHeader('Allow', 'GET');
			return sendJson(res, 405, { error: 'method not allowed' });
		}
		if (path === '/healthz') {
			const report = evaluateHealth(health, { maxEventAgeMs });
			return sendJson(res, report.ok ? 200 : 503, report);
		}
		const text = await metrics.render();
		return send(res, 200, metrics.contentType, text);
	}

	const server = createServer((req, res) => {
		// Discard any body unread, so the socket can be reused; its content is never looked at.
		req.resume();
		handle(req, res).then(
			() => logger?.debug({ method: req.method, path: pathOf(req), status: res.statusCode }, 'ops request'),
			(error: unknown) => {
				logger?.warn({ err: error, method: req.method, path: pathOf(req) }, 'ops request failed');
				if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
				else res.destroy();
			},
		);
	});

	await new Promise<void>((resolve, reject) => {
		const onError = (error: Error): void => reject(error);
		server.once('error', onError);
		try {
			server.listen(options.port, host, () => {
				server.off('error', onError);
				resolve();
			});
		} catch (error) {
			server.off('error', onError);
			reject(error);
		}
	});
	server.on('error', (error) => logger?.warn({ err: error }, 'ops server error'));

	const url = formatUrl(server.address() as AddressInfo);
	logger?.info({ url }, 'ops endpoint listening');

	let closing: Promise<void> | undefined;
	return {
		url,
		close() {
			closing ??= new Promise<void>((resolve) => {
				const force = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
				force.unref();
				server.close(() => {
					clearTimeout(force);
					resolve();
				});
				server.closeIdleConnections();
			});
			return closing;
		},
	};
}
