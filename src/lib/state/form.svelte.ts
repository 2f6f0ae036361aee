/**
 * The state of one form or action while it saves: field messages, a form-level message, and
 * whether a save is running. A failed save leaves the inputs as they are, so nothing typed is
 * lost. What failed is read from the error's code, never from its text.
 */
import { DatabaseError } from '$lib/db/client';
import { ValidationError, messageOf } from '$lib/domain/errors';

export class FormState {
	errors = $state<Record<string, string>>({});
	message = $state<string | null>(null);
	/** Facts the form can offer an action on (the valuation already on that day). */
	details = $state<Record<string, string>>({});
	busy = $state(false);

	/** Runs a save; returns true when it succeeded. */
	async run(work: () => Promise<unknown>): Promise<boolean> {
		if (this.busy) return false;
		this.busy = true;
		this.reset();
		try {
			await work();
			return true;
		} catch (error) {
			if (error instanceof DatabaseError && error.code === 'validation') {
				this.errors = error.fields;
				this.details = error.details;
				if (error.fields.form || Object.keys(error.fields).length === 0)
					this.message = error.fields.form ?? error.message;
			} else if (error instanceof ValidationError) {
				this.errors = error.fields;
			} else {
				this.message = messageOf(error);
			}
			return false;
		} finally {
			this.busy = false;
		}
	}

	reset(): void {
		this.errors = {};
		this.details = {};
		this.message = null;
	}
}
