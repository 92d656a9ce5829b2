import path from 'node:path';
import { readFile } from 'node:fs/promises';
import express, { Request, Response, Router } from 'express';
import { build } from 'esbuild';

/** The wizard as served: one script, one stylesheet, one page. Built in memory. */
export interface WebAssets {
  html: string;
  script: string;
  styles: string;
}

const webFolder = __dirname;

/**
 * Bundles ui-api/web/src into memory with esbuild, so `npm start` serves the wizard with no
 * separate build step. Takes about a second; callers cache the result.
 */
export async function buildWebAssets(): Promise<WebAssets> {
  const result = await build({
    entryPoints: [path.join(webFolder, 'src', 'main.tsx')],
    bundle: true,
    minify: true,
    write: false,
    format: 'iife',
    target: 'es2020',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    logLevel: 'silent',
    legalComments: 'none',
  });
  const script = result.outputFiles[0]?.text;
  if (!script) throw new Error('esbuild produced no output for the web wizard');
  const [html, styles] = await Promise.all([
    readFile(path.join(webFolder, 'index.html'), 'utf8'),
    readFile(path.join(webFolder, 'src', 'styles.css'), 'utf8'),
  ]);
  return { html, script, styles };
}

// Only what the wizard itself loads; the API stays same-origin JSON.
const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'same-origin',
};

function isApiPath(pathname: string): boolean {
  return /^\/(api|hooks)(\/|$)/.test(pathname);
}

/**
 * Serves the wizard at `/`: the page for every client-side route (history API fallback),
 * the bundle at /assets/app.js and the stylesheet at /assets/app.css. Mount it after the
 * /api and /hooks routers. The bundle is built on the first request and then kept; pass
 * `assets` to serve a prebuilt one (tests) or call `router.warmUp()` at start-up.
 */
export function webRouter(options: { assets?: () => Promise<WebAssets> } = {}): Router & { warmUp(): Promise<void> } {
  const load = options.assets ?? buildWebAssets;
  let pending: Promise<WebAssets> | null = null;
  const assets = (): Promise<WebAssets> => {
    if (!pending) {
      pending = load().catch((error: unknown) => {
        // A failed build is retried on the next request instead of being cached forever.
        pending = null;
        throw error;
      });
    }
    return pending;
  };

  const router = express.Router();
  const send = (type: string, pick: (a: WebAssets) => string) => async (req: Request, res: Response) => {
    const body = pick(await assets());
    res.set(SECURITY_HEADERS).type(type).set('Cache-Control', 'no-cache').send(body);
  };
  router.get(
    '/assets/app.js',
    send('application/javascript', (a) => a.script),
  );
  router.get(
    '/assets/app.css',
    send('text/css', (a) => a.styles),
  );
  router.use(async (req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || isApiPath(req.path) || req.path.startsWith('/assets/')) {
      next();
      return;
    }
    await send('text/html', (a) => a.html)(req, res);
  });
  return Object.assign(router, {
    async warmUp(): Promise<void> {
      await assets();
    },
  });
}
