export * from './answer-shape';
export * from './downstream-http.service';
export * from './downstream.client';
export * from './downstream.errors';
export * from './http-client.module';
export * from './keep-alive';
