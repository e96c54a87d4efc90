import { describe, expect, it } from "vitest";
import type { Graph } from "./schema";
import { validateGraph } from "./validate";

const n = (id: string, type: string, config: Record<string, unknown> = {}) => ({ id, type, position: { x: 0, y: 0 }, config }) as Graph["nodes"][number];
const e = (source: string, target: string, sourceHandle = "next") => ({ id: `${source}-${sourceHandle}-${target}`, source, target, sourceHandle });
const trigger = n("t", "trigger", { kind: "event", event: "Signed Up", filters: [] });
const wait = (id: string) => n(id, "wait", { mode: "duration", amount: 1, unit: "days" });

describe("validateGraph", () => {
  it("accepts a complete journey", () => {
    expect(validateGraph({ nodes: [trigger, wait("w"), n("x", "exit"), n("g", "goal", { event: "Order Completed" })], edges: [e("t", "w"), e("w", "x")] })).toEqual([]);
  });

  it("asks for a trigger, and for only one", () => {
    expect(validateGraph({ nodes: [n("x", "exit")], edges: [] }).map((i) => i.message)).toContain("Add a trigger: what starts the journey");
    const two = validateGraph({ nodes: [trigger, { ...trigger, id: "t2" }, n("x", "exit")], edges: [e("t", "x"), e("t2", "x")] });
    expect(two).toContainEqual({ nodeId: "t2", message: "A journey has one trigger: remove this one" });
  });

  it("names the node whose configuration is missing", () => {
    const issues = validateGraph({ nodes: [trigger, n("m", "email", { subject: "" })], edges: [e("t", "m")] });
    expect(issues).toEqual([{ nodeId: "m", message: "Send email: Write a subject" }]);
  });

  it("finds unreachable steps and handles that do not exist", () => {
    const issues = validateGraph({ nodes: [trigger, wait("w"), n("x", "exit"), n("lost", "exit")], edges: [e("t", "w"), e("w", "x", "yes")] });
    expect(issues).toContainEqual({ nodeId: "lost", message: "Nobody can reach this step: connect it" });
    expect(issues).toContainEqual({ nodeId: "w", message: "Wait has no “yes” path" });
  });

  it("refuses loops without a wait, allows loops through one", () => {
    const branch = n("b", "branch", { condition: { type: "group", op: "and", conditions: [{ type: "trait", trait: "vip", valueType: "boolean", op: "eq", value: true }] } });
    const tight = validateGraph({ nodes: [trigger, branch, n("u", "update_trait", { trait: "x", value: "1" })], edges: [e("t", "b"), e("b", "u", "yes"), e("u", "b")] });
    expect(tight.filter((i) => i.message.includes("loop")).map((i) => i.nodeId).sort()).toEqual(["b", "u"]);
    const paced = validateGraph({ nodes: [trigger, branch, wait("w")], edges: [e("t", "b"), e("b", "w", "yes"), e("w", "b")] });
    expect(paced.filter((i) => i.message.includes("loop"))).toEqual([]);
  });

  it("keeps goals standalone and splits adding up to 100%", () => {
    const issues = validateGraph({
      nodes: [trigger, n("s", "split", { variants: [{ name: "A", percent: 50 }, { name: "B", percent: 30 }], holdout: 10 }), n("g", "goal", { event: "Order Completed" })],
      edges: [e("t", "s"), e("s", "g", "v0")],
    });
    expect(issues).toContainEqual({ nodeId: "s", message: "Split: The paths and the holdout must add up to 100%" });
    expect(issues).toContainEqual({ nodeId: "g", message: "A goal stands alone: it watches for its event wherever the profile is" });
  });
});
