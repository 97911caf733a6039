import { Injectable } from '@nestjs/common';

/** The time source of session ages, replaceable in tests so expiry needs no waiting. */
@Injectable()
export class Clock {
  now(): number {
    return Date.now();
  }
}
