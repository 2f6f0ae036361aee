/**
 * Errors the domain raises for people, not for programmers: each message is written to be shown
 * as is, and says what to do next.
 */
import type { z } from 'zod';

/** Input that cannot be saved; `fields` maps a form field to its message. Nothing was written. */
export class ValidationError extends Error {
	override name = 'ValidationError';
	constructor(
		readonly fields: Record<string, string>,
		message = Object.values(fields)[0] ?? 'Check the highlighted fields.'
	) {
		super(message);
	}
}

/** An action refused because of what else is in the data (e.g. deleting a type in use). */
export class RefusedError extends Error {
	override name = 'RefusedError';
}

export class NotFoundError extends Error {
	override name = 'NotFoundError';
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
