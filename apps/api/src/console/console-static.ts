import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';

/** Paths the API owns: the console never answers them, so an unknown `/v1/…` stays a JSON 404. */
const API_PATHS = /^\/(v1(\/|$)|docs(\/|$)|metrics$|openapi\.json$|healthz$|readyz$)/;

/**
 * For the console's own pages. The console is a same-origin app with no inline script, so the
 * policy can be strict; `frame-ancestors 'none'` stops another site framing the action buttons.
 */
const CONSOLE_HEADERS: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

/**
 * Serves the console's static build at `/`: hashed assets (cached for good), and index.html for
 * every other GET outside the API's paths (client routes; never cached, so a new build shows at once).
 */
export function consoleStatic(dir: string): Router {
  const router = express.Router();
  const index = path.join(dir, 'index.html');
  router.use((_req: Request, res: Response, next: NextFunction) => {
    res.set(CONSOLE_HEADERS);
    next();
  });
  router.use(
    '/assets',
    express.static(path.join(dir, 'assets'), { index: false, immutable: true, maxAge: '365d' }),
    // A missing asset is a plain 404, never index.html (a script tag would get HTML back).
    (_req: Request, res: Response) => {
      res.status(404).type('text/plain').send('no such asset\n');
    },
  );
  router.use(express.static(dir, { index: false }));
  router.get(/.*/, (req: Request, res: Response, next: NextFunction) => {
    if (!req.accepts('html')) return next();
    if (!existsSync(index)) {
      res
        .status(503)
        .type('text/plain')
        .send(
          `The console is not built (no ${index}): run \`npm run build\`, or \`npm start\` which builds it.\n`,
        );
      return;
    }
    res.set('Cache-Control', 'no-store').sendFile(index);
  });
  // Only paths the API does not own reach this router at all.
  const guarded = express.Router();
  guarded.use((req: Request, res: Response, next: NextFunction) =>
    API_PATHS.test(req.path) ? next() : router(req, res, next),
  );
  return guarded;
}
