// The owner API's shapes, as the page reads them (docs/owner-page.md, /api).
export interface Settings {
  storeName: string;
  storeNumber: string;
  timezone: string;
  quietHours: { start: string; end: string } | null;
  sendRatePerSecond: number;
  defaultCountry: string;
  pricePerSegment: number;
}
export interface Rep {
  id: number;
  name: string;
  phone: string;
  active: boolean;
}
export interface MessageView {
  direction: "in" | "out";
  kind: string;
  from: string;
  to: string;
  body: string;
  media: string[];
  status: string;
  errorCode: string | null;
  step?: number | null;
  repId?: number | null;
  at: string;
}
export interface LeadView {
  id: number;
  name: string;
  phone: string;
  product: string;
  status: "active" | "paused" | "sold" | "lost" | "optedout";
  repId: number;
  createdAt: string;
  nextAt: string | null;
  resumeAt: string | null;
  optedOut: boolean;
  lastMessage?: MessageView | null;
}
export interface LeadDetail extends LeadView {
  notes: string;
  amountCents: number | null;
  undeliverable: boolean;
  seriesKey: "beback" | "aftersale" | null;
  nextStep: number | null;
  seriesPaused: boolean;
  stepsLeft: boolean;
  /** When the texts resume after a `later`: its end, or the end of the quiet hours it ends in. */
  resumesAt: string | null;
  laterResumes: boolean;
  messages: MessageView[];
}
export interface Step {
  after: string;
  body: string;
  photo?: boolean;
  /** The words sent when the rep's photo goes along (only with `photo`); `body` otherwise. */
  bodyWithPhoto?: string;
}
