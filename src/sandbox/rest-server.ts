import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from './api-error.js';
import type { SandboxCore } from './core.js';
import type { FaultInjector, FaultSpec } from './faults.js';
import type { RequestHolds } from './holds.js';
import { parseBody, readRawBody } from './http-body.js';
import { limitHeaders, type RateLimiter } from './rate-limits.js';
import type { RecordLog } from './record-log.js';
import type { ApiRequest, RouteHandler, RouteResult } from './rest-types.js';
import { findRoute, type Route } from './router.js';

/** One HTTP request the bot made, with what the sandbox answered. */
export interface RecordedRequest {
	readonly index: number;
	/** `Date.now()` on arrival. */
	readonly at: number;
	/** `api` for `/api/v10/...`, `cdn` for attachment downloads. */
	readonly kind: 'api' | 'cdn';
	readonly method: string;
	/** For `api`, the path after `/api/v10` (e.g. `/channels/123/messages`); for `cdn`, the full path. */
	readonly path: string;
	readonly query: Readonly<Record<string, string>>;
	readonly headers: Readonly<Record<string, string>>;
	/** Parsed JSON (or multipart `payload_json`); `undefined` without a body. */
	readonly body: unknown;
	readonly files: readonly { field: string; filename: string; contentType: string; size: number }[];
	/** The matched route, e.g. `POST /channels/:channelId/messages`; `undefined` if none matched. */
	readonly route: string | undefined;
	readonly status: number;
	readonly response: unknown;
	/** Set when a handler threw something other than an API error (a sandbox bug): answered 500. */
	readonly error?: string;
}

const API_PREFIX = '/api/v10';

/** Answers the bot's REST calls: faults first, then auth, modelled rate limits and the route table. */
export class RestServer {
	constructor(
		private readonly core: SandboxCore,
		private readonly routes: readonly Route<RouteHandler>[],
		private readonly faults: FaultInjector,
		private readonly limiter: RateLimiter,
		private readonly log: RecordLog<RecordedRequest>,
		private readonly holds?: RequestHolds,
	) {}

	async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const at = Date.now();
		const url = new URL(req.url ?? '/', 'http://sandbox');
		const method = (req.method ?? 'GET').toUpperCase();
		const headers = flattenHeaders(req);
		const base = { at, method, query: Object.fromEntries(url.searchParams), headers };
		if (method === 'GET' && url.pathname.startsWith('/attachments/')) {
			const file = this.core.state.files.get(url.pathname.slice('/attachments/'.length));
			if (file) res.writeHead(200, { 'Content-Type': file.contentType, 'Content-Length': file.bytes.length });
			else res.writeHead(404, { 'Content-Type': 'text/plain' });
			res.end(file ? file.bytes : 'Not Found');
			this.#record({
				...base,
				kind: 'cdn',
				path: url.pathname,
				body: undefined,
				files: [],
				route: undefined,
				status: file ? 200 : 404,
				response: undefined,
			});
			return;
		}
		const path = url.pathname.startsWith(`${API_PREFIX}/`) ? url.pathname.slice(API_PREFIX.length) : url.pathname;
		let request: ApiRequest = { method, path, query: url.searchParams, headers, body: undefined, files: [] };
		let routeKey: string | undefined;
		let outcome: Outcome;
		let after: (() => void) | undefined;
		let error: string | undefined;
		try {
			const parsed = await parseBody(await readRawBody(req), headers['content-type']);
			request = { ...request, body: parsed.json, files: parsed.files };
			const match = url.pathname.startsWith(`${API_PREFIX}/`) ? findRoute(this.routes, method, path) : undefined;
			routeKey = match ? `${method} ${match.route.pattern}` : undefined;
			const bucket = bucketHash(routeKey ?? `${method} ${path}`);
			const fault = this.faults.take(request);
			if (fault) {
				outcome = faultOutcome(fault, bucket);
			} else if (match?.route.auth && headers.authorization !== `Bot ${this.core.options.token}`) {
				outcome = { status: 401, body: { message: '401: Unauthorized', code: 0 }, headers: {} };
			} else if (!match) {
				outcome = { status: 404, body: { message: '404: Not Found', code: 0 }, headers: {} };
			} else {
				const verdict = this.limiter.check(routeKey ?? '', match.params, match.route.auth);
				if (verdict.limited) {
					outcome = rateLimited(verdict.retryAfter, verdict.isGlobal, bucket, verdict.headers);
				} else {
					const heldBefore = this.holds?.take(request, 'before-route');
					if (heldBefore !== undefined) await heldBefore;
					const result: RouteResult = await match.route.handler({ params: match.params, request, core: this.core });
					after = result.afterResponse;
					const held = this.holds?.take(request, 'after-route');
					if (held !== undefined) {
						// Discord acted and told the gateway; only the HTTP answer is kept from the bot.
						after?.();
						after = undefined;
						await held;
					}
					// Every response carries the route's bucket hash from the start: a hash that appears
					// only later makes @discordjs/rest move the route to a fresh, unlimited handler.
					outcome = {
						status: result.status,
						body: result.body,
						headers: { ...verdict.headers, 'X-RateLimit-Bucket': bucket },
					};
				}
			}
		} catch (thrown) {
			if (thrown instanceof ApiError) {
				outcome = { status: thrown.status, body: thrown.toBody(), headers: {} };
			} else {
				error = thrown instanceof Error ? (thrown.stack ?? thrown.message) : String(thrown);
				outcome = { status: 500, body: { message: '500: Internal Server Error', code: 0 }, headers: {} };
			}
		}
		res.writeHead(outcome.status, {
			...outcome.headers,
			...(outcome.body === undefined ? {} : { 'Content-Type': 'application/json' }),
		});
		res.end(outcome.body === undefined ? undefined : JSON.stringify(outcome.body));
		this.#record({
			...base,
			kind: 'api',
			path,
			body: request.body,
			files: request.files.map((f) => ({
				field: f.field,
				filename: f.filename,
				contentType: f.contentType,
				size: f.bytes.length,
			})),
			route: routeKey,
			status: outcome.status,
			response: outcome.body,
			...(error === undefined ? {} : { error }),
		});
		after?.();
	}

	#record(entry: Omit<RecordedRequest, 'index'>): void {
		this.log.push({ ...entry, index: this.log.nextIndex });
	}
}

interface Outcome {
	readonly status: number;
	readonly body: unknown;
	readonly headers: Readonly<Record<string, string>>;
}

/** A stable per-route hash, like Discord's `X-RateLimit-Bucket`. */
function bucketHash(routeKey: string): string {
	return createHash('sha1').update(routeKey).digest('hex').slice(0, 32);
}

/**
 * A 429 always carries the `Retry-After` header: @discordjs/rest reads only the header, and a 429
 * without it is retried in a tight loop. The body repeats it as `retry_after`, as Discord does.
 */
function rateLimited(
	retryAfter: number,
	isGlobal: boolean,
	bucket: string,
	extra: Readonly<Record<string, string>>,
	scope: 'user' | 'shared' | 'global' = isGlobal ? 'global' : 'user',
): Outcome {
	const now = Date.now();
	const headers: Record<string, string> = {
		'Retry-After': String(retryAfter),
		...limitHeaders(1, 0, now + retryAfter * 1000, retryAfter),
		'X-RateLimit-Bucket': bucket,
		'X-RateLimit-Scope': scope,
		...extra,
	};
	if (isGlobal) headers['X-RateLimit-Global'] = 'true';
	return {
		status: 429,
		body: { message: 'You are being rate limited.', retry_after: retryAfter, global: isGlobal, code: 0 },
		headers,
	};
}

function faultOutcome(spec: FaultSpec, bucket: string): Outcome {
	if (spec.status === 429) {
		const outcome = rateLimited(spec.retryAfter ?? 1, spec.global ?? false, bucket, spec.headers ?? {}, spec.scope);
		return spec.body === undefined ? outcome : { ...outcome, body: spec.body };
	}
	const body = spec.body ?? { message: spec.message ?? `${spec.status}: Sandbox fault`, code: spec.code ?? 0 };
	return { status: spec.status, body, headers: { 'X-RateLimit-Bucket': bucket, ...spec.headers } };
}

function flattenHeaders(req: IncomingMessage): Record<string, string> {
	const headers: Record<string, string> = {};
	for (const [name, value] of Object.entries(req.headers)) {
		if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
	}
	return headers;
}
