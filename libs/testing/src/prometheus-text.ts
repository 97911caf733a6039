import { samplesOf } from '@app/metrics';

/** The value of one exact sample line (`name{labels}`) of a /metrics page, 0 when absent. */
export function sampleValue(metrics: string, sample: string): number {
  const line = metrics.split('\n').find((candidate) => candidate.startsWith(`${sample} `));
  return line ? Number(line.slice(sample.length + 1)) : 0;
}

/**
 * The values of the samples of a Prometheus metric whose labels include all of `labels`,
 * one per series, in page order: empty when no such series is exposed, even at 0.
 */
export function metricSamples(
  exposition: string,
  name: string,
  labels: Record<string, string> = {},
): number[] {
  return samplesOf(exposition, name)
    .filter((sample) =>
      Object.entries(labels).every(([key, value]) => sample.labels[key] === value),
    )
    .map((sample) => sample.value);
}

/** Sums the samples of a Prometheus metric whose labels include all of `labels`. */
export function metricValue(
  exposition: string,
  name: string,
  labels: Record<string, string> = {},
): number {
  return metricSamples(exposition, name, labels).reduce((total, value) => total + value, 0);
}

/** The type a /metrics page declares for a metric (`# TYPE name counter`), if any. */
export function metricType(exposition: string, name: string): string | undefined {
  const prefix = `# TYPE ${name} `;
  const line = exposition.split('\n').find((candidate) => candidate.startsWith(prefix));
  return line?.slice(prefix.length);
}

/**
 * Of the series given as `[name, labels]`, those a /metrics page does not count (absent, or
 * at 0), written as `name{labels}`: assert it `toEqual([])` to see every one missing at once.
 */
export function uncounted(
  exposition: string,
  series: readonly (readonly [string, Record<string, string>])[],
): string[] {
  return series
    .filter(([name, labels]) => !(metricValue(exposition, name, labels) > 0))
    .map(([name, labels]) => `${name}${JSON.stringify(labels)}`);
}
