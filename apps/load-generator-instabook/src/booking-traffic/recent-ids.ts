import { pick } from '@app/load';

/** The most recent ids, oldest dropped first, so a generator running for weeks stays small. */
export class RecentIds {
  /** Newest last. */
  private readonly ids: string[] = [];

  constructor(private readonly capacity: number) {}

  add(id: string): void {
    this.ids.push(id);
    if (this.ids.length > this.capacity) this.ids.shift();
  }

  /** A random one of the kept ids, or undefined while none is kept. */
  pick(): string | undefined {
    return this.ids.length > 0 ? pick(this.ids) : undefined;
  }
}
