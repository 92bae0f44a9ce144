// What one series step will cost and look like, for the owner page's live preview. Pure.
// The segment count is the server's own (src/domain/segments.ts, bundled into the page) and
// the text is rendered by the server's renderTemplate: the page never counts differently
// from what Beback sends.
import { stepAsSent } from "../series/step-as-sent";
import { countSegments, type SegmentCount } from "../domain/segments";
import { renderTemplate, templateFaultMessage, unknownPlaceholders, type TemplateVars } from "../series/templates";

/** A lead to preview the words with. */
export const SAMPLE_LEAD: Omit<TemplateVars, "store"> = { name: "Jane Doe", product: "blue recliner", rep: "Sam" };

export interface StepPreview extends SegmentCount {
  text: string;
  /** The distinct characters that force UCS-2 (empty for GSM-7). */
  ucs2Chars: string[];
  /** `{…}` tokens that are not placeholders: the save would be refused. */
  unknown: string[];
  /** Estimated cost of sending this step to 100 customers, in dollars. */
  costPer100: number;
}

/**
 * Twilio's US list price for one outgoing MMS, in dollars. Words that go with a photo go as
 * one MMS, priced per message whatever their length or characters (not per SMS segment).
 */
export const MMS_PRICE = 0.022;

/** Is one character (code point) encodable in GSM-7? Asks the shared counter. */
function isGsm(ch: string): boolean {
  return countSegments(ch).encoding === "GSM-7";
}

/** The characters of `text` that make it UCS-2, each once, in order of appearance. */
export function ucs2Characters(text: string): string[] {
  const found = new Set<string>();
  // By what the reader sees as one character: "🛋️" (a sofa and its emoji selector) or a family emoji is one.
  for (const { segment } of new Intl.Segmenter().segment(text)) if ([...segment].some((ch) => !isGsm(ch))) found.add(segment);
  return [...found];
}

/**
 * `firstContact`: the text is a number's first from the store, so Beback adds the store's
 * name and the opt-out line (stepAsSent, as the dispatcher sends it) — it counts.
 * Words too long for one message are cut as the sender cuts them (page audit: the preview
 * showed words past the cut, and counted them).
 * `mms`: the words go with the photo, as one MMS: its cost is MMS_PRICE, not segments'.
 */
export function previewStep(body: string, store: string, pricePerSegment: number, firstContact = false, mms = false): StepPreview {
  const rendered = renderTemplate(body, { ...SAMPLE_LEAD, store });
  const text = stepAsSent(rendered, store, firstContact);
  const count = countSegments(text);
  return {
    ...count,
    text,
    ucs2Chars: count.encoding === "UCS-2" ? ucs2Characters(text) : [],
    unknown: unknownPlaceholders(body),
    costPer100: Math.round((mms ? MMS_PRICE : count.segments * pricePerSegment) * 100 * 100) / 100,
  };
}

/** "Replace smart quotes and dashes": the server's own look-alikes (src/domain/segments.ts). */
export { replaceLookalikes } from "../domain/segments";

/** Splits text into runs, marking the runs of characters that force UCS-2 (to highlight them). */
export function markUcs2(text: string): { text: string; ucs2: boolean }[] {
  const runs: { text: string; ucs2: boolean }[] = [];
  for (const ch of text) {
    const ucs2 = !isGsm(ch);
    const last = runs.at(-1);
    if (last && last.ucs2 === ucs2) last.text += ch;
    else runs.push({ text: ch, ucs2 });
  }
  return runs;
}

/**
 * Why these words cannot be saved, as the server says it (templates.ts templateFaultMessage),
 * after `words` ("Step 2"): "Step 2 uses {fristname}, which is not a placeholder (use
 * {first_name}, …)." Undefined when their braces are sound.
 */
export function placeholderFault(words: string, body: string): string | undefined {
  const fault = templateFaultMessage(body);
  return fault ? `${words} ${fault}.` : undefined;
}
