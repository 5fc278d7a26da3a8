/** A small Prometheus metrics registry: counters, gauges (or gauge callbacks) and histograms with labels. */

type Labels = Record<string, string>;

function labelText(labels: Labels): string {
  const parts = Object.entries(labels).map(
    ([k, v]) => `${k}="${v.replace(/[\\"\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`))}"`,
  );
  return parts.length > 0 ? `{${parts.join(',')}}` : '';
}

interface Family {
  name: string;
  help: string;
  kind: 'counter' | 'gauge' | 'histogram';
  values: Map<string, { labels: Labels; value: number; buckets?: number[]; sum?: number; count?: number }>;
  collect?: () => Array<{ labels: Labels; value: number }>;
  bounds?: number[];
}

export class Metrics {
  readonly #families = new Map<string, Family>();

  #family(name: string, help: string, kind: Family['kind']): Family {
    let f = this.#families.get(name);
    if (!f) {
      f = { name, help, kind, values: new Map() };
      this.#families.set(name, f);
    }
    return f;
  }

  inc(name: string, help: string, labels: Labels, by = 1): void {
    const f = this.#family(name, help, 'counter');
    const key = labelText(labels);
    const v = f.values.get(key);
    if (v) v.value += by;
    else f.values.set(key, { labels, value: by });
  }

  /** A gauge read when scraped (or a counter kept elsewhere, with `kind: 'counter'`). */
  gauge(
    name: string,
    help: string,
    collect: () => Array<{ labels: Labels; value: number }>,
    kind: 'gauge' | 'counter' = 'gauge',
  ): void {
    this.#family(name, help, kind).collect = collect;
  }

  observe(name: string, help: string, labels: Labels, value: number, bounds: number[]): void {
    const f = this.#family(name, help, 'histogram');
    f.bounds = bounds;
    const key = labelText(labels);
    let v = f.values.get(key);
    if (!v) {
      v = { labels, value: 0, buckets: bounds.map(() => 0), sum: 0, count: 0 };
      f.values.set(key, v);
    }
    for (let i = 0; i < bounds.length; i++) if (value <= bounds[i]!) v.buckets![i]!++;
    v.sum! += value;
    v.count!++;
  }

  /** The value of a counter (summed over label sets matching `labels`). */
  get(name: string, labels: Labels = {}): number {
    const f = this.#families.get(name);
    if (!f) return 0;
    let total = 0;
    for (const v of f.values.values()) {
      if (Object.entries(labels).every(([k, x]) => v.labels[k] === x)) total += v.value;
    }
    return total;
  }

  render(): string {
    const out: string[] = [];
    for (const f of this.#families.values()) {
      out.push(`# HELP ${f.name} ${f.help}`, `# TYPE ${f.name} ${f.kind}`);
      if (f.collect) for (const s of f.collect()) out.push(`${f.name}${labelText(s.labels)} ${s.value}`);
      for (const v of f.values.values()) {
        if (f.kind !== 'histogram') {
          out.push(`${f.name}${labelText(v.labels)} ${v.value}`);
          continue;
        }
        f.bounds!.forEach((b, i) => {
          out.push(`${f.name}_bucket${labelText({ ...v.labels, le: String(b) })} ${v.buckets![i]}`);
        });
        out.push(`${f.name}_bucket${labelText({ ...v.labels, le: '+Inf' })} ${v.count}`);
        out.push(`${f.name}_sum${labelText(v.labels)} ${v.sum}`, `${f.name}_count${labelText(v.labels)} ${v.count}`);
      }
    }
    return `${out.join('\n')}\n`;
  }
}
