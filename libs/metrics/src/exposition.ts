/** One sample of a Prometheus text page: its labels (unescaped) and its value. */
export interface ExpositionSample {
  labels: Record<string, string>;
  value: number;
}

/** `name{label="value",...} value [timestamp]`, the sample line of the text format 0.0.4. */
const SAMPLE_LINE = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?[ \t]+(\S+)(?:[ \t]+-?\d+)?$/;
const LABEL_PAIR = /([a-zA-Z_]\w*)="((?:[^"\\]|\\.)*)"/g;
const ESCAPED = /\\(.)/g;
const SPECIAL_VALUES: Readonly<Record<string, number>> = { '+Inf': Infinity, '-Inf': -Infinity };

const unescape = (text: string) =>
  text.replace(ESCAPED, (_escape, char: string) => (char === 'n' ? '\n' : char));

/**
 * The samples of one metric on a `/metrics` page, in page order. Comments and other metrics
 * are skipped; a histogram's series are separate names (`x_bucket`, `x_sum`, `x_count`).
 * Values follow the format: floats, `NaN`, `+Inf`, `-Inf`.
 */
export function samplesOf(exposition: string, metric: string): ExpositionSample[] {
  const found: ExpositionSample[] = [];
  for (const line of exposition.split('\n')) {
    if (!line.startsWith(metric)) continue;
    const match = SAMPLE_LINE.exec(line.trim());
    if (!match || match[1] !== metric) continue;
    const labels: Record<string, string> = {};
    for (const [, key, text] of (match[2] ?? '').matchAll(LABEL_PAIR)) labels[key] = unescape(text);
    found.push({ labels, value: SPECIAL_VALUES[match[3]] ?? Number(match[3]) });
  }
  return found;
}
