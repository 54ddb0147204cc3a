/** Word lists for synthetic prompts, tags and inputs. Nothing here describes real imagery. */

export const ECOSYSTEMS = ['Illustrious', 'Flux1', 'SDXL', 'Pony', 'SD1', 'NoobAI', 'Qwen', 'HiDream'] as const;
export const VIDEO_ECOSYSTEMS = ['WanVideo', 'Kling', 'Veo3', 'Vidu', 'MiniMaxH3', 'LTXV'] as const;
export const IMAGE_ENGINES = ['sdcpp', 'comfy', 'flux2', 'openai', 'gemini', 'seedream', 'qwen'] as const;
export const VIDEO_ENGINES = ['wan', 'kling', 'veo3', 'vidu', 'minimax', 'hunyuan', 'lightricks'] as const;
export const PROVIDERS = ['ValdiAI', 'Civitai', 'RunPods', 'SaladShared', 'RunDiffusion'] as const;
export const SCHEDULERS = ['eulerA', 'euler', 'dpM2MKarras', 'dpmpp2M', 'ddim'] as const;
export const IMAGE_SIZES: ReadonlyArray<readonly [number, number]> = [
  [1024, 1024],
  [832, 1216],
  [1216, 832],
  [896, 1152],
  [1152, 896],
];
export const VIDEO_SIZES: ReadonlyArray<readonly [number, number]> = [
  [1280, 720],
  [720, 1280],
  [960, 960],
];

const SUBJECTS = [
  'a lighthouse keeper',
  'an old fox',
  'a clockwork owl',
  'a desert caravan',
  'a knight in silver armour',
  'a tea house',
  'a red bicycle',
  'a mountain monastery',
  'a sleeping dragon',
  'a street market',
  'a paper boat',
  'a retro robot',
  'a cathedral of glass',
  'a koi pond',
  'a snowy village',
  'an astronaut gardener',
  'a jazz trio',
  'a lone samurai',
];
const SETTINGS = [
  'at golden hour',
  'in heavy rain',
  'under neon signs',
  'on a foggy morning',
  'in a field of sunflowers',
  'beneath the northern lights',
  'inside a library',
  'at the edge of a cliff',
  'in a floating city',
];
const STYLES = [
  'watercolor',
  'oil painting',
  'anime style',
  'cinematic lighting',
  'isometric',
  'film photo, 35mm',
  'ukiyo-e',
  'pixel art',
  'studio portrait',
  'concept art',
];
const QUALITY = ['masterpiece', 'best quality', 'highly detailed', 'sharp focus', '8k'];
/** Adult-but-legal wording for the mature profiles; explicitness is carried by the scan fields, not by text. */
const MATURE = ['boudoir portrait', 'lingerie fashion shoot', 'artistic nude figure study', 'pin-up style', 'suggestive pose'];
export const NEGATIVE_PROMPTS = [
  'blurry, lowres, bad anatomy, watermark',
  'worst quality, low quality, jpeg artifacts',
  'text, signature, extra fingers',
  '',
];
export const PROJECTS = ['storyboard', 'avatars', 'marketing', 'game-assets', 'thumbnails'] as const;
export const INTEGRATOR_APP = 'acme-studio';

export type PromptTone = 'neutral' | 'mature' | 'flagged';

export function makePrompt(pick: <T>(items: readonly T[]) => T, tone: PromptTone): string {
  if (tone === 'flagged') {
    // Synthetic stand-in for a prompt the classifier flagged; the console shows the flags, not imagery.
    return `[synthetic test prompt flagged by the prompt classifier] ${pick(SUBJECTS)}, ${pick(STYLES)}`;
  }
  const parts = [pick(QUALITY), tone === 'mature' ? pick(MATURE) : pick(SUBJECTS), pick(SETTINGS), pick(STYLES)];
  return parts.join(', ');
}
