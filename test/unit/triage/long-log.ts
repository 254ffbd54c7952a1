/** Realistic long logs with the error planted at a chosen place, for the attachment-window tests. */

/** The error the user got: an OpenRouter BYOK refusal, as openai-python prints it at the end of a traceback. */
export const TRACEBACK = [
	'Traceback (most recent call last):',
	'  File "/app/agent/main.py", line 88, in <module>',
	'    result = run_agent(task)',
	'  File "/app/agent/main.py", line 61, in run_agent',
	'    response = client.chat.completions.create(model="openai/o3", messages=history)',
	'  File "/usr/local/lib/python3.12/site-packages/openai/_base_client.py", line 1047, in request',
	'    raise self._make_status_error_from_response(err.response) from None',
	"openai.PermissionDeniedError: Error code: 403 - {'error': {'message': 'OpenAI is requiring a key to access this model, which you can add in https://openrouter.ai/settings/integrations - you can also switch to gpt-5-chat or gpt-5-mini.', 'code': 403}}",
].join('\n');

/** A line of the chatter around it: requests that worked, debug payloads, progress. */
function chatter(i: number): string {
	const ts = `2025-06-0${1 + (i % 9)} 12:${String(i % 60).padStart(2, '0')}:${String((i * 7) % 60).padStart(2, '0')},${String(i % 1000).padStart(3, '0')}`;
	switch (i % 6) {
		case 0:
			return `${ts} INFO httpx: HTTP Request: POST https://openrouter.ai/api/v1/chat/completions "HTTP/1.1 200 OK"`;
		case 1:
			return `${ts} DEBUG openai._base_client: Request options: {'method': 'post', 'url': '/chat/completions', 'json_data': {'messages': [{'role': 'user', 'content': 'step ${i}: summarise the file'}], 'model': 'openai/o3'}}`;
		case 2:
			return `${ts} INFO agent.tools: tool read_file returned ${(i * 37) % 5000} bytes in ${(i % 90) + 10} ms`;
		case 3:
			return `${ts} DEBUG agent.memory: {"step": ${i}, "tokens": ${(i * 13) % 4000}, "cache": "hit"}`;
		case 4:
			return `${ts} INFO agent.loop: step ${i} done, ${(i * 3) % 17} tool calls, cost $0.00${i % 10}`;
		default:
			return `${ts} DEBUG urllib3.connectionpool: Resetting dropped connection: openrouter.ai`;
	}
}

export type Where = 'start' | 'middle' | 'end';

/**
 * A log of about `size` characters: `code` first (the call that failed), chatter, and `error` at `where`
 * (`end`: the last lines, as a crash leaves it). `extra` lines are planted at the given fractions of the log.
 */
export function longLog(
	size: number,
	where: Where,
	options: { error?: string; code?: string; extra?: readonly { at: number; text: string }[] } = {},
): string {
	const error = options.error ?? TRACEBACK;
	const lines: string[] = [options.code ?? ''];
	let length = 0;
	let i = 0;
	while (length < size - error.length - 200) {
		const line = chatter(i);
		lines.push(line);
		length += line.length + 1;
		i += 1;
	}
	const at = (fraction: number): number => Math.max(1, Math.min(lines.length, Math.round(lines.length * fraction)));
	const planted = [
		...(options.extra ?? []).map((e) => ({ index: at(e.at), text: e.text })),
		{ index: where === 'start' ? 1 : where === 'middle' ? at(0.5) : lines.length, text: error },
	].sort((a, b) => b.index - a.index);
	for (const p of planted) lines.splice(p.index, 0, p.text);
	return lines.join('\n');
}
