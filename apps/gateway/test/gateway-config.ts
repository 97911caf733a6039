/** The gateway's downstream URLs, as the clients under test are configured with them. */
export const GATEWAY_CONFIG = {
  productCatalogUrl: 'http://catalog:8081',
  currencyUrl: 'http://currency:8082',
  adUrl: 'http://ads:8083',
  checkoutUrl: 'http://checkout:8084',
};
