declare module "virtual:ctc-app-files" {
  /** URL path of the bundled default model, relative to the page; undefined when the repository has none. */
  export const defaultModel: string | undefined;
  /** URL paths of the sample cells, relative to the page. */
  export const samples: readonly string[];
}
