/**
 * `@persist/ctc/synth`: a seeded simulator of DEPArray-like single cells and whole fields with ground truth.
 *
 * @packageDocumentation
 */
export {};
