import type { Sandbox } from '../../src/sandbox/index.js';

export interface ApiResponse {
	readonly status: number;
	readonly headers: Headers;
	/** Parsed JSON body; `undefined` for 204. */
	readonly body: unknown;
}

/** Calls the sandbox's REST API as a bot would, with `Authorization: Bot <token>` unless `auth: false`. */
export async function api(
	sandbox: Sandbox,
	method: string,
	path: string,
	body?: unknown,
	options: { auth?: boolean | string; form?: FormData } = {},
): Promise<ApiResponse> {
	const headers: Record<string, string> = {};
	if (options.auth !== false)
		headers.authorization = `Bot ${typeof options.auth === 'string' ? options.auth : sandbox.token}`;
	let payload: string | FormData | undefined;
	if (options.form) {
		payload = options.form;
	} else if (body !== undefined) {
		headers['content-type'] = 'application/json';
		payload = JSON.stringify(body);
	}
	const response = await fetch(`${sandbox.restApiUrl}/v10${path}`, { method, headers, body: payload ?? null });
	const text = await response.text();
	return { status: response.status, headers: response.headers, body: text === '' ? undefined : JSON.parse(text) };
}

/** Narrows a JSON body to an object with the given fields, for terse assertions. */
export function field<T>(body: unknown, name: string): T {
	if (typeof body !== 'object' || body === null || !(name in body))
		throw new Error(`no field ${name} in ${JSON.stringify(body)}`);
	return (body as Record<string, T>)[name] as T;
}
