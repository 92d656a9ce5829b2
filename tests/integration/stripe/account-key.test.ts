// Adding a Stripe account: keys Stripe could issue are accepted (verified live against the
// emulator), and a refusal says what is actually wrong with the key that was pasted.
import { startStripeEmulator, type StripeEmulator } from '../../emulators/stripe';
import { LoggedIn, setupOwner, startTestApi, TestApi } from '../../support/api';

let stripe: StripeEmulator;
let api: TestApi;
let owner: LoggedIn;

beforeAll(async () => {
  stripe = await startStripeEmulator();
  api = await startTestApi({ config: { stripeApiBase: stripe.url } });
  owner = await setupOwner(api.app);
});
afterAll(async () => {
  await api.drop();
  await stripe.close();
});

const addKey = (secretKey: string) =>
  owner.post('/api/accounts').send({ connector: 'stripe', name: `Stripe ${secretKey.length}`, credentials: { secretKey } });

describe('pasting a Stripe key', () => {
  it("accepts the README's emulator key sk_test_emulator_4242 (underscores in the key body)", async () => {
    const response = await addKey('sk_test_emulator_4242').expect(201);
    expect(response.body).toMatchObject({ hint: 'sk_test_...4242', details: { mode: 'test' } });
  });

  it('accepts a long key like the ones Stripe issues today, and a restricted key', async () => {
    await addKey(`sk_test_51Hx${'aB3'.repeat(33)}`).expect(201);
    await addKey('rk_test_51HxRestricted_Key_0042').expect(201);
  });

  it('lets Stripe judge a well-formed key it does not know, and says Stripe refused it', async () => {
    const response = await addKey('sk_live_garbage').expect(422);
    expect(response.body.error.message).toMatch(/Stripe refused this key: Invalid API Key provided/);
    // Never the contradictory "it starts with sk_live_" for a key that does.
    expect(response.body.error.message).not.toContain('starts with');
    expect(JSON.stringify(response.body)).not.toContain('sk_live_garbage');
  });

  it.each([
    ['pk_test_e2ePublishable4242', 'This is a publishable key (pk_...)'],
    ['whsec_abc123def456', 'This is a webhook signing secret (whsec_...), not an API key.'],
    ['sk_abc_12345678', 'this one starts with "sk_abc_"'],
    ['api-key-1234567890', 'this one starts with "api"'],
    ['sk_test_', 'The key stops after its prefix: paste the whole key.'],
    ['sk_test_abc-def-1234', 'The key contains "-", which Stripe keys never contain'],
    ['sk_test_abc 1234', 'The key contains a space or line break.'],
  ])('refuses %s saying what is wrong with it', async (key, reason) => {
    const response = await addKey(key).expect(422);
    expect(response.body.error.code).toBe('account_verification_failed');
    expect(response.body.error.message).toContain(reason);
    // The reason goes next to the key's input in the wizard.
    expect(response.body.error.details.fields).toEqual([
      { field: 'credentials.secretKey', message: expect.stringContaining(reason) },
    ]);
  });
});
