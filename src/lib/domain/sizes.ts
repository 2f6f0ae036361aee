import { m } from '$lib/paraglide/messages';

/** A size in bytes as people read it: "740 KB", "19.4 MB", "2.1 GB"; "19,4 Mo" in French. */
export function formatSize(bytes: number, locale = 'en-US'): string {
	const number = (n: number, digits: number) =>
		n.toLocaleString(locale, {
			minimumFractionDigits: digits,
			maximumFractionDigits: digits,
			useGrouping: false
		});
	if (bytes < 1024 * 1024)
		return m.app_size_kb({ n: number(bytes > 0 ? Math.max(1, Math.round(bytes / 1024)) : 0, 0) });
	if (bytes < 1024 ** 3) return m.app_size_mb({ n: number(bytes / 1024 ** 2, 1) });
	return m.app_size_gb({ n: number(bytes / 1024 ** 3, 1) });
}
