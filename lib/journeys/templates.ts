import type { Graph } from "./schema";

export type Template = { key: string; name: string; description: string; graph: (segments: { id: string; name: string }[]) => Graph };

const at = (x: number, y: number) => ({ x, y });

/** Starting points for a new journey. */
export const TEMPLATES: Template[] = [
  {
    key: "blank",
    name: "Start from scratch",
    description: "A trigger, then build the steps yourself.",
    graph: () => ({ nodes: [{ id: "trigger", type: "trigger", position: at(0, 0), config: { kind: "segment_enter", segmentId: "" } }], edges: [] }),
  },
  {
    key: "abandoned-cart",
    name: "Abandoned cart reminder",
    description: "An hour after a cart is abandoned, email the people who have not ordered; stop when they order.",
    graph: (segments) => {
      const cart = segments.find((s) => /abandon/i.test(s.name));
      return {
        nodes: [
          { id: "trigger", type: "trigger", position: at(0, 0), config: { kind: "segment_enter", segmentId: cart?.id ?? "" } },
          { id: "wait", type: "wait", position: at(0, 150), config: { mode: "duration", amount: 1, unit: "hours" } },
          { id: "ordered", type: "branch", position: at(0, 300), config: { condition: { type: "group", op: "and", conditions: [{ type: "event", event: "Order Completed", filters: [], measure: { kind: "count", op: "at_least", value: 1 }, window: { kind: "last", amount: 2, unit: "hours" } }] } } },
          { id: "done", type: "exit", position: at(-220, 450), config: {} },
          {
            id: "email",
            type: "email",
            position: at(220, 450),
            config: {
              subject: "{{ profile.first_name | default: \"Hi\" }}, you left something in your cart",
              preheader: "It is still waiting for you",
              html: "<h2>Still thinking it over?</h2><p>Hi {{ profile.first_name | default: \"there\" }}, the items in your cart are still waiting.</p><p><a href=\"https://shop.example/cart\">Back to your cart</a></p>",
              text: "",
              purpose: "marketing_email",
            },
          },
          { id: "end", type: "exit", position: at(220, 600), config: {} },
          { id: "goal", type: "goal", position: at(-440, 0), config: { event: "Order Completed", filters: [] } },
        ],
        edges: [
          { id: "e1", source: "trigger", sourceHandle: "next", target: "wait" },
          { id: "e2", source: "wait", sourceHandle: "next", target: "ordered" },
          { id: "e3", source: "ordered", sourceHandle: "yes", target: "done" },
          { id: "e4", source: "ordered", sourceHandle: "no", target: "email" },
          { id: "e5", source: "email", sourceHandle: "next", target: "end" },
        ],
      };
    },
  },
  {
    key: "win-back",
    name: "Win back lapsed buyers",
    description: "When someone stops buying, test two offers against a holdout; stop when they order again.",
    graph: (segments) => {
      const lapsed = segments.find((s) => /lapsed/i.test(s.name));
      const email = (subject: string, offer: string) => ({
        subject,
        preheader: "",
        html: `<p>Hi {{ profile.first_name | default: "there" }},</p><p>We miss you. ${offer}</p><p><a href="https://shop.example/">Shop now</a></p>`,
        text: "",
        purpose: "marketing_email",
      });
      return {
        nodes: [
          { id: "trigger", type: "trigger", position: at(0, 0), config: { kind: "segment_enter", segmentId: lapsed?.id ?? "" } },
          { id: "split", type: "split", position: at(0, 150), config: { variants: [{ name: "10% off", percent: 45 }, { name: "Free shipping", percent: 45 }], holdout: 10 } },
          { id: "discount", type: "email", position: at(-220, 300), config: email("10% off your next order", "Here is 10% off your next order.") },
          { id: "shipping", type: "email", position: at(220, 300), config: email("Free shipping, this week only", "Shipping is on us this week.") },
          { id: "wait", type: "wait", position: at(0, 450), config: { mode: "event", event: "Order Completed", filters: [], timeout: { amount: 14, unit: "days" } } },
          { id: "tag", type: "update_trait", position: at(-220, 600), config: { trait: "won_back_at", value: "", valueType: "now" } },
          { id: "end", type: "exit", position: at(220, 600), config: {} },
          { id: "goal", type: "goal", position: at(-440, 0), config: { event: "Order Completed", filters: [] } },
        ],
        edges: [
          { id: "e1", source: "trigger", sourceHandle: "next", target: "split" },
          { id: "e2", source: "split", sourceHandle: "v0", target: "discount" },
          { id: "e3", source: "split", sourceHandle: "v1", target: "shipping" },
          { id: "e4", source: "discount", sourceHandle: "next", target: "wait" },
          { id: "e5", source: "shipping", sourceHandle: "next", target: "wait" },
          { id: "e6", source: "wait", sourceHandle: "event", target: "tag" },
          { id: "e7", source: "wait", sourceHandle: "timeout", target: "end" },
        ],
      };
    },
  },
];
