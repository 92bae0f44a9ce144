// Vite's `?raw` suffix imports a file's text: tests read README.md to hold docs and code together.
declare module "*?raw" {
  const text: string;
  export default text;
}
