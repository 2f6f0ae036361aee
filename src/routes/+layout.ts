// A pure SPA: nothing is rendered on a server; the fallback page boots every route.
export const ssr = false;
export const prerender = false;
