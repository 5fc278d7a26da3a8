/**
 * Which pipeline a document goes through: the action's `pipeline`, else the request's
 * `?pipeline=`, else the first configured index pattern that matches, else `default_pipeline`,
 * else the automatic choice (undefined: raw lines → `auto`, structured documents kept).
 */
export interface PipelineRoute {
  index: string;
  pipeline: string;
}

function globToRegExp(pattern: string): RegExp {
  const body = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${body}$`);
}

export function createPipelineRouter(
  routes: readonly PipelineRoute[],
  defaultPipeline?: string,
): (index: string, actionPipeline?: string, requestPipeline?: string) => string | undefined {
  const compiled = routes.map((r) => ({ re: globToRegExp(r.index), pipeline: r.pipeline }));
  const cache = new Map<string, string | undefined>();
  return (index, actionPipeline, requestPipeline) => {
    if (actionPipeline) return actionPipeline;
    if (requestPipeline) return requestPipeline;
    if (cache.has(index)) return cache.get(index);
    const found = compiled.find((r) => r.re.test(index))?.pipeline ?? defaultPipeline;
    if (cache.size < 10_000) cache.set(index, found);
    return found;
  };
}
