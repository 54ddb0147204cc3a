import type { WorkflowStep } from '@/lib/orchestrator/types';

/**
 * A step's generation recipe in one shape, whatever the step type spells it as (contract §3.2): textToImage uses
 * `scheduler` and `additionalNetworks`, imageGen uses `sampleMethod` and `loras`, and the civitai form in
 * `metadata.params` uses `sampler`. Values are shown as received; nothing here is trusted or interpreted further.
 */
export interface Recipe {
  prompt: string | null;
  negativePrompt: string | null;
  model: string | null;
  /** Extra networks (LoRA etc.) by AIR, with their strength when given. */
  resources: { air: string; strength: number | null }[];
  seed: string | null;
  width: number | null;
  height: number | null;
  sampler: string | null;
  steps: number | null;
  cfgScale: number | null;
  clipSkip: number | null;
  quantity: number | null;
  engine: string | null;
  ecosystem: string | null;
  /** A Comfy node graph (comfy: `comfyWorkflow`, customComfy: `workflow`), shown collapsed. */
  comfyGraph: Record<string, unknown> | null;
}

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function text(...values: unknown[]): string | null {
  for (const value of values) if (typeof value === 'string' && value !== '') return value;
  return null;
}

function number(...values: unknown[]): number | null {
  for (const value of values) if (typeof value === 'number' && Number.isFinite(value)) return value;
  return null;
}

/** `{ AIR: { strength } }` (textToImage) or `{ AIR: strength }` (imageGen loras). */
function readResources(...maps: unknown[]): Recipe['resources'] {
  const resources: Recipe['resources'] = [];
  for (const map of maps) {
    const entries = record(map);
    if (!entries) continue;
    for (const air of Object.keys(entries)) {
      const value = entries[air];
      resources.push({ air, strength: number(value, record(value)?.strength) });
    }
  }
  return resources;
}

const COMFY_GRAPH_KEYS = ['comfyWorkflow', 'workflow'] as const;

export function readRecipe(step: WorkflowStep): Recipe {
  const input = step.input;
  const seed = input.seed;
  const graph = COMFY_GRAPH_KEYS.map((key) => record(input[key])).find((value) => value !== null) ?? null;
  return {
    prompt: step.params.prompt ?? text(input.prompt, input.positivePrompt),
    negativePrompt: step.params.negativePrompt ?? text(input.negativePrompt),
    model: step.model ?? text(input.model),
    resources: readResources(input.additionalNetworks, input.loras),
    // Seeds exceed 2^53 in some engines; keep whatever was sent, as text.
    seed: typeof seed === 'number' || typeof seed === 'string' ? String(seed) : null,
    width: number(input.width),
    height: number(input.height),
    sampler: text(input.scheduler, input.sampleMethod, input.sampler, input.schedule),
    steps: number(input.steps),
    cfgScale: number(input.cfgScale, input.guidance),
    clipSkip: number(input.clipSkip),
    quantity: number(input.quantity, input.batchSize),
    engine: step.engine ?? text(input.engine),
    ecosystem: step.params.ecosystem ?? text(input.ecosystem),
    comfyGraph: graph,
  };
}

/** True when the recipe has anything beyond a graph, so the view can skip an empty block. */
export function hasRecipeFields(recipe: Recipe): boolean {
  const { comfyGraph, resources, ...fields } = recipe;
  void comfyGraph;
  return resources.length > 0 || Object.values(fields).some((value) => value !== null);
}
