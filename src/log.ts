import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';
import { redactString } from './triage/redact-secrets.js';

export type { Logger } from 'pino';

export interface LogOptions {
	level: string;
	format: 'auto' | 'json' | 'pretty';
	/** Where JSON lines go; defaults to stdout. Tests pass a capturing stream. */
	destination?: NodeJS.WritableStream;
	isTty?: boolean;
}

/**
 * Paths pino blanks out wherever they appear in a log object. Message bodies are never logged at
 * info level by convention; these catch tokens and keys that travel inside config or error objects.
 */
export const REDACT_PATHS = [
	'token',
	'*.token',
	'discordToken',
	'*.discordToken',
	'apiKey',
	'*.apiKey',
	'password',
	'*.password',
	'authorization',
	'*.authorization',
	'headers.authorization',
	'*.headers.authorization',
	'content',
	'*.content',
	'body',
	'*.body',
	'text',
	'*.text',
];

const MAX_LOG_DEPTH = 6;

/**
 * Every string in a log object through the redaction engine (keys in error messages, SMTP echoes, ids). Plain
 * objects and arrays are copied; other objects (an `Error`) are left to their serializer, which redacts too.
 */
export function redactLogValue(value: unknown, depth = 0): unknown {
	if (typeof value === 'string') return redactString(value);
	if (value === null || typeof value !== 'object' || depth > MAX_LOG_DEPTH) return value;
	if (Array.isArray(value)) return value.map((v) => redactLogValue(v, depth + 1));
	const proto = Object.getPrototypeOf(value);
	if (proto !== Object.prototype && proto !== null) return value;
	const out: Record<string, unknown> = {};
	for (const [k, v] of Object.entries(value)) out[k] = redactLogValue(v, depth + 1);
	return out;
}

/** Builds the process logger: JSON lines by default, pretty when the terminal is interactive. */
export function createLogger(options: LogOptions): Logger {
	const isTty = options.isTty ?? process.stdout.isTTY === true;
	const usePretty = options.format === 'pretty' || (options.format === 'auto' && isTty);
	const base = {
		level: options.level,
		base: { app: 'doorman' },
		redact: { paths: REDACT_PATHS, censor: '[redacted]' },
		serializers: {
			err: (error: Error) =>
				Object.fromEntries(Object.entries(pino.stdSerializers.err(error)).map(([k, v]) => [k, redactLogValue(v)])),
		},
		formatters: { log: (object: Record<string, unknown>) => redactLogValue(object) as Record<string, unknown> },
		hooks: {
			// The message string too: `log.warn(\`send failed: \${error.message}\`)` must not carry a key.
			logMethod(this: Logger, args: Parameters<Logger['info']>, method: (...a: unknown[]) => void) {
				method.apply(
					this,
					args.map((a) => (typeof a === 'string' ? redactString(a) : a)),
				);
			},
		},
	};
	const logger = usePretty
		? pino(base, pretty({ colorize: isTty, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,app' }))
		: options.destination
			? pino(base, options.destination)
			: pino(base);
	return redactChildBindings(logger);
}

/**
 * A child logger's bindings (`logger.child({ title })`) are written on every line it logs, and pino applies no
 * formatter to them: they are redacted as the child is made. Children inherit the wrapper (they are made from it).
 */
function redactChildBindings(logger: Logger): Logger {
	const child = logger.child;
	logger.child = function (this: Logger, bindings: Record<string, unknown>, options?: object) {
		return child.call(this, redactLogValue(bindings) as Record<string, unknown>, options);
	} as Logger['child'];
	return logger;
}

/** A short reference id for one handled event; users see it in error replies, logs carry it as `ref`. */
export function newRef(): string {
	return Math.random().toString(36).slice(2, 8);
}
