import type { WebhookMapping } from "./mapping";
import type { SignatureConfig } from "./signature";

export type Preset = {
  key: string;
  label: string;
  description: string;
  contentType: "json" | "form";
  mapping: WebhookMapping;
  signature: SignatureConfig;
  /** A payload of the shape the sender documents, for the preview and the tests. */
  sample: string;
};

/**
 * Ready-made mappings for three common shapes: a Stripe-style billing event, HubSpot-style contact
 * property changes (an array per request), and a Mailchimp-style list event (form-encoded).
 */
export const PRESETS: Preset[] = [
  {
    key: "stripe",
    label: "Stripe-style billing event",
    description: "One event per request (`invoice.paid` → “Invoice Paid”), the customer id as user id, amounts in cents converted, signed with Stripe-Signature.",
    contentType: "json",
    mapping: {
      type: "track",
      event: { path: "type", titleCase: true },
      userId: { path: "data.object.customer" },
      email: { path: "data.object.customer_email" },
      timestamp: { path: "created", format: "unix_s" },
      messageId: { path: "id" },
      fields: [
        { to: "properties.object_id", path: "data.object.id", convert: "string" },
        { to: "properties.amount", path: "data.object.amount_paid", convert: "cents" },
        { to: "properties.currency", path: "data.object.currency", convert: "string" },
        { to: "properties.status", path: "data.object.status", convert: "string" },
        { to: "properties.livemode", path: "livemode", convert: "boolean" },
      ],
    },
    signature: { scheme: "stripe", header: "Stripe-Signature", encoding: "hex", prefix: "" },
    sample: JSON.stringify(
      {
        id: "evt_1NG8Du2eZvKYlo2CUI79vXWy",
        object: "event",
        api_version: "2023-10-16",
        created: 1764000000,
        livemode: false,
        type: "invoice.paid",
        data: { object: { id: "in_1NG8Dt2eZvKYlo2C", object: "invoice", customer: "cus_NffrFeUfNV2Hib", customer_email: "jenny.rosen@example.com", amount_paid: 4900, currency: "usd", status: "paid" } },
      },
      null,
      2,
    ),
  },
  {
    key: "hubspot",
    label: "HubSpot-style contact updates",
    description: "An array of contact property changes per request: each sets one trait on the contact (user id `hubspot-<objectId>`), signed with X-HubSpot-Signature-v3.",
    contentType: "json",
    mapping: {
      records: "",
      type: "identify",
      userId: { value: "hubspot-{objectId}" },
      timestamp: { path: "occurredAt", format: "unix_ms" },
      messageId: { path: "eventId" },
      only: { path: "subscriptionType", values: ["contact.propertyChange", "contact.creation"] },
      fields: [
        { to: "traits.{propertyName}", path: "propertyValue", convert: "as_is" },
        { to: "traits.hubspot_id", path: "objectId", convert: "string" },
      ],
    },
    signature: { scheme: "hubspot_v3", header: "X-HubSpot-Signature-v3", encoding: "base64", prefix: "" },
    sample: JSON.stringify(
      [
        { eventId: 1003, subscriptionId: 2345, portalId: 7890, appId: 4321, occurredAt: 1764000000000, subscriptionType: "contact.propertyChange", attemptNumber: 0, objectId: 123, changeSource: "CRM", propertyName: "lifecyclestage", propertyValue: "customer" },
        { eventId: 1004, subscriptionId: 2345, portalId: 7890, appId: 4321, occurredAt: 1764000001000, subscriptionType: "contact.propertyChange", attemptNumber: 0, objectId: 123, changeSource: "CRM", propertyName: "email", propertyValue: "jenny.rosen@example.com" },
      ],
      null,
      2,
    ),
  },
  {
    key: "mailchimp",
    label: "Mailchimp-style list events",
    description: "Form-encoded list events (subscribe, unsubscribe, profile, cleaned, upemail, campaign) as events on the person found by email.",
    contentType: "form",
    mapping: {
      type: "track",
      event: { path: "type", map: { subscribe: "List Subscribed", unsubscribe: "List Unsubscribed", profile: "List Profile Updated", cleaned: "Email Cleaned", upemail: "Email Address Changed", campaign: "Campaign Sent" } },
      email: { path: "data.email" },
      anonymousId: { value: "mailchimp-{data.email}" },
      timestamp: { path: "fired_at", format: "iso" },
      fields: [
        { to: "properties.list_id", path: "data.list_id", convert: "string" },
        { to: "properties.reason", path: "data.reason", convert: "string" },
        { to: "properties.campaign_id", path: "data.campaign_id", convert: "string" },
        { to: "traits.first_name", path: "data.merges.FNAME", convert: "string" },
        { to: "traits.last_name", path: "data.merges.LNAME", convert: "string" },
      ],
    },
    signature: { scheme: "none", header: "X-Signature", encoding: "hex", prefix: "" },
    sample:
      "type=unsubscribe&fired_at=2026-11-20+21%3A40%3A57&data%5Baction%5D=unsub&data%5Breason%5D=manual&data%5Bid%5D=8a25ff1d98&data%5Blist_id%5D=a6b5da1054" +
      "&data%5Bemail%5D=jenny.rosen%40example.com&data%5Bemail_type%5D=html&data%5Bmerges%5D%5BEMAIL%5D=jenny.rosen%40example.com&data%5Bmerges%5D%5BFNAME%5D=Jenny&data%5Bmerges%5D%5BLNAME%5D=Rosen&data%5Bcampaign_id%5D=cb398d21d2",
  },
];

export const presetOf = (key: string | null | undefined) => PRESETS.find((p) => p.key === key);
