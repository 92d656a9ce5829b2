import crypto from 'node:crypto';
import { signTimestamped, verifyPlainSignature, verifyTimestampedSignature } from '../../../engine/webhooks/signature';

const secret = 'whsec_5ad1f0b8a7c94e2b';
const body = Buffer.from('{"id":"evt_1","type":"customer.created"}');
const mac = (content: string) => crypto.createHmac('sha256', secret).update(content).digest('hex');

describe('timestamped signatures (t=<unix>,v1=<hex>, as Stripe-Signature)', () => {
  const t = 1_764_504_000;
  const check = (header: string, nowSeconds = t + 10) =>
    verifyTimestampedSignature({ header, content: body, secret, nowSeconds });

  test('sign and verify agree, the whsec_ secret being the key as is, over "<t>.<body>"', () => {
    const header = signTimestamped(secret, body, t);
    expect(header).toBe(`t=${t},v1=${mac(`${t}.${body}`)}`);
    expect(check(header)).toMatchObject({ ok: true, timestamp: t });
  });

  test('exactly 5 minutes either way is accepted; a second more is expired', () => {
    const header = signTimestamped(secret, body, t);
    expect(check(header, t + 300).ok).toBe(true);
    expect(check(header, t - 300).ok).toBe(true);
    expect(check(header, t + 301)).toMatchObject({ ok: false, reason: 'expired' });
    expect(check(header, t - 301)).toMatchObject({ ok: false, reason: 'expired' });
  });

  test('a changed body, timestamp or secret does not match; a header without t or v1 is malformed', () => {
    const header = signTimestamped(secret, body, t);
    expect(check(header.replace(`t=${t}`, `t=${t + 1}`))).toMatchObject({ ok: false, reason: 'mismatch' });
    expect(check(signTimestamped('whsec_other', body, t))).toMatchObject({ ok: false, reason: 'mismatch' });
    expect(verifyTimestampedSignature({ header, content: Buffer.from('{}'), secret, nowSeconds: t })).toMatchObject({
      reason: 'mismatch',
    });
    expect(check(`v1=${mac(`${t}.${body}`)}`)).toMatchObject({ reason: 'malformed' });
    expect(check(`t=${t}`)).toMatchObject({ reason: 'malformed' });
    expect(check(`t=${t},t=${t},v1=${mac(`${t}.${body}`)}`)).toMatchObject({ reason: 'malformed' });
  });

  test('the same content signed twice at one time gives the same MAC (how replays are recognised)', () => {
    const first = check(signTimestamped(secret, body, t));
    const second = check(`t=${t},v1=${mac(`${t}.${body}`).toUpperCase()}`);
    expect(first.ok && second.ok && first.mac.equals(second.mac)).toBe(true);
  });
});

describe('plain signatures', () => {
  test('hex or sha256=hex of the content, any case; anything else is a mismatch', () => {
    const good = mac(body.toString());
    expect(verifyPlainSignature({ header: good, content: body, secret }).ok).toBe(true);
    expect(verifyPlainSignature({ header: `SHA256=${good.toUpperCase()}`, content: body, secret }).ok).toBe(true);
    expect(verifyPlainSignature({ header: good.slice(2), content: body, secret })).toMatchObject({ reason: 'mismatch' });
    expect(verifyPlainSignature({ header: '', content: body, secret })).toMatchObject({ reason: 'mismatch' });
  });
});
