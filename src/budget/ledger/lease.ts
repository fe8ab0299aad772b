/**
 * Leases of open reservations. A reservation carries its host, pid and an expiry; while the
 * call runs, this keeper renews the expiry of every reservation the process still holds, at a
 * third of the lease, so two renewals can fail before anyone else may release it. A process
 * that dies stops renewing, and its reservations expire and are released by the next
 * reservation or by `leash ledger reconcile`.
 */

/** The default lease: the longest single call plus a minute for pricing and settling. */
export const LEASE_GRACE_S = 60;

export function defaultLeaseSeconds(longestCallS: number): number {
  return Math.ceil(longestCallS) + LEASE_GRACE_S;
}

export class LeaseKeeper {
  private readonly held = new Set<number>();
  private timer: NodeJS.Timeout | undefined;
  private renewing = false;
  /** The last renewal's failure, if it failed: the next ledger call will meet it too. */
  lastError: unknown;

  constructor(
    readonly leaseMs: number,
    private readonly renew: (ids: number[]) => Promise<void>,
  ) {}

  hold(id: number): void {
    this.held.add(id);
    if (this.timer) return;
    this.timer = setInterval(() => void this.renewNow(), Math.max(50, Math.floor(this.leaseMs / 3)));
    // Renewal never keeps a finished process alive.
    this.timer.unref();
  }

  drop(id: number): void {
    this.held.delete(id);
    if (this.held.size === 0) this.stop();
  }

  async renewNow(): Promise<void> {
    // A slow renewal is not stacked with the next one.
    if (this.held.size === 0 || this.renewing) return;
    this.renewing = true;
    try {
      await this.renew([...this.held]);
      this.lastError = undefined;
    } catch (error) {
      this.lastError = error;
    } finally {
      this.renewing = false;
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
