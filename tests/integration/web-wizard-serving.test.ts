import express from 'express';
import request from 'supertest';
import { buildWebAssets, webRouter, WebAssets } from '../../ui-api/web/server';

function appWith(router: express.Router): express.Express {
  const app = express();
  // Stands in for the API: its own 404s must not be answered with the wizard's page.
  app.use('/api', (_req, res) => void res.status(404).json({ error: { code: 'not_found' } }));
  app.use(router);
  return app;
}

describe('the web wizard served at /', () => {
  let assets: WebAssets;
  let app: express.Express;

  beforeAll(async () => {
    assets = await buildWebAssets();
    app = appWith(webRouter({ assets: async () => assets }));
  }, 30_000);

  it('bundles the wizard from its sources into one minified script', () => {
    expect(assets.script.length).toBeGreaterThan(10_000);
    expect(assets.script).toContain('Send test data to');
    expect(assets.script).not.toMatch(/^import /m);
  });

  it('answers / with the page that loads the bundle and the stylesheet', async () => {
    const response = await request(app).get('/').expect(200);
    expect(response.headers['content-type']).toMatch(/text\/html/);
    expect(response.text).toContain('<script src="/assets/app.js"');
    expect(response.text).toContain('href="/assets/app.css"');
    expect(response.headers['content-security-policy']).toContain("script-src 'self'");
  });

  it('answers a client-side route such as a wizard step with the same page', async () => {
    const response = await request(app).get('/connections/5d6f/edit/3').expect(200);
    expect(response.text).toContain('<div id="app">');
  });

  it('serves the script and the stylesheet with their content types', async () => {
    const script = await request(app).get('/assets/app.js').expect(200);
    expect(script.headers['content-type']).toMatch(/javascript/);
    expect(script.text).toBe(assets.script);
    const styles = await request(app).get('/assets/app.css').expect(200);
    expect(styles.headers['content-type']).toMatch(/text\/css/);
  });

  it('leaves /api and /hooks paths and non-GET requests to the routers that own them', async () => {
    await request(app).get('/api/nothing-here').expect(404);
    await request(app).get('/hooks/abc').expect(404);
    await request(app).post('/connections').send({}).expect(404);
  });

  it('builds the bundle once and reuses it for later requests', async () => {
    let builds = 0;
    const counted = appWith(webRouter({ assets: async () => (builds++, assets) }));
    await request(counted).get('/');
    await request(counted).get('/assets/app.js');
    expect(builds).toBe(1);
  });

  it('tries the build again after a failed one instead of serving the failure forever', async () => {
    let attempts = 0;
    const flaky = appWith(
      webRouter({
        assets: async () => {
          attempts++;
          if (attempts === 1) throw new Error('syntax error in main.tsx');
          return assets;
        },
      }),
    );
    flaky.use(
      (_error: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => void res.status(500).end(),
    );
    await request(flaky).get('/').expect(500);
    await request(flaky).get('/').expect(200);
  });
});
