import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { SERVICE_CONFIG, ServiceConfig } from '@app/config';
import { loadGeneratorInstabookConfig } from '../config/load-generator-instabook.config';
import { DownstreamHttp, DownstreamResponse, downstreamMessage } from '@app/http-client';
import { TrafficLoop, TrafficMetrics, uniform } from '@app/load';
import { BookingFlow, chooseBookingFlow } from './booking-flow';
import { RecentIds } from './recent-ids';
import { buildSessionBody } from './session-body';

/** How many created session ids are kept for the read-existing flow. */
const RECENT_SESSIONS = 50;

/**
 * Simulated booking clients of instabook. Every create goes through instabook to the
 * cache with the shared token, so when the token story is switched on, the failures
 * show up here first: as 500s logged with the service's own message.
 */
@Injectable()
export class BookingTrafficService extends TrafficLoop {
  private readonly recentIds = new RecentIds(RECENT_SESSIONS);

  constructor(
    http: DownstreamHttp,
    metrics: TrafficMetrics,
    @Inject(SERVICE_CONFIG) config: ServiceConfig,
    @Inject(loadGeneratorInstabookConfig.KEY)
    private readonly booking: ConfigType<typeof loadGeneratorInstabookConfig>,
  ) {
    super(http, metrics, config, {
      service: 'instabook',
      baseUrl: booking.instabookUrl,
    });
  }

  /** One booking request (or two); the kind is drawn with the documented weights unless given. */
  override async runFlow(flow: BookingFlow = chooseBookingFlow()): Promise<void> {
    const existing = flow === 'read-existing' ? this.recentIds.pick() : undefined;
    if (existing !== undefined) return this.readSession(existing);
    const created = await this.createSession();
    if (created !== undefined && flow === 'create-and-read') {
      await this.pause(uniform(0.5, 1.5));
      await this.readSession(created);
    }
  }

  protected secondsBetweenFlows(): number {
    return uniform(0.8, 1.2) * this.booking.delayBetweenRequestsSeconds;
  }

  /** The new session's id, or undefined when it was not created (already logged). */
  private async createSession(): Promise<string | undefined> {
    const session = buildSessionBody();
    const response = await this.send<unknown>({
      method: 'POST',
      endpoint: '/booking/session',
      path: '/booking/session',
      body: session,
    });
    if (!response) return undefined;
    if (!isSuccess(response)) {
      this.logFailure('create', session.id, response);
      return undefined;
    }
    this.recentIds.add(session.id);
    this.logger.log(
      { session_id: session.id, user_id: session.user_id, booking_id: session.booking_id },
      `Created session ${session.id}`,
    );
    return session.id;
  }

  private async readSession(id: string): Promise<void> {
    const response = await this.send<unknown>({
      method: 'GET',
      endpoint: '/booking/session/:id',
      path: `/booking/session/${encodeURIComponent(id)}`,
    });
    if (!response) return;
    if (isSuccess(response)) this.logger.log({ session_id: id }, `Read session ${id}`);
    else this.logFailure('read', id, response);
  }

  private logFailure(action: string, id: string, response: DownstreamResponse<unknown>): void {
    const error = downstreamMessage(response.status, response.data);
    const fields = { session_id: id, status: response.status, error };
    const message = `Failed to ${action} session ${id}: ${response.status} ${error}`;
    if (response.status >= 500) this.logger.error(fields, message);
    else this.logger.warn(fields, message);
  }
}

function isSuccess(response: DownstreamResponse<unknown>): boolean {
  return response.status >= 200 && response.status < 300;
}
