import { SHOP_FLOW_WEIGHTS, ShopFlow, chooseShopFlow } from './shop-flow';

describe('chooseShopFlow', () => {
  afterEach(() => jest.restoreAllMocks());

  it('uses the weights of docs/API.md: browse 60 %, category 30 %, direct checkout 10 %', () => {
    expect(SHOP_FLOW_WEIGHTS).toEqual({ browse: 60, category: 30, 'direct-checkout': 10 });
  });

  it.each<[number, ShopFlow]>([
    [0, 'browse'],
    [0.5999, 'browse'],
    [0.6, 'category'],
    [0.8999, 'category'],
    [0.9, 'direct-checkout'],
    [0.9999, 'direct-checkout'],
  ])('maps the roll %d to %s', (roll, flow) => {
    jest.spyOn(Math, 'random').mockReturnValue(roll);
    expect(chooseShopFlow()).toBe(flow);
  });

  it('draws each flow about as often as its weight says', () => {
    const draws = 20_000;
    const counts: Record<ShopFlow, number> = { browse: 0, category: 0, 'direct-checkout': 0 };
    for (let i = 0; i < draws; i++) counts[chooseShopFlow()]++;
    expect(counts.browse / draws).toBeCloseTo(0.6, 1);
    expect(counts.category / draws).toBeCloseTo(0.3, 1);
    expect(counts['direct-checkout'] / draws).toBeCloseTo(0.1, 1);
  });
});
