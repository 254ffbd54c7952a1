import { decideLayer, type LayerEvidence } from './error-layer.js';
import { markerStrength } from './error-markers.js';
import { bestRecord, type ErrorRecord, GRPC_STATUS, toErrorRecord } from './error-record.js';
import { type ExceptionHit, findExceptions } from './exception-line.js';
import { readHtmlPage } from './html-page.js';
import { isKeptHeader, readHttpDump } from './http-dump.js';
import { clip, MAX_EXCERPT_CHARS, MAX_LINE_SCAN, MAX_MARKED_ATTEMPTS } from './limits.js';
import { isThinMessage } from './missing-info.js';
import { type FoundLiteral, findLiterals, newParseBudget } from './parse-json-lenient.js';
import { labelledMessage, proseMessage } from './prose-message.js';
import { chooseStatus, findStatusHints, messageFromTail, STATUS_PRIORITY, type StatusHint } from './status-text.js';
import type { TextRegions } from './text-regions.js';
import type { ErrorBody, Route } from './types.js';

const GRPC_NAME = /\b(PERMISSION_DENIED|UNAUTHENTICATED|RESOURCE_EXHAUSTED)\b/;
const LABELLED_CODE = /\bStatus[ \t]{0,2}[:=][ \t]{0,2}([A-Z][A-Z_]{3,40})\b/;
const REQUEST_ID = /\brequest[ _-]?id[ \t]{0,2}[:=]?[ \t]{0,2}["'`]?([A-Za-z0-9][\w-]{5,80})/i;
const REQUEST_ID_HEADERS = ['x-request-id', 'request-id', 'apim-request-id', 'x-ms-request-id', 'x-amzn-requestid'];
const AWS_EXCEPTIONS = new Set([
	'AccessDeniedException',
	'UnrecognizedClientException',
	'ValidationException',
	'ThrottlingException',
	'ResourceNotFoundException',
	'ServiceUnavailableException',
	'ModelNotReadyException',
]);
const REASON_LABEL = /\breason["']?[ \t]{0,2}[:=][ \t]{0,2}["']([A-Z][A-Z_]{3,60})["']/;
const NODE_SDK_LINE = /^(?:[A-Z]\w{0,60}Error: |Error: )?[1-5]\d\d (?:status code \(no body\)|\S)/m;

/** Which shapes the post's error came in, for the `shapes` field. */
function shapesOf(input: {
	literal: FoundLiteral | null;
	record: ErrorRecord | null;
	exception: ExceptionHit | null;
	hints: readonly StatusHint[];
	dumpLines: number;
	html: boolean;
	prose: boolean;
	text: string;
}): string[] {
	const shapes: string[] = [];
	if (input.record !== null && input.literal !== null)
		shapes.push(input.literal.inspect ? 'node-sdk' : input.literal.python ? 'python-dict' : 'json');
	const nodeLine =
		input.hints.some((h) => h.priority === STATUS_PRIORITY.leading) || /\d{3} status code \(no body\)/.test(input.text);
	if (nodeLine && NODE_SDK_LINE.test(input.text) && !shapes.includes('node-sdk')) shapes.push('node-sdk');
	if (input.dumpLines > 0) shapes.push('http-dump');
	if (input.html) shapes.push('html');
	if (input.exception !== null) shapes.push('exception');
	if (shapes.length === 0 && input.prose) shapes.push('prose');
	return shapes;
}

/** The exception that matters: one that implies a status first (it names the HTTP error), else the first. */
function mainException(hits: readonly ExceptionHit[]): ExceptionHit | null {
	return hits.find((h) => h.status !== null) ?? hits[0] ?? null;
}

function providerOfException(hit: ExceptionHit | null): string | null {
	if (hit === null) return null;
	const q = hit.qualified.toLowerCase();
	if (q.startsWith('anthropic.')) return 'Anthropic';
	if (q.startsWith('botocore.') || AWS_EXCEPTIONS.has(hit.className)) return 'AWS';
	if (q.startsWith('google.')) return 'Google';
	if (q.startsWith('azure.')) return 'Azure';
	return null;
}

/** The distinct trimmed parts, in order, joined by line breaks; parts past {@link MAX_EXCERPT_CHARS} are not read. */
function buildExcerpt(parts: Iterable<string | null>): string {
	const seen = new Set<string>();
	const kept: string[] = [];
	let length = 0;
	for (const part of parts) {
		if (length > MAX_EXCERPT_CHARS + 1) break;
		const t = part?.trim();
		if (!t || seen.has(t)) continue;
		seen.add(t);
		// A body already shown inside a kept line (or the line holding a kept body) is shown once: the longer one stays.
		if (kept.some((k) => k.includes(t))) continue;
		const inside = kept.findIndex((k) => t.includes(k));
		if (inside !== -1) {
			length -= (kept[inside]?.length ?? 0) + 1;
			kept.splice(inside, 1);
		}
		kept.push(t);
		length += t.length + 1;
	}
	return clip(kept.join('\n'), MAX_EXCERPT_CHARS);
}

/**
 * The lines holding `indices` (ascending), each once and cut to {@link MAX_LINE_SCAN} characters, produced lazily.
 * One forward walk over the text in all: a line holding thousands of hints is found once, not searched for per hint.
 */
function* linesAt(text: string, indices: readonly number[]): Generator<string> {
	let start = 0;
	let end = text.indexOf('\n');
	if (end === -1) end = text.length;
	let lastStart = -1;
	for (const index of indices) {
		while (index > end && end < text.length) {
			start = end + 1;
			end = text.indexOf('\n', start);
			if (end === -1) end = text.length;
		}
		if (start === lastStart) continue;
		lastStart = start;
		yield text.slice(start, Math.min(end, start + MAX_LINE_SCAN));
	}
}

function* concat(...parts: Iterable<string | null>[]): Generator<string | null> {
	for (const part of parts) yield* part;
}

/** How far after a marker line its body may open (`Error code: 403 -` then the JSON on the next lines). */
const MAX_BRACE_REACH = 256;

/**
 * Offsets of the first brace on or just after each line that marks the error (an exception line, `Error code: 403`,
 * a JSON error member, a status with an error word), latest first: where a long log's error body is.
 */
function markedBraces(regions: TextRegions): number[] {
	const text = regions.text;
	const offsets: number[] = [];
	for (let i = regions.lines.length - 1; i >= 0 && offsets.length < MAX_MARKED_ATTEMPTS; i -= 1) {
		const line = regions.lines[i];
		if (line === undefined || markerStrength(line.text) < 2) continue;
		const brace = text.indexOf('{', line.start);
		const reach = line.start + Math.min(line.text.length, MAX_LINE_SCAN) + MAX_BRACE_REACH;
		if (brace !== -1 && brace <= reach && !offsets.includes(brace)) offsets.push(brace);
	}
	return offsets;
}

/** An error body before its layer is decided (the layer depends on the route, which depends on the body). */
export interface ErrorDraft {
	readonly body: ErrorBody;
	readonly evidence: Omit<LayerEvidence, 'route'>;
	/** The body is OpenRouter's envelope, so the request went through OpenRouter whatever the prose says. */
	readonly viaRouter: boolean;
}

/**
 * Extracts the error the user got from whatever they pasted: JSON bodies (raw, fenced, split, truncated), Python
 * `repr` bodies after `Error code: N - `, Node SDK lines, exceptions (Anthropic, Google, AWS, Azure), curl/HTTP dumps
 * with headers, HTML error pages and Cloudflare codes, OpenRouter envelopes with `metadata.raw`, and prose.
 * Returns null when the post shows no error at all. The layer is left `unknown`: see {@link withLayer}.
 */
export function readErrorBody(regions: TextRegions): ErrorDraft | null {
	const text = regions.text;
	const budget = newParseBudget();
	const found = findLiterals(text, budget, () => markedBraces(regions))
		.map((literal) => ({ literal, record: toErrorRecord(literal.value, literal.complete, 0, budget) }))
		.filter((x): x is { literal: FoundLiteral; record: ErrorRecord } => x.record !== null);
	const record = bestRecord(found.map((f) => f.record));
	const literal = found.find((f) => f.record === record)?.literal ?? null;

	const hints = findStatusHints(text);
	const exceptions = findExceptions(text);
	const exception = mainException(exceptions);
	const dump = readHttpDump(text);
	const headers: Record<string, string> = {};
	for (const [name, value] of Object.entries(record?.headers ?? {})) if (isKeptHeader(name)) headers[name] = value;
	Object.assign(headers, dump.headers);
	const html = readHtmlPage(regions.prose, headers);

	const grpcText = GRPC_NAME.exec(text)?.[1] ?? null;
	const candidates: StatusHint[] = [...hints];
	if (record?.status != null)
		candidates.push({ status: record.status, priority: STATUS_PRIORITY.body, index: literal?.start ?? 0, tail: null });
	for (const hit of exceptions)
		if (hit.status !== null)
			candidates.push({ status: hit.status, priority: STATUS_PRIORITY.exceptionClass, index: hit.index, tail: null });
	if (grpcText !== null)
		candidates.push({ status: GRPC_STATUS[grpcText] ?? 403, priority: STATUS_PRIORITY.grpcName, index: 0, tail: null });
	const status = chooseStatus(candidates)?.status ?? null;

	const tails = [...hints]
		.sort((a, b) => b.priority - a.priority || a.index - b.index)
		.map((h) => messageFromTail(h.tail))
		.filter((t) => t.message !== null || t.code !== null);
	const structured = [
		record?.message,
		exception?.message,
		labelledMessage(text),
		...tails.map((t) => t.message),
		html?.page.title,
	].filter((m): m is string => typeof m === 'string');
	// A thin message ("Forbidden") gives way to a fuller one found elsewhere, even in prose; a body's own stays.
	const fromProse = structured.find((m) => !isThinMessage(m)) ?? null;
	const message = fromProse ?? record?.message ?? proseMessage(regions) ?? structured[0] ?? null;
	const code =
		record?.code ??
		exception?.code ??
		tails.find((t) => t.code !== null)?.code ??
		LABELLED_CODE.exec(text)?.[1] ??
		html?.page.errorCode ??
		grpcText ??
		REASON_LABEL.exec(text)?.[1] ??
		null;

	if (record === null && status === null && exception === null && html === null && message === null) return null;

	const requestId =
		record?.requestId ??
		REQUEST_ID_HEADERS.map((h) => headers[h]).find((v) => v !== undefined) ??
		[REQUEST_ID.exec(text)?.[1]].find((id) => id !== undefined && /\d/.test(id)) ??
		null;
	const excerpt = buildExcerpt(
		concat(
			[
				literal === null ? null : text.slice(literal.start, Math.min(literal.end, literal.start + MAX_EXCERPT_CHARS)),
				exception?.line ?? null,
			],
			// Error statuses only: the `HTTP/1.1 200 OK` lines of a long log are not the error.
			linesAt(
				text,
				hints.filter((h) => h.priority >= STATUS_PRIORITY.leading && h.status >= 400).map((h) => h.index),
			),
			dump.lines,
			[html?.excerpt ?? null, record?.reasons.join(' ') ?? null, fromProse === null ? message : null],
		),
	);
	const body: ErrorBody = {
		status,
		message: message === null ? null : clip(message),
		type: record?.type ?? null,
		code,
		param: record?.param ?? null,
		provider: record?.provider ?? providerOfException(exception),
		requestId,
		layer: 'unknown',
		exceptionClass: exception?.className ?? null,
		headers,
		providerError: record?.providerError ?? null,
		html: html?.page ?? null,
		shapes: shapesOf({
			literal,
			record,
			exception,
			hints,
			dumpLines: dump.lines.length,
			html: html !== null,
			prose: message !== null || status !== null,
			text,
		}),
		excerpt,
	};
	const evidence = {
		record,
		html: html?.page ?? null,
		headers,
		status,
		message,
		excerpt,
		sdkException: exception !== null,
	};
	return { body, evidence, viaRouter: record?.envelope === true };
}

/** The body with the layer that answered, given where the request went. */
export function withLayer(draft: ErrorDraft, route: Route): ErrorBody {
	return { ...draft.body, layer: decideLayer({ ...draft.evidence, route }) };
}

/** {@link readErrorBody} and {@link withLayer} in one step, for a known route. */
export function extractErrorBody(regions: TextRegions, route: Route): ErrorBody | null {
	const draft = readErrorBody(regions);
	return draft === null ? null : withLayer(draft, route);
}
