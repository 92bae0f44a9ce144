// What Twilio accepts in one message create.

/** Twilio refuses a body over 1,600 characters. */
export const MAX_SMS_BODY = 1600;
