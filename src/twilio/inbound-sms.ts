// The inbound SMS/MMS webhook's parameters, validated with valibot. Twilio sends more
// fields than these; only what Beback uses is read. A lying NumMedia is tolerated: only
// media whose URL is present and https is kept.
import * as v from "valibot";
import { clipText } from "../domain/clip-text";
import { type FormParams, param } from "./form";
import { MAX_SMS_BODY } from "./limits";

export interface InboundSms {
  sid: string;
  from: string;
  to: string;
  body: string;
  media: { url: string; contentType: string }[];
  /**
   * Twilio's Advanced Opt-Out names the text's keyword class when the body is one of the
   * Messaging Service's opt-out, opt-in or help words — including custom ones ("ALTO").
   */
  optOutType?: OptOutType;
}

const OPT_OUT_TYPES = ["STOP", "START", "HELP"] as const;
export type OptOutType = (typeof OPT_OUT_TYPES)[number];

/** Twilio takes at most 10 media in one message. */
export const MAX_MEDIA = 10;

const InboundSchema = v.object({
  MessageSid: v.pipe(v.string("is required"), v.regex(/^[A-Za-z0-9]{10,64}$/, "must be a Twilio MessageSid")),
  From: v.pipe(v.string("is required"), v.trim(), v.minLength(3, "is required"), v.maxLength(40)),
  To: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(40)), ""),
  Body: v.optional(v.string(), ""),
  // Empty is none (as Twilio never sends, but a form built by hand may).
  NumMedia: v.optional(v.pipe(v.string(), v.regex(/^\d{0,3}$/, "must be a count")), "0"),
  OptOutType: v.optional(v.string()),
});

/**
 * A sender that is not a phone number but one Twilio delivers texts from: a short code (3 to
 * 8 digits, "22395") or an alphanumeric sender ID (at most 11 letters, digits, spaces and
 * + - _ &, at least one letter: "VERIFY"; Twilio's AlphaSender rules). Read once the sender
 * was not a phone number.
 */
export function isSenderId(from: string): boolean {
  const sender = from.trim();
  return /^\d{3,8}$/.test(sender) || (/^[A-Za-z0-9 +\-_&]{1,11}$/.test(sender) && /[A-Za-z]/.test(sender));
}

/**
 * Another of Twilio's channels on the same webhook ("whatsapp:+14155550100", "messenger:…",
 * "rcs:…", "client:alice"): Twilio's to deliver, not a text Beback answers (SMS and MMS only).
 */
export function isOtherChannel(from: string): boolean {
  return /^(whatsapp|messenger|rcs|client|sip):\S+$/i.test(from.trim());
}

export type InboundParseResult = { ok: true; sms: InboundSms } | { ok: false; issues: { path: string; message: string }[] };

export function parseInboundSms(params: FormParams): InboundParseResult {
  const single: Record<string, string | undefined> = {};
  for (const key of ["MessageSid", "From", "To", "Body", "NumMedia", "OptOutType"]) single[key] = param(params, key);
  const parsed = v.safeParse(InboundSchema, single);
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.issues.map((i) => ({ path: v.getDotPath(i) ?? "", message: i.message })),
    };
  }
  const { MessageSid, From, To, Body, NumMedia, OptOutType } = parsed.output;
  const media: InboundSms["media"] = [];
  for (let i = 0; i < Math.min(Number(NumMedia), MAX_MEDIA); i++) {
    const url = param(params, `MediaUrl${i}`);
    if (url && /^https:\/\/[^\s]+$/i.test(url)) {
      media.push({ url, contentType: param(params, `MediaContentType${i}`) ?? "" });
    }
  }
  // Any other value (a class Twilio may add) is not read as one.
  const optOutType = OPT_OUT_TYPES.find((t) => t === OptOutType?.trim().toUpperCase());
  // A body longer than one Twilio message holds is cut, not refused, as Beback cuts its own
  // texts: to 1,600 as Twilio counts (an emoji is two or more), never inside an emoji, with "...".
  const body = clipText(Body, MAX_SMS_BODY);
  return { ok: true, sms: { sid: MessageSid, from: From, to: To, body, media, ...(optOutType ? { optOutType } : {}) } };
}
