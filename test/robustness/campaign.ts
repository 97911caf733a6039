import fc from 'fast-check';
import type { FuzzRequest, Outcome } from './exchange';
import { problemWith } from './exchange';

/** Sends one generated request wherever the campaign aims and tells how it went. */
export type Send = (request: FuzzRequest) => Promise<Outcome>;

export interface Finding {
  /** The answer, and in brackets what about the smallest failing request causes it. */
  kind: string;
  /** How many requests of the sweep this cause explains. */
  count: number;
  /** The smallest request fast-check found that still fails (the first one if not shrunk). */
  request: FuzzRequest;
  detail: string;
  /** `seed` and `path` for fc.check/fc.assert to replay exactly this counterexample. */
  replay: { seed: number; path: string };
  shrinks: number;
}

export interface CampaignResult {
  sent: number;
  planned: number;
  findings: Finding[];
  shrinkRequests: number;
}

export interface CampaignOptions {
  seed: number;
  runs: number;
  concurrency: number;
  /** No new request of the sweep starts after this time (ms since the epoch). */
  deadline: number;
  /** Time left for shrinking, shared by all campaigns of the suite. */
  shrinkBudget: { remainingMs: number };
}

export const SHRINK_LIMIT_MS = 6_000;
/** Causes shrunk per campaign; failures left unexplained then are reported as first seen. */
export const MAX_SHRUNK = 6;

const PRECONDITIONS = [
  'range',
  'if-match',
  'if-none-match',
  'if-modified-since',
  'if-unmodified-since',
  'if-range',
];

/**
 * What about a request can make a service answer alike for different reasons: two
 * "500 Internal server error" may come from a false gzip claim and from deep nesting.
 */
function traitsOf(request: FuzzRequest): string[] {
  const traits: string[] = [];
  if (request.headers['content-encoding'] !== undefined) {
    const real = request.notes.some((note) => /really|gzip bomb/.test(note));
    traits.push(real ? 'compressed body' : 'body not encoded as its content-encoding claims');
  }
  if (request.notes.some((note) => note.includes('nested'))) traits.push('nested JSON');
  if (request.notes.some((note) => /over the limit/.test(note))) traits.push('body over the limit');
  if (request.chunked) traits.push('chunked body');
  if (PRECONDITIONS.some((name) => name in request.headers)) {
    traits.push('range or precondition header');
  }
  return traits;
}

/**
 * Checks {@link problemWith} on `runs` requests drawn from `arbitrary` with the given seed,
 * sending `concurrency` at a time, and keeps going after a failure so one run shows every kind of
 * failure. Request i of the sweep is exactly what fast-check generates at path i for that
 * seed, so a failure is replayed from there and shrunk by fast-check; the traits of the
 * smallest request name the cause, and failures of the same answer that lack one of those
 * traits must have another cause, which is shrunk in turn.
 */
export async function campaign(
  arbitrary: fc.Arbitrary<FuzzRequest>,
  send: Send,
  options: CampaignOptions,
): Promise<CampaignResult> {
  const requests = fc.sample(arbitrary, { seed: options.seed, numRuns: options.runs });
  const failures = new Map<string, { index: number; detail: string }[]>();
  let next = 0;
  let sent = 0;
  const worker = async () => {
    while (next < requests.length && Date.now() < options.deadline) {
      const index = next++;
      const problem = problemWith(requests[index].method, await send(requests[index]));
      sent++;
      if (!problem) continue;
      const same = failures.get(problem.kind) ?? [];
      same.push({ index, detail: problem.detail });
      failures.set(problem.kind, same);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));

  const findings: Finding[] = [];
  let shrinkRequests = 0;
  const sendCounted: Send = (request) => {
    shrinkRequests++;
    return send(request);
  };
  for (const [answer, occurrences] of failures) {
    let unexplained = occurrences.sort((a, b) => a.index - b.index);
    // each pass explains at least its own first occurrence, so this ends
    while (unexplained.length > 0) {
      const { index, detail } = unexplained[0];
      let finding: Finding = {
        kind: answer,
        count: unexplained.length,
        request: requests[index],
        detail,
        replay: { seed: options.seed, path: String(index) },
        shrinks: 0,
      };
      const limit = Math.min(SHRINK_LIMIT_MS, options.shrinkBudget.remainingMs);
      if (findings.length >= MAX_SHRUNK || limit < 500) {
        findings.push(finding);
        break;
      }
      const started = Date.now();
      finding = {
        ...finding,
        ...(await shrink(arbitrary, sendCounted, answer, finding.replay, limit)),
      };
      options.shrinkBudget.remainingMs -= Date.now() - started;
      const cause = traitsOf(finding.request);
      const explained = (i: number) => {
        const traits = traitsOf(requests[i]);
        return i === index || cause.every((trait) => traits.includes(trait));
      };
      finding.count = unexplained.filter(({ index: i }) => explained(i)).length;
      if (cause.length) finding.kind = `${answer} [${cause.join(', ')}]`;
      findings.push(finding);
      unexplained = unexplained.filter(({ index: i }) => !explained(i));
    }
  }
  return { sent, planned: requests.length, findings, shrinkRequests };
}

/** Replays one counterexample and lets fast-check minimise it while it fails the same way. */
async function shrink(
  arbitrary: fc.Arbitrary<FuzzRequest>,
  send: Send,
  answer: string,
  replay: { seed: number; path: string },
  limitMs: number,
): Promise<Partial<Finding>> {
  // the last failing call is the final counterexample: shrinking stops at one that fails
  let detail: string | undefined;
  const details = await fc.check<[FuzzRequest]>(
    fc.asyncProperty(arbitrary, async (request) => {
      const problem = problemWith(request.method, await send(request));
      if (problem?.kind !== answer) return true;
      detail = problem.detail;
      return false;
    }),
    {
      seed: replay.seed,
      path: replay.path,
      // typed for unknown values, which it never looks at
      plugins: [fc.interruptAfterTimeLimit(limitMs) as fc.Plugin<[FuzzRequest]>],
    },
  );
  // the service may have changed state since the sweep; then the first request stands
  if (!details.failed || !details.counterexample) return {};
  return {
    request: details.counterexample[0],
    detail,
    replay: { seed: replay.seed, path: details.counterexamplePath ?? replay.path },
    shrinks: details.numShrinks,
  };
}

function describeBody(body: Buffer | undefined): string {
  if (!body) return 'none';
  if (body.length <= 240) return JSON.stringify(body.toString('latin1'));
  const text = body.toString('latin1');
  return `${body.length} bytes ${JSON.stringify(text.slice(0, 100))}…${JSON.stringify(text.slice(-40))}`;
}

/** A finding as the suite reports it: the failure, a request to reproduce it, how to replay. */
export function formatFinding(where: string, finding: Finding, runSeed: number): string {
  const { request } = finding;
  const headers = Object.entries(request.headers)
    .map(([name, value]) => {
      const text = JSON.stringify(value);
      return `${name}: ${text.length > 200 ? `${text.slice(0, 200)}… (${text.length} chars)` : text}`;
    })
    .join('; ');
  const path =
    request.path.length > 300
      ? `${request.path.slice(0, 300)}… (${request.path.length} chars)`
      : request.path;
  return [
    `${where}: ${finding.kind} (${finding.count}× in the sweep)`,
    `  request: ${request.method} ${path}${request.chunked ? ' [chunked]' : ''}`,
    `  headers: ${headers || 'none'}`,
    `  body: ${describeBody(request.body)}${request.notes.length ? ` (${request.notes.join('; ')})` : ''}`,
    `  answer: ${finding.detail}`,
    `  replay: FUZZ_SEED=${runSeed} reruns the sweep; this request is fast-check's seed ` +
      `${finding.replay.seed}, path "${finding.replay.path}" of the route's arbitrary` +
      (finding.shrinks ? ` (shrunk ${finding.shrinks}×)` : ' (not shrunk)'),
  ].join('\n');
}
