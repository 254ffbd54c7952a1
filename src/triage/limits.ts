/**
 * Hard bounds on the input and the work triage does per post. Sizes are in characters (UTF-16 code units).
 *
 * Every bound is enforced before or during extraction, so a 1 MB paste, binary noise or a hostile string costs at most
 * a few passes over {@link MAX_INPUT_CHARS} characters, plus one redaction pass and one marker pass over at most
 * {@link MAX_SCAN_TOTAL} characters of over-long attachments. Every regular expression in this folder uses bounded
 * quantifiers with no nested or overlapping repetition, so each one runs in time linear in its input.
 */

import { clipText } from '../message-text.js';

/** Whole post (title, body and attachments together), after which the text is cut and `truncated` is set. */
export const MAX_INPUT_CHARS = 256 * 1024;
/** Title of the post. */
export const MAX_TITLE_CHARS = 1024;
/**
 * Characters kept of each attachment. A longer one is not cut at the end: its head, its tail and the lines around error
 * markers are kept (see `attachment-window.ts`), and `truncated` is set.
 */
export const MAX_ATTACHMENT_CHARS = 64 * 1024;
/** Attachments read; later ones are dropped (and `truncated` is set). */
export const MAX_ATTACHMENTS = 8;

/**
 * Characters of one over-long attachment that are scanned (redacted and searched for error markers) before its windows
 * are chosen. A longer attachment is scanned in its first and last halves of this; the middle is skipped unread.
 */
export const MAX_SCAN_CHARS = 1024 * 1024;
/** Characters scanned over all attachments of a post together; past it an attachment keeps only its head and tail. */
export const MAX_SCAN_TOTAL = 2 * 1024 * 1024;
/** Share of an over-long attachment's kept characters given to its head. */
export const HEAD_SHARE = 1 / 4;
/** Share given at least to its tail (the end of a traceback is usually last); what windows leave unused goes there too. */
export const TAIL_SHARE = 3 / 8;
/** Windows kept around error markers in the skipped middle of an over-long attachment. */
export const MAX_MARKER_WINDOWS = 8;
/** Characters before a marker line a window reaches back (whole lines only). */
export const WINDOW_BEFORE_CHARS = 1024;
/** Characters after a marker line a window reaches (a multi-line JSON body follows `Error code: 403 -`). */
export const WINDOW_AFTER_CHARS = 2048;
/** Characters of one marker window. */
export const MAX_WINDOW_CHARS = 4096;
/** Marker lines remembered per strength while scanning (the first and the latest ones). */
export const MAX_MARKERS_KEPT = 16;

/** Nesting depth of a JSON / Python literal; deeper parts are cut. */
export const MAX_LITERAL_DEPTH = 32;
/** Characters one literal parse may consume. */
export const MAX_LITERAL_CHARS = 64 * 1024;
/** Keys per object and items per array kept by the literal parser. */
export const MAX_LITERAL_ENTRIES = 256;
/** Characters kept per parsed string value. */
export const MAX_LITERAL_STRING = 16 * 1024;
/** Objects looked for per text (each `{` is one attempt). */
export const MAX_LITERAL_ATTEMPTS = 64;
/** Further objects looked for on the lines that mark the error, when a long post used up {@link MAX_LITERAL_ATTEMPTS}. */
export const MAX_MARKED_ATTEMPTS = 8;
/** Total characters all literal parses of one post may consume together, nested bodies included. */
export const MAX_LITERAL_WORK = 1024 * 1024;
/** Levels of JSON-inside-a-string (OpenRouter `metadata.raw`, a body quoted in a message) that are parsed. */
export const MAX_NESTED_BODIES = 3;

/** Characters of a line that line-based patterns look at. */
export const MAX_LINE_SCAN = 2000;
/** Characters of the error excerpt. */
export const MAX_EXCERPT_CHARS = 4096;
/** Characters of the code snippet. */
export const MAX_SNIPPET_CHARS = 8192;
/** Characters of any single extracted field (message, title, header value, raw provider body when kept as text). */
export const MAX_FIELD_CHARS = 2048;
/** Model ids reported. */
export const MAX_MODELS = 12;
/** Characters of a candidate model id. */
export const MAX_MODEL_CHARS = 120;
/** Header values kept from an HTTP dump. */
export const MAX_HEADERS = 24;

/** Cuts `text` to `max` characters (a field's by default) and appends an ellipsis when it was cut. */
export const clip = (text: string, max: number = MAX_FIELD_CHARS): string => clipText(text, max);

/** Images read (OCR) per message at most: each may take up to OCR_TIMEOUT_MS, and the thread waits for its message. */
export const MAX_IMAGES_PER_MESSAGE = 4;
