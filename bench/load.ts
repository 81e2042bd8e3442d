/**
 * The load generator, in its own process (forked by run.ts) so that autocannon never shares an
 * event loop with the server it measures. It receives one scenario at a time over IPC, runs a
 * warm-up then the measurement, and answers with its own latency percentiles (autocannon's
 * summary has no p95) and the status counts.
 */
import autocannon from 'autocannon';
import { summarise, type LatencyStats } from './stats.ts';

export interface LoadRequest {
  method: 'GET' | 'POST';
  path: string;
  body?: string;
}

export interface LoadSpec {
  name: string;
  url: string;
  connections: number;
  warmupSeconds: number;
  durationSeconds: number;
  headers: Record<string, string>;
  requests: LoadRequest[];
  /**
   * Distinct client addresses sent in X-Forwarded-For (the server trusts 127.0.0.1 as a proxy in
   * the bench): the global rate limit (600 requests/min per IP) would otherwise answer 429.
   */
  clientAddresses: number;
}

export interface LoadResult extends LatencyStats {
  name: string;
  seconds: number;
  statusCounts: Record<string, number>;
  errors: number;
  timeouts: number;
  non2xx: number;
  /** CPU time used by this load-generator process during the measurement, in seconds */
  cpuSeconds: number;
}

type Message = { type: 'run'; spec: LoadSpec } | { type: 'exit' };

function clientAddress(i: number, n: number): string {
  const k = i % n;
  return `127.77.${(k >> 8) & 255}.${k & 255}`;
}

async function runOnce(
  spec: LoadSpec,
  seconds: number,
): Promise<{ result: autocannon.Result; latencies: number[]; status: Record<string, number> }> {
  let i = 0;
  const latencies: number[] = [];
  const status: Record<string, number> = {};
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: spec.url,
        connections: spec.connections,
        duration: seconds,
        timeout: 10,
        headers: spec.headers,
        requests: [
          {
            setupRequest: (req) => {
              const r = spec.requests[i % spec.requests.length]!;
              i += 1;
              return {
                ...req,
                method: r.method,
                path: r.path,
                body: r.body,
                headers: { ...spec.headers, 'x-forwarded-for': clientAddress(i, spec.clientAddresses) },
              };
            },
          },
        ],
      },
      (err: unknown, res: autocannon.Result) => (err ? reject(err instanceof Error ? err : new Error('autocannon failed')) : resolve(res)),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      latencies.push(responseTime);
      status[statusCode] = (status[statusCode] ?? 0) + 1;
    });
  });
  return { result, latencies, status };
}

async function run(spec: LoadSpec): Promise<LoadResult> {
  if (spec.warmupSeconds > 0) await runOnce(spec, spec.warmupSeconds);
  const cpu = process.cpuUsage();
  const { result, latencies, status } = await runOnce(spec, spec.durationSeconds);
  const used = process.cpuUsage(cpu);
  return {
    name: spec.name,
    seconds: result.duration,
    ...summarise(latencies, result.duration),
    statusCounts: status,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    cpuSeconds: (used.user + used.system) / 1e6,
  };
}

process.on('message', (msg: Message) => {
  if (msg.type === 'exit') {
    process.disconnect?.();
    return;
  }
  run(msg.spec).then(
    (result) => process.send?.({ type: 'result', result }),
    (e: unknown) => process.send?.({ type: 'error', message: String(e) }),
  );
});
process.send?.({ type: 'ready' });
