import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';

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

/** Builds the process logger: JSON lines by default, pretty when the terminal is interactive. */
export function createLogger(options: LogOptions): Logger {
	const isTty = options.isTty ?? process.stdout.isTTY === true;
	const usePretty = options.format === 'pretty' || (options.format === 'auto' && isTty);
	const base = {
		level: options.level,
		base: { app: 'doorman' },
		redact: { paths: REDACT_PATHS, censor: '[redacted]' },
	};
	if (usePretty) {
		return pino(base, pretty({ colorize: isTty, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,app' }));
	}
	return options.destination ? pino(base, options.destination) : pino(base);
}

/** A short reference id for one handled event; users see it in error replies, logs carry it as `ref`. */
export function newRef(): string {
	return Math.random().toString(36).slice(2, 8);
}
