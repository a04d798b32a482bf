/** The build was interrupted by the user (Ctrl-C); nothing more was written. */
export class Interrupted extends Error {}
