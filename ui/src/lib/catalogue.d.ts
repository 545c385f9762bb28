// A catalogue as `catalogue-plugin.ts` gives it: the messages the window uses, parsed.
declare module "*.ftl?window" {
  const entries: import("@fluent/bundle").FluentResource["body"];
  export default entries;
}
