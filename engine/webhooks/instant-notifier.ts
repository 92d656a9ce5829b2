/**
 * Tells the engine that a connection set to "instant" has new payloads. Calls for one
 * connection never overlap: while a call is in flight, further payloads only ask for
 * one more call after it, so a burst of 1,000 deliveries makes two calls, not 1,000,
 * and the last payload is always followed by a call.
 */
export class InstantNotifier {
  private readonly pending = new Map<string, 'calling' | 'call-again'>();

  constructor(
    private readonly onPayloadStored: (connectionId: string, workspaceId: string) => void | Promise<void>,
    private readonly onError: (error: unknown, connectionId: string) => void,
  ) {}

  notify(connectionId: string, workspaceId: string): void {
    if (this.pending.has(connectionId)) {
      this.pending.set(connectionId, 'call-again');
      return;
    }
    this.call(connectionId, workspaceId);
  }

  private call(connectionId: string, workspaceId: string): void {
    this.pending.set(connectionId, 'calling');
    Promise.resolve()
      .then(() => this.onPayloadStored(connectionId, workspaceId))
      .catch((error: unknown) => this.onError(error, connectionId))
      .finally(() => {
        if (this.pending.get(connectionId) === 'call-again') this.call(connectionId, workspaceId);
        else this.pending.delete(connectionId);
      });
  }
}
