import { matchPattern } from './router.js';

/** The request facts a fault matcher sees. */
export interface MatchableRequest {
	readonly method: string;
	/** Path after `/api/v10`. */
	readonly path: string;
	readonly query: URLSearchParams;
	readonly body: unknown;
}

/**
 * Which requests a fault applies to: a predicate, or method and path. A string path may use
 * `:name` segments (`/channels/:id/messages`); a RegExp is tested against the path.
 */
export type RequestMatcher =
	| ((request: MatchableRequest) => boolean)
	| { readonly method?: string; readonly path?: string | RegExp };

/** A canned answer. */
export interface FaultSpec {
	readonly status: number;
	/** Seconds; for 429s, sent both as the `Retry-After` header and `retry_after` in the body. @defaultValue `1` */
	readonly retryAfter?: number;
	/** A global 429 (`X-RateLimit-Global`). @defaultValue `false` */
	readonly global?: boolean;
	/** `X-RateLimit-Scope` of a 429. @defaultValue `'user'` (or `'global'` when global) */
	readonly scope?: 'user' | 'shared' | 'global';
	/** JSON error code. @defaultValue `0` */
	readonly code?: number;
	readonly message?: string;
	/** Replaces the generated JSON body. */
	readonly body?: unknown;
	readonly headers?: Readonly<Record<string, string>>;
	/** How many matching requests get this answer. @defaultValue `1` */
	readonly times?: number;
}

/** A live fault; `hits` counts the requests it answered. */
export interface FaultHandle {
	readonly hits: number;
	readonly isSpent: boolean;
	cancel(): void;
}

interface ActiveFault {
	readonly matcher: RequestMatcher;
	readonly spec: FaultSpec;
	hits: number;
	isCancelled: boolean;
}

/** Queued canned responses, consumed in order of registration. */
export class FaultInjector {
	readonly #faults: ActiveFault[] = [];

	add(matcher: RequestMatcher, spec: FaultSpec): FaultHandle {
		const fault: ActiveFault = { matcher, spec, hits: 0, isCancelled: false };
		this.#faults.push(fault);
		return {
			get hits() {
				return fault.hits;
			},
			get isSpent() {
				return fault.isCancelled || fault.hits >= (spec.times ?? 1);
			},
			cancel: () => {
				fault.isCancelled = true;
			},
		};
	}

	/** The fault that answers this request, if any, counting the hit. */
	take(request: MatchableRequest): FaultSpec | undefined {
		const fault = this.#faults.find(
			(f) => !f.isCancelled && f.hits < (f.spec.times ?? 1) && matchesRequest(f.matcher, request),
		);
		if (!fault) return undefined;
		fault.hits++;
		return fault.spec;
	}
}

/** Whether a request matches a fault's or a hold's matcher. */
export function matchesRequest(matcher: RequestMatcher, request: MatchableRequest): boolean {
	if (typeof matcher === 'function') return matcher(request);
	if (matcher.method !== undefined && matcher.method.toUpperCase() !== request.method) return false;
	const { path } = matcher;
	if (path === undefined) return true;
	if (path instanceof RegExp) return path.test(request.path);
	return path === request.path || matchPattern(path, request.path) !== undefined;
}
