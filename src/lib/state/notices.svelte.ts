/**
 * Short confirmations after an action ("Tag “liquid” added."), announced politely to screen
 * readers, with an optional action (Undo, Redo). A notice with an action stays longer, and
 * never goes while the pointer or the keyboard is on it.
 */
export interface NoticeAction {
	label: string;
	run: () => void;
}

export interface Notice {
	id: number;
	text: string;
	action: NoticeAction | null;
	/** A failure (announced assertively). */
	error: boolean;
}

class Notices {
	current = $state<Notice | null>(null);
	#next = 1;
	#timer: ReturnType<typeof setTimeout> | undefined;
	#held = false;

	show(text: string, action: NoticeAction | null = null): void {
		this.#set({ id: this.#next++, text, action, error: false });
	}

	error(text: string): void {
		this.#set({ id: this.#next++, text, action: null, error: true });
	}

	/** The pointer or focus is on the notice: keep it until it leaves. */
	hold(held: boolean): void {
		this.#held = held;
		if (!held && this.current) this.#schedule(this.current);
		else clearTimeout(this.#timer);
	}

	dismiss(): void {
		clearTimeout(this.#timer);
		this.current = null;
	}

	#set(notice: Notice): void {
		this.current = notice;
		this.#schedule(notice);
	}

	#schedule(notice: Notice): void {
		clearTimeout(this.#timer);
		if (this.#held) return;
		const ms = notice.action || notice.error ? 10_000 : 6000;
		this.#timer = setTimeout(() => {
			if (this.current?.id === notice.id) this.current = null;
		}, ms);
	}
}

export const notices = new Notices();
