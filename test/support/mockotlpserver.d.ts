// The package ships JavaScript only; this is the part of its API the tracing tests use.
declare module '@elastic/mockotlpserver' {
  export interface MockOtlpServerOptions {
    services?: Array<'http' | 'grpc' | 'ui'>;
    httpHostname?: string;
    httpPort?: number;
    logLevel?: string;
    /** Called with each received ExportTraceServiceRequest, JSON or protobuf alike. */
    onTrace?: (request: unknown) => void;
  }
  export class MockOtlpServer {
    constructor(options?: MockOtlpServerOptions);
    httpUrl: URL | null;
    start(): Promise<void>;
    close(): Promise<void>;
  }
  /** Ids as hex, kinds and status codes as enum names, attributes as an object. */
  export function normalizeTrace(request: unknown): unknown;
}
