import { setupOwner, startTestApi } from '../../support/api';

async function googleAccountEntry(config: Record<string, unknown>) {
  const api = await startTestApi({ config });
  try {
    const owner = await setupOwner(api.app);
    const response = await owner.get('/api/connectors').expect(200);
    return response.body.connectors.find((c: { name: string }) => c.name === 'google-sheets').account;
  } finally {
    await api.drop();
  }
}

test('"Sign in with Google" is offered only when the server has a Google OAuth client', async () => {
  expect(await googleAccountEntry({ googleOAuthClientId: null, googleOAuthClientSecret: null })).toMatchObject({ signIn: null });
  expect(await googleAccountEntry({ googleOAuthClientId: 'client-1', googleOAuthClientSecret: 'secret-1' })).toMatchObject({
    signIn: 'google',
  });
});
