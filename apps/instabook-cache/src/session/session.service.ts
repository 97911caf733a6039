import { Injectable, NotFoundException } from '@nestjs/common';
import { SESSION_NOT_FOUND, Session, SessionInput } from '@app/contracts';
import { SessionStore } from './session.store';

@Injectable()
export class SessionService {
  constructor(private readonly store: SessionStore) {}

  /** Stores the session stamped with the cache's own time; an existing id is replaced. */
  create(input: SessionInput): Session {
    const session: Session = {
      id: input.id,
      user_id: input.user_id,
      booking_id: input.booking_id,
      status: input.status,
      data: input.data,
      created_at: new Date().toISOString(),
    };
    this.store.save(session);
    return session;
  }

  get(id: string): Session {
    const session = this.store.find(id);
    if (session === undefined) throw new NotFoundException(SESSION_NOT_FOUND);
    return session;
  }
}
