/** Short confirmations after an action ("Tag deleted"), announced politely to screen readers. */
class Notices {
	current = $state<{ id: number; text: string } | null>(null);
	#next = 1;
	#timer: ReturnType<typeof setTimeout> | undefined;

	show(text: string): void {
		this.current = { id: this.#next++, text };
		clearTimeout(this.#timer);
		this.#timer = setTimeout(() => (this.current = null), 6000);
	}
}

export const notices = new Notices();
