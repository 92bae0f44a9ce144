// PUT /api/settings takes a zone by its current name (Asia/Kolkata, Europe/Kyiv), which the
// runtime's Intl calls by an old one (Asia/Calcutta, Europe/Kiev): saved as typed, and GET
// answers what was saved; the old name and the city are still taken, saved as the current
// name; the server and the page's hint read every name alike (both use timeZoneNamed).
import { describe, expect, it } from "vitest";
import { timeZoneList, timeZoneNamed } from "../src/domain/zoned-time";
import { api, apiJson, setUpStore } from "./helpers/store";

const put = (timezone: string) => api("/settings", { method: "PUT", body: { timezone } });

describe("settings: time zones by their current names", () => {
  it.each([
    ["Asia/Kolkata", "Asia/Kolkata"],
    ["Kolkata", "Asia/Kolkata"],
    ["Asia/Calcutta", "Asia/Kolkata"],
    ["Europe/Kyiv", "Europe/Kyiv"],
    ["Kyiv", "Europe/Kyiv"],
    ["Kiev", "Europe/Kyiv"],
    ["Ho Chi Minh", "Asia/Ho_Chi_Minh"],
    ["Asia/Yangon", "Asia/Yangon"],
    ["Kathmandu", "Asia/Kathmandu"],
    ["America/Nuuk", "America/Nuuk"],
    ["Godthab", "America/Nuuk"],
  ])("%j is saved as %s, and GET answers it", async (typed, saved) => {
    await setUpStore();
    expect(await apiJson("/settings", { method: "PUT", body: { timezone: typed } })).toMatchObject({ timezone: saved });
    expect(await apiJson("/settings")).toMatchObject({ timezone: saved });
  });

  it("takes every zone the page offers as it is, and refuses what the page's hint refuses", async () => {
    await setUpStore();
    const offered = timeZoneList();
    for (const zone of offered.filter((_, i) => i % 7 === 0).concat(["Asia/Kolkata", "Europe/Kyiv", "Pacific/Kanton", "UTC"])) {
      const res = await put(zone);
      expect(res.status, zone).toBe(200);
      expect(((await res.json()) as { timezone: string }).timezone).toBe(zone);
    }
    for (const typed of ["Mars/Olympus", "EST", "Springfield"]) {
      expect(timeZoneNamed(typed)).toBeNull();
      expect((await put(typed)).status, typed).toBe(400);
    }
  });
});
