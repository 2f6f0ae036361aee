/*
 * The share target (manifest `share_target`): another app shares a backup file by POSTing it to
 * /settings/backup/share. There is no server, so the service worker takes the POST here, keeps the
 * file in Cache Storage and sends the browser on to Settings → Backup (303: a GET), where the page
 * picks the file up, removes it and opens the import preview (src/lib/state/incoming-files.svelte.ts,
 * which must use the same cache and key). Loaded by workbox's importScripts before its own routes,
 * so this listener answers the POST first; every other request is left to workbox.
 */
self.addEventListener('fetch', (event) => {
	const url = new URL(event.request.url);
	if (
		event.request.method !== 'POST' ||
		url.origin !== self.location.origin ||
		url.pathname !== '/settings/backup/share'
	)
		return;
	event.respondWith(
		(async () => {
			try {
				const form = await event.request.formData();
				const file = form.getAll('backup').find((value) => typeof value !== 'string');
				if (file) {
					const cache = await caches.open('strata-shared-file');
					await cache.put(
						'/shared-backup',
						new Response(file, {
							headers: {
								'content-type': file.type || 'application/octet-stream',
								// Header values are Latin-1: a name like "sauvegarde-été.json" travels encoded.
								'x-file-name': encodeURIComponent(file.name)
							}
						})
					);
				}
			} catch {
				// Nothing kept: the page opens as usual, without a preview.
			}
			return Response.redirect(new URL('/settings/backup', self.location.origin).href, 303);
		})()
	);
});
