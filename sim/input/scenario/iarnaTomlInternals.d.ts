// The two internal modules of @iarna/toml that sim/input/scenario/tomlParser.ts extends; the
// package ships no types for them. They are typed where they are used.
declare module "@iarna/toml/lib/toml-parser.js" {
  const TOMLParser: unknown;
  export default TOMLParser;
}
declare module "@iarna/toml/parse-pretty-error.js" {
  const prettyError: unknown;
  export default prettyError;
}
