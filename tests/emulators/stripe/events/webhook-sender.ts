import crypto from 'node:crypto';
import type { StripeObject } from '../store';

/** One attempt to deliver an event to an endpoint, as tests see it. */
export interface WebhookDelivery {
  endpoint: string;
  event: string;
  type: string;
  url: string;
  attempt: number;
  /** HTTP status the receiver answered; null when it could not be reached. */
  status: number | null;
}

/** `Stripe-Signature` as Stripe makes it: HMAC-SHA256 of "<t>.<body>" keyed by the whole whsec_ secret. */
export function stripeSignature(secret: string, body: string, timestamp: number): string {
  const mac = crypto.createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return `t=${timestamp},v1=${mac}`;
}

/**
 * Sends events to webhook endpoints as Stripe does: a JSON POST signed with the endpoint's
 * secret, retried when the receiver does not answer 2xx (Stripe retries for days; the
 * emulator a few times, quickly, so tests can watch a retry).
 */
export class WebhookSender {
  readonly deliveries: WebhookDelivery[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly retryDelaysMs: number[] = [200, 1000]) {}

  deliver(event: StripeObject, endpoint: StripeObject, secret: string, attempt = 1): void {
    const body = JSON.stringify(event);
    const url = String(endpoint.url);
    const record: WebhookDelivery = {
      endpoint: endpoint.id,
      event: event.id,
      type: String(event.type),
      url,
      attempt,
      status: null,
    };
    this.deliveries.push(record);
    const sending = fetch(url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json; charset=utf-8',
        'User-Agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
        'Stripe-Signature': stripeSignature(secret, body, Math.floor(Date.now() / 1000)),
      },
      body,
      signal: AbortSignal.timeout(10_000),
    })
      .then(async (response) => {
        record.status = response.status;
        await response.arrayBuffer();
      })
      .catch(() => undefined)
      .then(() => {
        const ok = record.status !== null && record.status >= 200 && record.status < 300;
        const delay = this.retryDelaysMs[attempt - 1];
        if (ok || delay === undefined) return;
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          this.deliver(event, endpoint, secret, attempt + 1);
        }, delay);
        timer.unref();
        this.timers.add(timer);
      })
      .finally(() => this.inFlight.delete(sending));
    this.inFlight.add(sending);
  }

  /** Resolves once every delivery started so far has had its answer (retries not waited for). */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  /** Stops retries (the emulator is closing or being reset). */
  stop(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  clear(): void {
    this.stop();
    this.deliveries.length = 0;
  }
}
