import type { Response } from 'express';

/**
 * Answers a page's `index.html` from `root` (the admin page, the console): for the route
 * without the trailing slash, whose static files are served under it. A failure to send it
 * (412 for a failed If-Match, 416 for a bad Range) rejects, so the error filter answers it
 * as JSON.
 */
export function sendPage(res: Response, root: string): Promise<void> {
  return new Promise((resolve, reject) =>
    res.sendFile('index.html', { root }, (error) => (error ? reject(error) : resolve())),
  );
}
