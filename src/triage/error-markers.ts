/**
 * Lines that mark where an error is in a long log, so the parts around them are read first: windows of an over-long
 * attachment, and the bodies parsed when a post holds more objects than literal parsing may try.
 */
import { MAX_LINE_SCAN } from './limits.js';

// Each pattern is tried on at most MAX_LINE_SCAN characters of one line, with bounded quantifiers: linear overall.
/** Lines that are the error itself: an SDK exception line, a status line, a JSON error body, a traceback's start. */
const STRONG_MARKER =
	/\b[A-Z][A-Za-z0-9]{1,60}(?:Error|Exception)\b[ \t]{0,2}(?::|\[HTTP)|\bError code:[ \t]{0,4}[1-5]\d\d\b|\bHTTP\/\d(?:\.\d)?[ \t]{1,4}[45]\d\d\b|["']error["'][ \t]{0,4}:[ \t]{0,4}[{"']|\b(?:status(?:_code|Code| code)?|code)["']?[ \t]{0,4}[:=][ \t]{0,4}[45]\d\d\b|^[ \t]{0,8}Traceback \(most recent call last\)|\b(?:PERMISSION_DENIED|UNAUTHENTICATED|RESOURCE_EXHAUSTED)\b/;
/** An error status next to an error word: `403 Forbidden`, `request failed (429)`, `Error 401: …`. */
const STATUS_NUMBER = /(?<![\w.:/-])[45]\d\d(?![\w.])/;
const ERROR_WORD =
	/error|fail|denied|forbidden|unauthori[sz]ed|exceeded|invalid|not allowed|blocked|refused|limit|exception/i;
/** A line that mentions an error at all (a log level, a word). */
const WEAK_MARKER = /\b(?:error|ERROR|Error|exception|FATAL|fatal|CRITICAL|denied|forbidden|Forbidden)\b/;

/** How strongly a line marks the error: 3 the error itself, 2 a status with an error word, 1 a mention, 0 none. */
export function markerStrength(line: string): number {
	const text = line.length > MAX_LINE_SCAN ? line.slice(0, MAX_LINE_SCAN) : line;
	if (STRONG_MARKER.test(text)) return 3;
	if (STATUS_NUMBER.test(text) && ERROR_WORD.test(text)) return 2;
	return WEAK_MARKER.test(text) ? 1 : 0;
}
