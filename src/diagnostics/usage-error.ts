/** A mistake on the command line or in the config: reported without a stack, exit code 2. */
export class UsageError extends Error {}
