/**
 * The emulator's demo credentials. They open nothing but the local emulator and are printed at its start and in the README.
 * A deployment or a test picks its own with --service-token / --user-token.
 */
export const DEMO_SERVICE_TOKEN = 'emu-service-token-demo-0001';

/** User tokens: each sees only the workflows of its Civitai user id (the id prefix). */
export const DEMO_USER_TOKENS: Readonly<Record<string, string>> = {
  '8484131': 'emu-user-token-8484131',
  '1637892': 'emu-user-token-1637892',
};
