import { describe, expect, it } from 'vitest';
import type { WorkflowStep } from '@/lib/orchestrator/types';
import { hasRecipeFields, readRecipe } from './recipe';

function step(partial: Partial<WorkflowStep>): WorkflowStep {
  return {
    name: '$0',
    type: 'textToImage',
    known: true,
    status: 'succeeded',
    startedAt: null,
    completedAt: null,
    jobs: [],
    media: [],
    params: { prompt: null, negativePrompt: null, form: null, ecosystem: null },
    engine: null,
    model: null,
    errors: [],
    children: [],
    input: {},
    output: null,
    ...partial,
  };
}

describe('readRecipe', () => {
  it('reads a textToImage input', () => {
    const recipe = readRecipe(
      step({
        input: {
          prompt: 'a fox',
          negativePrompt: 'blurry',
          model: 'urn:air:sdxl:checkpoint:civitai:1@2',
          additionalNetworks: { 'urn:air:sdxl:lora:civitai:3@4': { strength: 0.8 } },
          scheduler: 'eulerA',
          steps: 25,
          cfgScale: 7,
          width: 832,
          height: 1216,
          seed: 123,
          clipSkip: 2,
        },
      }),
    );
    expect(recipe).toMatchObject({
      prompt: 'a fox',
      negativePrompt: 'blurry',
      model: 'urn:air:sdxl:checkpoint:civitai:1@2',
      resources: [{ air: 'urn:air:sdxl:lora:civitai:3@4', strength: 0.8 }],
      sampler: 'eulerA',
      steps: 25,
      cfgScale: 7,
      width: 832,
      height: 1216,
      seed: '123',
      clipSkip: 2,
      comfyGraph: null,
    });
  });

  it('reads imageGen loras and sampleMethod, preferring the step params prompt', () => {
    const recipe = readRecipe(
      step({
        type: 'imageGen',
        params: { prompt: 'from params', negativePrompt: null, form: null, ecosystem: 'sdxl' },
        input: { prompt: 'from input', loras: { 'urn:air:x': 1 }, sampleMethod: 'euler' },
      }),
    );
    expect(recipe.prompt).toBe('from params');
    expect(recipe.resources).toEqual([{ air: 'urn:air:x', strength: 1 }]);
    expect(recipe.sampler).toBe('euler');
    expect(recipe.ecosystem).toBe('sdxl');
  });

  it('keeps a Comfy graph aside, and a huge seed as text', () => {
    const recipe = readRecipe(step({ type: 'comfy', input: { comfyWorkflow: { '3': { class_type: 'KSampler' } }, seed: '18446744073709551615' } }));
    expect(recipe.comfyGraph).toEqual({ '3': { class_type: 'KSampler' } });
    expect(recipe.seed).toBe('18446744073709551615');
  });

  it('says when there is nothing to show', () => {
    expect(hasRecipeFields(readRecipe(step({})))).toBe(false);
    expect(hasRecipeFields(readRecipe(step({ input: { steps: 20 } })))).toBe(true);
  });
});
