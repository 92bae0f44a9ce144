// twilioMode: what the Twilio settings mean together (an empty string is unset).
import { describe, expect, it } from "vitest";
import { twilioMode } from "./env";

describe("twilioMode", () => {
  it.each([
    ["AC1", "token", { sends: "twilio", webhooks: "checked" }],
    ["", "", { sends: "outbox", webhooks: "unchecked" }],
    ["AC1", "", { sends: "outbox", webhooks: "refused" }],
    ["", "token", { sends: "outbox", webhooks: "checked" }],
  ] as const)("SID %j, token %j → %j", (sid, token, expected) => {
    expect(twilioMode({ TWILIO_ACCOUNT_SID: sid, TWILIO_AUTH_TOKEN: token })).toEqual(expected);
  });
});
