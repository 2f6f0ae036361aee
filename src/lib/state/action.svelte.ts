/**
 * One action a user confirms or fills in on a dialog (delete this tag, rename that one, restore
 * this copy): what it acts on while the dialog is open, and its FormState (busy, messages). The
 * confirm-busy-error sequence lives here once, for every page.
 */
import { FormState } from './form.svelte';

export class Action<T> {
	/** What the dialog is open for; null when it is closed. */
	target = $state<T | null>(null);
	readonly form = new FormState();

	constructor(
		private readonly work: (target: T) => Promise<unknown>,
		private readonly done?: (target: T) => void | Promise<void>
	) {}

	get open(): boolean {
		return this.target !== null;
	}

	start(target: T): void {
		this.form.reset();
		this.target = target;
	}

	close(): void {
		if (!this.form.busy) this.target = null;
	}

	/** Runs the action on the target; the dialog closes when it succeeded. */
	async run(): Promise<boolean> {
		const target = this.target;
		if (target === null) return false;
		const ok = await this.form.run(() => this.work(target));
		if (ok) {
			this.target = null;
			await this.done?.(target);
		}
		return ok;
	}
}
