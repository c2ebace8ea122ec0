/** What each sealed secret is bound to (AES-GCM additional data): its table and the row's natural key. */

/** A carrier account's credentials: seller, carrier and account name. */
export function carrierCredentialsContext(sellerId: string, carrier: string, name: string): string {
  return `carrier_accounts.credentials\u0000${sellerId}\u0000${carrier}\u0000${name}`;
}

/** An inbound webhook endpoint's current and previous secret: seller and source. */
export function webhookSecretContext(sellerId: string, source: string): string {
  return `webhook_endpoints.secret\u0000${sellerId}\u0000${source}`;
}

/** A commerce connection's API credentials or webhook secret: the connection's id and the field. */
export function commerceSecretContext(connectionId: string, field: "credentials" | "webhook_secret"): string {
  return `commerce_connections.${field}\u0000${connectionId}`;
}

/** An outgoing webhook's signing secret or a helpdesk endpoint's credentials: the endpoint's id and the field. */
export function outgoingWebhookSecretContext(endpointId: string, field: "secret" | "credentials"): string {
  return `outgoing_webhooks.${field}\u0000${endpointId}`;
}
