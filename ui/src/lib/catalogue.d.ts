// A catalogue as `catalogue-plugin.ts` gives it: the text of the messages the window uses.
declare module "*.ftl?window" {
  const text: string;
  export default text;
}
