// Bundles the owner page's and the phone simulator's scripts (src/page/*) into public/
// with esbuild. wrangler runs it before `wrangler dev` (so `npm start`) and `wrangler
// deploy` (wrangler.jsonc `build`), so the served bundle always comes from the sources:
// the page counts segments with the server's own src/domain/segments.ts. The bundles are
// not committed (.gitignore). Fails when a bundle outgrows the page's JavaScript budget.
import { build } from "esbuild";
import { getCountries } from "libphonenumber-js/mobile";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The page's JavaScript budget, in bytes, for each bundle: a phone on a slow connection
 * loads it at once. 30 KB until the page reached it; 32 KB since buttons got names a screen
 * reader can tell apart and the lead page kept its place after Send; 34 KB since the series
 * editor keeps changes not saved (it asks before they are dropped, and keeps them across a
 * new sign-in) and the time zone hint reads a city as the server does; 36 KB since the page
 * names the store's country of phone numbers and serves a keyboard and a screen reader
 * (focus after each action, groups, a simulator that appends only new texts): 34.0 KB then;
 * 40 KB since an audit's fixes (the focus after Show more and after a rep is removed, a
 * "No such lead" page, the pause day's range and its refusal under the field, delays
 * checked at their step, the server's stricter placeholder and time zone checks the page
 * shares): 36.0 KB then, 14.3 KB gzip; 41 KB since an audit of a store with 3,000 leads (Show
 * more appends only its page, date formatters are built once, the list reloads the store's
 * zone and reps another tab may have changed, a rep's sales share stops at 100 %): 40.1 KB
 * then, 16.1 KB gzip; 42 KB since an audit found a double tap on Send texting the customer
 * twice (every action runs one at a time) and no Resume for a lead whose series was emptied
 * and filled again: 41.2 KB then; 43 KB since an audit in Chromium (a keyboard trap in the
 * hand-over, a sent text said unsent when the page could not load it again, a rep's card
 * saving back what another tab changed, stale alerts, a sign-out that failed in silence,
 * the carrier's reasons in words): 42.3 KB then; 44 KB since an audit in Chromium found a
 * settings save in one tab putting back what another tab saved (only the fields changed go
 * now), a series order error whose advice could not fix it, a new step's default delay the
 * save refused, and a stale sign-in link shown as a sign-out: 43.3 KB then; 45 KB since
 * Results say how many texts did not reach the phone and why (a store number not registered
 * for business texting fails every text, and nothing else told the owner): 44.7 KB then.
 */
export const BUDGET = 45 * 1024;

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const entries = { app: "src/page/main.ts", phone: "src/page/phone-main.ts" };

const result = await build({
  entryPoints: Object.fromEntries(Object.entries(entries).map(([name, path]) => [name, join(root, path)])),
  outdir: join(root, "public"),
  bundle: true,
  minify: true,
  format: "esm",
  target: "es2022",
  legalComments: "none",
  metafile: true,
  // The countries the server reads phone numbers of (libphonenumber's, as the API's
  // defaultCountry accepts them), as one string of two-letter codes: the page names them
  // with the browser's Intl.DisplayNames, without shipping libphonenumber's metadata.
  define: { __PHONE_COUNTRIES__: JSON.stringify(getCountries().join("")) },
  logLevel: "warning",
});

let over = false;
for (const [file, out] of Object.entries(result.metafile.outputs)) {
  const kb = (out.bytes / 1024).toFixed(1);
  if (out.bytes > BUDGET) {
    console.error(`${file}: ${kb} KB, over the page's ${BUDGET / 1024} KB JavaScript budget`);
    over = true;
  } else if (process.argv.includes("--verbose")) console.log(`${file}: ${kb} KB`);
}
if (over) process.exit(1);
