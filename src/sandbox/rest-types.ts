import type { SandboxCore } from './core.js';
import type { UploadedFile } from './http-body.js';
import type { Route, RouteParams } from './router.js';

/** An incoming REST request, after body parsing. */
export interface ApiRequest {
	readonly method: string;
	/** The path after `/api/v10`, e.g. `/channels/123/messages`. */
	readonly path: string;
	readonly query: URLSearchParams;
	readonly headers: Readonly<Record<string, string>>;
	readonly body: unknown;
	readonly files: readonly UploadedFile[];
}

/** What a handler answers. `afterResponse` runs once the response is written (e.g. echo dispatches). */
export interface RouteResult {
	readonly status: number;
	readonly body?: unknown;
	readonly afterResponse?: () => void;
}

export interface RouteContext<P> {
	readonly params: P;
	readonly request: ApiRequest;
	readonly core: SandboxCore;
}

export type RouteHandler = (context: RouteContext<Record<string, string>>) => RouteResult | Promise<RouteResult>;

/** Defines a route whose handler sees its `:params` typed from the pattern. */
export function route<P extends string>(
	method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
	pattern: P,
	handler: (context: RouteContext<RouteParams<P>>) => RouteResult | Promise<RouteResult>,
	options: { auth?: boolean } = {},
): Route<RouteHandler> {
	return {
		method,
		pattern,
		auth: options.auth ?? true,
		// Safe: matchPattern fills exactly the names in the pattern.
		handler: (context) => handler({ ...context, params: context.params as RouteParams<P> }),
	};
}

export function json(body: unknown, status = 200, afterResponse?: () => void): RouteResult {
	return afterResponse ? { status, body, afterResponse } : { status, body };
}

export function noContent(afterResponse?: () => void): RouteResult {
	return afterResponse ? { status: 204, afterResponse } : { status: 204 };
}
