import { Fact, Facts, Missing } from '@/components/ui/facts';
import { JsonView } from '@/components/ui/json-view';
import { Muted } from '@/components/ui/muted';
import { TruncatedText } from '@/components/ui/truncated-text';
import { MonoText, VisibleText } from '@/components/ui/visible-text';
import { hasRecipeFields, type Recipe } from '@/lib/workflows/recipe';

const numberFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 });

/** How a step was generated: prompt, negative prompt, model and resources, seed, size, sampler, steps, cfg. */
export function RecipeView({ recipe }: { recipe: Recipe }) {
  return (
    <div className="space-y-3">
      {hasRecipeFields(recipe) ? (
        <div className="grid gap-4 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
          <div className="space-y-3">
            <PromptBlock label="Prompt" text={recipe.prompt} />
            <PromptBlock label="Negative prompt" text={recipe.negativePrompt} />
          </div>
          <Facts className="content-start">
            <Fact label="Model">{recipe.model ? <MonoText className="text-xs" text={recipe.model} /> : <Missing />}</Fact>
            <Fact label="Resources">
              {recipe.resources.length ? (
                <ul className="space-y-0.5">
                  {recipe.resources.map((resource) => (
                    <li key={resource.air}>
                      <MonoText className="text-xs" text={resource.air} />
                      {resource.strength === null ? null : <Muted as="span" tone="faint"> × {numberFormat.format(resource.strength)}</Muted>}
                    </li>
                  ))}
                </ul>
              ) : (
                <Missing label="none" />
              )}
            </Fact>
            <Fact label="Engine">
              {recipe.engine || recipe.ecosystem ? <VisibleText text={[recipe.engine, recipe.ecosystem].filter(Boolean).join(' · ')} /> : <Missing />}
            </Fact>
            <Fact label="Seed">{recipe.seed ? <MonoText className="text-xs" text={recipe.seed} /> : <Missing />}</Fact>
            <Fact label="Size">{recipe.width && recipe.height ? `${recipe.width} × ${recipe.height}` : <Missing />}</Fact>
            <Fact label="Sampler">{recipe.sampler ? <VisibleText text={recipe.sampler} /> : <Missing />}</Fact>
            <Fact label="Steps">{recipe.steps ?? <Missing />}</Fact>
            <Fact label="CFG scale">{recipe.cfgScale ?? <Missing />}</Fact>
            {recipe.clipSkip !== null ? <Fact label="Clip skip">{recipe.clipSkip}</Fact> : null}
            {recipe.quantity !== null ? <Fact label="Quantity">{recipe.quantity}</Fact> : null}
          </Facts>
        </div>
      ) : null}
      {recipe.comfyGraph ? (
        <JsonView value={recipe.comfyGraph} summary={`Comfy node graph (${Object.keys(recipe.comfyGraph).length} nodes)`} />
      ) : null}
    </div>
  );
}

export function PromptBlock({ label, text }: { label: string; text: string | null }) {
  return (
    <div>
      <Muted size="xs" className="font-medium">{label}</Muted>
      <p className="mt-0.5 rounded-md bg-zinc-50 p-2 text-sm dark:bg-zinc-950">
        {text ? <TruncatedText text={text} /> : <Missing />}
      </p>
    </div>
  );
}
