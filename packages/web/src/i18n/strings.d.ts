// `?strings=core|modules`: part of a catalogue (strings-plugin.ts); keys are typed through fr.json above.
declare module '*?strings=core' {
  const strings: Record<string, unknown>;
  export default strings;
}
declare module '*?strings=modules' {
  const strings: Record<string, unknown>;
  export default strings;
}
