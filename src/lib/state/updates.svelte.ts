/**
 * The installed app's updates and installation. A new version is announced and waits for the
 * user's Reload; the app never reloads itself. "Install app" appears when the browser offers it.
 */
import { registerSW } from 'virtual:pwa-register';

interface InstallPromptEvent extends Event {
	prompt(): Promise<void>;
	userChoice: Promise<{ outcome: 'accepted' | 'dismissed' }>;
}

class Updates {
	/** A new version is installed and waiting for a reload. */
	waiting = $state(false);
	/** Everything the app needs is cached: it works offline from now on. */
	offlineReady = $state(false);
	/** The browser offers to install the app. */
	canInstall = $state(false);
	#apply: ((reload?: boolean) => Promise<void>) | null = null;
	#installPrompt: InstallPromptEvent | null = null;

	start(): void {
		window.addEventListener('beforeinstallprompt', (event) => {
			event.preventDefault();
			this.#installPrompt = event as InstallPromptEvent;
			this.canInstall = true;
		});
		window.addEventListener('appinstalled', () => (this.canInstall = false));
		if (!('serviceWorker' in navigator)) return;
		this.#apply = registerSW({
			immediate: true,
			onNeedRefresh: () => (this.waiting = true),
			onOfflineReady: () => (this.offlineReady = true),
			onRegisterError: (error: unknown) =>
				// not shown: a line in the console for a developer
				console.error('Strata could not install its offline copy:', error),
			onRegisteredSW: (_url, registration) => {
				// A long-open tab still learns about new versions.
				if (registration) setInterval(() => void registration.update(), 60 * 60 * 1000);
			}
		});
	}

	/** Switches to the waiting version and reloads (only when the user asks). */
	async reload(): Promise<void> {
		if (this.#apply && this.waiting) await this.#apply(true);
		else location.reload();
	}

	async install(): Promise<void> {
		const prompt = this.#installPrompt;
		if (!prompt) return;
		await prompt.prompt();
		const { outcome } = await prompt.userChoice;
		if (outcome === 'accepted') this.canInstall = false;
		this.#installPrompt = null;
	}
}

export const updates = new Updates();
