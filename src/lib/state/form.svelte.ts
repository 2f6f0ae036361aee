/**
 * The state of one form or action while it saves: field messages, a form-level message, and
 * whether a save is running. A failed save leaves the inputs as they are, so nothing typed is
 * lost. What failed is read from the error's code, never from its text. When the failure names
 * fields, focus moves to the first invalid one (the form is the one FormActions sits in).
 */
import { tick } from 'svelte';
import { DatabaseError } from '$lib/db/client';
import { ValidationError, messageOf } from '$lib/domain/errors';
import { focusFirstInvalid } from './focus';

export class FormState {
	errors = $state<Record<string, string>>({});
	message = $state<string | null>(null);
	/** Facts the form can offer an action on (the valuation already on that day). */
	details = $state<Record<string, string>>({});
	busy = $state(false);
	#element: HTMLElement | null = null;

	/**
	 * An attachment for an element inside the form (FormActions has it): a failed save then
	 * focuses the form's first invalid field.
	 */
	readonly within = (node: HTMLElement): (() => void) => {
		const element = node.closest('form') ?? node;
		this.#element = element;
		return () => {
			if (this.#element === element) this.#element = null;
		};
	};

	/** Runs a save; returns true when it succeeded. */
	async run(work: () => Promise<unknown>): Promise<boolean> {
		if (this.busy) return false;
		// Without FormActions, the form the user submitted from (the field Enter was pressed in).
		const scope =
			this.#element ??
			(typeof document === 'undefined' ? null : document.activeElement?.closest('form'));
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
			if (Object.keys(this.errors).some((field) => field !== 'form')) void this.#focus(scope);
			return false;
		} finally {
			this.busy = false;
		}
	}

	async #focus(scope: ParentNode | null | undefined): Promise<void> {
		await tick();
		focusFirstInvalid(scope);
	}

	reset(): void {
		this.errors = {};
		this.details = {};
		this.message = null;
	}
}
