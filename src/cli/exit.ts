/**
 * How the command line ends: an exit code scripts can branch on, and the error every failure is
 * said as (one line, plain words, what to do next; never a stack trace for bad input).
 */
import { AppError } from '$lib/domain/errors';

/** The exit codes, as the README documents them. */
export const EXIT = {
	/** Done: the file would import, was converted, migrated, or its net worth given. */
	ok: 0,
	/** The file is not a backup that would import (damaged, not a backup, wrong passphrase…). */
	badFile: 1,
	/** The command was not given right: an unknown option, a missing file, no passphrase. */
	usage: 2,
	/** Refused, nothing written: the output exists, a newer Strata wrote the database, … */
	refused: 3,
	/** Strata itself failed (a bug, or a disk that cannot be written). */
	failed: 4
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The command line's own refusals, with a code for `--json` like the app's errors have. */
export type CliErrorCode =
	| 'usage'
	| 'not-found'
	| 'unreadable'
	| 'needs-passphrase'
	| 'exists'
	| 'refused'
	| 'newer-database'
	| 'write-failed';

const EXIT_OF: Record<CliErrorCode, ExitCode> = {
	usage: EXIT.usage,
	'not-found': EXIT.usage,
	unreadable: EXIT.usage,
	'needs-passphrase': EXIT.usage,
	exists: EXIT.refused,
	refused: EXIT.refused,
	'newer-database': EXIT.refused,
	'write-failed': EXIT.failed
};

export class CliError extends Error {
	override name = 'CliError';
	constructor(
		readonly code: CliErrorCode,
		message: string,
		readonly problems: string[] = []
	) {
		super(message);
	}
	get exit(): ExitCode {
		return EXIT_OF[this.code];
	}
}

/** What `--json` prints for a failure, and the text says. */
export interface Failure {
	code: string;
	message: string;
	problems: string[];
}

/** Any error as the failure to report and its exit code. */
export function failureOf(error: unknown): { failure: Failure; exit: ExitCode } {
	if (error instanceof CliError) {
		return {
			failure: { code: error.code, message: error.message, problems: error.problems },
			exit: error.exit
		};
	}
	if (error instanceof AppError) {
		// An encrypted file without its passphrase is a command given without what it needs.
		const exit = error.code === 'needs-passphrase' ? EXIT.usage : EXIT.badFile;
		return {
			failure: { code: error.code, message: error.message, problems: error.extra.problems ?? [] },
			exit
		};
	}
	const message = error instanceof Error ? error.message : String(error);
	return {
		failure: {
			code: 'internal',
			message: `Strata could not finish: ${message}. Nothing was written. This is a bug: run it again with STRATA_DEBUG=1 to see where it happened.`,
			problems: []
		},
		exit: EXIT.failed
	};
}
