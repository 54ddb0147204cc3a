/** A configuration variable that is missing or wrong: one readable line naming it, no stack. */
export class EnvError extends Error {
  constructor(readonly variable: string, readonly reason: string) {
    super(`Invalid configuration: ${variable} ${reason}`);
    this.name = 'EnvError';
  }
}
