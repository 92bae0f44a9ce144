// readForm: a webhook's form body, read as bytes and decoded as UTF-8.
import { describe, expect, it } from "vitest";
import { param, readForm } from "./form";

const FORM = "application/x-www-form-urlencoded";

function post(body: BodyInit, type: string | null = FORM): Request {
  return new Request("https://beback.test/twilio/sms", { method: "POST", body, headers: type ? { "content-type": type } : {} });
}

describe("readForm", () => {
  it.each([
    ["plain fields", "From=%2B12125550111&Body=hi", { From: "+12125550111", Body: "hi" }],
    ["a + is a space, %2B a plus", "Body=new+Jane+%2B1+212", { Body: "new Jane +1 212" }],
    ["repeated keys become arrays, in order", "MediaUrl=a&MediaUrl=b&MediaUrl=c", { MediaUrl: ["a", "b", "c"] }],
    ["UTF-8: accents, emoji", "Body=Ren%C3%A9e+%F0%9F%91%8D", { Body: "Renée 👍" }],
    ["an empty body", "", {}],
    ["an empty value", "Body=", { Body: "" }],
  ])("%s", async (_what, body, expected) => {
    expect(await readForm(post(body))).toEqual(expected);
  });

  it.each([
    ["JSON", "application/json"],
    ["text", "text/plain"],
    ["no content type", null],
  ])("is null for a body that is not a form (%s)", async (_what, type) => {
    expect(await readForm(post("Body=hi", type))).toBeNull();
  });

  it("accepts a charset parameter on the content type", async () => {
    expect(await readForm(post("Body=hi", `${FORM}; charset=UTF-8`))).toEqual({ Body: "hi" });
  });

  it("is null for a body over 64 KiB, and reads one just under", async () => {
    expect(await readForm(post(`Body=${"a".repeat(64 * 1024)}`))).toBeNull();
    expect(await readForm(post(`Body=${"a".repeat(64 * 1024 - 5)}`))).toEqual({ Body: "a".repeat(64 * 1024 - 5) });
  });

  it("is null for a body that was already read", async () => {
    const request = post("Body=hi");
    await request.arrayBuffer();
    expect(await readForm(request)).toBeNull();
  });

  it("param() takes the first of repeated values", () => {
    expect(param({ MediaUrl: ["a", "b"], Body: "hi" }, "MediaUrl")).toBe("a");
    expect(param({ Body: "hi" }, "Body")).toBe("hi");
    expect(param({}, "Body")).toBeUndefined();
  });
});
