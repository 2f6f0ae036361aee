import { m } from '$lib/paraglide/messages';

/**
 * A passphrase typed twice, checked before anything is encrypted with it: Export's "Encrypt with
 * a passphrase" and automatic backups' own. It lives only as long as the page: never stored here.
 */
export class PassphrasePair {
	encrypt = $state(false);
	passphrase = $state('');
	repeat = $state('');
	errors = $state<{ passphrase?: string; repeat?: string }>({});

	/**
	 * The passphrase to encrypt the export with; null to export in the clear; false when the two
	 * fields do not give one (their messages say why).
	 */
	take(): string | null | false {
		this.errors = {};
		if (!this.encrypt) return null;
		if (this.passphrase === '') {
			this.errors = { passphrase: m.backup_passphrase_empty() };
			return false;
		}
		if (this.repeat !== this.passphrase) {
			this.errors = {
				repeat:
					this.repeat === '' ? m.backup_passphrase_repeat_empty() : m.backup_passphrase_differ()
			};
			return false;
		}
		return this.passphrase;
	}

	reset(): void {
		this.encrypt = false;
		this.passphrase = '';
		this.repeat = '';
		this.errors = {};
	}
}
