/**
 * Errors the app raises for people, not for programmers: each message is written to be shown as
 * is and says what to do next, and each carries a stable code, so no code ever reads a message to
 * decide what happened. They cross the worker boundary as `{ code, message, fields, problems }`.
 */
import type { z } from 'zod';
import type { ErrorCode, SerializedError } from '$lib/db/messages';
import { m } from '$lib/paraglide/messages';

export type { ErrorCode };

/** An error with a code the page can act on. */
export class AppError extends Error {
	override name = 'AppError';
	constructor(
		readonly code: ErrorCode,
		message: string,
		readonly extra: Pick<SerializedError, 'fields' | 'problems' | 'details'> = {}
	) {
		super(message);
	}
}

/** Input that cannot be saved; `fields` maps a form field to its message. Nothing was written. */
export class ValidationError extends AppError {
	override name = 'ValidationError';
	constructor(
		readonly fields: Record<string, string>,
		message = Object.values(fields)[0] ?? m.errors_check_fields(),
		details?: Record<string, string>
	) {
		super('validation', message, { fields, details });
	}
}

/** An action refused because of what else is in the data (e.g. deleting a type in use). */
export class RefusedError extends AppError {
	override name = 'RefusedError';
	constructor(message: string) {
		super('refused', message);
	}
}

export class NotFoundError extends AppError {
	override name = 'NotFoundError';
	constructor(message: string) {
		super('not-found', message);
	}
}

/** Parses with zod; on failure throws a ValidationError with the first message per field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
	const result = schema.safeParse(input);
	if (result.success) return result.data;
	const fields: Record<string, string> = {};
	for (const issue of result.error.issues) {
		const key = issue.path.join('.') || 'form';
		fields[key] ??= issue.message;
	}
	throw new ValidationError(fields);
}

/** The message to show for any error thrown by a save. */
export function messageOf(error: unknown): string {
	if (error instanceof Error) return error.message;
	return String(error);
}

/** Whether an error (raised here, or answered by the worker) carries this code. */
export function hasCode(error: unknown, code: ErrorCode): boolean {
	return (error as { code?: unknown } | null)?.code === code;
}
