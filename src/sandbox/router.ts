/** The `:name` parameters of a route pattern, as an object type. */
export type RouteParams<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
	? { readonly [K in Name]: string } & RouteParams<`/${Rest}`>
	: P extends `${string}:${infer Name}`
		? { readonly [K in Name]: string }
		: Record<never, never>;

/** Matches `/channels/123/messages` against `/channels/:channelId/messages`; `undefined` if no match. */
export function matchPattern(pattern: string, path: string): Record<string, string> | undefined {
	const want = pattern.split('/');
	const got = path.split('/');
	if (want.length !== got.length) return undefined;
	const params: Record<string, string> = {};
	for (let i = 0; i < want.length; i++) {
		const w = want[i] ?? '';
		const g = got[i] ?? '';
		if (w.startsWith(':')) {
			if (g === '') return undefined;
			params[w.slice(1)] = decodeURIComponent(g);
		} else if (w !== g) {
			return undefined;
		}
	}
	return params;
}

/** A route table entry; `H` is the handler type of the table. */
export interface Route<H> {
	readonly method: string;
	readonly pattern: string;
	/** Whether the route needs `Authorization: Bot <token>` (interaction routes do not). */
	readonly auth: boolean;
	readonly handler: H;
}

export interface RouteMatch<H> {
	readonly route: Route<H>;
	readonly params: Record<string, string>;
}

export function findRoute<H>(routes: readonly Route<H>[], method: string, path: string): RouteMatch<H> | undefined {
	for (const route of routes) {
		if (route.method !== method) continue;
		const params = matchPattern(route.pattern, path);
		if (params) return { route, params };
	}
	return undefined;
}
