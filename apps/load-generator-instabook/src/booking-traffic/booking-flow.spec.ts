import { BOOKING_FLOW_WEIGHTS, BookingFlow, chooseBookingFlow } from './booking-flow';

describe('chooseBookingFlow', () => {
  afterEach(() => jest.restoreAllMocks());

  it('uses the weights of docs/API.md: create-and-read 50 %, read-existing 30 %, create-only 20 %', () => {
    expect(BOOKING_FLOW_WEIGHTS).toEqual({
      'create-and-read': 50,
      'read-existing': 30,
      'create-only': 20,
    });
  });

  it.each<[number, BookingFlow]>([
    [0, 'create-and-read'],
    [0.4999, 'create-and-read'],
    [0.5, 'read-existing'],
    [0.7999, 'read-existing'],
    [0.8, 'create-only'],
    [0.9999, 'create-only'],
  ])('maps the roll %d to %s', (roll, flow) => {
    jest.spyOn(Math, 'random').mockReturnValue(roll);
    expect(chooseBookingFlow()).toBe(flow);
  });

  it('draws each flow about as often as its weight says', () => {
    const draws = 20_000;
    const counts: Record<BookingFlow, number> = {
      'create-and-read': 0,
      'read-existing': 0,
      'create-only': 0,
    };
    for (let i = 0; i < draws; i++) counts[chooseBookingFlow()]++;
    expect(counts['create-and-read'] / draws).toBeCloseTo(0.5, 1);
    expect(counts['read-existing'] / draws).toBeCloseTo(0.3, 1);
    expect(counts['create-only'] / draws).toBeCloseTo(0.2, 1);
  });
});
