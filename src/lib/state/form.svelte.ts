/**
 * The state of one form while it saves: field messages, a form-level message, and whether a
 * save is running. A failed save leaves the inputs as they are, so nothing typed is lost.
 */
import { ValidationError, messageOf } from '$lib/domain/errors';

export class FormState {
	errors = $state<Record<string, string>>({});
	message = $state<string | null>(null);
	busy = $state(false);

	/** Runs a save; returns true when it succeeded. */
	async run(work: () => Promise<void>): Promise<boolean> {
		if (this.busy) return false;
		this.busy = true;
		this.errors = {};
		this.message = null;
		try {
			await work();
			return true;
		} catch (error) {
			if (error instanceof ValidationError) {
				this.errors = error.fields;
				if (error.fields.form) this.message = error.fields.form;
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
		this.message = null;
	}
}
